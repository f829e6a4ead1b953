"""The translation catalogue of survey texts: ``raw/translations/<lang>.yaml``.

Item texts, competence areas and metadata values (regions, horizons, survey names) come
from the Finnish exports; pages in other languages take them from this catalogue. One
file per target language, one entry per Finnish source text, keyed by the text's
normalised form (``contract.item_key``: trimmed, whitespace folded, case-folded)::

    tekee lisämyyntiä:
      fi: Tekee lisämyyntiä        # the Finnish source as written
      en: Makes add-on sales       # the translation
      status: reviewed             # draft | reviewed | needs update

Translators never edit these files: they work in a spreadsheet
(``pipeline.translations_xlsx``) and the import writes the file back, sorted by key, one
value per line, so that a change is a small readable diff.

UI strings (``templates/strings.yaml``), dates and reviewer roles (``pipeline.localise``)
are not catalogue entries.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from pipeline import yamlfile
from pipeline.contract import fold_space, item_key
from pipeline.errors import ConfigError, Problem
from pipeline.i18n import SOURCE_LANGUAGE, Text
from pipeline.localise import SUPPORTED_LANGUAGES

DRAFT, REVIEWED, NEEDS_UPDATE = "draft", "reviewed", "needs update"
STATUSES = (DRAFT, REVIEWED, NEEDS_UPDATE)
# Shown on pages. A translation that "needs update" was written for another Finnish
# wording, so the page shows the Finnish text (marked) rather than a wrong translation.
USABLE = (DRAFT, REVIEWED)
# "field" and "occupation": as the export writes them, for a survey without a name (pages
# then name it by them).
KINDS = ("item", "area", "sub-area", "region", "horizon", "survey", "field", "occupation")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
HOW_TO_EDIT = "write it with `osaaja translations import`"


@dataclass(frozen=True)
class Entry:
    """One Finnish source text and its translation into one language."""

    key: str  # item_key(fi)
    fi: str  # the Finnish source as written (whitespace folded)
    text: str  # the translation
    status: str  # one of STATUSES


# language -> key -> entry; languages and keys in sorted order when loaded
Catalogue = dict[str, dict[str, Entry]]


def make_entry(fi: str, text: str, status: str = DRAFT) -> Entry:
    """An entry with its key computed and whitespace folded the way the loader does."""
    fi = fold_space(fi)
    return Entry(item_key(fi), fi, fold_space(text), status)


# --- reading and writing the files ------------------------------------------------------


def load_translations(folder: Path) -> tuple[Catalogue, list[Problem]]:
    """Every ``<lang>.yaml`` in ``folder`` (no folder: an empty catalogue). Entries with
    problems are left out; every problem names its file and line."""
    catalogue: Catalogue = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return catalogue, problems
    for path in sorted(folder.glob("*.yaml")):
        lang = path.stem
        if lang == SOURCE_LANGUAGE:
            problems.append(
                _problem(
                    path,
                    None,
                    "Finnish is the source language and needs no translation file; "
                    "remove it (the Finnish texts come from the exports)",
                    "file",
                )
            )
            continue
        if not LANGUAGE_CODE.match(lang):
            problems.append(
                _problem(
                    path,
                    None,
                    "the file name is not a language code; name the file after its "
                    "language, e.g. en.yaml or sv.yaml",
                    "file",
                )
            )
            continue
        entries, found = load_language(path, lang)
        catalogue[lang] = entries
        problems.extend(found)
    return catalogue, problems


def load_language(
    path: Path, lang: str, text: str | None = None
) -> tuple[dict[str, Entry], list[Problem]]:
    """One language file: ``key: {fi: ..., <lang>: ..., status: ...}`` per entry."""
    try:
        data, root = yamlfile.read(path, text)
    except ConfigError as err:
        return {}, [replace(p, code="translations.syntax") for p in err.problems]
    except OSError as err:
        return {}, [_problem(path, None, f"cannot be read ({err.strerror})", "file")]
    if data is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, [
            _problem(
                path,
                1,
                f"expected a mapping of normalised Finnish text to {{fi, {lang}, status}}; "
                + HOW_TO_EDIT,
                "shape",
            )
        ]
    entries: dict[str, Entry] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key in first_line:
            problems.append(
                _problem(
                    path,
                    line,
                    f"entry {key!r} appears twice (first on line {first_line[key]}); keep one",
                    "duplicate",
                )
            )
            entries.pop(key, None)
            continue
        first_line[key] = line
        entry, found = _entry(path, lang, key, line, _construct(value_node), value_node)
        problems.extend(found)
        if entry is not None:
            entries[key] = entry
    return dict(sorted(entries.items())), problems


def _construct(node: Any) -> Any:
    """The Python value of one node (the file's dict keeps only the last of duplicate keys)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _entry(
    path: Path, lang: str, key: Any, line: int, value: Any, node: Any
) -> tuple[Entry | None, list[Problem]]:
    fields = ("fi", lang, "status")
    if not isinstance(key, str) or not isinstance(value, dict):
        return None, [
            _problem(
                path,
                line,
                f"entry {key!r} is not a mapping; expected {{fi: ..., {lang}: ..., status: ...}}",
                "shape",
            )
        ]
    problems = []

    def bad(message: str, code: str, name: str | None = None) -> None:
        row = yamlfile.line_of(node, [name]) if name is not None else line
        problems.append(_problem(path, row, f"entry {key!r}: {message}", code))

    for name in value:
        if name not in fields:
            bad(f"unknown field {name!r}; accepted: {', '.join(fields)}", "field", name)
    unusable = len(problems)  # an unknown field does not stop the checks below
    for name in fields:
        if name not in value:
            bad(f"{name} is missing", "field")
        elif not isinstance(value[name], str):
            bad(f"{name} {value[name]!r} is not text; quote it", "field", name)
    if len(problems) > unusable:
        return None, problems
    fi, text, status = (fold_space(value[name]) for name in fields)
    if status not in STATUSES:
        bad(
            f"status {status!r} is not accepted; accepted: {', '.join(STATUSES)}",
            "status",
            "status",
        )
    if item_key(fi) != key:
        bad(f"the key is not the normalised Finnish text; expected {item_key(fi)!r}", "key")
    if not text:
        bad(f"the {lang} translation is empty; write it or remove the entry", "empty", lang)
    return (None if problems else Entry(key, fi, text, status)), problems


