"""``raw/profiles.yaml``: which surveys feed which published profile.

A profile names one or more surveys by field and occupation slug (every cycle found in
the store is used). An entry may narrow a survey to some themes or areas; that is how
an emerging occupation is composed from items of several surveys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import esco, slugs, yamlfile
from pipeline.errors import ConfigError, Problem
from pipeline.evidence import assemble as evidence_rows
from pipeline.model import Classification, Profile, ProfileItem, Qualification, SurveyRef

PROFILE_KEYS = {
    "id",
    "title",
    "description",
    "surveys",
    "qualification",
    "notes",
    "emerging",
    "esco",
    "isco",
}
SURVEY_KEYS = {"field", "occupation", "themes", "areas"}
QUALIFICATION_KEYS = {"name", "code", "url", "eperusteet_id"}


@dataclass(frozen=True)
class SurveySelection:
    field: str  # field slug
    occupation: str  # occupation slug
    themes: tuple[str, ...] | None = None  # only items whose primary theme is one of these
    areas: tuple[str, ...] | None = None  # only items of these competence areas (as written)


@dataclass(frozen=True)
class ProfileSpec:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    surveys: tuple[SurveySelection, ...]
    qualification: Qualification | None = None
    notes: dict[str, str] | None = None
    emerging: bool = False
    classification: Classification | None = None  # ESCO occupation, ISCO-08 group


def load_profiles(path: Path, occupations: esco.EscoList | None = None) -> list[ProfileSpec]:
    """Read and check ``profiles.yaml``; every problem is reported with its line.
    ``esco`` and ``isco`` codes are checked against ``occupations`` (default: the ESCO list
    osaaja ships, read only when a profile names a code)."""
    if not path.exists():
        raise ConfigError(
            [
                Problem(
                    str(path),
                    message="not found; list the profiles to publish here (see docs/profiles.md)",
                )
            ]
        )
    data, root = yamlfile.read(path)
    problems: list[Problem] = []
    specs: list[ProfileSpec] = []

    def bad(message: str, *keys: Any, code: str = "") -> None:
        problems.append(
            Problem(str(path), row=yamlfile.line_of(root, keys), message=message, code=code)
        )

    entries = data.get("profiles") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConfigError(
            [Problem(str(path), message="expected 'profiles:' with a list of profiles")]
        )
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            bad("each profile is a mapping with id, title, description and surveys", "profiles", i)
            continue
        for key in sorted(set(entry) - PROFILE_KEYS):
            bad(
                f"unknown key {key!r}; accepted: {', '.join(sorted(PROFILE_KEYS))}",
                "profiles",
                i,
                key,
            )
        pid = entry.get("id")
        if not slugs.is_slug(pid):
            bad(
                f"id {pid!r} is not a URL-safe slug; accepted: {slugs.DESCRIPTION}",
                "profiles",
                i,
            )
            continue
        if pid in seen:
            bad(f"profile id {pid!r} is used twice; ids must be unique", "profiles", i, "id")
        seen.add(pid)
        title = _localized(
            entry.get("title"),
            lambda m, pid=pid, i=i: bad(f"{pid}: title {m}", "profiles", i, "title"),
        )
        description = _localized(
            entry.get("description"),
            lambda m, pid=pid, i=i: bad(f"{pid}: description {m}", "profiles", i, "description"),
        )
        surveys = []
        raw_surveys = entry.get("surveys")
        if not isinstance(raw_surveys, list) or not raw_surveys:
            bad(f"{pid}: 'surveys' must list at least one {{field, occupation}}", "profiles", i)
            raw_surveys = []
        for j, s in enumerate(raw_surveys):
            where = ("profiles", i, "surveys", j)
            if not isinstance(s, dict) or not all(
                isinstance(s.get(k), str) for k in ("field", "occupation")
            ):
                bad(f"{pid}: a survey needs 'field' and 'occupation' slugs", *where)
                continue
            for key in sorted(set(s) - SURVEY_KEYS):
                bad(
                    f"{pid}: unknown survey key {key!r}; accepted: {', '.join(sorted(SURVEY_KEYS))}",
                    *where,
                )
            surveys.append(
                SurveySelection(
                    field=s["field"],
                    occupation=s["occupation"],
                    themes=tuple(s["themes"]) if s.get("themes") else None,
                    areas=tuple(s["areas"]) if s.get("areas") else None,
                )
            )
        qualification = None
        q = entry.get("qualification")
        if q is not None:
            name = _localized(
                q.get("name") if isinstance(q, dict) else None,
                lambda m, pid=pid, i=i: bad(
                    f"{pid}: qualification name {m}", "profiles", i, "qualification"
                ),
            )
            if isinstance(q, dict):
                where = ("profiles", i, "qualification")
                for key in sorted(set(q) - QUALIFICATION_KEYS):
                    bad(
                        f"{pid}: unknown qualification key {key!r}; accepted: "
                        f"{', '.join(sorted(QUALIFICATION_KEYS))}",
                        *where,
                        key,
                    )
                code = q.get("code")
                eperusteet_id = q.get("eperusteet_id")
                if eperusteet_id is not None and not (
                    isinstance(eperusteet_id, int | str)
                    and not isinstance(eperusteet_id, bool)
                    and str(eperusteet_id).isdigit()
                ):
                    bad(
                        f"{pid}: eperusteet_id {eperusteet_id!r} is not accepted; expected the "
                        "qualification's number in ePerusteet, e.g. 7846215",
                        *where,
                        "eperusteet_id",
                    )
                    eperusteet_id = None
                qualification = Qualification(
                    name=name,
                    code=str(code) if code is not None else None,
                    url=q.get("url"),
                    eperusteet_id=int(eperusteet_id) if eperusteet_id is not None else None,
                )
        notes = None
        if entry.get("notes") is not None:
            notes = _localized(
                entry["notes"],
                lambda m, pid=pid, i=i: bad(f"{pid}: notes {m}", "profiles", i, "notes"),
            )
        codes = None
        if entry.get("esco") is not None or entry.get("isco") is not None:
            if occupations is None:
                occupations, found = esco.load_occupations()
                problems.extend(found)
            codes = esco.classification(
                entry.get("esco"),
                entry.get("isco"),
                occupations,
                lambda key, m, code, pid=pid, i=i: bad(
                    f"{pid}: {m}", "profiles", i, key, code=code
                ),
                title=title.get("fi", ""),
            )
        specs.append(
            ProfileSpec(
                id=pid,
                title=title,
                description=description,
                surveys=tuple(surveys),
                qualification=qualification,
                notes=notes,
                emerging=bool(entry.get("emerging")),
                classification=codes,
            )
        )
    if problems:
        raise ConfigError(
            problems, headline=f"{len(problems)} problem(s) in {path}; nothing was changed."
        )
    return specs


def _localized(value: Any, complain) -> dict[str, str]:
    """``{fi: ..., en: ..., sv: ...}``: Finnish and English are required (published languages)."""
    if not isinstance(value, dict):
        complain("must be a mapping {fi: ..., en: ...}")
        return {}
    missing = [
        lang
        for lang in ("fi", "en")
        if not isinstance(value.get(lang), str) or not value[lang].strip()
    ]
    if missing:
        complain(
            f"lacks {' and '.join(missing)} text; Finnish and English are required, Swedish optional"
        )
    return {k: str(v).strip() for k, v in value.items() if isinstance(v, str)}


def assemble(
    spec: ProfileSpec,
    cycle: dict,
    items: list[dict],
    dropped: list[str],
    *,
    min_organisations: int,
    rules_version: str,
    trend_threshold: float = 0.3,
    item_evidence: Mapping[str, Mapping[str, Any]] | None = None,
    evidence: Mapping[str, Any] | None = None,
) -> Profile:
    """A ``model.Profile`` from the store's rows for one profile and cycle (pure).
    ``item_evidence``: rows of ``store.item_evidence_rows`` by item id; ``evidence``:
    ``store.profile_evidence_row`` (both None when the store has no evidence)."""
    by_item = item_evidence or {}
    return Profile(
        id=spec.id,
        title=spec.title,
        description=spec.description,
        cycle=int(cycle["cycle"]),
        region=cycle["region"],
        horizon=cycle["horizon"],
        survey_period=cycle["survey_period"],
        field=cycle.get("field"),
        n_organisations=int(cycle["n_organisations"]),
        surveys=_survey_refs(cycle),
        items=tuple(
            ProfileItem(
                item_id=row["item_id"],
                item=row["item"],
                kind=row["kind"],
                area=row["area"],
                theme=row["theme"],
                tags=tuple(row["theme_tags"] or ()),
                n_organisations=int(row["n_organisations"]),
                mean_now=_float(row["mean_now"]),
                mean_future=_float(row["mean_future"]),
                change=_float(row["change"]),
                suppressed=bool(row["suppressed"]),
                trend=row.get("trend"),
                previous_mean_future=_float(row.get("previous_mean_future")),
                n_now=_int(row.get("n_now")),
                n_future=_int(row.get("n_future")),
                sd_now=_float(row.get("sd_now")),
                sd_future=_float(row.get("sd_future")),
                doubtful=bool(row.get("doubtful")),
                evidence=evidence_rows.item_evidence(by_item.get(row["item_id"])),
            )
            for row in items
        ),
        qualification=spec.qualification,
        notes=spec.notes,
        emerging=spec.emerging,
        min_organisations=min_organisations,
        trend_threshold=trend_threshold,
        rules_version=rules_version,
        previous_cycle=int(cycle["previous_cycle"])
        if cycle["previous_cycle"] is not None
        else None,
        dropped_items=tuple(dropped),
        classification=spec.classification,
        evidence=evidence_rows.profile_evidence(evidence),
    )


def _survey_refs(cycle: dict) -> tuple[SurveyRef, ...]:
    """The surveys of one profile cycle, with their names as the exports write them (the
    first name in sorted order when a survey's sheets disagree)."""
    names: dict[tuple[str, str, str], tuple] = {}
    for row in sorted(cycle.get("survey_names") or (), key=lambda r: [v or "" for v in r]):
        names.setdefault(tuple(row[:3]), tuple(row[3:]))
    refs = []
    for c, f, o in cycle["survey_refs"]:
        name, field_name, occupation_name = names.get((c, f, o), (None, None, None))
        refs.append(SurveyRef(int(c), f, o, name, field_name, occupation_name))
    return tuple(sorted(refs))


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _float(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if value != value else value  # NaN -> None
