"""Theme rules: the rule language, priorities, the examples check, schema errors, overrides."""

from __future__ import annotations

import functools
import textwrap
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from factories import run_cli

from pipeline import store, themes
from pipeline.cli import cli
from pipeline.contract import item_key
from pipeline.errors import ConfigError
from pipeline.project import REPO_ROOT, Project
from pipeline.stages import Run, run_ingest

BUNDLED = REPO_ROOT / "themes.yaml"


@functools.cache
def bundled() -> themes.RuleSet:
    return themes.load_rules(BUNDLED)


# --- helpers ------------------------------------------------------------------------------


def a_theme(theme_id: str, order: int, priority: int, rules: list[dict], **extra) -> dict:
    return {
        "id": theme_id,
        "label": {"fi": theme_id, "en": theme_id, "sv": theme_id},
        "description": {"fi": "kuvaus", "en": "description"},
        "colour": "#eeeeee",
        "text_colour": "#111111",
        "marker": theme_id[:2].upper(),
        "order": order,
        "priority": priority,
        "rules": rules,
        "examples": {"match": ["esimerkki"]},
        **extra,
    }


def write_rules(tmp_path: Path, theme_list: list[dict], name: str = "themes.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        yaml.safe_dump({"version": 2, "themes": theme_list}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def one_rule(tmp_path: Path, match: dict, exclude: dict | None = None) -> themes.RuleSet:
    rule = {"id": "r", "match": match, **({"exclude": exclude} if exclude else {})}
    return themes.load_rules(write_rules(tmp_path, [a_theme("t", 1, 1, [rule])]))


def matches(rules: themes.RuleSet, text: str) -> bool:
    return themes.decide(rules, text).theme is not None


def load_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        themes.load_rules(path)
    return caught.value


# --- the rule language --------------------------------------------------------------------


def ruled(tmp_path: Path, match: dict, mode: str = "whole", **rule) -> themes.RuleSet:
    rule = {"id": "r", "mode": mode, "match": match, **rule}
    return themes.load_rules(write_rules(tmp_path, [a_theme("t", 1, 1, [rule])]))


def kind_of(rules: themes.RuleSet, text: str) -> str | None:
    hits = themes.decide(rules, text).hits
    return hits[0].kind if hits else None


@pytest.mark.parametrize(
    ("mode", "text", "kind"),
    [
        ("whole", "Palvelee asiakasta kielellä", "whole"),
        ("whole", "käyttää selkokieltä", None),  # a compound is another word
        ("head", "käyttää selkokieltä", "head"),
        ("head", "Hyvä kielitaito", None),  # kieli is not the head of kielitaito
        ("part", "Hyvä kielitaito", "modifier"),
        ("part", "Kieltäytyy vaarallisista töistä", None),  # kieltäytyä is its own lemma
        ("part", "Tunnistaa kielteiset asenteet", None),
    ],
)
def test_a_rule_mode_says_where_in_a_compound_a_term_may_stand(tmp_path, mode, text, kind):
    assert kind_of(ruled(tmp_path, {"fi": ["kieli"]}, mode), text) == kind


def test_terms_are_lemmas_so_inflections_never_leak_into_other_words(tmp_path):
    rules = ruled(tmp_path, {"fi": ["palvelu", "data"]}, "head")
    assert matches(rules, "Tuntee palvelun laatutekijät")
    assert matches(rules, "Hyödyntää asiakasdataa")  # data as the head
    assert not matches(rules, "Vaihtaa kiintolevyjä palvelimiin")  # palvelin, a server
    assert not matches(rules, "Tekee laitevaihdot ohjeita noudattaen")  # noudattaa
    assert not matches(rules, "Valvoo datakeskuksen jäähdytystä")  # data + keskus


def test_a_light_head_steps_aside():
    # themes.yaml: light_heads has ohje, so työturvallisuusohje is a turvallisuus word
    d = themes.decide(bundled(), "Noudattaa työturvallisuusohjeita")
    assert d.theme == "turvallisuus" and d.doubts == ()
    assert d.evidence == "turvallisuus: työturvallisuusohjeita=työ+turvallisuus+ohje (head)"


def test_a_term_must_be_a_lemma(tmp_path):
    err = load_error(
        write_rules(tmp_path, [a_theme("t", 1, 1, [{"id": "r", "match": {"fi": ["kielellä"]}}])])
    )
    [problem] = err.problems
    assert problem.message == (
        "theme t › rule r: term 'kielellä': 'kielellä' is not a lemma; Voikko reads it as a "
        "form of kieli; write the dictionary form (or a compound that is one)"
    )


def test_the_old_wildcards_say_how_to_write_them_now(tmp_path):
    err = load_error(
        write_rules(tmp_path, [a_theme("t", 1, 1, [{"id": "r", "match": {"fi": ["*kieli"]}}])])
    )
    assert err.problems[0].message == (
        "theme t › rule r: term '*kieli': cannot read '*kieli'; the rule language reads lemmas "
        "now: write 'kieli' and set the rule's mode (whole, head or part) to say where in a "
        "compound it may stand"
    )


def test_unknown_words_match_as_written_or_weakly_by_stem(tmp_path):
    rules = ruled(tmp_path, {"fi": ["gdpr"]})
    d = themes.decide(rules, "Tuntee GDPR:n vaatimukset")
    assert (d.hits[0].kind, d.doubts) == ("whole", ())
    d = themes.decide(rules, "Tuntee gdpr-asetuksen ja gdpr:t")
    assert d.theme == "t"


def test_a_phrase_needs_its_words_in_a_row(tmp_path):
    rules = ruled(tmp_path, {"fi": ["sosiaalinen media"]})
    assert matches(rules, "Viestii sosiaalisen median kanavissa")
    assert not matches(rules, "Median sosiaalinen vastuu")


def test_terms_match_only_text_in_their_language(tmp_path):
    rules = ruled(tmp_path, {"sv": ["dator", "system", "miljö"], "en": ["system"]}, "part")
    for finnish in (
        "Valvoo datakeskuksen jäähdytystä",
        "Työskentelee systemaattisesti",
        "Luo liikkeeseen viihtyisän miljöön",
    ):
        assert not matches(rules, finnish), finnish
    assert matches(rules, "Använder dator och diagnosprogram i verkstaden")
    assert matches(rules, "Knows the booking system and the rules")


def test_decomposed_unicode_matches_like_composed(tmp_path):
    rules = ruled(tmp_path, {"fi": ["kieli"]}, "head")
    assert matches(rules, unicodedata.normalize("NFD", "Käyttää selkokieltä"))


def test_exclusions_remove_false_friends_word_by_word(tmp_path):
    rules = ruled(
        tmp_path, {"fi": ["kieli"]}, "head", exclude={"fi": ["poronkieli", "kieli kehitys"]}
    )
    assert not matches(rules, "Myy savustettua poronkieltä")
    assert not matches(rules, "Tukee lapsen kielen kehitystä")
    assert matches(rules, "Myy poronkieltä ja palvelee vierasta kieltä puhuvia")


def test_scoped_rules_apply_only_in_their_fields(tmp_path):
    rules = ruled(tmp_path, {"fi": ["työasema"]}, fields=["ict"])
    item = themes.ItemText("k", None, "Asentaa työasemia", fields=("ict",))
    assert themes.decide(rules, item).theme == "t"
    other = themes.ItemText("k", None, "Asentaa työasemia", fields=("sahko",))
    assert themes.decide(rules, other).theme is None
    unknown = themes.decide(rules, "Asentaa työasemia")  # field not given: applies, doubtful
    assert (unknown.theme, unknown.doubts) == ("t", ("scope",))


def test_hits_record_their_evidence(tmp_path):
    rules = ruled(tmp_path, {"fi": ["kieli"]}, "part")
    d = themes.decide(rules, "Hyvä kielitaito")
    assert d.evidence == "r: kielitaito=kieli+taito (modifier)"
    assert d.doubts == ("modifier",)


# --- primary theme and tags ---------------------------------------------------------------


def two_themes(
    tmp_path: Path,
    *,
    a_priority: int,
    b_priority: int,
    flip: bool = False,
    rule_priority: int | None = None,
) -> themes.RuleSet:
    a_rule = {"id": "a-rule", "match": {"fi": ["asiakas"]}}
    if rule_priority is not None:
        a_rule["priority"] = rule_priority
    a = a_theme("aaa", 1, a_priority, [a_rule])
    b = a_theme(
        "bbb", 2, b_priority, [{"id": "b-rule", "mode": "head", "match": {"fi": ["kieli"]}}]
    )
    return themes.load_rules(write_rules(tmp_path, [b, a] if flip else [a, b]))


@pytest.mark.parametrize("flip", [False, True])
def test_ties_go_to_the_theme_with_the_higher_priority_not_file_order(tmp_path, flip):
    d = themes.decide(
        two_themes(tmp_path, a_priority=10, b_priority=20, flip=flip), "Palvelee asiakasta kielellä"
    )
    assert (d.theme, d.rule.id, d.tags) == ("bbb", "b-rule", ("aaa",))
    d = themes.decide(
        two_themes(tmp_path, a_priority=30, b_priority=20, flip=flip), "Palvelee asiakasta kielellä"
    )
    assert (d.theme, d.tags) == ("aaa", ("bbb",))


def test_a_rule_priority_beats_theme_priorities(tmp_path):
    rules = two_themes(tmp_path, a_priority=10, b_priority=20, rule_priority=50)
    assert themes.decide(rules, "Palvelee asiakasta kielellä").theme == "aaa"


def test_two_themes_may_not_share_a_priority(tmp_path):
    path = write_rules(
        tmp_path,
        [
            a_theme("aaa", 1, 10, [{"id": "x", "match": {"fi": ["a"]}}]),
            a_theme("bbb", 2, 10, [{"id": "y", "match": {"fi": ["b"]}}]),
        ],
    )
    err = load_error(path)
    [problem] = err.problems
    assert "priority 10 of theme bbb is also used by theme aaa" in problem.message
    assert problem.row == path.read_text().splitlines().index("  priority: 10", 30) + 1


def test_tags_are_in_cv_order(tmp_path):
    rules = themes.load_rules(
        write_rules(
            tmp_path,
            [
                a_theme("first", 1, 1, [{"id": "r1", "match": {"fi": ["kahvi"]}}]),
                a_theme("second", 2, 2, [{"id": "r2", "match": {"fi": ["tee"]}}]),
                a_theme("third", 3, 3, [{"id": "r3", "match": {"fi": ["vesi"]}}]),
            ],
        )
    )
    assert themes.decide(rules, "vesi, tee ja kahvi").tags == ("first", "second")


# --- the bundled rule set -----------------------------------------------------------------


def test_bundled_rules_load_and_every_example_passes():
    rules = themes.load_rules(BUNDLED)
    assert themes.check_examples(rules) == []
    assert [t.id for t in rules.themes] == [i.id for i in themes.theme_infos(rules)]
    assert {t.id for t in rules.themes} == {
        "ammatillinen",
        "digitaidot",
        "kieli-ja-viestinta",
        "asiakaspalvelu",
        "itsensa-johtaminen",
        "turvallisuus",
        "vastuullisuus",
        "yhteistyo",
        "yrittajyys",
    }
    assert rules.sha256.startswith("sha256:") and len(rules.sha256) == 71


@pytest.mark.parametrize(
    "text", ["asiakaspalvelun", "asiakaspalvelutilanteissa", "Asiakaspalveluosaaminen"]
)
def test_bundled_asiakaspalvelu_forms(text):
    assert themes.decide(bundled(), text).theme == "asiakaspalvelu"


@pytest.mark.parametrize("text", ["kielellä", "kielitaito", "vieraskielisten"])
def test_bundled_kieli_forms(text):
    assert themes.decide(bundled(), text).theme == "kieli-ja-viestinta"


def test_bundled_colours_meet_wcag_aa():
    for info in themes.theme_infos(bundled()):
        assert themes.contrast_ratio(info.colour, info.text_colour) >= 4.5, info.id


def test_demo_items_are_themed_by_rules_alone(tmp_path):
    """Issue 3: at least 95% of the demo's distinct items are themed by the bundled rules."""
    project = Project.at(raw=REPO_ROOT / "raw", build=tmp_path / "build", themes=BUNDLED)
    run_ingest(Run.of(project))
    con = store.open_store(project.store_path)
    try:
        items = store.distinct_item_surveys(con)
    finally:
        con.close()
    assignments, _ = themes.classify(bundled(), items)
    cov = themes.coverage(assignments)
    # Every item's field is known, so no scoped rule is left in doubt.
    assert not [a.text for a in assignments.values() if "scope" in a.doubts]
    print(
        f"demo: {cov.by_rules}/{cov.items} distinct items themed by rules alone ({cov.share_by_rules:.1%})"
    )
    assert cov.items > 100
    assert cov.share_by_rules >= 0.95


# --- the examples check -------------------------------------------------------------------

BROKEN = textwrap.dedent("""\
    version: 2
    themes:
      - id: kieli
        label: {fi: Kieli, en: Language, sv: Språk}
        description: {fi: Kielet, en: Languages}
        colour: "#ecdff5"
        text_colour: "#1b1b1b"
        marker: KV
        order: 1
        priority: 60
        rules:
          - id: kielet
            match:
              fi: ["kieli"]
        examples:
          match:
            - Puhuu vierasta kieltä
            - Palvelee asiakkaita
          no_match:
            - Myy kieltä ja kieliä
""")


def test_a_broken_example_is_named_with_theme_rule_example_and_line(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    problems = themes.check_examples(themes.load_rules(path))
    by_row = {p.row: p.message for p in problems}
    assert set(by_row) == {18, 20}
    assert (
        by_row[18]
        == "theme kieli › example 'Palvelee asiakkaita' should get this theme, but no rule matched it"
    )
    assert by_row[20] == (
        "theme kieli › rule kielet › example 'Myy kieltä ja kieliä' must not match, but term "
        "'kieli' matched 'kieltä' (whole; add an exclusion to the rule, narrow the term or its mode)"
    )


def test_an_example_won_by_another_theme_names_the_winner(tmp_path):
    rules = themes.load_rules(
        write_rules(
            tmp_path,
            [
                a_theme(
                    "aaa",
                    1,
                    10,
                    [{"id": "a-rule", "match": {"fi": ["asiakas"]}}],
                    examples={"match": ["Palvelee asiakasta kielellä"]},
                ),
                a_theme(
                    "bbb",
                    2,
                    20,
                    [{"id": "b-rule", "match": {"fi": ["kieli"]}}],
                    examples={"match": ["kieli"]},
                ),
            ],
        )
    )
    [problem] = themes.check_examples(rules)
    assert (
        "rule b-rule of theme bbb (priority 20) won on 'kielellä' over rule a-rule (priority 10)"
        in problem.message
    )


# --- schema errors ------------------------------------------------------------------------


def test_a_missing_key_names_its_theme_line_and_what_is_required(tmp_path):
    text = BROKEN.replace('    colour: "#ecdff5"\n', "")
    path = tmp_path / "themes.yaml"
    path.write_text(text, encoding="utf-8")
    [problem] = load_error(path).problems
    assert problem.row == 3
    assert "'colour' is a required property" in problem.message
    assert "required keys: id, label" in problem.message


def test_a_bad_colour_names_its_line_and_the_accepted_form(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(BROKEN.replace('"#ecdff5"', '"purple"'), encoding="utf-8")
    [problem] = load_error(path).problems
    assert (problem.file, problem.row) == (str(path), 6)
    assert "themes/0/colour: 'purple' does not match" in problem.message
    assert "#rrggbb" in problem.message


def test_an_unknown_key_lists_the_accepted_keys(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(
        BROKEN.replace("    marker: KV\n", "    marker: KV\n    icon: star\n"), encoding="utf-8"
    )
    [problem] = load_error(path).problems
    assert problem.row == 3
    assert "'icon' was unexpected" in problem.message and "accepted keys:" in problem.message


def test_broken_yaml_names_the_line(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(BROKEN.replace('fi: ["kieli"]', 'fi: ["kieli"'), encoding="utf-8")
    [problem] = load_error(path).problems
    assert problem.row == 15 and "not valid YAML" in problem.message


def test_a_term_that_cannot_be_read_names_theme_rule_and_line(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(BROKEN.replace('fi: ["kieli"]', 'fi: ["kieli", "IT-tuki"]'), encoding="utf-8")
    [problem] = load_error(path).problems
    assert problem.row == 14
    assert (
        "theme kieli › rule kielet: term 'IT-tuki'" in problem.message
        and "'raaka aine'" in problem.message
    )


def test_rule_ids_are_unique_across_the_file(tmp_path):
    path = write_rules(
        tmp_path,
        [
            a_theme("aaa", 1, 1, [{"id": "same", "match": {"fi": ["a"]}}]),
            a_theme("bbb", 2, 2, [{"id": "same", "match": {"fi": ["b"]}}]),
        ],
    )
    [problem] = load_error(path).problems
    assert "rule id 'same' is used twice (also in theme aaa)" in problem.message


def test_low_contrast_colours_are_refused(tmp_path):
    path = write_rules(
        tmp_path,
        [
            a_theme(
                "aaa",
                1,
                1,
                [{"id": "x", "match": {"fi": ["a"]}}],
                colour="#ffffff",
                text_colour="#777777",
            )
        ],
    )
    [problem] = load_error(path).problems
    assert (
        "theme aaa: text #777777 on #ffffff has contrast 4.48:1; WCAG AA needs at least 4.5:1"
        in problem.message
    )


def test_contrast_ratio_matches_wcag():
    assert themes.contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert themes.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert themes.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert themes.contrast_ratio("#1b1b1b", "#1b1b1b") == pytest.approx(1.0)


def test_the_schema_file_is_itself_valid():
    import json

    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json.loads(themes.SCHEMA_PATH.read_text()))
    assert jsonschema.Draft202012Validator(json.loads(themes.SCHEMA_PATH.read_text())).is_valid(
        yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    )


# --- overrides and the unthemed queue -----------------------------------------------------


def items_of(*texts_and_codes) -> list[tuple[str, str | None, str]]:
    return [(item_key(text), code, text) for text, code in texts_and_codes]


OVERRIDES = textwrap.dedent("""\
    overrides:
      - item: "  palvelee ASIAKKAITA   ruotsiksi "
        theme: asiakaspalvelu
      - code: ICT-7
        theme: digitaidot
        tags: [yhteistyo]
      - item: Tätä osaamista ei enää ole
        theme: turvallisuus
""")


def test_overrides_win_over_rules_by_text_or_code_and_stale_ones_are_reported(tmp_path):
    path = tmp_path / "theme_overrides.yaml"
    path.write_text(OVERRIDES, encoding="utf-8")
    rules = bundled()
    items = items_of(
        ("Palvelee asiakkaita ruotsiksi", None),
        ("Ratkaisee käyttäjien laiteongelmia", "ICT-7"),
        ("Antaa ensiapua", None),
    )
    result, problems = themes.classify(rules, items, themes.load_overrides(path))
    by_text = result[item_key("Palvelee asiakkaita ruotsiksi")]
    assert (by_text.theme, by_text.source, by_text.rule_theme) == (
        "asiakaspalvelu",
        "override",
        "kieli-ja-viestinta",
    )
    assert by_text.tags == ("kieli-ja-viestinta",)  # the rules' verdict stays visible as a tag
    by_code = result[item_key("Ratkaisee käyttäjien laiteongelmia")]
    assert (by_code.theme, by_code.tags, by_code.source) == (
        "digitaidot",
        ("yhteistyo",),
        "override",
    )
    ruled = result[item_key("Antaa ensiapua")]
    assert (ruled.theme, ruled.source) == ("turvallisuus", "turvallisuus")
    [stale] = problems
    assert (
        stale.row == 7
        and "stale override: item 'tätä osaamista ei enää ole' matches no item" in stale.message
    )


def test_an_override_by_text_beats_one_by_code(tmp_path):
    path = tmp_path / "o.yaml"
    path.write_text(
        "overrides:\n  - code: K1\n    theme: digitaidot\n  - item: Antaa ensiapua\n    theme: yhteistyo\n",
        encoding="utf-8",
    )
    result, problems = themes.classify(
        bundled(), items_of(("Antaa ensiapua", "K1")), themes.load_overrides(path)
    )
    assert result[item_key("Antaa ensiapua")].theme == "yhteistyo"
    assert [p.row for p in problems] == [2]  # the code override decided nothing


def test_an_override_naming_an_unknown_theme_is_an_error(tmp_path):
    path = tmp_path / "o.yaml"
    path.write_text("overrides:\n  - item: Antaa ensiapua\n    theme: kokkaus\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        themes.classify(bundled(), items_of(("Antaa ensiapua", None)), themes.load_overrides(path))
    [problem] = caught.value.problems
    assert (
        problem.row == 2 and "unknown theme 'kokkaus'; accepted: ammatillinen," in problem.message
    )


@pytest.mark.parametrize(
    "text, row, message",
    [
        ("overrides:\n  - item: x\n    code: y\n    theme: digitaidot\n", 2, "exactly one of item"),
        ("overrides:\n  - item: x\n", 2, "theme is required"),
        (
            "overrides:\n  - item: x\n    theme: digitaidot\n    colour: red\n",
            4,
            "unknown key(s) colour",
        ),
        (
            "overrides:\n  - item: x\n    theme: digitaidot\n  - item: X\n    theme: yhteistyo\n",
            4,
            "pinned twice",
        ),
        ("- just a list\n", 1, "expected 'overrides:'"),
    ],
)
def test_a_bad_overrides_file_names_the_line(tmp_path, text, row, message):
    path = tmp_path / "o.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        themes.load_overrides(path)
    [problem] = caught.value.problems
    assert problem.row == row and message in problem.message


def test_a_missing_overrides_file_means_no_overrides(tmp_path):
    assert themes.load_overrides(tmp_path / "none.yaml").entries == ()


def test_unmatched_items_go_to_the_unthemed_queue_never_dropped():
    items = items_of(("Antaa ensiapua", None), ("Soittaa kannelta", None), ("Laulaa joikuja", None))
    result, problems = themes.classify(bundled(), items)
    assert problems == []
    assert set(result) == {k for k, _, _ in items}
    queue = sorted(k for k, a in result.items() if a.theme is None)
    assert queue == ["laulaa joikuja", "soittaa kannelta"]
    assert all(result[k].source is None and result[k].tags == () for k in queue)
    cov = themes.coverage(result)
    assert (cov.items, cov.by_rules, cov.unthemed) == (3, 1, 2)


def test_classify_does_not_depend_on_input_order():
    items = items_of(
        ("Antaa ensiapua", "B"), ("Antaa ensiapua", "A"), ("Käyttää kassajärjestelmää", None)
    )
    rules = bundled()
    assert themes.classify(rules, items)[0] == themes.classify(rules, list(reversed(items)))[0]


# --- the stage and the CLI ----------------------------------------------------------------


def survey_workbook(path: Path, items: list[str]) -> None:
    """A layout B export (one row per item) with the given item texts."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Osaamisluettelo"
    ws.append(
        [
            "Osaamisalue",
            "Osaaminen",
            "Koodi",
            "Organisaatioita",
            "Nykytarve ka.",
            "Tuleva tarve ka.",
        ]
    )
    for i, text in enumerate(items):
        # A code names one competence in every survey and cycle (docs/figures.md).
        code = f"K-{sum(map(ord, text)) % 997}"
        ws.append(["Alue", text, code, 5, 3.0 + i / 10, 3.5 + i / 10])
        ws.cell(row=ws.max_row, column=2).data_type = "s"  # "=1+1 ..." is text in the export too
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


@pytest.fixture()
def project(tmp_path) -> Project:
    project = Project.at(raw=tmp_path / "raw", build=tmp_path / "build", themes=BUNDLED)
    survey_workbook(
        project.raw / "2022_matkailu_opas.xlsx",
        ["Antaa ensiapua", "Palvelee asiakkaita ruotsiksi", "Soittaa kannelta", "=1+1 laskee"],
    )
    survey_workbook(project.raw / "2019_matkailu_opas.xlsx", ["Antaa ensiapua", "Soittaa kannelta"])
    (project.raw / "theme_overrides.yaml").write_text(
        "overrides:\n  - item: palvelee asiakkaita ruotsiksi\n    theme: asiakaspalvelu\n"
        "  - code: NOPE\n    theme: digitaidot\n",
        encoding="utf-8",
    )
    run_ingest(Run.of(project))
    return project


invoke = run_cli  # osaaja … on the project, through CliRunner


def test_theme_command_fills_the_store_and_prints_the_summary(project):
    result = invoke(project, "theme")
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        "themed 4 distinct item(s)" in out
        and "2 by rules alone (50.0%), 1 pinned by override, 2 unthemed" in out
    )
    assert "warning: " in out and "stale override: code 'NOPE'" in out
    assert "unthemed queue: 2 item(s)" in out
    assert "  2 survey(s)  soittaa kannelta" in out and "  1 survey(s)  =1+1 laskee" in out
    assert (project.analyst_dir / "2019_themes.xlsx").exists() and (
        project.analyst_dir / "2022_themes.xlsx"
    ).exists()
    con = store.open_store(project.store_path)
    try:
        rows = dict(con.execute("SELECT item_key, theme_source FROM item_themes").fetchall())
        scores = con.execute(
            "SELECT cycle, item_key, theme, theme_tags, theme_source FROM item_scores "
            "WHERE item_key = 'palvelee asiakkaita ruotsiksi'"
        ).fetchall()
        counts = con.execute(
            "SELECT cycle, theme, n_items, n_overridden FROM theme_counts ORDER BY ALL"
        ).fetchall()
        sha = con.execute("SELECT DISTINCT rules_sha256 FROM item_themes").fetchall()
    finally:
        con.close()
    assert rows == {
        "antaa ensiapua": "turvallisuus",
        "palvelee asiakkaita ruotsiksi": "override",
        "soittaa kannelta": None,
        "=1+1 laskee": None,
    }
    assert scores == [
        (
            2022,
            "palvelee asiakkaita ruotsiksi",
            "asiakaspalvelu",
            ["kieli-ja-viestinta"],
            "override",
        )
    ]
    assert (2022, "asiakaspalvelu", 1, 1) in counts and (2019, None, 1, 0) in counts
    assert sha == [(bundled().sha256,)]


def test_a_build_themes_items_with_the_fields_they_were_surveyed_in(tmp_path):
    """Scoped rules see the item's field from the store (issue 12): the ICT support rule
    themes an ICT survey's item with confidence and leaves another field's alone; the
    evidence and the doubts are stored with the theme."""
    project = Project.at(raw=tmp_path / "raw", build=tmp_path / "build", themes=BUNDLED)
    ict = "Hallinnoi käyttäjätunnuksia ja käyttöoikeuksia"
    shop = "Hallinnoi kassan käyttäjätunnuksia"
    fallback = "Tuntee Sustainable Travel Finland -ohjelman kriteerit"
    survey_workbook(project.raw / "2022_ict_tukihenkilo.xlsx", [ict, fallback])
    survey_workbook(project.raw / "2022_kauppa_myyja.xlsx", [shop, fallback])
    run_ingest(Run.of(project))
    con = store.open_store(project.store_path)
    try:
        surveys = store.distinct_item_surveys(con)
        themed = con.execute(
            "SELECT DISTINCT item, theme, theme_source, theme_evidence, theme_doubt "
            "FROM item_scores ORDER BY item"
        ).fetchall()
    finally:
        con.close()
    assert [(text, field, occupation) for _, _, text, field, occupation in surveys] == [
        (shop, "kauppa", "myyja"),
        (ict, "ict", "tukihenkilo"),
        (fallback, "ict", "tukihenkilo"),
        (fallback, "kauppa", "myyja"),
    ]
    assert themed == [
        (shop, None, None, None, None),
        (
            ict,
            "ammatillinen",
            "ict-tuki",
            "ict-tuki: käyttäjätunnuksia=käyttäjä+tunnus (whole)",
            None,
        ),
        (
            fallback,
            "vastuullisuus",
            "vastuullisuus",
            "vastuullisuus: sustainable~sustain (fallback)",
            "fallback",
        ),
    ]


def test_theme_command_is_all_or_nothing(project, tmp_path):
    assert invoke(project, "theme").exit_code == 0
    before = project.store_path.read_bytes()
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        BUNDLED.read_text(encoding="utf-8").replace('colour: "#dbe9f6"', 'colour: "#zz"'),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["--raw", str(project.raw), "--build", str(project.build), "--themes", str(bad), "theme"],
    )
    assert result.exit_code == 1
    assert "themes/0/colour" in result.output and "Traceback" not in result.output
    assert project.store_path.read_bytes() == before


def test_theme_command_without_a_store_says_what_to_run(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["--raw", str(tmp_path), "--build", str(tmp_path / "b"), "--themes", str(BUNDLED), "theme"],
    )
    assert result.exit_code == 1 and "run `osaaja ingest`" in result.output


def test_themes_check_passes_on_the_bundled_rules(tmp_path):
    result = CliRunner().invoke(
        cli, ["--raw", str(tmp_path), "--themes", str(BUNDLED), "themes", "check"]
    )
    assert result.exit_code == 0, result.output
    assert "9 themes" in result.output and "examples pass" in result.output


def test_themes_check_fails_naming_theme_rule_and_example(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--raw", str(tmp_path), "--themes", str(path), "themes", "check"]
    )
    assert result.exit_code == 1
    assert (
        f"{path} › row 20: theme kieli › rule kielet › example 'Myy kieltä ja kieliä'"
        in result.output
    )
    assert "2 problem(s) in the theme rules" in result.output


def test_themes_explain_shows_hits_and_decision(tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "--raw",
            str(tmp_path),
            "--themes",
            str(BUNDLED),
            "themes",
            "explain",
            "Palvelee asiakkaita ruotsiksi",
        ],
    )
    assert result.exit_code == 0
    assert "term 'ruotsi': kielet: ruotsiksi=ruotsi (whole)" in result.output
    assert "primary: kieli-ja-viestinta (rule kielet); tags: asiakaspalvelu" in result.output


def test_themes_explain_takes_the_field_for_scoped_rules(tmp_path):
    def explain(*args: str) -> str:
        result = CliRunner().invoke(
            cli, ["--raw", str(tmp_path), "--themes", str(BUNDLED), "themes", "explain", *args]
        )
        assert result.exit_code == 0, result.output
        return result.output

    text = "Hallinnoi käyttäjätunnuksia ja käyttöoikeuksia"
    assert "doubtful: a field-scoped rule decided" in explain(text)
    ict = explain("--field", "ict", text)
    assert "primary: ammatillinen (rule ict-tuki)" in ict and "doubtful" not in ict
    assert "primary: none (unthemed)" in explain("--field", "kauppa", text)


def test_themes_explain_needs_a_text(tmp_path):
    result = CliRunner().invoke(cli, ["--themes", str(BUNDLED), "themes", "explain"])
    assert result.exit_code == 2
