"""The false friends of issue 12, the doubtful queue, promotion and the evaluation targets."""

from __future__ import annotations

import functools
import sys
import textwrap

import pytest
from click.testing import CliRunner

from pipeline import theme_review, themes
from pipeline.cli import cli
from pipeline.contract import item_key
from pipeline.project import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "bench"))
import themes_eval  # noqa: E402


@functools.cache
def bundled() -> themes.RuleSet:
    return themes.load_rules(REPO_ROOT / "themes.yaml")


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Vaihtaa viallisia kiintolevyjä palvelimiin", "asiakaspalvelu"),
        ("Tekee laitevaihdot muutoshallinnan ohjeita noudattaen", "digitaidot"),
        ("Tekee ranskanletin ja muita palmikoita", "kieli-ja-viestinta"),
        ("Myy savustettua poronkieltä ja -lihaa", "kieli-ja-viestinta"),
        ("Tunnistaa tabletit ja kapselit ulkonäön perusteella", "digitaidot"),
        ("Tarkistaa ja säätää rengaspaineet", "itsensa-johtaminen"),
        ("Asentaa palvelimet laitetelineisiin ja kaapeloi ne", "turvallisuus"),
        ("Valvoo datakeskuksen jäähdytystä ja sähkönsyöttöä", "digitaidot"),
        ("Työskentelee systemaattisesti ja huolellisesti", "digitaidot"),
        ("Luo liikkeeseen viihtyisän miljöön", "vastuullisuus"),
        ("Työskentelee ergonomisesti ja huolehtii työasennoistaan", "ammatillinen"),
        ("Huoltaa ja korjaa jarrujärjestelmiä", "digitaidot"),
        ("Tuntee sähköverkon rakenteen ja toiminnan", "digitaidot"),
        ("Tuntee sähköverkon rakenteen ja toiminnan", "yhteistyo"),
    ],
)
def test_false_friends_do_not_take_the_theme_they_look_like(text, wrong):
    d = themes.decide(bundled(), text)
    assert d.theme != wrong and wrong not in d.tags, themes.explain(bundled(), text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Varmistaa jännitteettömyyden ennen työn aloittamista", "turvallisuus"),
        ("Käyttää suojakäsineitä kemiallisissa käsittelyissä", "turvallisuus"),
        ("Huoltaa ja korjaa jarrujärjestelmiä", "ammatillinen"),
        ("Tuntee sähköverkon rakenteen ja toiminnan", "ammatillinen"),
        ("Käyttää kassajärjestelmää", "digitaidot"),
    ],
)
def test_safety_without_keywords_and_systems_by_what_they_are(text, theme):
    assert themes.decide(bundled(), text).theme == theme


def test_the_doubtful_queue_lists_weak_evidence_with_the_override_line():
    items = [
        ("a", None, "Käyttää ajoneuvonostinta turvallisesti"),
        ("b", None, "Noudattaa työturvallisuusohjeita"),
        ("c", None, "Tuntee sähköverkon rakenteen ja toiminnan"),  # sähkö: a modifier only
    ]
    assignments, _ = themes.classify(bundled(), items)
    [q] = theme_review.doubtful_queue(assignments)
    assert (q.item_key, q.theme, q.doubts) == ("c", "ammatillinen", ("modifier",))
    assert q.evidence == "laitteet-osana: sähköverkon=sähkö+verkko (modifier)"
    assert q.override_line() == (
        '  - {item: "Tuntee sähköverkon rakenteen ja toiminnan", theme: ammatillinen}'
    )
    assert q.reasons == "matched a compound's modifier, not its head"
    [row] = [r for r in theme_review.queue_table(assignments) if r["queue"] == "doubtful"]
    assert row["override"] == q.override_line() and row["doubts"] == ["modifier"]
    assert themes.coverage(assignments).doubtful == 1


def test_an_override_settles_a_doubtful_item(tmp_path):
    path = tmp_path / "theme_overrides.yaml"
    path.write_text(
        theme_review.override_line("Dokumentoi laitesijainnit", "digitaidot").join(
            ["overrides:\n", "\n"]
        ),
        encoding="utf-8",
    )
    overrides = themes.load_overrides(path)
    assignments, problems = themes.classify(
        bundled(),
        [(item_key("Dokumentoi laitesijainnit"), None, "Dokumentoi laitesijainnit")],
        overrides,
    )
    [a] = assignments.values()
    assert (a.theme, a.source, a.doubtful, problems) == ("digitaidot", "override", False, [])
    assert theme_review.doubtful_queue(assignments) == []


def test_summary_lines_show_the_doubtful_queue():
    assignments, _ = themes.classify(
        bundled(), [("c", None, "Tuntee sähköverkon rakenteen ja toiminnan")]
    )
    lines = themes.summary_lines(bundled(), assignments, [], [], [])
    assert lines[0].endswith("0 unthemed, 1 doubtful")
    assert "doubtful queue: 1 item(s) themed on weak evidence" in lines[2]
    assert lines[3] == (
        "  ammatillinen by laitteet-osana: sähköverkon=sähkö+verkko (modifier) [modifier]"
    )
    assert lines[4] == (
        '    - {item: "Tuntee sähköverkon rakenteen ja toiminnan", theme: ammatillinen}'
    )


