"""Cycles: item aliases, change between cycles (``osaaja diff``) and ``osaaja new-cycle``."""

from __future__ import annotations

import io
import shutil
import textwrap
from pathlib import Path

import pytest
from cycle_factories import build_chain, demo_store, profiles_yaml, survey
from factories import minimal_themes, run_cli
from openpyxl import load_workbook
from signoff_factories import make_profile, write_signoff

from pipeline import diff, identity, stages, store, themes
from pipeline.contract import item_key
from pipeline.errors import UsageError
from pipeline.project import Project
from pipeline.signoff import load_signoffs

# --- item identity: codes, texts and the aliases file -------------------------------------

# (survey, item text, code) as the store hands them to ``identity.resolve``.
OCCURRENCES = [
    ("2019_matkailu", "Palvelee asiakkaita", None),
    ("2019_matkailu", "Käyttää sähköpostia", "MAT-016"),
    ("2022_matkailu", "Palvelee asiakkaita monikanavaisesti", None),
    ("2022_matkailu", "Käyttää sähköpostia ja pikaviestimiä", "MAT-016"),
    ("2019_kokki", "Käyttää sähköpostia", None),
    ("2022_kokki", "Käyttää sähköpostia ja pikaviestimiä", None),
    ("2019_logistiikka", "Laatii rahtikirjat", "LOG-008"),
    ("2022_logistiikka", "Laatii sähköiset rahtikirjat", "LOG-009"),
    ("2019_rakennus", "Lukee piirustuksia", None),
    ("2022_rakennus", "Lukee tietomalleja", None),
    ("2022_rakennus", "Käyttää tietomallia työmaalla", None),
]


def occurrences(rows=OCCURRENCES):
    return [
        identity.Occurrence(survey, item_key(text), code, text, f"{survey}.xlsx", "S", n + 5)
        for n, (survey, text, code) in enumerate(rows)
    ]


def aliases(tmp_path, text: str, rows=OCCURRENCES):
    path = tmp_path / "item_aliases.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    parsed, problems = identity.parse_aliases(path)
    ids, more, _conflicts = identity.resolve(occurrences(rows), parsed, path)
    return ids, problems + more


def test_a_code_links_two_wordings_and_a_survey_without_codes_follows_the_text(tmp_path):
    ids, problems = aliases(tmp_path, "aliases: []\n")
    assert problems == []
    # MAT-016 ties the e-mail wordings; kokki's rows carry no code but the same texts.
    assert ids["käyttää sähköpostia"] == ids["käyttää sähköpostia ja pikaviestimiä"]
    assert ids["käyttää sähköpostia"] == "code:MAT-016"
    assert ids["palvelee asiakkaita"] == "text:palvelee asiakkaita"
    assert (
        ids["palvelee asiakkaita monikanavaisesti"] == "text:palvelee asiakkaita monikanavaisesti"
    )


def test_a_text_alias_gives_both_texts_one_identity(tmp_path):
    ids, problems = aliases(
        tmp_path,
        """\
        aliases:
          - item: "Palvelee  asiakkaita MONIKANAVAISESTI"   # normalised like the exports
            was: Palvelee asiakkaita
    """,
    )
    assert problems == []
    assert ids["palvelee asiakkaita monikanavaisesti"] == "text:palvelee asiakkaita"
    assert ids["palvelee asiakkaita"] == "text:palvelee asiakkaita"


def test_aliases_by_code_and_chains_make_one_group_named_by_its_smallest_text(tmp_path):
    ids, problems = aliases(
        tmp_path,
        """\
        aliases:
          - {code: LOG-009, was_code: LOG-008}
          - {item: Käyttää tietomallia työmaalla, was: Lukee tietomalleja}
          - {item: Lukee tietomalleja, was: Lukee piirustuksia}
    """,
    )
    assert problems == []
    # two codes in one group: no single survey's code names it
    assert (
        ids["laatii sähköiset rahtikirjat"]
        == ids["laatii rahtikirjat"]
        == "text:laatii rahtikirjat"
    )
    assert {
        ids[k]
        for k in ("käyttää tietomallia työmaalla", "lukee tietomalleja", "lukee piirustuksia")
    } == {"text:käyttää tietomallia työmaalla"}


