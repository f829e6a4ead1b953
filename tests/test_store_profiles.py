"""Profiles computed in the store: pooling across surveys, suppression, cycles and trends."""

from __future__ import annotations

import pytest
from factories import minimal_themes
from workbooks import HEADER_A, write

from pipeline import stages, store
from pipeline.errors import DataError
from pipeline.project import Project
from pipeline.stages import Run

PROFILES = """profiles:
  - id: opas
    title: {fi: Opas, en: Guide}
    description: {fi: Kuvaus, en: Description}
    surveys:
      - {field: matkailu, occupation: opas}
  - id: uusi
    emerging: true
    title: {fi: Uusi, en: New}
    description: {fi: Kuvaus, en: Description}
    surveys:
      - {field: uusi, occupation: ammatti}
      - {field: matkailu, occupation: opas, areas: [Digi]}
"""


def rows(ratings: list[tuple]) -> list[list]:
    """(organisation, area, item, now, future) -> a layout-A table."""
    return [HEADER_A, *[[o, a, i, None, n, f] for o, a, i, n, f in ratings]]


@pytest.fixture
def project(tmp_path):
    raw = tmp_path / "raw"
    orgs = ["Org A", "Org B", "Org C", "Org D"]
    write(
        raw / "2019" / "2019_matkailu_opas.xlsx",
        {
            "S": rows(
                [(o, "Palvelu", "Palvelee asiakkaita", 3, 3) for o in orgs]
                + [(o, "Digi", "Käyttää varausjärjestelmää", 3, 3) for o in orgs]
                + [(o, "Palvelu", "Käsittelee käteistä", 4, 4) for o in orgs]
                + [(o, "Palvelu", "Jakaa esitteitä", 3, 3) for o in orgs]
            )
        },
    )
    write(
        raw / "2022" / "2022_matkailu_opas.xlsx",
        {
            "S": rows(
                [(o, "Palvelu", "Palvelee asiakkaita", 3, 3) for o in orgs]  # steady
                + [(o, "Digi", "Käyttää varausjärjestelmää", 3, 4) for o in orgs]  # rising: 3 -> 4
                + [(o, "Palvelu", "Käsittelee käteistä", 3, 3) for o in orgs]  # falling: 4 -> 3
                + [(o, "Digi", "Hyödyntää tekoälyä", 4, 5) for o in orgs[:2]]
            )
        },
    )  # new, 2 orgs: suppressed
    write(
        raw / "2022" / "2022_uusi_ammatti.xlsx",
        {
            "S": rows(
                [
                    (
                        "Org A",
                        "Digi",
                        "Käyttää varausjärjestelmää",
                        5,
                        5,
                    ),  # Org A is in both surveys
                    ("Org E", "Digi", "Käyttää varausjärjestelmää", 5, 5),
                    ("Org E", "Oma", "Oma osaaminen", 4, 4),
                ]
            )
        },
    )
    (raw / "profiles.yaml").write_text(PROFILES, encoding="utf-8")
    project = Project.at(
        raw=raw, build=tmp_path / "build", themes=minimal_themes(tmp_path / "themes.yaml")
    )
    stages.run_ingest(Run.of(project))
    return project


def query(project, sql, *params):
    con = store.open_store(project.store_path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_profile_cycles_and_organisations(project):
    assert query(
        project,
        "SELECT profile_id, cycle, n_organisations, previous_cycle FROM profile_cycles "
        "ORDER BY ALL",
    ) == [
        ("opas", 2019, 4, None),
        ("opas", 2022, 4, 2019),
        ("uusi", 2022, 5, None),  # its own survey exists only in 2022; A-E counted once each
    ]


def test_item_from_several_surveys_is_pooled(project):
    (row,) = query(
        project,
        "SELECT n_organisations, mean_now, mean_future, surveys FROM profile_items "
        "WHERE profile_id = 'uusi' AND item = 'Käyttää varausjärjestelmää'",
    )
    # Org A rated it in both surveys: counted once; means weighted by the 4 + 2 ratings.
    assert row[0] == 5
    assert row[1] == pytest.approx((3 * 4 + 5 * 2) / 6) and row[2] == pytest.approx(
        (4 * 4 + 5 * 2) / 6
    )
    assert row[3] == ["2022_matkailu_opas", "2022_uusi_ammatti"]
    items = {
        r[0] for r in query(project, "SELECT item FROM profile_items WHERE profile_id = 'uusi'")
    }
    assert items == {
        "Käyttää varausjärjestelmää",
        "Hyödyntää tekoälyä",
        "Oma osaaminen",
    }  # areas: [Digi] only


def test_suppression_below_min_organisations(project):
    assert dict(
        query(
            project,
            "SELECT item, suppressed FROM profile_items WHERE profile_id = 'opas' AND cycle = 2022",
        )
    ) == {
        "Palvelee asiakkaita": False,
        "Käyttää varausjärjestelmää": False,
        "Käsittelee käteistä": False,
        "Hyödyntää tekoälyä": True,
    }


def test_trends_against_the_previous_cycle(project):
    profiles = {p.id: p for p in stages.load_profiles(Run.of(project))}
    opas = profiles["opas"]
    assert opas.cycle == 2022 and opas.previous_cycle == 2019
    trends = {i.item: i.trend for i in opas.items}
    assert trends == {
        "Palvelee asiakkaita": "steady",
        "Käyttää varausjärjestelmää": "rising",
        "Käsittelee käteistä": "falling",
        "Hyödyntää tekoälyä": "new",
    }
    assert opas.dropped_items == ("Jakaa esitteitä",)
    assert {i.trend for i in profiles["uusi"].items} == {None}  # a first cycle has no trends


def test_suppressed_figures_claim_no_direction(project, tmp_path):
    (project.raw / "osaaja.yaml").write_text("min_organisations: 5\n", encoding="utf-8")
    stages.run_ingest(Run.of(project))
    opas = {p.id: p for p in stages.load_profiles(Run.of(project))}["opas"]
    assert {i.item: (i.suppressed, i.trend) for i in opas.items}["Käyttää varausjärjestelmää"] == (
        True,
        None,
    )


def test_a_store_built_before_profiles_yaml_existed_asks_for_a_build(project):
    (project.raw / "profiles.yaml").rename(project.raw / "later.yaml")
    stages.run_ingest(Run.of(project))
    (project.raw / "later.yaml").rename(project.raw / "profiles.yaml")
    with pytest.raises(DataError) as err:
        stages.load_profiles(Run.of(project))
    assert str(err.value.problems[0]).endswith(
        "has no profiles computed yet; run `osaaja build` first"
    )
