"""Sign-off files, content hashes, status, the publication rule, packets, history, CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re

import pytest
from click.testing import CliRunner
from cycle_factories import profiles_project, profiles_yaml, survey
from factories import minimal_themes
from signoff_factories import make_profile, replace_item, write_signoff

from pipeline import signoff as so
from pipeline import stages, store, yamlfile
from pipeline.cli import cli
from pipeline.errors import ConfigError
from pipeline.project import Project
from pipeline.stages import Run

RULE = so.PublicationRule()


def line_no(path, prefix: str) -> int:
    """1-based line of the first line starting with ``prefix`` (what an error should point at)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(prefix):
            return n
    raise AssertionError(f"{prefix!r} not in {path}")


def edit(path, old: str, new: str) -> None:
    """Replace ``old`` where it starts a line (the header comments mention the keys too)."""
    text = path.read_text(encoding="utf-8")
    assert "\n" + old in text
    path.write_text(text.replace("\n" + old, "\n" + new, 1), encoding="utf-8")


def status_of(profile, signoffs_dir, rule=RULE):
    signoffs, problems = so.load_signoffs(signoffs_dir)
    assert problems == []
    return so.status([profile], signoffs, rule)[0]


# --- content hash -----------------------------------------------------------------------


def test_hash_names_its_algorithm_and_ignores_item_order():
    profile = make_profile()
    shuffled = dataclasses.replace(profile, items=tuple(reversed(profile.items)))
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", so.content_hash(profile))
    assert so.content_hash(shuffled) == so.content_hash(profile)


def test_hash_follows_published_figures_not_build_details():
    profile = make_profile()
    base = so.content_hash(profile)
    item = profile.items[2]
    # Below the published precision (one decimal): the page does not change.
    same_shown = replace_item(profile, 2, mean_future=round(item.mean_future, 1) + 0.01)
    assert so.content_hash(same_shown) == so.content_hash(
        replace_item(profile, 2, mean_future=round(item.mean_future, 1))
    )
    assert so.content_hash(replace_item(profile, 2, mean_future=item.mean_future + 0.3)) != base
    assert (
        so.content_hash(
            replace_item(profile, 2, theme="kielitaito" if item.theme != "kielitaito" else None)
        )
        != base
    )
    assert so.content_hash(replace_item(profile, 2, item=item.item + " (muokattu)")) != base
    assert (
        so.content_hash(dataclasses.replace(profile, description={"fi": "Uusi", "en": "New"}))
        != base
    )
    # Styling and build details are not judged by the reviewer.
    assert so.content_hash(dataclasses.replace(profile, rules_version="sha256:" + "0" * 64)) == base


def test_withheld_figures_do_not_enter_the_hash_but_suppression_does(tmp_path):
    profile = make_profile()
    hidden = replace_item(profile, 0, suppressed=True, mean_now=None, mean_future=None)
    assert so.content_hash(hidden) != so.content_hash(profile)
    # A withheld figure never reaches the model, so the ratings behind it cannot move a
    # reviewed hash: two organisations' answers change, the signed content does not.
    hashes = []
    for future in (4, 1):
        root = tmp_path / str(future)
        survey(
            root / "raw" / "2022_ala_p.xlsx",
            2022,
            "Ala",
            "P",
            [("Palvelee asiakkaita", None, 4, 5), ("Harvinainen taito", None, future, 2)],
        )
        profiles_yaml(root / "raw" / "profiles.yaml", [("p", "ala", "p")])
        project = Project.at(
            raw=root / "raw", build=root / "build", themes=minimal_themes(root / "t.yaml")
        )
        stages.run_ingest(Run.of(project))
        (p,) = stages.load_profiles(Run.of(project))
        rare = next(i for i in p.items if i.item == "Harvinainen taito")
        assert rare.suppressed and (rare.mean_now, rare.mean_future, rare.change) == (None,) * 3
        hashes.append(so.content_hash(p))
    assert hashes[0] == hashes[1]


