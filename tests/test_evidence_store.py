"""Evidence through the whole run on a project whose answer is known (evidence_factories:
kitchen_project): the store's tables and views with lineage, the model, open data, the
review queue and its commands, names kept out, bad evidence stopping the run."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_factories import EMPLOYER, INTERVIEWEE, kitchen_project
from signoff_factories import write_signoff

from pipeline import stages, store
from pipeline.cli import cli
from pipeline.config import Config
from pipeline.errors import ConfigError, DataError
from pipeline.model import AdCount, ItemEvidence, ProfileEvidence
from pipeline.signoff import content_hash
from pipeline.stages import Run

PERIOD = (date(2024, 1, 1), date(2025, 12, 31))
# What a published view may never hold: the note's and the ads' names, the survey's
# organisations, and the quote marked not publishable.
SECRETS = (EMPLOYER, INTERVIEWEE, "Salakala", "Jängän Keittiö", "Yritys 0 Oy", "jokainen kokki")
PUBLISHED_VIEWS = (
    "profile_item_evidence",
    "theme_requirement_gaps",
    "profile_item_requirements",
    "profile_item_coverage",
    "profile_requirement_queue",
    "profile_ad_evidence",
    "evidence_ad_mentions",
    "evidence_interviews",
    "evidence_quotes",
    "evidence_qualifications",
    "evidence_requirements",
)


def build(project) -> list[str]:
    return stages.run_build(Run.of(project), pdf=False).lines


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory):
    """The kitchen project built, with an approving sign-off so that it is published."""
    project = kitchen_project(tmp_path_factory.mktemp("kitchen"))
    stages.run_ingest(Run.of(project))
    write_signoff(project.raw / "signoffs", stages.load_profiles(Run.of(project))[0])
    lines = build(project)
    assert "published 1 profile(s)" in "\n".join(lines)
    return project, lines


def query(project, sql: str, params=()) -> list[tuple]:
    con = store.open_store(project.store_path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def args(project) -> list[str]:
    return ["--raw", str(project.raw), "--build", str(project.build), "--themes",
            str(project.themes_file)]  # fmt: skip


def test_not_in_the_qualification_requirements_on_a_profile_whose_answer_is_known(kitchen):
    project, _ = kitchen
    rows = query(
        project,
        "SELECT item, status, requirement_ids, growing FROM profile_item_coverage "
        "ORDER BY status, change DESC NULLS LAST, item",
    )
    assert rows == [
        ("Palvelee asiakkaita englanniksi", "gap", [], True),  # its proposal was rejected
        ("Hyödyntää lähiruokaa", "gap", [], True),
        ("Käyttää keittiön tilaus- ja ohjausjärjestelmiä", "gap", [], True),
        ("Tuntee ravitsemussuositukset", "not_growing", [], False),  # 805 awaits review
        ("Säästää energiaa, vettä ja materiaaleja", "not_growing", [], False),  # withheld
        ("Vähentää ruokahävikkiä", "required", ["802"], True),
        ("Noudattaa hygieniamääräyksiä", "required", ["801"], False),
    ]
    assert query(project, "SELECT * FROM theme_requirement_gaps ORDER BY theme") == [
        ("kokki", 2022, "ammatillinen", 1, 1),
        ("kokki", 2022, "digitaidot", 1, 1),
        ("kokki", 2022, "kieli-ja-viestinta", 1, 1),
        ("kokki", 2022, "turvallisuus", 0, 0),
        ("kokki", 2022, "vastuullisuus", 1, 0),
    ]
    profile = stages.load_profiles(Run.of(project))[0]
    qualification = profile.evidence.qualification
    assert (qualification.peruste_id, qualification.n_required, qualification.n_gaps) == (
        7000001,
        2,
        3,
    )
    assert qualification.url == "https://eperusteet.opintopolku.fi/#/fi/ammatillinen/7000001/tiedot"
    by_text = {i.item: i.evidence for i in profile.items}
    waste = by_text["Vähentää ruokahävikkiä"]
    assert [(r.code, r.text["fi"], r.unit_code) for r in waste.requirements] == [
        ("802", "vähentää ruokahävikkiä", "200001")
    ]
    assert waste.requirements[0].url.endswith("/7000001/tutkinnonosat/1001")
    assert waste.coverage == "required" and waste.n_quotes == 1
    assert waste.ads == AdCount(1, 3, *PERIOD, reviewed_terms=False)
    assert by_text["Hyödyntää lähiruokaa"].ads == AdCount(2, 3, *PERIOD, reviewed_terms=True)
    assert by_text["Tuntee ravitsemussuositukset"] == ItemEvidence(
        coverage="not_growing", ads=AdCount(0, 3, *PERIOD, reviewed_terms=False)
    )


def test_ads_are_counted_as_by_hand_with_the_ads_behind_each_count(kitchen):
    project, _ = kitchen
    assert query(project, "SELECT ad_id FROM profile_ads ORDER BY ad_id") == [
        ("K1",),
        ("K2",),
        ("K3",),
    ]
    mentions = query(
        project,
        "SELECT i.item, m.ad_id, m.term, m.row FROM evidence_ad_mentions m "
        "JOIN profile_items i USING (profile_id, cycle, item_id) ORDER BY i.item, m.ad_id",
    )
    assert mentions == [
        ("Hyödyntää lähiruokaa", "K2", "lähiruoka", 3),
        ("Hyödyntää lähiruokaa", "K3", "lähiruoka", 4),
        ("Käyttää keittiön tilaus- ja ohjausjärjestelmiä", "K3",
         "keittiön tilaus ohjausjärjestelmiä", 4),
        ("Palvelee asiakkaita englanniksi", "K2", "palvelee asiakkaita englanniksi", 3),
        ("Vähentää ruokahävikkiä", "K1", "vähentää ruokahävikkiä", 2),
    ]  # fmt: skip
    assert {f for (f,) in query(project, "SELECT DISTINCT file FROM evidence_ad_mentions")} == {
        str(project.raw / "evidence" / "ads" / "ilmoitukset.csv")
    }


def test_every_source_keeps_its_lineage(kitchen):
    project, _ = kitchen
    assert query(
        project,
        "SELECT requirement_id, json_path FROM evidence_requirements WHERE requirement_id = '805'",
    ) == [("805", "$.tutkinnonOsat[0].ammattitaitovaatimukset2019.vaatimukset[4]")]
    assert query(
        project, 'SELECT item_id, requirement_id, "row" FROM profile_item_requirement_pairs'
    ) == [
        ("text:noudattaa hygieniamääräyksiä", "801", 3),
        ("text:vähentää ruokahävikkiä", "802", 2),
    ]
    assert query(project, "SELECT quote_index, line, items FROM evidence_quotes") == [
        (1, 8, ["Vähentää ruokahävikkiä"]),
        (3, 15, ["Palvelee asiakkaita englanniksi"]),
    ]
    assert query(project, "SELECT n_quotes, n_published FROM evidence_interviews") == [(3, 2)]


def test_names_never_enter_the_published_views(kitchen):
    project, _ = kitchen
    con = store.open_store(project.store_path)
    try:
        for view in PUBLISHED_VIEWS:
            text = json.dumps(con.execute(f"SELECT * FROM {view}").fetchall(), default=str)
            assert [s for s in SECRETS if s in text] == [], view
        # ad texts are never stored; titles are kept for checking only (they may name employers)
        columns = [c[0] for c in con.execute("DESCRIBE evidence_ads").fetchall()]
        assert "text" not in columns and "employer" not in columns
    finally:
        con.close()


def test_open_data_carries_each_competences_evidence_and_only_clean_quotes(kitchen):
    project, _ = kitchen
    folder = project.site_dir / "kokki"
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO((folder / "kokki.csv").read_text()))}
    waste = rows["Vähentää ruokahävikkiä"]
    assert {k: waste[k] for k in list(waste)[-7:]} == {
        "requirement_codes": "802",
        "qualification_coverage": "required",
        "ad_mentions": "1",
        "ads_total": "3",
        "ads_period_start": "2024-01-01",
        "ads_period_end": "2025-12-31",
        "interview_quotes": "1",
    }
    assert rows["Hyödyntää lähiruokaa"]["qualification_coverage"] == "gap"
    data = json.loads((folder / "kokki.json").read_text())
    evidence = data["profile"]["evidence"]
    assert evidence["qualification"]["n_gaps"] == 3 and evidence["ads"]["n_ads"] == 3
    assert [(q["text"], q["item_ids"]) for q in evidence["quotes"]] == [
        (
            "Hävikin vähentäminen on meille sekä raha- että arvokysymys.",
            ["text:vähentää ruokahävikkiä"],
        ),
        ("Englantia tarvitaan joka päivä.", ["text:palvelee asiakkaita englanniksi"]),
    ]
    package = json.loads((project.site_dir / "datapackage.json").read_text())
    fields = {f["name"] for f in package["resources"][0]["schema"]["fields"]}
    assert {"requirement_codes", "ad_mentions", "interview_quotes"} <= fields
    for path in project.site_dir.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".csv", ".json"}:
            text = path.read_text(encoding="utf-8")
            assert [s for s in SECRETS if s in text] == [], path.name


def test_the_requirement_queue_in_the_summary_checks_page_and_commands(kitchen, tmp_path):
    project, lines = kitchen
    assert (
        "requirement queue: 1 proposal(s) for 1 item(s) await review (`osaaja evidence "
        "proposals` prints lines for the requirement map)"
    ) in lines
    html = (project.build / "checks.html").read_text(encoding="utf-8")
    assert '<a href="#requirements">1 proposal(s) awaiting review</a>' in html
    assert "<code>805</code> toimia ravitsemussuositusten mukaisesti" in html
    status = CliRunner().invoke(cli, [*args(project), "evidence", "status"])
    assert status.exit_code == 0, status.output
    assert status.stdout.splitlines()[1].split() == [
        "kokki", "7000001", "2", "3", "1", "3", "4", "1", "2"
    ]  # fmt: skip
    proposals = CliRunner().invoke(cli, [*args(project), "evidence", "proposals", "kokki"])
    assert proposals.exit_code == 0, proposals.output
    assert proposals.stdout.splitlines()[3:] == [
        "  # --- kokki (cycle 2022)",
        "  # 1.00 · Ruokapalvelujen tuottaminen (200001) · toimia ravitsemussuositusten "
        "mukaisesti · matched: ravitsemussuositukset",
        '  - {item: "Tuntee ravitsemussuositukset", requirement: "805", status: confirmed}',
    ]
    unknown = CliRunner().invoke(cli, [*args(project), "evidence", "proposals", "kock"])
    assert unknown.exit_code == 2 and "unknown profile(s): kock; known: kokki" in unknown.output
    # the analyst pastes the line: the next build counts it and the queue is empty
    copy = replace(project, raw=tmp_path / "raw", build=tmp_path / "build")
    shutil.copytree(project.raw, copy.raw)
    path = copy.raw / "evidence" / "requirement_map.yaml"
    path.write_text(path.read_text() + proposals.stdout.splitlines()[-1] + "\n")
    build(copy)
    assert query(copy, "SELECT count(*) FROM profile_requirement_queue") == [(0,)]
    assert query(
        copy, "SELECT status FROM profile_item_coverage WHERE item = 'Tuntee ravitsemussuositukset'"
    ) == [("required",)]
    done = CliRunner().invoke(cli, [*args(copy), "evidence", "proposals"])
    assert done.stdout == "no requirement proposals await review\n"


def test_reviewers_sign_the_survey_content_not_the_evidence(kitchen):
    project, _ = kitchen
    profile = stages.load_profiles(Run.of(project))[0]
    bare = replace(
        profile,
        evidence=ProfileEvidence(),
        items=tuple(replace(i, evidence=ItemEvidence()) for i in profile.items),
    )
    assert profile.evidence != bare.evidence and content_hash(profile) == content_hash(bare)


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_bad_evidence_file_stops_the_run_and_changes_nothing(kitchen, tmp_path):
    project, _ = kitchen
    copy = replace(project, raw=tmp_path / "raw", build=tmp_path / "build")
    shutil.copytree(project.raw, copy.raw)
    shutil.copytree(project.build, copy.build)
    before = tree(copy.build)
    evidence = copy.raw / "evidence"
    (evidence / "eperusteet" / "keittio.json").write_text('{"id": 7000001,\n  "nimi": }\n')
    ads = evidence / "ads" / "ilmoitukset.csv"
    ads.write_text(ads.read_text().replace("2.5.2024", "toukokuu 2024"))
    note = evidence / "interviews" / "2024-03-05_kokki.yaml"
    note.write_text(
        note.read_text().replace("Englantia tarvitaan", "Yrityksellä 0 englantia tarvitaan")
    )
    result = CliRunner().invoke(cli, [*args(copy), "build", "--no-pdf"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{evidence}/ads/ilmoitukset.csv › row 3 › column julkaistu: date 'toukokuu 2024' is "
        "not accepted; accepted: a date like 2024-03-15 or 15.3.2024",
        f"{evidence}/eperusteet/keittio.json › row 2: not valid JSON: Expecting value (column 11)",
        f"{evidence}/interviews/2024-03-05_kokki.yaml › row 15: quote 3 contains the "
        "confidential name 'Yritys 0 Oy' and is not published; rephrase it without names or "
        "set publishable: false",
        f"3 problem(s) in the evidence ({evidence}/ads/ilmoitukset.csv, "
        f"{evidence}/eperusteet/keittio.json, {evidence}/interviews/2024-03-05_kokki.yaml); "
        "nothing was changed.",
    ]
    assert tree(copy.build) == before


def test_evidence_settings_are_checked_with_their_lines(kitchen, tmp_path):
    project, _ = kitchen
    copy = replace(project, raw=tmp_path / "raw")
    shutil.copytree(project.raw, copy.raw, ignore=shutil.ignore_patterns("signoffs"))
    settings = copy.raw / "osaaja.yaml"
    settings.write_text(
        "evidence:\n"
        "  interviews: ../../notes\n"
        "  eperusteet: evidence/perusteet\n"
        "  qualifications: {kokki: '399999', kock: '399999'}\n"
        "  job_ads:\n"
        "    folder: evidence/ads\n"
        "    columns: {id: ilmoitus_id, title: otsikko, text: kuvaus, date: julkaistu,\n"
        "              occupation_code: ammattikoodi}\n"
        "    occupations: {myyja: {codes: ['5223']}}\n"
    )
    with pytest.raises(ConfigError) as err:
        Config.load(copy)
    assert [str(p).replace(str(settings), "osaaja.yaml") for p in err.value.problems] == [
        "osaaja.yaml › row 2: '../../notes' must be a path inside raw/, written relative to it, "
        "e.g. evidence/ads",
        "osaaja.yaml › row 3: 'evidence/perusteet' is not a folder under "
        f"{copy.raw.as_posix()}/; check the path",
        "osaaja.yaml › row 4: unknown profile 'kock'; the profiles are listed in profiles.yaml",
        "osaaja.yaml › row 9: unknown profile 'myyja'; the profiles are listed in profiles.yaml",
    ]
    settings.write_text("evidence:\n  qualifications: {kokki: '381204'}\n")
    with pytest.raises(DataError) as err:
        stages.run_ingest(Run.of(copy))
    assert [p.message for p in err.value.problems] == [
        "qualifications: kokki: '381204' matches no peruste saved under "
        f"{(copy.raw / 'evidence' / 'eperusteet').as_posix()}/ (its id, diaarinumero or "
        "koulutuskoodi); save the qualification's JSON there (docs/evidence.md)"
    ]