def test_an_alias_pointing_at_nothing_is_reported_with_file_and_line(tmp_path):
    ids, problems = aliases(
        tmp_path,
        """\
        # comment
        aliases:
          - item: Palvelee asiakkaita monikanavaisesti
            was: Palvelee asiakkaita
          - item: Ei ole tällaista osaamista
            was: Palvelee asiakkaita
          - item: Lukee tietomalleja
            was_code: XYZ-1
    """,
    )
    assert ids["palvelee asiakkaita monikanavaisesti"] == "text:palvelee asiakkaita"  # the good one
    assert ids["lukee tietomalleja"] == "text:lukee tietomalleja"  # the bad one links nothing
    path = tmp_path / "item_aliases.yaml"
    assert [str(p) for p in problems] == [
        f"{path} › row 5: points at nothing: no survey has the later item text 'ei ole tällaista "
        "osaamista'; write the later item's text (or code) as it is in the export",
        f"{path} › row 7: points at nothing: no survey has the earlier item code 'XYZ-1'; "
        "write the earlier item's text (or code) as it is in the export",
    ]
    assert {p.code for p in problems} == {"identity.alias_unknown"}


@pytest.mark.parametrize(
    ("text", "row", "message"),
    [
        (
            "aliases:\n  - {item: Lukee tietomalleja, was: Lukee tietomalleja}\n",
            2,
            "maps an item to itself",
        ),
        (
            "aliases:\n  - {item: Lukee tietomalleja, was: Lukee piirustuksia}\n"
            "  - {item: Lukee tietomalleja, was: Palvelee asiakkaita}\n",
            3,
            "aliased twice (also on line 2)",
        ),
        ("aliases:\n  - {item: Lukee tietomalleja}\n", 2, "exactly one of item/code"),
        (
            "aliases:\n  - {item: Lukee tietomalleja, was: x, since: 2022}\n",
            2,
            "unknown key(s) since",
        ),
        ("aliases:\n  - item: [a\n", 3, "not valid YAML"),
        ("- {item: a, was: b}\n", 1, "expected 'aliases:'"),
    ],
)
def test_bad_alias_files_are_reported_with_their_line(tmp_path, text, row, message):
    _ids, problems = aliases(tmp_path, text)
    assert problems, "expected a problem"
    assert problems[0].row == row
    assert message in problems[0].message


def test_codes_and_texts_that_disagree_in_one_survey_are_reported_and_the_rule_decides():
    rows = [
        ("s1", "Laatii rahtikirjat", "LOG-008"),
        ("s1", "Pakkaa tavarat", "LOG-008"),  # one code, two texts in one survey
        ("s2", "Laatii rahtikirjat", "LOG-008"),
        ("s3", "Kuittaa lähetykset", "A-1"),
        ("s3", "Kuittaa lähetykset", "A-2"),  # one text, two codes in one survey
    ]
    ids, problems, conflicts = identity.resolve(occurrences(rows), [], "item_aliases.yaml")
    assert problems == []
    assert [str(c) for c in conflicts] == [
        "s1.xlsx › S › row 5: code 'LOG-008' labels different items in one survey: "
        "'Laatii rahtikirjat' (row 5); 'Pakkaa tavarat' (row 6); the code does not link them "
        "(each keeps its text's identity); fix the codes in the export",
        "s3.xlsx › S › row 8: item 'Kuittaa lähetykset' carries several codes in one survey: "
        "A-1 (row 8); A-2 (row 9); all are linked to it as one item; fix the codes in the "
        "export if they are different items",
    ]
    assert [c.code for c in conflicts] == ["identity.code_two_texts", "identity.text_two_codes"]
    # LOG-008 still links the text where it is unambiguous (s2); "Pakkaa tavarat" stays apart
    assert ids["laatii rahtikirjat"] == "code:LOG-008"
    assert ids["pakkaa tavarat"] == "text:pakkaa tavarat"
    assert ids["kuittaa lähetykset"] == "text:kuittaa lähetykset"  # two codes: named by text


def test_no_aliases_file_means_no_aliases(tmp_path):
    assert identity.parse_aliases(tmp_path / "item_aliases.yaml") == ([], [])


# --- identity and change in a store -------------------------------------------------------

