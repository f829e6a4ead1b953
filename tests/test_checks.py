"""Quality checks: thresholds per check (warn vs error), configuration, report, HTML, CLI."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest
from click.testing import CliRunner
from cycle_factories import profiles_yaml, survey
from factories import minimal_themes
from signoff_factories import make_item, make_profile

from pipeline import theme_review, themes, yamlfile
from pipeline.checks import SPECS, CheckConfig, Threshold, run_checks, write_checks_html
from pipeline.cli import cli
from pipeline.errors import ConfigError
from pipeline.model import SurveyRef


def with_items(profile_id: str, items, n_organisations: int = 12):
    return dataclasses.replace(
        make_profile(profile_id=profile_id, n_organisations=n_organisations), items=tuple(items)
    )


def item(index: int, **changes):
    base = make_item(random.Random(index), index, n_organisations=10)
    return dataclasses.replace(base, **changes)


def rows_of(report, name):
    [result] = [r for r in report.results if r.name == name]
    return result, [(row.level, row.profile_id, row.subject, row.value) for row in result.rows]


def only(name, **setting):
    """Config with every other check turned off, so each test sees one check."""
    return {n: ({"enabled": False} if n != name else setting) for n in SPECS}


def test_threshold_parsing():
    assert Threshold.parse("< 3").fails(2) and not Threshold.parse("< 3").fails(3)
    assert Threshold.parse(">=0,5").fails(0.5)
    assert str(Threshold.parse(" >  2.0 ")) == "> 2"
    for bad in ("3", "<", "less than 3", "=< 3"):
        with pytest.raises(ValueError):
            Threshold.parse(bad)


def test_profile_organisations_warn_and_error_thresholds():
    profiles = [make_profile(profile_id=f"p{n}", n_organisations=n) for n in (2, 3, 4, 5)]
    report = run_checks(profiles, only("profile_organisations"))  # defaults: warn < 5, error < 3
    result, rows = rows_of(report, "profile_organisations")
    assert rows == [
        ("error", "p2", "profile", 2),
        ("warn", "p3", "profile", 3),
        ("warn", "p4", "profile", 4),
    ]
    assert (result.status, result.evaluated) == ("error", 4)
    assert report.blocked_profiles().keys() == {"p2"}
    assert "error_if < 3" in report.blocked_profiles()["p2"]
    stricter = run_checks(profiles, only("profile_organisations", error_if="< 4", warn_if=None))
    assert rows_of(stricter, "profile_organisations")[1] == [
        ("error", "p2", "profile", 2),
        ("error", "p3", "profile", 3),
    ]


def test_item_organisations_skips_suppressed_items():
    items = [
        item(0, n_organisations=2, suppressed=False),
        item(1, n_organisations=4),
        item(2, n_organisations=1, suppressed=True),
        item(3, n_organisations=9),
    ]
    report = run_checks([with_items("p", items)], only("item_organisations"))
    result, rows = rows_of(report, "item_organisations")
    assert [(lvl, subject) for lvl, _, subject, _ in rows] == [
        ("error", items[0].item),
        ("warn", items[1].item),
    ]
    assert result.evaluated == 3


def test_unthemed_items_counts_per_profile():
    themed = [item(i) for i in range(3)]
    one = with_items("one", [*themed, item(5, theme=None)])
    three = with_items("three", [*themed, *(item(i, theme=None) for i in (6, 7, 8))])
    clean = with_items("clean", themed)
    report = run_checks([one, three, clean], only("unthemed_items", error_if="> 2"))
    result, rows = rows_of(report, "unthemed_items")
    assert [(lvl, pid, value) for lvl, pid, _, value in rows] == [
        ("error", "three", 3),
        ("warn", "one", 1),
    ]
    assert result.rows[1].detail == one.items[-1].item


@dataclasses.dataclass(frozen=True)
class DoubtfulItem:
    """The fields the doubtful_items check reads (``model.ProfileItem.doubtful``)."""

    item: str
    theme: str | None
    doubtful: bool


def test_doubtful_items_counts_per_profile():
    themed = [item(i) for i in range(3)]  # ProfileItems the rules themed with confidence
    doubtful = [DoubtfulItem(f"Epävarma {n}", "digi", True) for n in range(3)]
    sure = DoubtfulItem("Varma", "digi", False)
    one = with_items("one", [*themed, doubtful[0], sure])
    three = with_items("three", [*themed, *doubtful])
    clean = with_items("clean", themed)
    report = run_checks([one, three, clean], only("doubtful_items", error_if="> 2"))
    result, rows = rows_of(report, "doubtful_items")
    assert [(lvl, pid, value) for lvl, pid, _, value in rows] == [
        ("error", "three", 3),
        ("warn", "one", 1),
    ]
    assert result.rows[0].detail == "Epävarma 0; Epävarma 1; Epävarma 2"
    assert result.evaluated == 3
    defaults = run_checks([one], only("doubtful_items"))  # warn_if "> 0", never an error
    assert rows_of(defaults, "doubtful_items")[1] == [("warn", "one", "profile", 1)]


def test_empty_sections_uses_configured_or_seen_themes():
    a = with_items("a", [item(0, theme="digi"), item(1, theme="kieli")])
    b = with_items("b", [item(2, theme="digi")])
    seen = run_checks([a, b], only("empty_sections"))  # default: warn < 1, no error
    assert rows_of(seen, "empty_sections")[1] == [("warn", "b", "kieli", 0)]
    listed = run_checks(
        [a, b], only("empty_sections", sections=["digi", "kieli", "asiakas"], error_if="< 1")
    )
    assert rows_of(listed, "empty_sections")[1] == [
        ("error", "a", "asiakas", 0),
        ("error", "b", "asiakas", 0),
        ("error", "b", "kieli", 0),
    ]
    thin = run_checks([a, b], only("empty_sections", warn_if="< 2"))
    assert {(lvl, pid, s) for lvl, pid, s, _ in rows_of(thin, "empty_sections")[1]} == {
        ("warn", "a", "digi"),
        ("warn", "a", "kieli"),
        ("warn", "b", "digi"),
        ("warn", "b", "kieli"),
    }


def test_ratings_completeness_is_share_of_profile_organisations():
    items = [
        item(0, n_organisations=10),
        item(1, n_organisations=5),
        item(2, n_organisations=3),
        item(3, n_organisations=1, suppressed=True),  # published without figures: not judged
    ]
    single = with_items("p", items, n_organisations=10)
    composite = dataclasses.replace(
        with_items("c", items, n_organisations=10),
        surveys=(SurveyRef(2022, "sote", "lahihoitaja"), SurveyRef(2022, "matkailu", "kokki")),
    )
    report = run_checks([single, composite], only("ratings_completeness", error_if="< 0.4"))
    result, rows = rows_of(report, "ratings_completeness")
    assert rows == [("error", "p", items[2].item, 0.3), ("warn", "p", items[1].item, 0.5)]
    assert result.evaluated == 3  # the composite profile is skipped
    assert result.rows[0].detail == "3 of 10"
    assert result.format_value(0.3) == "30%"


def test_change_spread_flags_suspicious_items():
    items = [
        item(0, mean_now=1.5, mean_future=3.3, change=1.8),
        item(1, mean_now=1.5, mean_future=4.0, change=None),  # computed from the means
        item(2, mean_now=4.0, mean_future=1.0, change=-3.0, suppressed=True, n_organisations=2),
        item(3, mean_now=3.0, mean_future=3.5, change=0.5),
    ]
    report = run_checks([with_items("p", items)], only("change_spread"))  # warn > 1.5, error > 2
    result, rows = rows_of(report, "change_spread")
    assert rows == [("error", "p", items[1].item, 2.5), ("warn", "p", items[0].item, 1.8)]
    assert result.evaluated == 3


def test_disabled_and_half_disabled_checks():
    profile = make_profile(n_organisations=1)
    report = run_checks([profile], {"profile_organisations": {"enabled": False}})
    result, rows = rows_of(report, "profile_organisations")
    assert (result.status, rows) == ("off", [])
    only_warn = run_checks([profile], {"profile_organisations": {"error_if": None}})
    assert rows_of(only_warn, "profile_organisations")[1] == [("warn", profile.id, "profile", 1)]
    assert only_warn.passed


def test_config_errors_name_file_line_and_what_is_accepted(tmp_path):
    settings = tmp_path / "osaaja.yaml"
    settings.write_text(
        "checks:\n"
        "  profile_organisations:\n"
        "    warn_if: 5\n"
        "  item_organisation: {warn_if: '< 3'}\n"
        "  change_spread:\n"
        "    enabled: yes please\n"
        "    limit: 2\n",
        encoding="utf-8",
    )
    data, node = yamlfile.read(settings)
    with pytest.raises(ConfigError) as err:
        CheckConfig.from_settings(data["checks"], settings, node)
    found = {(p.row, p.message.split(":")[0]) for p in err.value.problems}
    assert found == {
        (3, "checks.profile_organisations.warn_if"),
        (4, "checks.item_organisation"),
        (6, "checks.change_spread.enabled"),
        (7, "checks.change_spread.limit"),
    }
    assert all(p.file == str(settings) for p in err.value.problems)
    assert any('such as "< 3"' in p.message for p in err.value.problems)


def test_report_table_and_html(tmp_path):
    hostile = item(0, item="<script>alert(1)</script> & co", n_organisations=2, suppressed=False)
    profiles = [
        with_items("p", [hostile, item(1)], n_organisations=2),
        make_profile(profile_id="ok"),
    ]
    report = run_checks(profiles, None)
    assert not report.passed
    lines = report.table_lines()
    assert re.match(r"profile_organisations\s+< 5\s+< 3\s+ERROR\s+1 of 2", lines[1])
    assert lines[-1].startswith("2 profile(s) checked:") and "blocked: p" in lines[-1]
    html_path = write_checks_html(report, tmp_path / "checks.html")
    html = html_path.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and '<th scope="col">' in html and "<caption>" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    first = html_path.read_bytes()
    write_checks_html(run_checks(profiles, None), html_path)
    assert html_path.read_bytes() == first


def test_html_lists_the_theme_review_queues(tmp_path):
    assignments = {
        "a": themes.Assignment("a", None, (), None, text="Soittaa <kannelta>"),
        "b": themes.Assignment(
            "b",
            "digi",
            (),
            "digi-rule",
            "digi",
            "digi-rule",
            "Käyttää skriptejä",
            "digi-rule: skriptejä~skript(fallback) (fallback)",
            ("fallback",),
        ),
        "c": themes.Assignment("c", "digi", (), "digi-rule", "digi", "digi-rule", "Varma"),
    }
    report = run_checks([make_profile(profile_id="ok")], None)
    queue = theme_review.queue_table(assignments)
    html = write_checks_html(report, tmp_path / "checks.html", queue=queue).read_text("utf-8")
    assert '<a href="#unthemed">1 unthemed item(s)</a>' in html
    assert '<a href="#doubtful">1 doubtful item(s)</a>' in html
    unthemed = html[html.index('<h2 id="unthemed">') : html.index('<h2 id="doubtful">')]
    doubtful = html[html.index('<h2 id="doubtful">') :]
    assert '<span lang="fi">Teemoittamattomat</span> / Unthemed: 1 item(s)' in unthemed
    assert "<td>Soittaa &lt;kannelta&gt;</td>" in unthemed
    assert "{item: &#34;Soittaa &lt;kannelta&gt;&#34;, theme: &lt;theme id&gt;}" in unthemed
    assert '<span lang="fi">Epävarmat teemat</span> / Doubtful themes: 1 item(s)' in doubtful
    assert "<td>Käyttää skriptejä</td>" in doubtful and "Varma" not in html
    assert "<td>Voikko does not know the word; matched by its stem</td>" in doubtful
    assert "{item: &#34;Käyttää skriptejä&#34;, theme: digi}" in doubtful
    plain = write_checks_html(report, tmp_path / "plain.html").read_text("utf-8")
    assert 'id="unthemed"' not in plain and "Theme review" not in plain


# --- CLI --------------------------------------------------------------------------------


def run_check(tmp_path, settings: str | None = None):
    """``osaaja check`` on a store with one profile, ``p``, of four organisations."""
    raw, build = tmp_path / "raw", tmp_path / "build"
    themes = minimal_themes(tmp_path / "themes.yaml")
    if not (raw / "profiles.yaml").exists():
        survey(raw / "2022_ala_p.xlsx", 2022, "Ala", "P", [("Palvelee asiakkaita", None, 4, 4)])
        profiles_yaml(raw / "profiles.yaml", [("p", "ala", "p")])
    if settings is not None:
        (raw / "osaaja.yaml").write_text(settings, encoding="utf-8")
    args = ["--raw", str(raw), "--build", str(build), "--themes", str(themes)]
    if not (build / "skills.duckdb").exists():
        assert CliRunner().invoke(cli, [*args, "ingest"]).exit_code == 0
    return CliRunner().invoke(cli, [*args, "check"]), build


def test_cli_check_warnings_pass_errors_block(tmp_path):
    result, build = run_check(tmp_path)
    assert result.exit_code == 0, result.output
    assert re.search(r"profile_organisations\s+< 5\s+< 3\s+WARN", result.output)
    html = (build / "checks.html").read_text(encoding="utf-8")
    # the stored themes: the one item matches no rule of the minimal rule set
    assert '<a href="#unthemed">1 unthemed item(s)</a>' in html
    assert "<td>Palvelee asiakkaita</td>" in html
    result, _ = run_check(tmp_path, "checks:\n  profile_organisations: {error_if: '< 5'}\n")
    assert result.exit_code == 1
    assert "quality check errors block publication of: p" in result.output
    result, _ = run_check(tmp_path, "checks:\n  nonsense: {}\n")
    assert (
        result.exit_code == 1
        and "osaaja.yaml › row 2: checks.nonsense: unknown check" in result.output
    )
