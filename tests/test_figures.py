"""docs/figures.md in code: rounding, and what the store lets through to the model."""

from __future__ import annotations

from decimal import Decimal

import pytest
from cycle_factories import profiles_yaml, survey
from factories import minimal_themes

from pipeline import figures, stages
from pipeline.project import Project
from pipeline.stages import Run


@pytest.mark.parametrize(
    ("value", "open_data", "page"),
    [
        (4.25, "4.25", "4.3"),  # binary 4.25 is exact: half up, not half even ("4,2")
        (4.38 - 3.33, "1.05", "1.1"),  # 1.0499999999999998 in binary
        (4.245, "4.25", "4.3"),  # the page rounds the open-data value
        (2 / 3, "0.67", "0.7"),
        (-0.05, "-0.05", "-0.1"),  # half away from zero
        (-0.004, "0.00", "0.0"),  # no "-0.00"
    ],
)
def test_one_rounding_rule(value, open_data, page):
    assert str(figures.open_data(value)) == open_data
    assert str(figures.page(value)) == page
    assert figures.page(figures.open_data(value)) == figures.page(value)


def test_page_text_in_each_language():
    assert figures.fmt_number(4.25, "fi") == "4,3"
    assert figures.fmt_number(4.25, "sv") == "4,3"
    assert figures.fmt_number(4.25, "en") == "4.3"
    assert figures.fmt_change(4.38 - 3.33, "fi") == "+1,1"
    assert figures.fmt_change(-0.04, "en") == "±0.0"
    assert figures.open_data(None) is None and figures.open_data(float("nan")) is None
    assert figures.as_float(Decimal("4.25")) == 4.25


def build(root, surveys: dict[str, list], entries: list[str], min_orgs: int = 3):
    """One profile ``p`` composed of the given surveys (field ``ala``), in one cycle."""
    raw = root / "raw"
    for occupation, items in surveys.items():
        survey(raw / f"2022_ala_{occupation}.xlsx", 2022, "Ala", occupation, items)
    entry = "\n".join(f"      - {{field: ala, occupation: {o}}}" for o in entries)
    (raw / "profiles.yaml").write_text(
        "profiles:\n  - id: p\n    title: {fi: P, en: P}\n    description: {fi: K, en: D}\n"
        f"    surveys:\n{entry}\n",
        encoding="utf-8",
    )
    (raw / "osaaja.yaml").write_text(f"min_organisations: {min_orgs}\n", encoding="utf-8")
    project = Project.at(raw=raw, build=root / "build", themes=minimal_themes(root / "t.yaml"))
    stages.run_ingest(Run.of(project))
    (profile,) = stages.load_profiles(Run.of(project))
    return {i.item: i for i in profile.items}


def test_a_pooled_figure_is_withheld_when_one_survey_part_is_below_the_minimum(tmp_path):
    # "Yhteinen" pools ten organisations of survey a with two of survey b: the pooled
    # count passes, but b's part (2) does not; publishing the pooled mean beside a's own
    # would give b's two organisations' ratings back by subtraction. (The factory names
    # organisations "Yritys <n> Oy" in every survey: one name counts once, so 10.)
    items = build(
        tmp_path,
        {
            "a": [("Yhteinen", None, 4, 10), ("Oma", None, 4, 10)],
            "b": [("Yhteinen", None, 2, 2), ("Toinen", None, 3, 3)],
        },
        ["a", "b"],
    )
    shared = items["Yhteinen"]
    assert (shared.n_now, shared.n_future, shared.n_organisations) == (10, 10, 10)
    assert shared.mean_now is None and shared.mean_future is None and shared.suppressed
    assert items["Oma"].mean_future == 4.0 and not items["Oma"].suppressed
    # three organisations in b's own part: published
    items = build(
        tmp_path / "again",
        {"a": [("Yhteinen", None, 4, 10)], "b": [("Yhteinen", None, 2, 3)]},
        ["a", "b"],
    )
    assert items["Yhteinen"].mean_future == pytest.approx((10 * 4 + 3 * 2) / 13)


def test_now_and_future_are_counted_and_published_separately(tmp_path):
    # The cycle factories' survey rates "now" 3 for every rated row; here the first four
    # organisations rate it, and only two of them the future: write it by hand.
    raw = tmp_path / "raw"
    profiles_yaml(raw / "profiles.yaml", [("p", "ala", "p")])
    from workbooks import write

    header = ["Organisaatio", "Osaamisalue", "Osaaminen", "Nykytarve", "Tuleva tarve"]
    rows = [["Kierros:", 2022], ["Ala:", "Ala"], ["Ammatti:", "P"], header]
    rows += [[f"Org {o}", "A", "Taito", 3, 5 if o < 2 else "-"] for o in range(4)]
    write(raw / "2022_ala_p.xlsx", {"S": rows})
    project = Project.at(raw=raw, build=tmp_path / "b", themes=minimal_themes(tmp_path / "t.yaml"))
    stages.run_ingest(Run.of(project))
    (profile,) = stages.load_profiles(Run.of(project))
    (item,) = profile.items
    assert (item.n_organisations, item.n_now, item.n_future) == (4, 4, 2)
    assert item.mean_now == 3.0 and item.mean_future is None and item.change is None
    assert item.suppressed