def _problem(path: Path, row: int | None, message: str, kind: str) -> Problem:
    return Problem(str(path), row=row, message=message, code=f"translations.{kind}")


def dump_language(entries: dict[str, Entry], lang: str) -> str:
    """The file text for one language: sorted by key, one value per line (small diffs)."""
    header = (
        f"# {lang} translations of the survey texts (items, competence areas, metadata).\n"
        f"# Not edited by hand: `osaaja translations export {lang}`, work in the spreadsheet,\n"
        "# `osaaja translations import FILE`. Keys are the normalised Finnish text.\n"
    )
    if not entries:
        return header + "{}\n"
    data = {
        key: {"fi": e.fi, lang: e.text, "status": e.status} for key, e in sorted(entries.items())
    }
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)
    return header + body


# --- using the catalogue -------------------------------------------------------------


def lookup(catalogue: Catalogue, text: str | None, lang: str) -> Text | None:
    """``text`` (an export's Finnish text) in ``lang``; without a usable translation the
    Finnish text itself, with ``lang="fi"`` so that the page marks it and sets the
    element's language. A fallback is recognised by ``result.lang != lang``."""
    if text is None or not fold_space(text):
        return None
    if lang != SOURCE_LANGUAGE:
        entry = catalogue.get(lang, {}).get(item_key(text))
        if entry is not None and entry.status in USABLE:
            return Text(entry.text, lang)
    return Text(text, SOURCE_LANGUAGE)


@dataclass(frozen=True)
class SourceRow:
    """One use of a Finnish text in the data, as the store reports it."""

    kind: str  # one of KINDS
    text: str  # as written in the export
    where: str  # the profile id (or survey id) that shows it
    item_id: str | None = None  # items: identity across cycles (store.item_scores.item_id)
    cycle: int | None = None


@dataclass(frozen=True)
class SourceText:
    """One Finnish text to translate, with every place it is used."""

    key: str
    text: str  # as written; the capitalised, most common variant
    kinds: tuple[str, ...]
    where: tuple[str, ...]
    # Keys of earlier wordings of the same item (same item_id, earlier cycle): their
    # translation is a starting point when this wording has none (``carry_over``).
    previous: tuple[str, ...] = field(default=())