THEMES = textwrap.dedent("""\
    version: 2
    themes:
      - id: aaa   # a comment that stays
        examples:
          match:
            - Eka
            - "Toka: lainattu"
          no_match: [Ei]
      - id: bbb
        examples:
          match: [Flow]
""")


def test_promotion_writes_accepted_overrides_as_examples_keeping_the_file(tmp_path):
    path = tmp_path / "theme_overrides.yaml"
    path.write_text(
        textwrap.dedent("""\
        overrides:
          - {item: "Uusi: esimerkki", theme: aaa}
          - {item: Eka, theme: aaa}
          - {item: Kolmas, theme: bbb}
          - {code: X-1, theme: aaa}
          - {item: Neljäs, theme: ccc}
    """),
        encoding="utf-8",
    )
    result = theme_review.promote_overrides(
        "themes.yaml", THEMES, themes.load_overrides(path).entries
    )
    assert result.promoted == (("aaa", "Uusi: esimerkki"),)
    assert result.text == THEMES.replace(
        '        - "Toka: lainattu"\n', '        - "Toka: lainattu"\n        - "Uusi: esimerkki"\n'
    )
    assert result.skipped == (
        "'Eka': already an example in themes.yaml",
        "'Kolmas': examples.match of theme bbb is not a block list",
        "code 'X-1': pinned by code, so there is no text to write as an example",
        "'Neljäs': theme 'ccc' is not in themes.yaml",
    )


PROMOTED_OVERRIDES = textwrap.dedent("""\
    overrides:
      - {item: Käsittelee hävikkiä ja palautuksia, theme: ammatillinen}
      - {item: Antaa ensiapua työmaalla, theme: turvallisuus}
      - {code: K-7, theme: digitaidot}
""")


def promote(tmp_path, overrides: str, *args: str):
    """``osaaja themes promote`` on a copy of the bundled rules."""
    rules, raw = tmp_path / "themes.yaml", tmp_path / "raw"
    if not rules.exists():
        rules.write_text((REPO_ROOT / "themes.yaml").read_text(encoding="utf-8"), "utf-8")
    raw.mkdir(exist_ok=True)
    (raw / "theme_overrides.yaml").write_text(overrides, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--raw", str(raw), "--themes", str(rules), "themes", "promote", *args]
    )
    return result, rules


def test_promote_writes_overrides_into_the_rules_and_names_unreached_examples(tmp_path):
    original = (REPO_ROOT / "themes.yaml").read_text(encoding="utf-8")
    result, rules = promote(tmp_path, PROMOTED_OVERRIDES, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"would promote 2 override(s) into {rules} as examples:\n")
    assert rules.read_text(encoding="utf-8") == original  # a dry run writes nothing

    result, rules = promote(tmp_path, PROMOTED_OVERRIDES)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"promoted 2 override(s) into {rules} as examples:",
        "  ammatillinen: Käsittelee hävikkiä ja palautuksia",
        "  turvallisuus: Antaa ensiapua työmaalla",
        "  skipped code 'K-7': pinned by code, so there is no text to write as an example",
        "1 promoted example(s) no rule reaches yet: `osaaja themes check` fails on them "
        "until a rule does (their overrides keep pinning the items):",
        "  theme ammatillinen › example 'Käsittelee hävikkiä ja palautuksia' should get this "
        "theme, but none of its rules matched; rule vastuullisuus of theme vastuullisuus "
        "(priority 70) won on 'hävikkiä'",
    ]
    after = themes.load_rules(rules)
    examples = {t.id: [e.text for e in t.match_examples] for t in after.themes}
    assert examples["ammatillinen"][-1] == "Käsittelee hävikkiä ja palautuksia"
    assert examples["turvallisuus"][-1] == "Antaa ensiapua työmaalla"
    written = rules.read_text(encoding="utf-8")
    assert written.count("\n") == original.count("\n") + 2  # two lines added, nothing else
    assert written.startswith(original.split("\n", 1)[0])  # comments kept

    again, _ = promote(tmp_path, PROMOTED_OVERRIDES)
    assert again.exit_code == 0 and again.output.startswith(
        f"nothing to promote from {tmp_path / 'raw' / 'theme_overrides.yaml'}; "
        f"{rules} is unchanged\n"
    )
    assert rules.read_text(encoding="utf-8") == written


def test_promote_refuses_overrides_naming_unknown_themes(tmp_path):
    result, rules = promote(tmp_path, "overrides:\n  - {item: Laulaa, theme: laulu}\n")
    assert result.exit_code == 1
    assert "unknown theme 'laulu'" in result.output
    assert rules.read_text(encoding="utf-8") == (REPO_ROOT / "themes.yaml").read_text("utf-8")


def test_the_evaluation_set_meets_the_targets():
    outcomes = themes_eval.run(
        bundled(), themes_eval.load_set(REPO_ROOT / "bench" / "themes_eval.yaml")
    )
    covered = [o for o in outcomes if o.theme is not None]
    assert len(outcomes) >= 150 and len({o.item.field for o in outcomes}) >= 6
    assert len(covered) / len(outcomes) >= themes_eval.COVERAGE_TARGET
    assert sum(o.right for o in covered) / len(covered) >= themes_eval.PRECISION_TARGET