# (text, code, future importance, organisations rating it)
SURVEY_2019 = [
    ("Palvelee asiakkaita", None, 4, 5),  # steady
    ("Käyttää varausjärjestelmää", None, 3, 5),  # rising, reworded (alias)
    ("Täyttää paperilomakkeet", None, 4, 5),  # falling, reworded without alias -> dropped + new
    ("Kirjoittaa käsin", None, 4, 5),  # dropped
    ("Laskee kassan", "K-1", 4, 2),  # below the minimum of 3 organisations
]
SURVEY_2022 = [
    ("Palvelee asiakkaita", None, 4, 6),
    ("Käyttää sähköisiä varausjärjestelmiä", None, 5, 6),
    ("Täyttää sähköiset lomakkeet", None, 2, 6),
    ("Hyödyntää tekoälyä", None, 5, 4),  # new
    ("Laskee kassan ja maksupäätteen", "K-1", 5, 6),  # reworded, the code keeps the identity
    ('=HYPERLINK("http://x")', None, 3, 6),  # new; must reach the workbook as text
]


@pytest.fixture(scope="module")
def two_cycles_built(tmp_path_factory) -> Path:
    """Built once; each test gets a copy (``two_cycles``)."""
    root = tmp_path_factory.mktemp("two-cycles")
    raw = root / "raw"
    survey(raw / "2019" / "2019_matkailu_opas.xlsx", 2019, "Matkailu", "Opas", SURVEY_2019)
    survey(raw / "2022" / "2022_matkailu_opas.xlsx", 2022, "Matkailu", "Opas", SURVEY_2022)
    survey(
        raw / "2022" / "2022_matkailu_uusi.xlsx",
        2022,
        "Matkailu",
        "Uusi",
        [("Palvelee asiakkaita", None, 3, 3)],
    )
    profiles_yaml(
        raw / "profiles.yaml", [("opas", "matkailu", "opas"), ("uusi", "matkailu", "uusi")]
    )
    (raw / "item_aliases.yaml").write_text(
        "aliases:\n  - {item: Käyttää sähköisiä varausjärjestelmiä, was: Käyttää varausjärjestelmää}\n",
        encoding="utf-8",
    )
    project = Project.at(raw=raw, build=root / "build", themes=minimal_themes(root / "themes.yaml"))
    assert build_chain(project) == []
    return root


@pytest.fixture
def two_cycles(two_cycles_built, tmp_path) -> Project:
    shutil.copytree(two_cycles_built, tmp_path, dirs_exist_ok=True)
    return Project.at(
        raw=tmp_path / "raw", build=tmp_path / "build", themes=tmp_path / "themes.yaml"
    )


def changes_of(project: Project, before: int = 2019, after: int = 2022):
    con = store.open_store(project.store_path)
    try:
        specs = cycles_specs(project)
        return diff.cycle_diff(con, specs, before, after, trend_threshold=0.3)
    finally:
        con.close()


def cycles_specs(project):
    from pipeline import profiles

    return profiles.load_profiles(project.profiles_file)


def test_diff_classifies_items_by_identity_with_aliases_and_codes(two_cycles):
    change = changes_of(two_cycles)
    assert [p.profile_id for p in change.profiles] == ["opas"]
    assert change.not_compared == (("uusi", "no data in 2019"),)
    opas = change.profiles[0]
    assert (opas.previous_n_organisations, opas.n_organisations) == (5, 6)
    got = {(c.status, c.item, c.previous_item) for c in opas.changes}
    assert got == {
        ("new", "Hyödyntää tekoälyä", None),
        ("new", '=HYPERLINK("http://x")', None),
        ("new", "Täyttää sähköiset lomakkeet", None),
        ("rising", "Käyttää sähköisiä varausjärjestelmiä", "Käyttää varausjärjestelmää"),
        ("dropped", "Kirjoittaa käsin", "Kirjoittaa käsin"),
        ("dropped", "Täyttää paperilomakkeet", "Täyttää paperilomakkeet"),
        ("not_compared", "Laskee kassan ja maksupäätteen", "Laskee kassan"),
        ("steady", "Palvelee asiakkaita", "Palvelee asiakkaita"),
    }
    rising = next(c for c in opas.changes if c.status == "rising")
    assert (rising.previous_mean_future, rising.mean_future, rising.future_change) == (
        3.0,
        5.0,
        2.0,
    )
    assert (rising.previous_n_organisations, rising.n_organisations) == (5, 6)
    kassa = next(c for c in opas.changes if c.item_id == "code:K-1")
    assert (kassa.below_minimum, kassa.previous_n_organisations) == (True, 2)
    # listed in status order, new items with the highest importance first
    assert [c.status for c in opas.changes] == ["new"] * 3 + [
        "rising",
        "dropped",
        "dropped",
        "not_compared",
        "steady",
    ]
    assert opas.changes[0].item == "Hyödyntää tekoälyä"