def test_store_types_hash_like_python_types(tmp_path):
    # The store hands numpy numbers and NaN for a missing mean; the hash must not care.
    np = pytest.importorskip("numpy")
    profile = replace_item(make_profile(), 1, mean_now=None, change=None)
    item = profile.items[0]
    as_numpy = replace_item(
        profile,
        0,
        mean_now=np.float64(item.mean_now),
        n_organisations=np.int64(item.n_organisations),
    )
    as_numpy = replace_item(as_numpy, 1, mean_now=np.float64("nan"), change=np.float64("nan"))
    assert so.content_hash(as_numpy) == so.content_hash(profile)
    write_signoff(tmp_path, as_numpy)
    assert status_of(profile, tmp_path).state == "approved"


# --- files round trip -------------------------------------------------------------------

HOSTILE = [
    "yes",
    "no",
    "null",
    "~",
    "1.5",
    "2024-05-02",
    "a: b",
    "- x",
    "# not a comment",
    "'q'",
    '"dq"',
    "{a}",
    "[b]",
    "&anchor",
    "*alias",
    "!tag",
    "% percent",
    "@at",
    "`tick`",
    "|",
    ">",
    "tab\there",
    "line\nbreak",
    "Ää öö åå – ” €",
    "\u2028sep",
    "\u00a0nbsp",
    "😀",
    "\\back\\slash",
    "<script>",
]


def test_signoff_file_round_trips_hostile_texts(tmp_path):
    rng = random.Random(11)
    profile = make_profile(seed=3, n_items=20)
    for index in range(len(profile.items)):
        text = " ".join(rng.sample(HOSTILE, 3))
        profile = replace_item(profile, index, item=text, area=rng.choice(HOSTILE))
    profile = dataclasses.replace(profile, title={"fi": rng.choice(HOSTILE), "en": "x: y"})
    path = write_signoff(tmp_path, profile, "Åsa Öberg-Ärlig", comments=rng.choice(HOSTILE))
    signoffs, problems = so.load_signoffs(tmp_path)
    assert problems == []
    assert path.name == "asa-oberg-arlig.yaml"
    assert signoffs[0].reviewed_content == so.reviewed_content(profile)
    assert so.status([profile], signoffs, RULE)[0].state == "approved"


# --- status -----------------------------------------------------------------------------


def test_approved_current_signoff_is_publishable_with_a_colophon(tmp_path):
    profile = make_profile()
    write_signoff(tmp_path, profile, "Aino Virtanen", role="head_of_field", date="2024-05-02")
    write_signoff(tmp_path, profile, "Pekka Opettaja", role="teacher", date="2024-04-30")
    st = status_of(profile, tmp_path)
    assert (st.state, st.publishable) == ("approved", True)
    assert st.content_hash == so.content_hash(profile)
    rows = so.colophon(st, show_names=False, lang="fi")
    assert [(label, d.isoformat()) for label, d in rows] == [
        ("opettaja", "2024-04-30"),
        ("toimialapäällikkö", "2024-05-02"),
    ]
    assert not any("Virtanen" in label for label, _ in rows)
    named = so.colophon(st, show_names=True)
    assert named[1][0] == "toimialapäällikkö / head of field: Aino Virtanen"


def test_changing_one_figure_makes_it_stale_and_names_the_change(tmp_path):
    profile = make_profile()
    write_signoff(tmp_path, profile)
    item = profile.items[4]
    changed = replace_item(profile, 4, mean_future=item.mean_future - 0.8)
    st = status_of(changed, tmp_path)
    assert (st.state, st.publishable) == ("stale", False)
    figure_changes = [c for c in st.changes if c.kind == "figure"]
    assert len(figure_changes) == 1
    assert figure_changes[0].subject == item.item
    assert f"{round(item.mean_future, 1)} → {round(item.mean_future - 0.8, 1)}" in str(
        figure_changes[0]
    )
    assert "head of field on 2024-05-02" in st.reason
    assert any(item.item in line for line in so.status_lines([st]))