def collect_sources(rows: Iterable[SourceRow]) -> list[SourceText]:
    """The distinct texts behind ``rows``, sorted by key."""
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, set[str]] = defaultdict(set)
    where: dict[str, set[str]] = defaultdict(set)
    cycles_of: dict[str, dict[str, int]] = defaultdict(dict)  # item_id -> key -> first cycle
    for row in rows:
        text = fold_space(row.text or "")
        if not text:
            continue
        key = item_key(text)
        variants[key][text] += 1
        kinds[key].add(row.kind)
        where[key].add(row.where)
        if row.item_id is not None and row.cycle is not None:
            known = cycles_of[row.item_id]
            known[key] = min(known.get(key, row.cycle), row.cycle)
    previous: dict[str, set[str]] = defaultdict(set)
    for keys in cycles_of.values():
        for key, cycle in keys.items():
            previous[key].update(k for k, c in keys.items() if c < cycle)
    return [
        SourceText(
            key=key,
            text=min(counts, key=lambda t: (not t[:1].isupper(), -counts[t], t)),
            kinds=tuple(k for k in KINDS if k in kinds[key]) or tuple(sorted(kinds[key])),
            where=tuple(sorted(where[key])),
            previous=tuple(sorted(previous[key] - {key})),
        )
        for key, counts in sorted(variants.items())
    ]


def carry_over(catalogue: Catalogue, sources: Iterable[SourceText], lang: str) -> Catalogue:
    """A reworded item keeps its old translation as a starting point: every source without
    an entry in ``lang`` whose earlier wording has one gets a copy marked "needs update"
    (not shown on pages until a translator revises it and marks it reviewed)."""
    entries = dict(catalogue.get(lang, {}))
    for source in sources:
        if source.key in entries:
            continue
        earlier = [entries[k] for k in source.previous if k in entries]
        if earlier:
            entries[source.key] = Entry(source.key, source.text, earlier[-1].text, NEEDS_UPDATE)
    return {**catalogue, lang: dict(sorted(entries.items()))}


def page_texts(profile: Any) -> list[str]:
    """The survey texts a profile's pages show (``model.Profile``): items, their areas,
    region, horizon, the surveys' names, dropped items; a survey period only when it is
    not a date ``pipeline.localise`` can write."""
    from pipeline.localise import format_period

    texts = [profile.region, profile.horizon]
    if profile.survey_period and format_period(profile.survey_period, "en") is None:
        texts.append(profile.survey_period)
    for s in profile.surveys:
        texts += [s.name] if s.name else [s.field_name, s.occupation_name]
    for item in profile.items:
        texts += [item.item, item.area]
    texts += list(profile.dropped_items)
    seen: dict[str, str] = {}
    for text in texts:
        if text and fold_space(text):
            seen.setdefault(item_key(text), fold_space(text))
    return list(seen.values())


def missing_in(catalogue: Catalogue, profile: Any, lang: str) -> list[str]:
    """The texts of ``page_texts`` that the ``lang`` pages show in Finnish (no usable
    translation), in page order."""
    if lang == SOURCE_LANGUAGE:
        return []
    return [t for t in page_texts(profile) if lookup(catalogue, t, lang).lang != lang]


# --- what is published in which language ----------------------------------------------


@dataclass(frozen=True)
class LanguagePlan:
    """A published language; ``profiles`` None = every profile."""

    code: str
    profiles: tuple[str, ...] | None = None

    def covers(self, source: SourceText) -> bool:
        return self.profiles is None or bool(set(source.where) & set(self.profiles))


DEFAULT_LANGUAGES = (LanguagePlan("fi"), LanguagePlan("en"))


