"""Translations of the survey texts (``osaaja translations export|import|status``).

The catalogue (``raw/translations/<lang>.yaml``) is read once by ``Config.load``; the
texts to translate come from the store (every survey text, every cycle). Translators
work in a spreadsheet: ``export`` writes it, ``import`` reads it back into the catalogue.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import store, translations
from pipeline.errors import UsageError
from pipeline.fsutil import atomic_file
from pipeline.i18n import SOURCE_LANGUAGE
from pipeline.localise import SUPPORTED_LANGUAGES
from pipeline.stages.core import Run, StageResult, holding_build_lock
from pipeline.stages.review import profiles_store
from pipeline.translations import LanguagePlan, SourceRow, SourceText
from pipeline.translations_xlsx import export_xlsx, import_file


def source_texts(run: Run) -> list[SourceText]:
    """Every survey text of the store, with the profiles that show it."""
    with profiles_store(run) as con:
        rows = store.translation_source_rows(con)
    return translations.collect_sources(
        SourceRow(r["kind"], r["text"], r["where"], r["item_id"], r["cycle"]) for r in rows
    )


def _plan(run: Run, lang: str) -> LanguagePlan:
    """The language as configured (its profiles), or every profile when it is not
    published yet (a translation can start before the pages do)."""
    if lang == SOURCE_LANGUAGE or lang not in SUPPORTED_LANGUAGES:
        targets = ", ".join(code for code in SUPPORTED_LANGUAGES if code != SOURCE_LANGUAGE)
        raise UsageError(
            f"cannot export {lang!r}: the survey texts are Finnish; languages that can be "
            f"translated: {targets}"
        )
    return next((p for p in run.config.languages if p.code == lang), LanguagePlan(lang))


def _outside_raw(run: Run, path: Path) -> None:
    if path.resolve().is_relative_to(run.project.raw.resolve()):
        raise UsageError(
            f"{path}: keep translation spreadsheets outside {run.project.raw}/ "
            "(every workbook there is read as a survey export)"
        )


@holding_build_lock("translations export")
def run_translations_export(run: Run, lang: str, out: Path | None = None) -> StageResult:
    """The translators' spreadsheet for ``lang``: every entry and every text still
    without one (a reworded item offers its old translation as "needs update")."""
    plan = _plan(run, lang)
    out = out or run.project.build / "translations" / f"{lang}.xlsx"
    _outside_raw(run, out)
    sources = [s for s in source_texts(run) if plan.covers(s)]
    catalogue = translations.carry_over(run.config.translations, sources, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(out) as tmp:
        tmp.write_bytes(export_xlsx(catalogue, sources, lang))
    result = translations.status(catalogue, sources, [plan])[lang]
    return StageResult(
        [
            f"{lang}: {len(sources)} text(s) in the scope of its pages: "
            f"{len(result.translated)} translated, {len(result.missing)} missing, "
            f"{len(result.stale)} to check",
            f"wrote {out}; translate column C, then `osaaja translations import {out}`",
        ]
    )


def run_translations_import(run: Run, path: Path) -> StageResult:
    """Read a translated spreadsheet back into ``raw/translations/<lang>.yaml``. Rows with
    problems keep what the catalogue had; they are listed and the command exits 1."""
    _outside_raw(run, path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file; give the spreadsheet `translations export` wrote")
    base = run.config.translations
    catalogue, problems = import_file(path, base)
    lines = []
    folder = run.project.translations_dir
    for lang, entries in sorted(catalogue.items()):
        before = base.get(lang, {})
        if entries == before:
            continue
        added = len(set(entries) - set(before))
        removed = len(set(before) - set(entries))
        changed = sum(1 for k in set(entries) & set(before) if entries[k] != before[k])
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{lang}.yaml"
        with atomic_file(target) as tmp:
            tmp.write_text(translations.dump_language(entries, lang), encoding="utf-8")
        lines.append(f"{lang}: {added} added, {changed} changed, {removed} removed -> {target}")
    if not lines:
        lines.append("no changes to the catalogue")
    blocked = None
    if problems:
        blocked = (
            f"{len(problems)} row(s) with problems were not imported; fix them and import again"
        )
    return StageResult(lines, [str(p) for p in problems], blocked)


def run_translations_status(run: Run) -> StageResult:
    """Per published language: how much of what its pages show is translated, and what
    is missing or needs checking."""
    sources = source_texts(run)
    statuses = translations.status(run.config.translations, sources, run.config.languages)
    lines = translations.status_lines(statuses)
    if not statuses:
        lines.append("only Finnish is published; nothing to translate")
    return StageResult(lines)