def test_stale_lists_added_removed_moved_and_counts_small_changes(tmp_path):
    profile = make_profile(n_items=10)
    write_signoff(tmp_path, profile)
    items = list(profile.items)
    removed = items.pop(0)
    moved = items[0] = dataclasses.replace(items[0], theme="uusi-teema")
    items[1] = dataclasses.replace(items[1], mean_now=items[1].mean_now + 0.15)  # within tolerance
    added = dataclasses.replace(items[2], item_id="code:NEW", item="Uusi osaaminen")
    # A new alias changes an item's identity, not what the reviewer sees.
    renamed = items[3] = dataclasses.replace(items[3], item_id="text:uusi tunniste")
    current = dataclasses.replace(profile, items=(*items, added))
    changes = status_of(current, tmp_path).changes
    assert {(c.kind, c.subject) for c in changes} == {
        ("added", "Uusi osaaminen"),
        ("removed", removed.item),
        ("moved", moved.item),
        ("detail", renamed.item),
        ("minor", "1 figure(s)"),
    }
    assert "item identity code:K004 → text:uusi tunniste" in str(changes[-2])
    # A tolerance of 0 lists the small change too.
    strict = status_of(current, tmp_path, so.PublicationRule(change_tolerance=0.0)).changes
    assert any(c.kind == "figure" and c.subject == items[1].item for c in strict)


def test_changes_requested_blocks_and_shows_the_comments(tmp_path):
    profile = make_profile()
    write_signoff(tmp_path, profile, "Aino Virtanen")
    write_signoff(
        tmp_path,
        profile,
        "Pekka Opettaja",
        role="teacher",
        decision="changes_requested",
        comments="Kielitaito puuttuu.\nLisää ruotsi.",
    )
    st = status_of(profile, tmp_path)
    assert (st.state, st.publishable) == ("changes_requested", False)
    assert "teacher on 2024-05-02" in st.reason
    assert st.comments == ("teacher 2024-05-02: Kielitaito puuttuu.\nLisää ruotsi.",)
    lines = so.status_lines([st])
    assert any("Lisää ruotsi." in line for line in lines)
    # The rule can be told not to block on change requests.
    lenient = so.PublicationRule(changes_requested_blocks=False)
    assert status_of(profile, tmp_path, lenient).state == "approved"


def test_a_stale_change_request_no_longer_blocks(tmp_path):
    profile = make_profile()
    write_signoff(
        tmp_path,
        profile,
        "Pekka Opettaja",
        role="teacher",
        decision="changes_requested",
        comments="Lisää ruotsi.",
    )
    fixed = replace_item(profile, 0, item="Palvelee asiakkaita ruotsiksi")
    st = status_of(fixed, tmp_path)
    assert st.state == "stale" and "changes were requested" in st.reason
    write_signoff(tmp_path, fixed, "Aino Virtanen", date="2024-06-01")
    assert status_of(fixed, tmp_path).state == "approved"


def test_rule_roles_and_number_of_approvals(tmp_path):
    profile = make_profile()
    write_signoff(tmp_path, profile, "Olli Ulkopuolinen", role="other")
    st = status_of(profile, tmp_path)
    assert (st.state, st.publishable) == ("missing", False)
    assert "approved only by other reviewers" in st.reason
    assert status_of(profile, tmp_path, so.PublicationRule(approving_roles=("other",))).publishable
    write_signoff(tmp_path, profile, "Aino Virtanen")
    two = so.PublicationRule(min_approvals=2)
    assert status_of(profile, tmp_path, two).state == "missing"
    write_signoff(tmp_path, profile, "Pekka Opettaja", role="teacher")
    assert status_of(profile, tmp_path, two).state == "approved"


def test_no_signoff_is_missing(tmp_path):
    st = so.status([make_profile()], [], RULE)[0]
    assert (st.state, st.publishable) == ("missing", False)
    assert so.colophon(st, show_names=True) == []


def test_blocked_reasons_combine_signoff_and_check_errors(tmp_path):
    a, b = make_profile(profile_id="a"), make_profile(profile_id="b", seed=2)
    write_signoff(tmp_path, a)
    write_signoff(tmp_path, b)
    signoffs, _ = so.load_signoffs(tmp_path)
    statuses = so.status([a, b, make_profile(profile_id="c")], signoffs, RULE)

    class Report:
        def blocked_profiles(self):
            return {"b": "check errors: profile_organisations"}

    reasons = so.blocked_reasons(statuses, Report())
    assert set(reasons) == {"b", "c"}
    assert reasons["b"].startswith("check errors") and reasons["c"].startswith("missing")


# --- refused files ----------------------------------------------------------------------


