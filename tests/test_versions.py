"""pipeline.versions: which version of each profile the site shows and which it keeps;
rebuilding an approved version from its sign-off; the page notes; the view contract of
the modules this adds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from signoff_factories import make_profile, replace_item, write_signoff

from pipeline import publish, signoff, versions
from pipeline.i18n import load_catalogue
from pipeline.project import REPO_ROOT
from pipeline.signoff import PublicationRule
from pipeline.views import packet, rounds, update

RULE = PublicationRule()
CATALOGUE = load_catalogue(REPO_ROOT / "templates" / "strings.yaml")


def plan_for(tmp_path: Path, current, *, excluded=None, stored=None, rule=RULE):
    signoffs, problems = signoff.load_signoffs(tmp_path)
    assert problems == []
    statuses = signoff.status([current], signoffs, rule)
    return versions.plan(
        [current],
        statuses,
        excluded if excluded is not None else signoff.blocked_reasons(statuses),
        signoffs,
        rule,
        min_organisations=3,
        store_profiles=lambda cycle: [p for p in (stored or []) if p.cycle == cycle],
    ).profiles[0]


def test_profile_from_content_gives_the_signed_content_back():
    profile = make_profile(n_items=15)
    content = signoff.reviewed_content(profile)
    rebuilt = signoff.profile_from_content(content, min_organisations=3)
    assert signoff.reviewed_content(rebuilt) == content
    assert signoff.content_hash(rebuilt) == signoff.content_hash(profile)


def test_every_demo_signoff_rebuilds_to_its_hash():
    signoffs, problems = signoff.load_signoffs(REPO_ROOT / "raw" / "signoffs")
    assert problems == [] and len(signoffs) == 15
    for s in signoffs:
        rebuilt = signoff.profile_from_content(s.reviewed_content, min_organisations=3)
        assert signoff.content_hash(rebuilt) == s.content_hash, s.file


def test_approved_current_content_is_published_and_archived(tmp_path):
    current = make_profile(cycle=2025)
    write_signoff(tmp_path, current)
    pv = plan_for(tmp_path, current)
    assert pv.published.profile is current and pv.published.source == "store"
    assert [v.cycle for v in pv.archive] == [2025] and not pv.in_review
    assert pv.page_note() is None
    assert pv.published.colophon == (("toimialapäällikkö / head of field", dt.date(2024, 5, 2)),)


def test_a_new_round_in_review_keeps_the_approved_version(tmp_path):
    old = make_profile(cycle=2022)
    write_signoff(tmp_path, old)
    current = make_profile(seed=9, cycle=2025)
    # The store still computes the 2022 content: it is published from the store.
    pv = plan_for(tmp_path, current, stored=[old])
    assert pv.published.profile is old and pv.published.source == "store"
    assert pv.in_review and pv.blocked.startswith("stale:")
    assert pv.page_note() == {"state": "in_review", "cycle": 2025, "shown": 2022}
    # The store computes 2022 differently now (a new alias, a theme rule): rebuilt from the
    # sign-off, with the figures as signed.
    drifted = replace_item(old, 0, theme="kielitaito")
    pv = plan_for(tmp_path, current, stored=[drifted])
    assert pv.published.source == "signoff"
    assert signoff.content_hash(pv.published.profile) == signoff.content_hash(old)


def test_approved_versions_of_each_round_are_kept_and_the_latest_is_shown(tmp_path):
    old = make_profile(cycle=2022)
    write_signoff(tmp_path, old, "Aino Virtanen", date="2023-04-01")
    kept = tmp_path / old.id / "2022" / "aino-virtanen.yaml"
    kept.parent.mkdir()
    (tmp_path / old.id / "aino-virtanen.yaml").rename(kept)
    new = make_profile(seed=9, cycle=2025)
    write_signoff(tmp_path, new, "Aino Virtanen", date="2025-06-02")
    pv = plan_for(tmp_path, new)
    assert [v.cycle for v in pv.archive] == [2022, 2025]
    assert pv.published.cycle == 2025 and not pv.in_review
    assert pv.archive_note(pv.archive[0]) == {"state": "superseded", "cycle": 2025, "shown": 2022}
    assert pv.archive_note(pv.archive[1]) is None


def test_an_earlier_version_counts_only_when_its_own_signoffs_meet_the_rule(tmp_path):
    old = make_profile(cycle=2022)
    write_signoff(tmp_path, old, "Olli Muu", role="other")
    current = make_profile(seed=9, cycle=2025)
    pv = plan_for(tmp_path, current)
    assert pv.published is None and pv.archive == ()
    write_signoff(
        tmp_path,
        old,
        "Pekka Opettaja",
        role="teacher",
        decision="changes_requested",
        comments="Lisää ruotsi",
    )
    write_signoff(tmp_path, old, "Aino Virtanen")
    assert plan_for(tmp_path, current).published is None  # a change request on it blocks
    lenient = dataclasses.replace(RULE, changes_requested_blocks=False)
    assert plan_for(tmp_path, current, rule=lenient).published.cycle == 2022


def test_check_errors_on_the_current_content_fall_back_to_the_approved_version(tmp_path):
    old = make_profile(cycle=2022)
    write_signoff(tmp_path, old, "Aino Virtanen", date="2023-01-01")
    kept = tmp_path / old.id / "2022" / "aino-virtanen.yaml"
    kept.parent.mkdir()
    (tmp_path / old.id / "aino-virtanen.yaml").rename(kept)
    current = make_profile(seed=9, cycle=2025)
    write_signoff(tmp_path, current, "Pekka Opettaja", role="teacher")
    pv = plan_for(tmp_path, current, excluded={current.id: "profile_organisations: 2 < 3"})
    assert pv.published.cycle == 2022 and pv.in_review
    assert pv.blocked == "profile_organisations: 2 < 3"


def test_a_snapshot_that_does_not_rebuild_is_refused_with_the_reason(tmp_path, monkeypatch):
    old = make_profile(cycle=2022)
    path = write_signoff(tmp_path, old)
    current = make_profile(seed=9, cycle=2025)
    monkeypatch.setattr(
        signoff, "profile_from_content", lambda content, **_: replace_item(old, 0, item="x")
    )
    pv = plan_for(tmp_path, current)
    assert pv.published is None
    assert pv.refused == (
        f"the approved 2022 version ({signoff.content_hash(old)[:19]}…) cannot be rebuilt "
        f"from {path}; it is not published",
    )


def test_notes_in_both_languages():
    from pipeline.i18n import Translator

    fi, en = Translator(CATALOGUE, "fi"), Translator(CATALOGUE, "en")
    note = update.update_note({"state": "in_review", "cycle": 2025, "shown": 2022}, "myyja", fi)
    assert (note.title, note.href) == ("Päivitys tarkastettavana", None)
    assert note.text.startswith("Vuoden 2025 kyselyn tulokset ovat")
    same = update.update_note({"state": "in_review", "cycle": 2022, "shown": 2022}, "myyja", en)
    assert same.text.startswith("An updated version of the profile is being reviewed")
    old = update.update_note({"state": "superseded", "cycle": 2025, "shown": 2022}, "myyja", en)
    assert (old.title, old.href, old.link_text) == (
        "Archived version (2022)",
        "../../myyja/myyja.en.html",
        "Go to the latest version (2025)",
    )
    assert update.update_note(None, "myyja", fi) is None


def test_every_view_field_of_the_new_modules_is_documented():
    classes = [
        obj
        for module in (versions, update, rounds, packet, publish)
        for obj in vars(module).values()
        if dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__
    ]
    assert len(classes) >= 12
    for view in classes:
        for f in dataclasses.fields(view):
            assert re.search(rf"\b{f.name}\b", view.__doc__ or ""), f"{view.__name__}.{f.name}"


@pytest.mark.parametrize("module", ["versions", "publish", "signoff/importing", "views/rounds"])
def test_modules_stay_small(module):
    lines = (REPO_ROOT / "pipeline" / f"{module}.py").read_text(encoding="utf-8").count("\n")
    assert lines < 500


def test_a_version_whose_round_data_changed_is_withdrawn_but_configuration_keeps_it(tmp_path):
    old = make_profile(cycle=2022)
    write_signoff(tmp_path, old)
    fixed = replace_item(old, 0, mean_future=1.0, change=-1.0)  # a corrected 2022 export
    assert plan_for(tmp_path, fixed, stored=[fixed]).published is None
    current = make_profile(seed=9, cycle=2025)
    assert plan_for(tmp_path, current, stored=[fixed]).published is None  # not back in 2025
    assert plan_for(tmp_path, current, stored=[old]).published.cycle == 2022
    # An edited description is configuration: the approved version stays, rebuilt as signed
    # with the store's exact figures and spreads.
    edited = dataclasses.replace(old, description={"fi": "Uusi kuvaus", "en": "New text"})
    pv = plan_for(tmp_path, edited, stored=[edited])
    assert pv.in_review and pv.published.source == "signoff"
    assert pv.published.profile.description == old.description
    assert [i.mean_future for i in pv.published.profile.items] == [i.mean_future for i in old.items]
    # The data of the round is gone from raw/: the signed snapshot is what there is.
    assert plan_for(tmp_path, current, stored=[]).published.source == "signoff"
