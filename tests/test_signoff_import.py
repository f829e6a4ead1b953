"""Filing what reviewers send back (``osaaja signoff import``), what a packet says changed,
and the stale report that leaves out what a new round brings by itself."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from cycle_factories import profiles_project
from signoff_factories import make_profile, replace_item, write_signoff

from pipeline import signoff
from pipeline.cli import cli
from pipeline.signoff.importing import apply_import, plan_import

TODAY = dt.date(2025, 6, 30)


def returned(tmp_path, profile, name="file.yaml", **fields):
    """A sign-off file as a reviewer sends it back: anywhere, under any name."""
    path = write_signoff(tmp_path / "returned", profile, **fields)
    target = tmp_path / name
    path.rename(target)
    return target


def test_import_files_by_profile_and_reviewer_slug_and_keeps_an_earlier_approval(tmp_path):
    signoffs = tmp_path / "raw" / "signoffs"
    old = make_profile(cycle=2022)
    write_signoff(signoffs, old, "Aino Mäkelä", date="2023-04-02")
    new = make_profile(seed=3, cycle=2025)
    source = returned(
        tmp_path, new, "Lataukset (1).yaml", reviewer="Aino Mäkelä", date="2025-06-02"
    )
    plan, problems = plan_import([source], signoffs, ["lahihoitaja"], TODAY)
    assert problems == []
    [filed] = plan
    assert filed.target == signoffs / "lahihoitaja" / "aino-makela.yaml"
    assert filed.kept == signoffs / "lahihoitaja" / "2022" / "aino-makela.yaml"
    apply_import(plan)
    assert filed.target.read_bytes() == source.read_bytes()
    loaded, problems = signoff.load_signoffs(signoffs, TODAY)
    assert problems == [] and sorted((s.cycle, s.file) for s in loaded) == [
        (2022, str(filed.kept)),
        (2025, str(filed.target)),
    ]
    # The same file again changes nothing.
    again, _ = plan_import([source], signoffs, ["lahihoitaja"], TODAY)
    assert again[0].unchanged and again[0].kept is None


def test_import_refuses_everything_when_one_file_is_wrong(tmp_path):
    signoffs = tmp_path / "signoffs"
    good = returned(tmp_path, make_profile(), "good.yaml")
    unknown = returned(tmp_path, make_profile(profile_id="kokki"), "unknown.yaml")
    edited = returned(tmp_path, make_profile(), "edited.yaml", reviewer="Pekka Opettaja")
    edited.write_text(
        edited.read_text("utf-8").replace("region: Pohjois-Savo", "region: Lappi"), encoding="utf-8"
    )
    twin = returned(tmp_path, make_profile(), "twin.yaml")
    plan, problems = plan_import([good, unknown, edited, twin], signoffs, ["lahihoitaja"], TODAY)
    messages = [p.message for p in problems]
    assert "no profile 'kokki' in profiles.yaml; known: lahihoitaja" in messages
    assert any("content_hash does not match reviewed_content" in m for m in messages)
    assert (
        f"{good} is filed as {signoffs / 'lahihoitaja' / 'aino-virtanen.yaml'} too (the same reviewer and profile); import one of them"
        in messages
    )


def test_import_never_replaces_a_later_signoff_with_an_earlier_one(tmp_path):
    signoffs = tmp_path / "signoffs"
    write_signoff(signoffs, make_profile(seed=3, cycle=2025), date="2025-06-02")
    older = returned(tmp_path, make_profile(cycle=2022), date="2023-04-02")
    _, problems = plan_import([older], signoffs, ["lahihoitaja"], TODAY)
    assert [p.message for p in problems] == [
        f"{signoffs / 'lahihoitaja' / 'aino-virtanen.yaml'} holds a later sign-off by Aino "
        "Virtanen (2025-06-02, cycle 2025) than this one (2023-04-02); it is not replaced"
    ]


def test_cli_import_files_and_shows_the_state(tmp_path):
    project, profiles = profiles_project(tmp_path, ("kokki",))
    source = returned(tmp_path, profiles[0], "minun.yaml", reviewer="Ville Mäkelä", role="teacher")
    root = [
        "--raw",
        str(project.raw),
        "--build",
        str(project.build),
        "--themes",
        str(project.themes_file),
    ]
    result = CliRunner().invoke(cli, [*root, "signoff", "import", str(source)])
    assert result.exit_code == 0, result.output
    target = project.signoffs_dir / "kokki" / "ville-makela.yaml"
    assert (
        f"filed {target}: approved by teacher Ville Mäkelä, 2024-05-02 (cycle 2022)"
        in result.output
    )
    assert "kokki  APPROVED" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(source.read_text("utf-8").replace("decision: approved", "decision: ok"), "utf-8")
    result = CliRunner().invoke(cli, [*root, "signoff", "import", str(bad)])
    assert result.exit_code == 1
    assert (
        "decision: 'ok' is not accepted; use one of: approved, changes_requested, hyväksytty, muutoksia pyydetään"
        in result.output
    )
    assert "1 problem(s); nothing was filed." in result.output
    assert "Example:" in CliRunner().invoke(cli, ["signoff", "import", "--help"]).output


def test_packet_changes_since_the_published_version_and_each_reviewers_approval(tmp_path):
    old = make_profile(cycle=2022)
    write_signoff(tmp_path, old, "Aino Virtanen")
    current = replace_item(make_profile(cycle=2022), 0, mean_future=1.0, change=-2.0)
    signoffs, _ = signoff.load_signoffs(tmp_path)
    published = type(
        "V",
        (),
        {
            "profile": old,
            "cycle": 2022,
            "approved_on": dt.date(2024, 5, 2),
            "content_hash": signoff.content_hash(old),
        },
    )
    default, by_reviewer = signoff.packet_changes(current, signoffs, published, 0.2)
    assert default["since"].startswith("Muutokset julkaistuun versioon (2022, hyväksytty 2.5.2024)")
    assert len(default["items"]) == 1 and default["items"][0].startswith("luku / figure: ")
    assert by_reviewer["aino-virtanen"]["since"].startswith(
        "Muutokset sinun hyväksymääsi versioon (2022, 2.5.2024)"
    )
    nothing, _ = signoff.packet_changes(current, [], None, 0.2)
    assert nothing == {
        "since": "Profiilista ei ole aiempaa julkaistua versiota. / The profile has no earlier published version.",
        "items": [],
        "follows": 0,
    }


def test_the_stale_report_leaves_out_what_a_new_round_brings_by_itself(tmp_path):
    old = make_profile(cycle=2022)
    write_signoff(tmp_path, old)
    items = [
        item.__class__(
            **{**item.__dict__, "trend": "steady", "previous_mean_future": item.mean_future}
        )
        for item in old.items
    ]
    new = old.__class__(
        **{**old.__dict__, "cycle": 2025, "previous_cycle": 2022, "items": tuple(items)}
    )
    new = replace_item(new, 1, item="Uusi sanamuoto")
    signoffs, _ = signoff.load_signoffs(tmp_path)
    [status] = signoff.status([new], signoffs, signoff.PublicationRule())
    short = signoff.status_lines([status])
    assert not any("trend — →" in line for line in short)
    assert any("text: Uusi sanamuoto" in line for line in short)
    assert any(
        "that follow from the new round itself" in line and "--verbose" in line for line in short
    )
    full = signoff.status_lines([status], verbose=True)
    assert any("trend — → steady" in line for line in full)
    assert any("profile: cycle (2022 → 2025)" in line for line in full)