def test_a_hash_that_matches_no_content_is_refused(tmp_path):
    profile = make_profile()
    path = write_signoff(tmp_path, profile)
    good = so.content_hash(profile)
    edit(path, f"content_hash: {good}", "content_hash: sha256:" + "ab" * 32)
    signoffs, problems = so.load_signoffs(tmp_path)
    assert signoffs == []
    assert [(p.file, p.row) for p in problems] == [(str(path), line_no(path, "content_hash:"))]
    assert "refused" in problems[0].message


def test_an_edited_snapshot_is_refused(tmp_path):
    # Typing the current hash into an old file must not make an old review current.
    profile = make_profile()
    path = write_signoff(tmp_path, profile)
    text = path.read_text(encoding="utf-8")
    first_item = next(line for line in text.splitlines() if line.startswith("  - {id:"))
    edit(path, first_item, re.sub(r"n: \d+", "n: 99", first_item))
    signoffs, problems = so.load_signoffs(tmp_path)
    assert signoffs == [] and "does not match reviewed_content" in problems[0].message


def test_signoff_in_the_wrong_folder_or_file_is_refused(tmp_path):
    profile = make_profile()
    path = write_signoff(tmp_path, profile, "Aino Virtanen")
    path.rename(path.with_name("someone-else.yaml"))
    other = tmp_path / "toinen-profiili" / "aino-virtanen.yaml"
    other.parent.mkdir()
    other.write_text(
        so.signoff_yaml(
            profile,
            reviewer="Aino Virtanen",
            role="teacher",
            decision="approved",
            date="2024-05-02",
        ),
        encoding="utf-8",
    )
    signoffs, problems = so.load_signoffs(tmp_path)
    assert signoffs == []
    messages = sorted(p.message for p in problems)
    assert any("file name should be the reviewer's slug: aino-virtanen.yaml" in m for m in messages)
    assert any("does not match the folder 'toinen-profiili'" in m for m in messages)


@pytest.mark.parametrize(
    ("old", "new", "key", "expected"),
    [
        (
            "decision: approved",
            "decision: aproved",
            "decision:",
            "use one of: approved, changes_requested",
        ),
        (
            "role: head_of_field",
            "role: rehtori",
            "role:",
            "use one of: head_of_field, teacher, other",
        ),
        (
            "date: 2024-05-02",
            "date: 2024/05/02",
            "date:",
            "expected a date written YYYY-MM-DD or D.M.YYYY",
        ),
        ("date: 2024-05-02", "date: 2024-02-30", "date:", "not a real date"),
        ("date: 2024-05-02", "date: 30.2.2024", "date:", "'30.2.2024' is not a real date"),
        (
            "decision: approved",
            "decision: hyväksyty",
            "decision:",
            "use one of: approved, changes_requested, hyväksytty, muutoksia pyydetään",
        ),
        (
            "cycle: 2022",
            "cycle: kaksi",
            "cycle:",
            "cycle: 'kaksi' is not accepted; expected a whole number",
        ),
        ("comments: ''", "comments: ''\nsignature: x", "signature:", "unknown key 'signature'"),
        (
            "decision: approved",
            "decision: changes_requested",
            "comments:",
            "expected text saying what should change",
        ),
        (
            "role: head_of_field",
            "role: head_of_field\nrole: teacher",
            "role: teacher",
            "appears twice",
        ),
        ("reviewer: Aino Virtanen\n", "", "profile:", "missing key(s): reviewer"),
        ("content_hash: sha256:", "content_hash: md5:", "content_hash:", "unknown algorithm 'md5'"),
    ],
)
def test_schema_errors_point_to_file_and_line(tmp_path, old, new, key, expected):
    path = write_signoff(tmp_path, make_profile())
    edit(path, old, new)
    signoffs, problems = so.load_signoffs(tmp_path)
    assert signoffs == []
    located = [(p.file, p.row) for p in problems if expected in p.message]
    # A missing key is reported where the document's mapping starts (its first key).
    assert located == [(str(path), line_no(path, key))], problems


