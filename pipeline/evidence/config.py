"""The ``evidence`` section of ``raw/osaaja.yaml``: where the evidence is and how to read it.

Every key is optional; paths are relative to ``raw/``. A sketch (docs/evidence.md has all)::

    evidence:
      eperusteet: evidence/eperusteet            # saved perusteet (*.json)
      requirement_map: evidence/requirement_map.yaml
      interviews: evidence/interviews            # *.yaml / *.md notes
      gap_threshold: 0.3                         # "growing": change >= this (default: trend_threshold)
      qualifications: {kokki: "381204"}          # profile -> peruste id, diaarinumero or code
      job_ads:
        folder: evidence/ads
        columns: {id: ilmoitus_id, title: otsikko, text: kuvaus, date: julkaistu,
                  region: maakunta, occupation: ammatti, occupation_code: ammattikoodi}
        period: {start: 2024-01-01, end: 2025-12-31}
        regions: [Lappi]
        occupations: {myyja: {names: [Myyjä], codes: ["5223"]}}
        terms_file: evidence/ad_terms.yaml

``load_evidence_config`` is pure: it checks a parsed section and reports problems with their
lines. ``load_evidence_setup`` (called once by ``pipeline.config.Config.load``) adds what is
configuration beside it: the paths exist inside ``raw/``, the profiles named are known, and
the reviewed files (``requirement_map.yaml``, the ads' terms) are read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline import yamlfile
from pipeline.errors import Problem
from pipeline.evidence.jobads import (
    OPTIONAL,
    REQUIRED,
    AdColumns,
    AdsConfig,
    Occupation,
    Period,
    load_terms,
    parse_date,
)
from pipeline.evidence.mapping import RequirementMap, load_requirement_map

KEYS = ("eperusteet", "requirement_map", "interviews", "gap_threshold", "qualifications", "job_ads")
ADS_KEYS = (
    "folder",
    "columns",
    "period",
    "regions",
    "occupations",
    "terms_file",
    "delimiter",
    "records",
)


@dataclass(frozen=True)
class EvidenceConfig:
    eperusteet: str = "evidence/eperusteet"
    requirement_map: str = "evidence/requirement_map.yaml"
    interviews: str = "evidence/interviews"
    gap_threshold: float | None = None  # None: the settings' trend_threshold
    qualifications: Mapping[str, str] = field(default_factory=dict)  # profile id -> reference
    job_ads: AdsConfig | None = None  # None: no ads are read


class _Checker:
    def __init__(self, source: str, root: Any, at: Sequence):
        self.source, self.root, self.at = source, root, list(at)
        self.problems: list[Problem] = []

    def __call__(self, path: Sequence, message: str) -> None:
        line = yamlfile.line_of(self.root, [*self.at, *path]) if self.root is not None else None
        self.problems.append(
            Problem(self.source, row=line, message=message, code="settings.evidence")
        )


def load_evidence_config(
    section: Any, source: str, root: Any = None, at: Sequence = ("evidence",)
) -> tuple[EvidenceConfig, list[Problem]]:
    """``section`` is the parsed ``evidence`` mapping (None: all defaults); ``root`` the
    file's node tree from ``yamlfile.read`` for line numbers; ``at`` the section's path."""
    problem = _Checker(source, root, at)
    if section is None:
        return EvidenceConfig(), []
    if not isinstance(section, dict):
        problem([], "evidence must be a mapping; see docs/evidence.md")
        return EvidenceConfig(), problem.problems
    for key in sorted(set(map(str, section)) - set(KEYS)):
        problem([key], f"unknown key {key!r} in evidence; accepted: {', '.join(KEYS)}")
    values: dict[str, Any] = {}
    for key in ("eperusteet", "requirement_map", "interviews"):
        if key in section:
            if isinstance(section[key], str) and section[key].strip():
                values[key] = section[key].strip()
            else:
                problem([key], f"{key} is a path relative to raw/")
    if "gap_threshold" in section:
        t = section["gap_threshold"]
        if isinstance(t, int | float) and not isinstance(t, bool) and t > 0:
            values["gap_threshold"] = float(t)
        else:
            problem(["gap_threshold"], "gap_threshold is a number above 0, such as 0.3")
    quals = section.get("qualifications") or {}
    if isinstance(quals, dict) and all(isinstance(v, str | int) for v in quals.values()):
        values["qualifications"] = {str(k): str(v) for k, v in quals.items()}
    else:
        problem(
            ["qualifications"],
            "qualifications maps a profile id to a peruste id, "
            "diaarinumero or qualification code, e.g. {kokki: '381204'}",
        )
    if "job_ads" in section:
        values["job_ads"] = _ads(
            section["job_ads"], _Checker(source, root, [*at, "job_ads"]), problem
        )
    return EvidenceConfig(**values), problem.problems


def _ads(section: Any, problem: _Checker, outer: _Checker) -> AdsConfig | None:
    result = _ads_checked(section, problem)
    outer.problems += problem.problems
    return result


def _ads_checked(section: Any, problem: _Checker) -> AdsConfig | None:
    if not isinstance(section, dict):
        problem([], "job_ads must be a mapping: folder, columns, period, occupations, ...")
        return None
    for key in sorted(set(map(str, section)) - set(ADS_KEYS)):
        problem([key], f"unknown key {key!r} in job_ads; accepted: {', '.join(ADS_KEYS)}")
    if not (isinstance(section.get("folder"), str) and section["folder"].strip()):
        problem(["folder"], "folder (relative to raw/) is required, e.g. evidence/ads")
    columns = _columns(section.get("columns"), problem)
    period = _period(section.get("period"), problem)
    occupations = {}
    for pid, spec in (section.get("occupations") or {}).items():
        names = spec.get("names", []) if isinstance(spec, dict) else None
        codes = spec.get("codes", []) if isinstance(spec, dict) else None
        if not isinstance(names, list) or not isinstance(codes, list) or not (names or codes):
            problem(
                ["occupations", pid],
                f"{pid}: give names and/or codes, e.g. {{names: [Myyjä], codes: ['5223']}}",
            )
            continue
        occupations[str(pid)] = Occupation(tuple(map(str, names)), tuple(map(str, codes)))
    regions = section.get("regions") or []
    if not isinstance(regions, list):
        problem(["regions"], "regions is a list of region names, e.g. [Lappi]")
    delimiter = section.get("delimiter")
    if delimiter is not None and delimiter not in (",", ";", "\t"):
        problem(["delimiter"], "delimiter is one of ',' ';' or a tab; leave it out to detect it")
    if problem.problems or columns is None:
        return None
    return AdsConfig(
        folder=section["folder"].strip(),
        columns=columns,
        period=period,
        regions=tuple(map(str, regions)),
        occupations=occupations,
        terms_file=str(section["terms_file"]) if section.get("terms_file") else None,
        delimiter=delimiter,
        records=str(section["records"]) if section.get("records") else None,
    )


def _columns(cols: Any, problem: _Checker) -> AdColumns | None:
    accepted = ", ".join(REQUIRED + OPTIONAL)
    if not isinstance(cols, dict):
        problem(["columns"], f"columns maps the fields {accepted} to the export's column names")
        return None
    bad = sorted(set(map(str, cols)) - set(REQUIRED + OPTIONAL))
    for key in bad:
        problem(["columns", key], f"unknown field {key!r}; accepted: {accepted}")
    missing = [k for k in REQUIRED if not cols.get(k)]
    if missing:
        problem(["columns"], f"columns lacks {', '.join(missing)}; required: {', '.join(REQUIRED)}")
    if not (cols.get("occupation") or cols.get("occupation_code")):
        problem(["columns"], "map occupation or occupation_code: ads are counted per occupation")
    if bad or missing:
        return None
    return AdColumns(**{k: str(v) for k, v in cols.items() if v})


def _period(p: Any, problem: _Checker) -> Period | None:
    if p is None:
        return None
    start = _as_date(p.get("start")) if isinstance(p, dict) else None
    end = _as_date(p.get("end")) if isinstance(p, dict) else None
    if start is None or end is None or end < start:
        problem(
            ["period"],
            "period needs start and end dates (start <= end), "
            "e.g. {start: 2024-01-01, end: 2025-12-31}",
        )
        return None
    return Period(start, end)


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(str(value)) if value is not None else None


# --- the whole evidence configuration of a project --------------------------------------------


@dataclass(frozen=True)
class EvidenceSetup:
    """The evidence configuration, read once per command (``Config.evidence``)."""

    config: EvidenceConfig
    raw: Path  # paths in ``config`` are relative to this folder
    requirement_map: RequirementMap  # the reviewed item <-> requirement pairs
    ad_terms: Mapping[str, tuple[str, ...]]  # item reference -> reviewed evidence terms
    source: str = ""  # raw/osaaja.yaml, for problems found later (a reference to no peruste)
    qualification_lines: Mapping[str, int | None] = field(default_factory=dict)

    def path(self, relative: str) -> Path:
        return self.raw / relative

    @property
    def configured(self) -> bool:
        """Whether raw/osaaja.yaml has an ``evidence`` section at all."""
        return self.source != ""


def load_evidence_setup(
    section: Any, source: str, root: Any, raw: Path, profile_ids: set[str] | None
) -> tuple[EvidenceSetup, list[Problem]]:
    """The ``evidence`` section checked (``load_evidence_config``), its paths inside ``raw/``
    (a folder or file named explicitly must exist; the defaults may be absent: no evidence
    of that kind), the profiles it names known (``profile_ids``; None: not checked), and
    the reviewed requirement map and ad terms read, with every problem at its line."""
    config, problems = load_evidence_config(section, source, root)
    check = _Checker(source, root, ("evidence",))
    given = section if isinstance(section, dict) else {}
    paths = [
        (["eperusteet"], config.eperusteet, "folder"),
        (["interviews"], config.interviews, "folder"),
    ]
    paths.append((["requirement_map"], config.requirement_map, "file"))
    ads_given = given.get("job_ads") if isinstance(given.get("job_ads"), dict) else {}
    if config.job_ads is not None:
        paths.append((["job_ads", "folder"], config.job_ads.folder, "folder"))
        if config.job_ads.terms_file:
            paths.append((["job_ads", "terms_file"], config.job_ads.terms_file, "file"))
    for at, value, kind in paths:
        explicit = (given if len(at) == 1 else ads_given).get(at[-1]) is not None
        _check_path(check, at, value, kind, raw, explicit)
    if profile_ids is not None:
        named = [(["qualifications", pid], pid) for pid in config.qualifications]
        if config.job_ads is not None:
            named += [(["job_ads", "occupations", pid], pid) for pid in config.job_ads.occupations]
        for at, pid in named:
            if pid not in profile_ids:
                check(at, f"unknown profile {pid!r}; the profiles are listed in profiles.yaml")
    problems += check.problems
    rmap, found = (RequirementMap("", ()), [])
    if not check.problems:
        rmap, found = load_requirement_map(raw / config.requirement_map)
    problems += found
    terms: dict[str, tuple[str, ...]] = {}
    if config.job_ads is not None and config.job_ads.terms_file and not check.problems:
        terms, found = load_terms(raw / config.job_ads.terms_file)
        problems += found
    lines = {
        pid: yamlfile.line_of(root, ["evidence", "qualifications", pid])
        if root is not None
        else None
        for pid in config.qualifications
    }
    setup = EvidenceSetup(config, raw, rmap, terms, source if section else "", lines)
    return setup, problems


def _check_path(
    check: _Checker, at: list, value: str, kind: str, raw: Path, explicit: bool
) -> None:
    relative = PurePosixPath(value)
    if relative.is_absolute() or ".." in relative.parts or "\\" in value:
        check(
            at, f"{value!r} must be a path inside raw/, written relative to it, e.g. evidence/ads"
        )
        return
    target = raw / relative
    exists = target.is_dir() if kind == "folder" else target.is_file()
    if explicit and not exists:
        check(at, f"{value!r} is not a {kind} under {raw.as_posix()}/; check the path")
