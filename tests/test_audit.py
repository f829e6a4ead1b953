"""The outside auditor of issue 10: every published figure true, confidential, counted once.

Builds the demo once (a copy of raw/ into a temporary folder, through the command line),
reads the raw workbooks again with the audit's own reader (`tests/audit/reader.py`, not
the ingest code), recomputes every figure by `docs/figures.md` and compares it with the
published CSV, JSON and pages. Every failure lists all mismatches, counted by kind.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from audit import published as pub
from audit.reader import Reading, item_key, read_raw
from audit.recompute import (
    Identity,
    Settings,
    load_aliases,
    load_profiles,
    load_settings,
    recompute,
)

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Audit:
    site: Path
    reading: Reading
    identity: Identity
    settings: Settings
    figures: dict
    tables: list[pub.Table]
    profiles: list[str]  # published profile ids


def _themes(tables, identity):
    """Each competence's theme as published: in the profile itself, else anywhere."""
    own, anywhere = defaultdict(set), defaultdict(set)
    for _, profile, _, group, row, _ in pub.published_rows(tables, identity):
        if group is not None and row.get("theme"):
            own[(profile, group)].add(row["theme"])
            anywhere[group].add(row["theme"])
    return lambda profile, group: own.get((profile, group)) or anywhere.get(group, set())


@pytest.fixture(scope="session")
def audit(tmp_path_factory) -> Audit:
    root = tmp_path_factory.mktemp("audit")
    raw, build = root / "raw", root / "build"
    shutil.copytree(REPO / "raw", raw)
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "--raw", str(raw), "--build", str(build)]
        + ["--themes", str(REPO / "themes.yaml"), "build", "--no-pdf"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    site = build / "site"
    reading = read_raw(raw)
    identity = Identity(reading, load_aliases(raw))
    settings = load_settings(raw)
    specs = load_profiles(raw)
    tables = pub.read_tables(site)
    figures = recompute(reading, identity, specs, settings, _themes(tables, identity))
    published = [s.id for s in specs if (site / s.id).is_dir()]
    return Audit(site, reading, identity, settings, figures, tables, published)


# The demo's own description (raw/README.md): organisations and items per survey.
DEMO = {
    "matkailu/matkailupalvelujen-tuottaja": ((11, 37), (13, 41)),
    "ravintola/kokki": ((9, 35), (10, 38)),
    "puhtaus/toimitilahuoltaja": ((7, 33), (8, 35)),
    "sote/lahihoitaja": ((12, 36), (13, 38)),
    "rakennus/talonrakentaja": ((8, 32), (9, 34)),
    "logistiikka/varastonhoitaja": ((7, 33), (7, 35)),
    "ict/ict-tukihenkilo": ((8, 32), (9, 35)),
    "kasvatus/lastenhoitaja": ((10, 32), (11, 34)),
    "kauppa/myyja": ((9, 35), (10, 36)),
    "sote/hyvinvointiteknologian-tukihenkilo": (None, (6, 26)),
    "matkailu/vastuullisen-matkailun-koordinaattori": (None, (5, 26)),
}


def test_the_audit_reader_reads_the_demo_as_its_readme_describes(audit):
    r = audit.reading
    assert r.problems == []
    seen = {}
    for s in r.surveys:
        orgs = {x.organisation for x in r.ratings if x.survey == s.key}
        rows = [
            *(x for x in r.ratings if x.survey == s.key),
            *(x for x in r.summaries if x.survey == s.key),
        ]
        n = len(orgs) if s.layout == "A" else max(x.n for x in rows)
        seen.setdefault(f"{s.field_slug}/{s.occupation_slug}", [None, None])[s.cycle == 2022] = (
            n,
            len({item_key(x.item) for x in rows}),
        )
    assert {k: tuple(v) for k, v in seen.items()} == DEMO
    assert len(r.skipped) == 6  # Ohje, Notes, Chart, Yhteenveto sheets: no header


def test_open_data_figures_equal_the_recomputation(audit):
    assert audit.profiles, "no published profile"
    found = pub.compare_open_data(audit.tables, audit.figures, audit.identity)
    assert not found, pub.summary(found)


def test_no_competence_is_listed_twice_in_a_profile(audit):
    found = pub.duplicates(audit.tables, audit.identity)
    assert not found, pub.summary(found)


def test_no_published_figure_rests_on_fewer_than_the_minimum(audit):
    found = pub.below_minimum(audit.tables, audit.figures, audit.identity, audit.settings)
    assert not found, pub.summary(found)


def test_no_suppressed_part_can_be_recovered_by_subtraction(audit):
    found = pub.recoverable(audit.tables, audit.figures, audit.identity, audit.settings)
    assert not found, pub.summary(found)


def test_pages_show_the_open_data_figures_rounded(audit):
    found, marked = pub.compare_pages(audit.site, audit.tables, audit.profiles)
    if not any(marked.values()):
        pytest.skip("no page marks its figures with <data data-measure> yet")
    found += [
        pub.Mismatch("page: no marked figures", profile, "a published profile marks none")
        for profile, n in marked.items()
        if n == 0
    ]
    assert not found, pub.summary(found)


def test_no_organisation_or_respondent_name_is_published(audit):
    found = pub.names_published(audit.site, audit.reading.names)
    assert not found, pub.summary(found)