def test_yaml_syntax_error_points_to_line(tmp_path):
    path = write_signoff(tmp_path, make_profile())
    edit(path, "decision: approved", "decision: [approved")
    _, problems = so.load_signoffs(tmp_path)
    assert len(problems) == 1 and "not valid YAML" in problems[0].message
    assert problems[0].row is not None and problems[0].row >= line_no(path, "decision:")


def test_misplaced_files_are_reported(tmp_path):
    (tmp_path / "loose.yaml").write_text("x: 1", encoding="utf-8")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "notes.docx").write_bytes(b"x")
    (tmp_path / "README.md").write_text("how to sign", encoding="utf-8")
    _, problems = so.load_signoffs(tmp_path)
    assert sorted(p.file.rsplit("/", 1)[1] for p in problems) == ["loose.yaml", "notes.docx"]


# --- configuration ----------------------------------------------------------------------


def test_publication_settings_are_validated_with_lines(tmp_path):
    settings = tmp_path / "osaaja.yaml"
    settings.write_text(
        "min_organisations: 3\npublication:\n  approving_roles: [rehtori]\n  show_names: true\n",
        encoding="utf-8",
    )
    data, node = yamlfile.read(settings)
    with pytest.raises(ConfigError) as err:
        so.PublicationRule.from_settings(data["publication"], settings, node)
    rows = {p.message.split(":")[0]: p.row for p in err.value.problems}
    assert rows == {"publication.approving_roles": 3, "publication.show_names": 4}
    rule = so.PublicationRule.from_settings({"show_reviewer_names": True, "min_approvals": 2})
    assert (rule.show_reviewer_names, rule.min_approvals, rule.approving_roles) == (
        True,
        2,
        ("head_of_field", "teacher"),
    )
    assert so.PublicationRule.from_settings({}) == RULE


# --- review packets ---------------------------------------------------------------------


def fake_render(profile, folder):
    for lang in ("fi", "en"):
        (folder / f"{profile.id}.{lang}.html").write_text(
            f"<p>LUONNOS {profile.id}</p>", encoding="utf-8"
        )
        (folder / f"{profile.id}.{lang}.pdf").write_bytes(b"%PDF-1.7 draft")


def test_review_packet_holds_draft_and_prefilled_signoff(tmp_path):
    profile = make_profile()
    [packet] = so.write_review_packets([profile], tmp_path / "review", render_fn=fake_render)
    assert sorted(p.name for p in packet.iterdir()) == [
        "lahihoitaja.en.html",
        "lahihoitaja.en.pdf",
        "lahihoitaja.fi.html",
        "lahihoitaja.fi.pdf",
        "lahihoitaja.signoff.yaml",
    ]
    template = packet / "lahihoitaja.signoff.yaml"
    assert f"content_hash: {so.content_hash(profile)}" in template.read_text(encoding="utf-8")
    # Unfilled, it is not a valid sign-off: every blank field is named.
    signoffs_dir = tmp_path / "signoffs"
    (signoffs_dir / profile.id).mkdir(parents=True)
    unfilled = signoffs_dir / profile.id / "x.yaml"
    unfilled.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = so.load_signoffs(signoffs_dir)
    assert {p.message.split(":")[0] for p in problems} >= {"reviewer", "role", "decision", "date"}
    # Filled in by the reviewer, it is current.
    text = template.read_text(encoding="utf-8")
    for key, value in (
        ("reviewer", "Aino Virtanen"),
        ("role", "teacher"),
        ("decision", "approved"),
        ("date", "2024-05-02"),
    ):
        text = text.replace(f"{key}: ''", f"{key}: {value}", 1)
    unfilled.unlink()
    (signoffs_dir / profile.id / "aino-virtanen.yaml").write_text(text, encoding="utf-8")
    assert status_of(profile, signoffs_dir).state == "approved"


def test_failed_render_keeps_the_old_packet(tmp_path):
    profile = make_profile()
    so.write_review_packets([profile], tmp_path, render_fn=fake_render)
    before = sorted(p.name for p in (tmp_path / profile.id).iterdir())

    def broken(profile, folder):
        (folder / "half.html").write_text("x", encoding="utf-8")
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        so.write_review_packets([replace_item(profile, 0, item="Uusi")], tmp_path, render_fn=broken)
    assert sorted(p.name for p in (tmp_path / profile.id).iterdir()) == before


