"""The shipped catalogue covers the demo: every text in English, every text of the
Swedish profiles in Swedish, and Swedish UI strings and profile texts for them. The texts
are read from the raw workbooks, so adding an item to the demo without translating it
fails here."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.ingest import ingest
from pipeline.profiles import load_profiles
from pipeline.translations import (
    LanguagePlan,
    SourceRow,
    collect_sources,
    load_translations,
    lookup,
    status,
)

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SWEDISH_PROFILES = ("matkailupalvelujen-tuottaja", "myyja")  # raw/translations/sv.yaml covers these


@pytest.fixture(scope="module")
def demo():
    """Every text of the demo exports, with the profiles that show it (read from raw/)."""
    result = ingest(RAW)
    profiles_of = defaultdict(set)
    for spec in load_profiles(RAW / "profiles.yaml"):
        for selection in spec.surveys:
            profiles_of[(selection.field, selection.occupation)].add(spec.id)
    where = {
        s.survey_id: sorted(profiles_of[(s.field_slug, s.occupation_slug)]) or [s.survey_id]
        for s in result.sources.itertuples()
    }
    found = []
    for s in result.sources.itertuples():
        for kind in ("region", "horizon", "survey"):
            if isinstance(getattr(s, kind), str):
                found += [SourceRow(kind, getattr(s, kind), p) for p in where[s.survey_id]]
        if not isinstance(s.survey, str):  # pages name it by its field and occupation
            for kind in ("field", "occupation"):
                found += [SourceRow(kind, getattr(s, kind), p) for p in where[s.survey_id]]
    columns = ["survey_id", "area", "sub_area", "item"]
    items = pd.concat([result.ratings[columns], result.summary_rows[columns]]).drop_duplicates()
    for r in items.itertuples():
        for p in where[r.survey_id]:
            found += [SourceRow("item", r.item, p), SourceRow("area", r.area, p)]
            if isinstance(r.sub_area, str):
                found.append(SourceRow("sub-area", r.sub_area, p))
    sources = collect_sources(found)
    assert {k for s in sources for k in s.kinds} == {
        "item",
        "area",
        "sub-area",
        "region",
        "horizon",
        "survey",
        "field",
        "occupation",
    }
    return sources


@pytest.fixture(scope="module")
def shipped():
    cat, problems = load_translations(RAW / "translations")
    assert problems == []
    return cat


def test_every_demo_text_has_a_reviewed_english_translation(demo, shipped):
    result = status(shipped, demo, ["en"])["en"]
    assert [s.text for s in result.missing + result.stale] == []
    assert result.reviewed == len(result.translated) == len(demo)
    assert result.unused == ()
    for source in demo:
        assert lookup(shipped, source.text, "en").lang == "en", source.text


def test_every_text_of_the_swedish_profiles_has_swedish(demo, shipped):
    result = status(shipped, demo, [LanguagePlan("sv", SWEDISH_PROFILES)])["sv"]
    assert [s.text for s in result.missing + result.stale] == []
    items = [s for s in result.translated if "item" in s.kinds]
    for profile in SWEDISH_PROFILES:
        assert any(profile in s.where for s in items), profile
    assert result.unused == ()


def test_swedish_ui_strings_and_profile_texts():
    strings = yaml.safe_load((ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8"))
    assert [key for key, texts in strings.items() if not texts.get("sv")] == []
    specs = {s.id: s for s in load_profiles(RAW / "profiles.yaml")}
    for profile in SWEDISH_PROFILES:
        spec = specs[profile]
        assert spec.title.get("sv") and spec.description.get("sv"), profile
        assert spec.qualification.name.get("sv"), profile
