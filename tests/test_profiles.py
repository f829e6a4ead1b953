"""raw/profiles.yaml: which surveys feed which profile; errors name the file and line."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.profiles import load_profiles
from pipeline.project import REPO_ROOT


def problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "profiles.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_profiles(path)
    return [str(p).replace(f"{path}", "profiles.yaml") for p in err.value.problems]


def test_the_demo_profiles_load():
    specs = load_profiles(REPO_ROOT / "raw" / "profiles.yaml")
    assert len(specs) == 11
    emerging = [s for s in specs if s.emerging]
    assert [s.id for s in emerging] == [
        "hyvinvointiteknologian-tukihenkilo",
        "vastuullisen-matkailun-koordinaattori",
    ]
    assert emerging[0].surveys[1].themes == ("digitaidot",)
    assert all(s.title["fi"] and s.title["en"] for s in specs)


def test_errors_are_reported_together_with_their_lines(tmp_path):
    text = """profiles:
  - id: Hyvä Profiili
    title: {fi: A, en: B}
  - id: kokki
    title: {fi: Kokki}
    description: {fi: x, en: y}
    surveys:
      - {field: ravintola}
    colour: red
  - id: kokki
    title: {fi: K, en: C}
    description: {fi: x, en: y}
    surveys: [{field: a, occupation: b, theme: [x]}]
"""
    assert problems(tmp_path, text) == [
        "profiles.yaml › row 2: id 'Hyvä Profiili' is not a URL-safe slug; accepted: lowercase letters a-z, "
        "digits and single hyphens, at most 80 characters",
        "profiles.yaml › row 5: kokki: title lacks en text; Finnish and English are required, Swedish optional",
        "profiles.yaml › row 8: kokki: a survey needs 'field' and 'occupation' slugs",
        "profiles.yaml › row 9: unknown key 'colour'; accepted: description, emerging, esco, id, isco, notes, "
        "qualification, surveys, title",
        "profiles.yaml › row 10: profile id 'kokki' is used twice; ids must be unique",
        "profiles.yaml › row 13: kokki: unknown survey key 'theme'; accepted: areas, field, occupation, themes",
    ]


def test_yaml_syntax_error_has_its_line(tmp_path):
    assert problems(tmp_path, "profiles:\n  - id: a\n   title: [\n") == [
        "profiles.yaml › row 3: not valid YAML: expected <block end>, but found '<block mapping start>'"
    ]


def test_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_profiles(tmp_path / "profiles.yaml")
    assert "not found; list the profiles to publish here (see docs/profiles.md)" in str(
        err.value.problems[0]
    )