# --- history in the store ---------------------------------------------------------------


def test_history_is_recorded_once_and_survives_a_store_rebuild(tmp_path):
    profile = make_profile()
    write_signoff(tmp_path / "s", profile, "Aino Virtanen")
    signoffs, _ = so.load_signoffs(tmp_path / "s")
    old_path = tmp_path / "old.duckdb"
    con = store.connect(old_path)
    assert store.record_signoffs(con, so.history_rows(signoffs)) == 1
    assert store.record_signoffs(con, so.history_rows(signoffs)) == 0
    next_cycle = dataclasses.replace(profile, cycle=2025, surveys=())
    write_signoff(
        tmp_path / "s", next_cycle, "Aino Virtanen", date="2025-04-01"
    )  # replaces the file
    newer, _ = so.load_signoffs(tmp_path / "s")
    assert store.new_signoffs(con, so.history_rows(newer)) == so.history_rows(newer)
    store.record_signoffs(con, so.history_rows(newer))
    con.close()
    rebuilt = store.connect(tmp_path / "new.duckdb")
    assert store.carry_signoff_history(rebuilt, old_path) == 2
    history = store.signoff_history(rebuilt, profile.id)
    assert [(h["cycle"], h["date"].isoformat(), h["decision"]) for h in history] == [
        (2022, "2024-05-02", "approved"),
        (2025, "2025-04-01", "approved"),
    ]


# --- CLI --------------------------------------------------------------------------------


@pytest.fixture
def project_dirs(tmp_path):
    """A store with two profiles, lahihoitaja and kokki, in that order."""
    project, profiles = profiles_project(tmp_path, ("kokki", "lahihoitaja"))
    by_id = {p.id: p for p in profiles}
    return project.raw, project.build, [by_id["lahihoitaja"], by_id["kokki"]]


def run(raw, build, *args):
    themes = raw.parent / "themes.yaml"
    return CliRunner().invoke(
        cli, ["--raw", str(raw), "--build", str(build), "--themes", str(themes), *args]
    )


def test_cli_status_exit_codes(project_dirs):
    raw, build, (nurse, cook) = project_dirs
    write_signoff(raw / "signoffs", nurse)
    result = run(raw, build, "signoff", "status")
    assert result.exit_code == 1, result.output
    assert re.search(r"kokki\s+MISSING", result.output) and re.search(
        r"lahihoitaja\s+APPROVED", result.output
    )
    write_signoff(raw / "signoffs", cook, "Pekka Opettaja", role="teacher")
    result = run(raw, build, "signoff", "status")
    assert result.exit_code == 0, result.output
    assert "2 approved, 0 stale, 0 changes requested, 0 missing" in result.output


def test_cli_status_refused_file_exits_1(project_dirs):
    raw, build, (nurse, cook) = project_dirs
    write_signoff(raw / "signoffs", nurse)
    write_signoff(raw / "signoffs", cook)
    edit(raw / "signoffs" / "kokki" / "aino-virtanen.yaml", "decision: approved", "decision: ok")
    result = run(raw, build, "signoff", "status")
    assert result.exit_code == 1
    assert "refused:" in result.output and "aino-virtanen.yaml › row" in result.output
    assert "Traceback" not in result.output


def test_cli_status_bad_rule_is_a_config_error(project_dirs):
    raw, build, _ = project_dirs
    (raw / "osaaja.yaml").write_text("publication:\n  min_approvals: 0\n", encoding="utf-8")
    result = run(raw, build, "signoff", "status")
    assert result.exit_code == 1
    assert "osaaja.yaml › row 2: publication.min_approvals" in result.output


def test_cli_request_writes_packets_and_refuses_unknown(project_dirs):
    raw, build, _ = project_dirs
    result = run(raw, build, "signoff", "request", "kokki")
    assert result.exit_code == 0, result.output
    assert (build / "review" / "kokki" / "kokki.signoff.yaml").is_file()
    assert not (build / "review" / "lahihoitaja").exists()
    result = run(raw, build, "signoff", "request", "kokki", "ei-ole")
    assert result.exit_code == 2 and "unknown profile(s): ei-ole" in result.output
    assert run(raw, build, "signoff", "request").exit_code == 2
    assert run(raw, build, "signoff", "request", "--all").exit_code == 0
    assert (build / "review" / "lahihoitaja" / "lahihoitaja.fi.pdf").is_file()


