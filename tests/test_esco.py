"""ESCO occupation and ISCO-08 codes of profiles: checked against the ESCO list osaaja
ships (data/esco/occupations_fi.csv); a wrong code is an error with its line."""

from __future__ import annotations

import csv

import pytest

from pipeline import esco
from pipeline.config import Config
from pipeline.errors import ConfigError
from pipeline.profiles import load_profiles
from pipeline.project import ESCO_FILE, REPO_ROOT, Project

KOKKI = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"
PROFILE = """profiles:
  - id: kokki
    title: {{fi: Kokki, en: Cook}}
    description: {{fi: x, en: y}}
{codes}    surveys: [{{field: ravintola, occupation: kokki}}]
"""


def load(tmp_path, codes: str):
    path = tmp_path / "profiles.yaml"
    path.write_text(PROFILE.format(codes=codes), encoding="utf-8")
    return path, load_profiles(path)


def problems(tmp_path, codes: str) -> list[str]:
    path = tmp_path / "profiles.yaml"
    path.write_text(PROFILE.format(codes=codes), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_profiles(path)
    return [str(p).replace(str(path), "profiles.yaml") for p in err.value.problems]


def test_the_shipped_list_is_the_whole_esco_occupations_pillar():
    occupations, found = esco.load_occupations()
    assert found == []
    assert len(occupations.by_uri) == 3008
    assert len(occupations.isco_groups) == 426
    cook = occupations.by_uri[KOKKI]
    assert (cook.code, cook.isco_group, cook.label) == ("5120.1", "5120", "kokki")
    assert cook.alt_labels == ("kokit", "keittäjä", "keittäjät")


def test_the_shipped_list_credits_the_european_commission():
    readme = (ESCO_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "© European Union" in readme
    assert "European Commission" in readme
    assert "2011/833/EU" in readme
    assert "modified extract" in readme


def test_a_uri_gives_the_finnish_label_alternative_titles_and_isco_group(tmp_path):
    _, (spec,) = load(tmp_path, f'    esco: "{KOKKI}"\n')
    c = spec.classification
    assert (c.isco, c.esco_uri, c.esco_code, c.esco_label) == ("5120", KOKKI, "5120.1", "kokki")
    assert c.esco_alt_labels == ("kokit", "keittäjä", "keittäjät")


def test_a_matching_isco_code_is_accepted_and_an_isco_code_alone_is_allowed(tmp_path):
    _, (spec,) = load(tmp_path, f'    esco: "{KOKKI}"\n    isco: "5120"\n')
    assert spec.classification.isco == "5120"
    _, (spec,) = load(tmp_path, '    isco: "3512"\n')
    assert (spec.classification.isco, spec.classification.esco_uri) == ("3512", None)
    _, (spec,) = load(tmp_path, "")
    assert spec.classification is None


def test_a_uri_not_in_the_list_is_an_error_with_its_line_and_a_suggestion(tmp_path):
    wrong = "http://data.europa.eu/esco/occupation/90f75f67-0000-0000-0000-000000000000"
    assert problems(tmp_path, f'    esco: "{wrong}"\n') == [
        f"profiles.yaml › row 5: kokki: esco '{wrong}' is not in the ESCO occupations list "
        f"({ESCO_FILE}, ESCO v1.1); copy the occupation's URI from there; an occupation "
        f"titled 'Kokki': {KOKKI} (kokki)"
    ]


def test_a_value_that_is_not_an_esco_uri_is_an_error(tmp_path):
    assert problems(tmp_path, "    esco: kokki\n") == [
        f"profiles.yaml › row 5: kokki: esco 'kokki' is not an ESCO occupation URI; accepted: "
        f"http://data.europa.eu/esco/occupation/<id> as listed in {ESCO_FILE}; an occupation "
        f"titled 'Kokki': {KOKKI} (kokki)"
    ]


def test_an_isco_code_of_another_group_than_the_uris_is_an_error(tmp_path):
    assert problems(tmp_path, f'    esco: "{KOKKI}"\n    isco: "5321"\n') == [
        f"profiles.yaml › row 6: kokki: isco '5321' does not match the ESCO occupation: "
        f"{KOKKI} (kokki) is in ISCO-08 unit group '5120'; write isco: \"5120\" or leave isco out"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "51201",
            "isco 51201 is not an ISCO-08 unit group; accepted: four digits in quotes, "
            'such as "5120"',
        ),
        (
            "[5120]",
            "isco [5120] is not an ISCO-08 unit group; accepted: four digits in quotes, "
            'such as "5120"',
        ),
        (
            '"9999"',
            f"isco '9999' is not an ISCO-08 unit group of the ESCO occupations list ({ESCO_FILE})",
        ),
    ],
)
def test_malformed_or_unknown_isco_codes_are_errors(tmp_path, value, message):
    assert problems(tmp_path, f"    isco: {value}\n") == [
        f"profiles.yaml › row 5: kokki: {message}"
    ]


def test_the_problem_codes_are_stable(tmp_path):
    path = tmp_path / "profiles.yaml"
    path.write_text(PROFILE.format(codes=f'    esco: "{KOKKI}x"\n    isco: "1"\n'), "utf-8")
    with pytest.raises(ConfigError) as err:
        load_profiles(path)
    assert sorted(p.code for p in err.value.problems) == ["profiles.esco_uri", "profiles.isco"]


def test_config_checks_codes_against_the_projects_list(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "profiles.yaml").write_text(PROFILE.format(codes=f'    esco: "{KOKKI}"\n'), "utf-8")
    listing = tmp_path / "occupations.csv"
    with listing.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(esco.COLUMNS)
        writer.writerow([KOKKI + "0", "5120.1", "5120", "kokki", ""])
        writer.writerow(["kokki", "5120.1", "51", "kokki", ""])
    project = Project(raw=raw, build=tmp_path / "build", themes_file=REPO_ROOT / "themes.yaml")
    project = Project(**{**project.__dict__, "esco_file": listing})
    with pytest.raises(ConfigError) as err:
        Config.load(project)
    lines = [str(p) for p in err.value.problems]
    assert f"{listing} › row 3: not an occupation URI and ISCO-08 group: 'kokki', '51'" in lines
    assert any("row 5: kokki: esco" in line and "is not in the ESCO" in line for line in lines)


def test_the_demo_profiles_name_esco_occupations_except_emerging_ones():
    specs = {s.id: s for s in load_profiles(REPO_ROOT / "raw" / "profiles.yaml")}
    named = {pid for pid, s in specs.items() if s.classification and s.classification.esco_uri}
    assert named == {pid for pid, s in specs.items() if not s.emerging}
    assert specs["kokki"].classification.esco_label == "kokki"
    assert specs["hyvinvointiteknologian-tukihenkilo"].classification.isco == "3512"
    assert specs["vastuullisen-matkailun-koordinaattori"].classification is None