def test_without_the_alias_a_reworded_item_is_new_and_its_old_wording_dropped(two_cycles):
    two_cycles.aliases_file.unlink()
    build_chain(two_cycles)
    statuses = {c.item: c.status for c in changes_of(two_cycles).profiles[0].changes}
    assert statuses["Käyttää sähköisiä varausjärjestelmiä"] == "new"
    assert statuses["Käyttää varausjärjestelmää"] == "dropped"


def test_theme_shares_then_and_now(two_cycles):
    shares = changes_of(two_cycles).profiles[0].shares
    assert len(shares) == 1 and shares[0].theme is None  # not themed here: all unthemed
    assert (shares[0].previous_n_items, shares[0].n_items) == (5, 6)
    assert shares[0].previous_share == shares[0].share == 1.0


def test_item_changes_view_agrees_with_the_profile_trends(two_cycles):
    con = store.open_store(two_cycles.store_path)
    try:
        pairs = con.execute("""
            SELECT c.status, t.trend FROM item_changes c
            JOIN profile_item_trends t USING (profile_id, cycle, item_id) ORDER BY ALL""").fetchall()
        dropped = con.execute(
            "SELECT item FROM item_changes WHERE status = 'dropped' ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    assert pairs == [("new", "new")] * 3 + [
        ("not_compared", None),
        ("rising", "rising"),
        ("steady", "steady"),
    ]
    assert dropped == [("Kirjoittaa käsin",), ("Täyttää paperilomakkeet",)]


def test_an_alias_merging_two_items_of_one_survey_is_reported(two_cycles):
    two_cycles.aliases_file.write_text(
        "aliases:\n  - {item: Hyödyntää tekoälyä, was: Palvelee asiakkaita}\n", encoding="utf-8"
    )
    problems = build_chain(two_cycles)
    assert len(problems) == 1
    assert (
        "survey 2022_matkailu_opas: 'Hyödyntää tekoälyä' / 'Palvelee asiakkaita' share the identity "
        "text:hyödyntää tekoälyä" in problems[0].message
    )


def test_diff_lines_list_changes_with_organisations_and_shares(two_cycles):
    lines = diff.diff_lines(changes_of(two_cycles))
    text = "\n".join(lines)
    assert (
        "opas (opas): 5 → 6 organisations; 3 new, 1 rising, 0 falling, 2 dropped, 1 not compared, 1 steady"
        in text
    )
    row = next(line for line in lines if "Käyttää sähköisiä" in line)
    assert row.split() == [
        "rising",
        "Käyttää",
        "sähköisiä",
        "varausjärjestelmiä",
        "-",
        "3.00",
        "(5)",
        "5.00",
        "(6)",
        "+2.00",
    ]
    assert "Palvelee asiakkaita" not in text  # steady items are counted, not listed
    assert "theme shares: unthemed 100% → 100%" in text
    assert "uusi: not compared, no data in 2019" in text


def test_diff_workbook_is_deterministic_and_writes_formula_like_text_as_text(two_cycles):
    change = changes_of(two_cycles)
    data = diff.diff_workbook(change, [])
    assert diff.diff_workbook(changes_of(two_cycles), []) == data
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [
        "Selite - Legend",
        "Muutokset - Changes",
        "Teemaosuudet - Theme shares",
    ]
    cell = next(
        c
        for row in wb["Muutokset - Changes"].iter_rows()
        for c in row
        if c.value == '=HYPERLINK("http://x")'
    )
    assert cell.data_type == "s" and cell.quotePrefix
    assert wb["Muutokset - Changes"].max_row == 1 + len(change.profiles[0].changes)


def test_diff_rejects_unknown_or_reversed_cycles(two_cycles):
    with pytest.raises(UsageError, match="no cycle 2016 in the store; it has: 2019, 2022"):
        changes_of(two_cycles, 2016, 2022)
    with pytest.raises(UsageError, match="the earlier cycle comes first: osaaja diff 2019 2022"):
        changes_of(two_cycles, 2022, 2019)


# --- on the demo data ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Project:
    return demo_store(tmp_path_factory)