def test_demo_signoff_script_gives_each_state(tmp_path):
    import importlib.util

    from pipeline.project import REPO_ROOT

    spec = importlib.util.spec_from_file_location(
        "make_demo_signoffs", REPO_ROOT / "scripts" / "make_demo_signoffs.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    project, profiles = profiles_project(tmp_path, ("kokki", "lahihoitaja", "siivooja", "vanha"))
    raw, build = project.raw, project.build
    stale_one = next(p for p in profiles if p.id == "vanha")
    args = [
        "--themes",
        str(project.themes_file),
        "--raw",
        str(raw),
        "--build",
        str(build),
        "--stale",
        "vanha",
        "--changes-requested",
        "kokki",
    ]
    result = CliRunner().invoke(script.main, args)
    assert result.exit_code == 0, result.output
    first = {p: p.read_bytes() for p in (raw / "signoffs").rglob("*.yaml")}
    assert CliRunner().invoke(script.main, args).exit_code == 0
    assert {p: p.read_bytes() for p in (raw / "signoffs").rglob("*.yaml")} == first  # deterministic
    signoffs, problems = so.load_signoffs(raw / "signoffs")
    assert problems == []
    states = {s.profile_id: s.state for s in so.status(profiles, signoffs, RULE)}
    assert states == {
        "lahihoitaja": "approved",
        "siivooja": "approved",
        "kokki": "changes_requested",
        "vanha": "stale",
    }
    stale = so.status([stale_one], signoffs, RULE)[0]
    assert {c.kind for c in stale.changes} >= {"added", "figure"}
    assert CliRunner().invoke(script.main, [*args[:6], "--skip", "ei-ole"]).exit_code == 2


@pytest.mark.parametrize(
    ("edits", "role", "decision", "date"),
    [
        (
            [
                ("role: head_of_field", "role: toimialapäällikkö"),
                ("decision: approved", "decision: hyväksytty"),
                ("date: 2024-05-02", "date: 2.5.2024"),
            ],
            "head_of_field",
            "approved",
            dt.date(2024, 5, 2),
        ),
        (
            [("role: head_of_field", "role: Opettaja"), ("date: 2024-05-02", "date: 02.05.2024")],
            "teacher",
            "approved",
            dt.date(2024, 5, 2),
        ),
        (
            [
                ("role: head_of_field", "role: muu"),
                ("decision: approved", "decision: Muutoksia  pyydetään"),
                ("comments: ''", "comments: Lisää ruotsi"),
            ],
            "other",
            "changes_requested",
            dt.date(2024, 5, 2),
        ),
        (
            [
                ("role: head_of_field", "role: TEACHER"),
                ("decision: approved", "decision: Approved"),
            ],
            "teacher",
            "approved",
            dt.date(2024, 5, 2),
        ),
    ],
)
def test_finnish_values_are_read_as_the_codes(tmp_path, edits, role, decision, date):
    path = write_signoff(tmp_path, make_profile())
    for old, new in edits:
        edit(path, old, new)
    signoffs, problems = so.load_signoffs(tmp_path)
    assert problems == []
    assert [(s.role, s.decision, s.date) for s in signoffs] == [(role, decision, date)]


def test_a_kept_earlier_version_lies_in_its_cycle_folder(tmp_path):
    path = write_signoff(tmp_path, make_profile())
    kept = path.parent / "2022" / path.name
    kept.parent.mkdir()
    path.rename(kept)
    signoffs, problems = so.load_signoffs(tmp_path)
    assert problems == [] and [s.file for s in signoffs] == [str(kept)]
    wrong = path.parent / "2019" / path.name
    wrong.parent.mkdir()
    kept.rename(wrong)
    signoffs, problems = so.load_signoffs(tmp_path)
    assert signoffs == []
    assert [(p.row, p.message) for p in problems] == [
        (
            line_no(wrong, "cycle:"),
            "cycle 2022 does not match the folder '2019'; a kept sign-off of an earlier "
            "version lies in signoffs/lahihoitaja/2022/",
        )
    ]
