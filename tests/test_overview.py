"""pipeline.overview: what the published profiles share, checked against the store (the
demo built once) and on small made-up profiles (withheld figures, ties, growth)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import duckdb
import pytest
from factories import THEMES, make_item, make_profile

from pipeline import figures, overview, stages
from pipeline.i18n import STRINGS_FILE, Translator, load_catalogue
from pipeline.project import REPO_ROOT, Project
from pipeline.stages.core import Run

THRESHOLD = 0.3


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo store, its published profiles (the sign-off gate's verdict) and themes."""
    build = tmp_path_factory.mktemp("overview") / "build"
    project = Project.at(raw=REPO_ROOT / "raw", build=build, themes=REPO_ROOT / "themes.yaml")
    stages.run_ingest(Run.of(project))
    run = Run.of(project)
    inputs = stages.Inputs.of(run)
    published = [p for p in inputs.profiles if p.id not in inputs.gate.excluded]
    assert len(published) == 9
    return project.store_path, published, inputs.themes


def store_cells(path, profile_ids):
    """Per (theme, profile) of each profile's latest cycle, straight from profile_items:
    items, the mean of the published future figures, and the items that grow."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            """
            WITH latest AS (SELECT profile_id, max(cycle) AS cycle FROM profile_items GROUP BY 1)
            SELECT coalesce(theme, 'unthemed'), profile_id, count(*),
                   avg(mean_future) FILTER (WHERE future_published),
                   count(*) FILTER (WHERE future_published),
                   list(change) FILTER (WHERE now_published AND future_published)
            FROM profile_items JOIN latest USING (profile_id, cycle)
            GROUP BY ALL
            """
        ).fetchall()
        totals = dict(
            con.execute(
                """
                WITH latest AS (SELECT profile_id, max(cycle) AS cycle FROM profile_items GROUP BY 1)
                SELECT profile_id, count(*) FROM profile_items JOIN latest USING (profile_id, cycle)
                GROUP BY 1
                """
            ).fetchall()
        )
    finally:
        con.close()
    out = {}
    for theme, pid, n, mean_future, n_future, changes in rows:
        if pid not in profile_ids:
            continue
        growing = sum(figures.open_data(c) >= Decimal("0.30") for c in changes or [])
        out[theme, pid] = (
            n,
            figures.share(n, totals[pid]),
            figures.open_data(mean_future),
            n_future,
            growing,
        )
    return out


def test_heat_map_numbers_match_the_store(demo):
    path, published, themes = demo
    grid = overview.heat_map(published, themes, THRESHOLD)
    expected = store_cells(path, {p.id for p in published})
    got = {
        key: (c.n_items, c.share, c.mean_future, c.n_future, c.n_growing)
        for key, c in grid.cells.items()
    }
    assert got == expected
    assert grid.profiles == tuple(p.id for p in published)
    assert grid.themes[0] == "ammatillinen"  # CV order
    digital = grid.rows["digitaidot"]
    assert digital.n_items == sum(v[0] for (t, _), v in expected.items() if t == "digitaidot")
    assert digital.growing_in == sum(
        v[4] > 0 for (t, _), v in expected.items() if t == "digitaidot"
    )


def test_every_share_column_adds_up_to_the_whole_profile(demo):
    _, published, themes = demo
    grid = overview.heat_map(published, themes, THRESHOLD)
    for profile in published:
        cells = [c for (_, pid), c in grid.cells.items() if pid == profile.id]
        assert sum(c.n_items for c in cells) == len(profile.items)
        assert abs(sum(c.share for c in cells) - 1) <= Decimal("0.05")  # rounded shares


def test_only_published_profiles_count(demo):
    path, published, themes = demo
    grid = overview.heat_map(published, themes, THRESHOLD)
    assert "kokki" not in grid.profiles and "lahihoitaja" not in grid.profiles
    index = overview.competence_index(published, themes, THRESHOLD)
    assert all(n.profile_id not in ("kokki", "lahihoitaja") for c in index for n in c.needs)


def test_competence_index_lists_each_profile_that_needs_a_competence(demo):
    path, published, themes = demo
    index = overview.competence_index(published, themes, THRESHOLD)
    ids = {p.id for p in published}
    con = duckdb.connect(str(path), read_only=True)
    rows = con.execute(
        """
        WITH latest AS (SELECT profile_id, max(cycle) AS cycle FROM profile_items GROUP BY 1)
        SELECT item_id, profile_id, n_organisations,
               CASE WHEN future_published THEN mean_future END
        FROM profile_items JOIN latest USING (profile_id, cycle)
        """
    ).fetchall()
    con.close()
    expected = {}
    for item_id, pid, n, future in rows:
        if pid in ids:
            expected.setdefault(item_id, {})[pid] = (n, figures.open_data(future))
    got = {
        c.item_id: {n.profile_id: (n.n_organisations, n.mean_future) for n in c.needs}
        for c in index
    }
    assert got == expected
    shared = [c for c in index if c.n_profiles > 1]
    assert index[0].n_profiles == max(c.n_profiles for c in index)
    assert len(shared) == sum(1 for v in expected.values() if len(v) > 1)
    for c in index:  # needs by future importance, withheld last
        futures = [n.mean_future for n in c.needs]
        known = [f for f in futures if f is not None]
        assert known == sorted(known, reverse=True)
        assert futures[: len(known)] == known


def test_growing_competences_grow_in_at_least_two_profiles_most_first(demo):
    _, published, themes = demo
    index = overview.competence_index(published, themes, THRESHOLD)
    top = overview.growing_competences(index)
    assert 0 < len(top) <= overview.GROWING_COUNT
    counts = [c.n_growing for c in top]
    assert counts == sorted(counts, reverse=True) and counts[-1] >= 2
    for c in top:
        assert c.n_growing == sum(
            n.change is not None and n.change >= Decimal("0.30") for n in c.needs
        )


def test_related_profiles_share_competences_by_identity(demo):
    _, published, _ = demo
    related = overview.related_profiles(published)
    items = {p.id: {i.item_id for i in p.items} for p in published}
    for pid, others in related.items():
        assert len(others) <= overview.RELATED_COUNT
        assert pid not in [r.profile_id for r in others]
        for r in others:
            assert r.shared == tuple(sorted(items[pid] & items[r.profile_id]))
            assert r.n_shared == len(r.shared) >= overview.RELATED_MINIMUM
        assert [r.n_shared for r in others] == sorted((r.n_shared for r in others), reverse=True)
    first = related["matkailupalvelujen-tuottaja"][0]
    assert first.n_shared == max(
        len(items["matkailupalvelujen-tuottaja"] & items[o])
        for o in items
        if o != "matkailupalvelujen-tuottaja"
    )


def test_headline_names_its_numbers_in_both_languages(demo):
    _, published, themes = demo
    found = overview.headline(published, themes, THRESHOLD)
    index = overview.competence_index(published, themes, THRESHOLD)
    assert found.n_profiles == 9
    assert found.n_competences == len(index)
    assert found.n_shared == sum(c.n_profiles > 1 for c in index)
    assert found.core == "ammatillinen"
    assert "ammatillinen" not in [r.theme for r in found.growth_themes]
    assert [r.growing_in for r in found.growth_themes] == sorted(
        (r.growing_in for r in found.growth_themes), reverse=True
    )
    catalogue = load_catalogue(REPO_ROOT / "templates" / STRINGS_FILE)
    fi = overview.headline_text(found, themes, Translator(catalogue, "fi"))
    en = overview.headline_text(found, themes, Translator(catalogue, "en"))
    assert fi[0] == (
        f"9 profiilissa on yhteensä {found.n_competences} eri osaamista; niistä "
        f"{found.n_shared} on vähintään kahdessa profiilissa."
    )
    assert en[0] == (
        f"The 9 profiles have {found.n_competences} different competences; "
        f"{found.n_shared} of them appear in at least two profiles."
    )
    first = found.growth_themes[0]
    assert f"Digital skills (in {first.growing_in} of 9 profiles)" in en[1]
    assert en[2] == (
        f"The competence that grows in the most profiles is “{found.top.text}” "
        f"({found.top.n_growing} of 9 profiles)."
    )
    assert fi[2].endswith(f"({found.top.n_growing}/9 profiilissa).")


# --- small profiles: withheld figures, growth, ties ----------------------------------------------


def test_a_withheld_figure_never_enters_a_mean():
    profile = make_profile("a", n_suppressed=3)
    grid = overview.heat_map([profile], list(THEMES), THRESHOLD)
    for (theme, _), cell in grid.cells.items():
        items = [i for i in profile.items if (i.theme or "unthemed") == theme]
        published = [i.mean_future for i in items if not i.suppressed]
        assert cell.n_future == len(published)
        assert cell.mean_future == figures.mean_of(published)
    assert any(c.n_future < c.n_items for c in grid.cells.values())


def test_growth_is_the_published_change_at_the_threshold():
    import random

    rng = random.Random(3)
    base = make_item("Käyttää pilvipalveluja", "digitaidot", rng)
    at = replace(base, mean_now=3.0, mean_future=3.3, change=0.3)
    below = replace(base, mean_now=3.0, mean_future=3.29, change=0.294)  # 0.29 published
    rounds_up = replace(base, mean_now=3.0, mean_future=3.295, change=0.295)  # 0.30 published
    withheld = replace(base, mean_now=None, mean_future=None, change=None, suppressed=True)
    assert [overview.grows(i, 0.3) for i in (at, below, rounds_up, withheld)] == [
        True,
        False,
        True,
        False,
    ]


def test_related_needs_the_minimum_and_ties_prefer_the_smaller_profile():
    import random

    rng = random.Random(5)
    shared = [make_item(f"Yhteinen {n}", "yhteistyo", rng) for n in range(4)]
    own = [make_item(f"Oma {n}", "ammatillinen", rng) for n in range(6)]
    a = make_profile("a", n_items=0, extra_items=tuple(shared))
    b = make_profile("b", n_items=0, extra_items=tuple(shared + own))
    c = make_profile("c", n_items=0, extra_items=tuple(shared))
    d = make_profile("d", n_items=0, extra_items=tuple(shared[:2]))
    related = overview.related_profiles([a, b, c, d], minimum=3)
    assert [(r.profile_id, r.n_shared) for r in related["a"]] == [("c", 4), ("b", 4)]
    assert related["d"] == ()


# --- growing needs outside the qualifications (issue 16) ----------------------------------------


def test_gap_count_per_theme_matches_the_store(demo):
    path, published, themes = demo
    gaps = overview.qualification_gaps(published, themes)
    ids = {p.id for p in published}
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            """
            WITH latest AS (SELECT profile_id, max(cycle) AS cycle FROM profile_items GROUP BY 1)
            SELECT profile_id, coalesce(theme, 'unthemed'), n_growing, n_not_required
            FROM theme_requirement_gaps JOIN latest USING (profile_id, cycle)
            """
        ).fetchall()
        pending = con.execute(
            """
            WITH latest AS (SELECT profile_id, max(cycle) AS cycle FROM profile_items GROUP BY 1)
            SELECT profile_id, coalesce(theme, 'unthemed'), count(*)
            FROM profile_item_coverage JOIN latest USING (profile_id, cycle)
            WHERE status = 'gap' AND len(pending_requirement_ids) > 0 GROUP BY ALL
            """
        ).fetchall()
    finally:
        con.close()
    expected: dict[str, list[int]] = {}
    for pid, theme, n_growing, n_gap in rows:
        if pid in ids and n_growing:
            row = expected.setdefault(theme, [0, 0, 0])
            row[0] += n_growing
            row[1] += n_gap
    for pid, theme, n in pending:
        if pid in ids:
            expected[theme][2] += n
    got = {g.theme: [g.n_growing, g.n_not_required, g.n_pending] for g in gaps.rows}
    assert got == expected
    assert set(gaps.profiles) == {pid for pid, *_ in rows if pid in ids}
    # the demo publishes three profiles with a saved qualification (myyja, varastonhoitaja,
    # toimitilahuoltaja): the table rests on more than one profile
    assert len(gaps.profiles) >= 3 and sum(g.n_not_required for g in gaps.rows) > 0
    order = [th.id for th in sorted(themes, key=lambda th: (th.order, th.id))]
    assert [g.theme for g in gaps.rows] == sorted(
        got, key=lambda t: (t == "unthemed", order.index(t) if t in order else 10**6)
    )


def test_gap_counts_only_growing_uncovered_items_of_compared_profiles():
    from evidence_factories import with_page_evidence

    compared = with_page_evidence(make_profile("a"))
    other = make_profile("b")  # no saved qualification: not counted
    gaps = overview.qualification_gaps([compared, other], list(THEMES))
    assert gaps.profiles == ("a",)
    step = compared.evidence.qualification.threshold
    by_theme: dict[str, list[int]] = {}
    for item in compared.items:
        if item.change is not None and figures.open_data(item.change) >= figures.open_data(step):
            row = by_theme.setdefault(item.theme or "unthemed", [0, 0, 0])
            row[0] += 1
            row[1] += item.evidence.coverage == "gap"
            row[2] += item.evidence.coverage == "gap" and bool(item.evidence.pending_requirements)
    assert {g.theme: [g.n_growing, g.n_not_required, g.n_pending] for g in gaps.rows} == by_theme
    assert sum(g.n_pending for g in gaps.rows) == 1  # the factory's one proposal
    assert overview.qualification_gaps([other], list(THEMES)).rows == ()


def test_the_gap_and_the_overview_share_one_growth_rule():
    from pipeline.evidence.mapping import growing

    for change in (0.3, 0.294, 0.295, 0.2999999999, 4.3 - 4.0, 0.305):
        assert growing(change, 0.3) == figures.grows(change, 0.3), change
    assert growing(0.295, 0.3) and not growing(0.294, 0.3)