def test_demo_aliases_and_codes_carry_every_reworded_item(demo):
    change = changes_of(demo)
    reworded = {
        (p.profile_id, c.previous_item, c.item)
        for p in change.profiles
        for c in p.changes
        if c.previous_item and item_key(c.previous_item) != item_key(c.item)
    }
    # raw/README.md: e-mail in six occupations, and one more reworded item in each of eight
    assert len(reworded) == 6 + 8
    assert {pid for pid, before, _now in reworded if before == "Käyttää sähköpostia"} == {
        "matkailupalvelujen-tuottaja",
        "kokki",
        "lahihoitaja",
        "varastonhoitaja",
        "lastenhoitaja",
        "myyja",
    }
    for p in change.profiles:
        assert p.count("dropped") == 1, p.profile_id  # each occupation drops one 2019 item
        assert 2 <= p.count("new") <= 5, p.profile_id
    assert {pid for pid, _ in change.not_compared} == {
        "hyvinvointiteknologian-tukihenkilo",
        "vastuullisen-matkailun-koordinaattori",
    }


def test_demo_profile_items_carry_trends_through_the_aliases(demo):
    con = store.open_store(demo.store_path)
    try:
        rows = {r["item"]: r for r in store.profile_item_rows(con, "lahihoitaja", 2022)}
        cycles_ = store.profile_cycles(con)
    finally:
        con.close()
    record = rows["Kirjaa rakenteisesti sähköiseen potilastietojärjestelmään"]  # reworded, aliased
    assert record["trend"] == "rising" and record["previous_mean_future"] is not None
    assert rows["Käyttää sähköpostia ja pikaviestimiä"]["trend"] == "rising"
    previous = {(r["profile_id"], r["cycle"]): r["previous_cycle"] for r in cycles_}
    assert previous[("lahihoitaja", 2022)] == 2019
    assert previous[("hyvinvointiteknologian-tukihenkilo", 2022)] is None  # a first cycle


run = run_cli  # osaaja … on the project, through CliRunner


def test_cli_diff_prints_the_table_and_writes_a_colour_coded_workbook(demo):
    result = run(demo, "diff", "2019", "2022", "--profile", "lahihoitaja")
    assert result.exit_code == 0, result.output
    assert "lahihoitaja (Lähihoitaja): 12 → 13 organisations" in result.stdout
    assert "kokki" not in result.stdout
    target = demo.analyst_dir / "diff_2019_2022.xlsx"
    assert f"wrote {target}" in result.stdout
    first = target.read_bytes()
    assert run(demo, "diff", "2019", "2022").exit_code == 0
    assert target.read_bytes() == first  # the workbook holds every profile either way
    infos = {t.label["fi"]: t for t in themes.theme_infos(themes.load_rules(demo.themes_file))}
    ws = load_workbook(target)["Muutokset - Changes"]
    rows = list(ws.iter_rows(min_row=2))
    assert {r[0].value for r in rows} >= {"lahihoitaja", "kokki"}
    for row in rows[:40]:
        theme = infos[row[4].value]
        assert row[3].value == theme.marker  # colour is never the only signal
        assert row[0].fill.fgColor.rgb == "FF" + theme.colour.lstrip("#").upper()
        assert row[0].font.color.rgb == "FF" + theme.text_colour.lstrip("#").upper()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["diff", "2019", "2016"], 2, "the earlier cycle comes first"),
        (["diff", "2016", "2022"], 2, "no cycle 2016 in the store"),
        (["diff", "2019", "2022", "--profile", "ei-ole"], 2, "unknown profile 'ei-ole'"),
        (["diff", "2019"], 2, "Missing argument"),
    ],
)
def test_cli_diff_usage_errors(demo, args, code, message):
    result = run(demo, *args)
    assert result.exit_code == code
    assert message in result.output


def test_cli_diff_without_a_store_or_profiles_exits_1(tmp_path, demo):
    project = Project.at(raw=demo.raw, build=tmp_path / "nothing", themes=demo.themes_file)
    result = run(project, "diff", "2019", "2022")
    assert result.exit_code == 1 and "no store yet" in result.output
    raw = tmp_path / "raw"
    shutil.copytree(demo.raw, raw, ignore=shutil.ignore_patterns("profiles.yaml"))
    project = Project.at(raw=raw, build=tmp_path / "nothing", themes=demo.themes_file)
    stages.run_ingest(
        stages.Run.of(project)
    )  # a store without profiles (raw/ has no profiles.yaml)
    result = run(project, "diff", "2019", "2022")
    assert (
        result.exit_code == 1
        and "profiles.yaml: not found; list the profiles to publish here" in result.output
    )