def parse_languages(
    value: Any,
    root: Any = None,
    file: str = "raw/osaaja.yaml",
    known_profiles: Iterable[str] | None = None,
    path: tuple[Any, ...] = ("languages",),
) -> tuple[tuple[LanguagePlan, ...], list[Problem]]:
    """The ``languages:`` setting: language code -> ``all`` or a list of profile ids, in
    page order, Finnish first. ``root`` is the file's YAML node (for lines)."""
    if value is None:
        return DEFAULT_LANGUAGES, []
    problems: list[Problem] = []

    def bad(message: str, *keys: Any) -> None:
        problems.append(
            Problem(
                file,
                row=yamlfile.line_of(root, [*path, *keys]),
                message=message,
                code="settings.languages",
            )
        )

    if not isinstance(value, dict) or not value:
        bad(
            "expected a mapping of language code to `all` or a list of profile ids, e.g. "
            "{fi: all, en: all, sv: [myyja]}"
        )
        return DEFAULT_LANGUAGES, problems
    if next(iter(value)) != SOURCE_LANGUAGE or value[SOURCE_LANGUAGE] != "all":
        bad("Finnish comes first and covers every profile: start with `fi: all`")
    known = set(known_profiles) if known_profiles is not None else None
    plans = []
    for code, scope in value.items():
        if code not in SUPPORTED_LANGUAGES:
            bad(
                f"language {code!r} is not supported; supported: {', '.join(SUPPORTED_LANGUAGES)} "
                "(a new language needs its UI strings, dates and role labels)",
                code,
            )
            continue
        if scope == "all":
            plans.append(LanguagePlan(code))
        elif isinstance(scope, list) and scope and all(isinstance(p, str) for p in scope):
            unknown = [p for p in scope if known is not None and p not in known]
            if unknown:
                bad(f"{code}: unknown profile(s) {', '.join(unknown)}; see raw/profiles.yaml", code)
            plans.append(LanguagePlan(code, tuple(scope)))
        else:
            bad(f"{code}: {scope!r} is not accepted; expected `all` or a list of profile ids", code)
    return (tuple(plans) if not problems else DEFAULT_LANGUAGES), problems


# --- what is missing ------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageStatus:
    """Per language: the sources it must cover and how far the catalogue covers them."""

    lang: str
    translated: tuple[SourceText, ...]  # a usable translation (draft or reviewed)
    reviewed: int  # of those, how many are reviewed
    missing: tuple[SourceText, ...]  # no translation at all
    # A translation that needs update, or none while an earlier wording of the item has one.
    stale: tuple[SourceText, ...]
    unused: tuple[str, ...]  # keys in the catalogue that no source uses any more

    @property
    def total(self) -> int:
        return len(self.translated) + len(self.missing) + len(self.stale)


def status(
    catalogue: Catalogue,
    sources: Iterable[SourceText],
    languages: Iterable[str | LanguagePlan],
) -> dict[str, LanguageStatus]:
    """``osaaja translations status``: per target language (Finnish is skipped), the
    sources it covers split into translated, missing and stale, plus unused entries."""
    sources = list(sources)
    used = {s.key for s in sources}
    result: dict[str, LanguageStatus] = {}
    for plan in languages:
        plan = plan if isinstance(plan, LanguagePlan) else LanguagePlan(plan)
        if plan.code == SOURCE_LANGUAGE:
            continue
        entries = catalogue.get(plan.code, {})
        translated, missing, stale = [], [], []
        for source in filter(plan.covers, sources):
            entry = entries.get(source.key)
            if entry is not None and entry.status in USABLE:
                translated.append(source)
            elif entry is not None or any(k in entries for k in source.previous):
                stale.append(source)
            else:
                missing.append(source)
        result[plan.code] = LanguageStatus(
            lang=plan.code,
            translated=tuple(translated),
            reviewed=sum(entries[s.key].status == REVIEWED for s in translated),
            missing=tuple(missing),
            stale=tuple(stale),
            unused=tuple(sorted(set(entries) - used)),
        )
    return result


def status_lines(statuses: dict[str, LanguageStatus], limit: int = 50) -> list[str]:
    """What ``osaaja translations status`` prints: a line per language, then what is
    missing or stale (at most ``limit`` texts per language and list)."""
    lines = []
    for s in statuses.values():
        lines.append(
            f"{s.lang}: {len(s.translated)}/{s.total} translated ({s.reviewed} reviewed), "
            f"{len(s.missing)} missing, {len(s.stale)} stale, {len(s.unused)} unused"
        )
    for s in statuses.values():
        for label, group in (("missing", s.missing), ("stale", s.stale)):
            for source in group[:limit]:
                lines.append(
                    f"  {s.lang} {label}: {source.text} ({'/'.join(source.kinds)}; "
                    f"{', '.join(source.where)})"
                )
            if len(group) > limit:
                lines.append(f"  {s.lang} {label}: ... and {len(group) - limit} more")
    return lines