# --- new-cycle ----------------------------------------------------------------------------


@pytest.fixture
def raw_with_signoffs(tmp_path) -> Project:
    raw = tmp_path / "raw"
    survey(raw / "2019" / "2019_matkailu_opas.xlsx", 2019, "Matkailu", "Opas", SURVEY_2019)
    survey(raw / "2022" / "2022_matkailu_opas.xlsx", 2022, "Matkailu", "Opas", SURVEY_2022)
    profiles_yaml(
        raw / "profiles.yaml",
        [("opas", "matkailu", "opas"), ("lahihoitaja", "sote", "lahihoitaja")],
    )
    nurse = make_profile()
    write_signoff(raw / "signoffs", nurse, "Aino Virtanen")
    write_signoff(
        raw / "signoffs",
        nurse,
        "Pekka Opettaja",
        role="teacher",
        decision="changes_requested",
        comments="Lisää kielitaitoa.",
    )
    (raw / "theme_overrides.yaml").write_text("overrides: []\n", encoding="utf-8")
    return Project.at(raw=raw, build=tmp_path / "build", themes=minimal_themes(tmp_path / "t.yaml"))


def snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_new_cycle_prepares_the_folder_and_is_harmless_twice(raw_with_signoffs):
    project = raw_with_signoffs
    before = snapshot(project.raw)
    result = run(project, "new-cycle", "2025")
    assert result.exit_code == 0, result.output
    after = snapshot(project.raw)
    added = sorted(set(after) - set(before))
    assert added == ["2025/README.md", "2025/REREVIEW.md", "item_aliases.yaml"]
    assert {k: v for k, v in after.items() if k in before} == before  # nothing existing touched
    readme = (project.raw / "2025" / "README.md").read_text(encoding="utf-8")
    assert "- `2025_matkailu_opas.xlsx`" in readme and "- `2025_sote_lahihoitaja.xlsx`" in readme
    rereview = (project.raw / "2025" / "REREVIEW.md").read_text(encoding="utf-8")
    assert "needs re-review for 2025" in rereview
    assert (
        "| lahihoitaja | 2022 | Aino Virtanen | head_of_field | approved | 2024-05-02 | "
        "`signoffs/lahihoitaja/aino-virtanen.yaml` |" in rereview
    )
    assert "| lahihoitaja | 2022 | Pekka Opettaja | teacher | changes_requested |" in rereview
    assert "2 profile(s)" in result.stdout and "2 sign-off(s) listed for re-review" in result.stdout
    # the new files disturb nothing: the stub aliases file is valid, ingest skips the
    # markdown, and the sign-offs still load
    assert identity.parse_aliases(project.aliases_file)[1] == []
    stages.run_ingest(stages.Run.of(project))
    assert load_signoffs(project.signoffs_dir)[1] == []

    second = run(project, "new-cycle", "2025")
    assert second.exit_code == 0, second.output
    assert snapshot(project.raw) == after
    assert second.stdout.count("not overwritten") == 3


def test_new_cycle_keeps_an_edited_readme_and_existing_aliases(raw_with_signoffs):
    project = raw_with_signoffs
    (project.raw / "2025").mkdir()
    (project.raw / "2025" / "README.md").write_text("our own notes\n", encoding="utf-8")
    project.aliases_file.write_text("aliases:\n  - {item: a, was: b}\n", encoding="utf-8")
    result = run(project, "new-cycle", "2025")
    assert result.exit_code == 0, result.output
    assert (project.raw / "2025" / "README.md").read_text(encoding="utf-8") == "our own notes\n"
    assert project.aliases_file.read_text(encoding="utf-8") == "aliases:\n  - {item: a, was: b}\n"
    assert (project.raw / "2025" / "REREVIEW.md").exists()


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2016", "2016 is before the latest cycle 2022"),
        ("25", "25 is not a survey year"),
        ("soon", "'soon' is not a valid integer"),
    ],
)
def test_new_cycle_refuses_a_year_that_is_not_next(raw_with_signoffs, year, message):
    before = snapshot(raw_with_signoffs.raw)
    result = run(raw_with_signoffs, "new-cycle", year)
    assert result.exit_code == 2
    assert message in result.output
    assert snapshot(raw_with_signoffs.raw) == before
