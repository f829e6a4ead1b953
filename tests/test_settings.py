"""raw/osaaja.yaml: defaults, and errors with their lines."""

from __future__ import annotations

import pytest

from pipeline.settings import Settings, parse_settings


def settings_of(path) -> Settings:
    settings, _node, problems = parse_settings(path)
    assert problems == []
    return settings


def test_missing_or_empty_file_gives_the_defaults(tmp_path):
    assert settings_of(tmp_path / "osaaja.yaml") == Settings(
        min_organisations=3, trend_threshold=0.3
    )
    (tmp_path / "osaaja.yaml").write_text("# nothing yet\n")
    assert settings_of(tmp_path / "osaaja.yaml") == Settings()


def test_values_are_read(tmp_path):
    (tmp_path / "osaaja.yaml").write_text("min_organisations: 5\ntrend_threshold: 0.5\n")
    assert settings_of(tmp_path / "osaaja.yaml") == Settings(
        min_organisations=5, trend_threshold=0.5
    )


def test_unknown_keys_and_bad_values_are_reported_with_lines(tmp_path):
    path = tmp_path / "osaaja.yaml"
    path.write_text(
        "min_organisations: three\ntrend_treshold: 0.3\npublication: yes\ntrend_threshold: .inf\n"
    )
    _settings, _node, problems = parse_settings(path)
    assert [str(p).replace(str(path), "osaaja.yaml") for p in problems] == [
        "osaaja.yaml › row 1: min_organisations 'three' is not accepted; accepted: a whole number 1 or more",
        "osaaja.yaml › row 2: unknown setting 'trend_treshold'; accepted: min_organisations, trend_threshold, "
        "base_url, publication, checks, evidence, languages",
        "osaaja.yaml › row 3: publication True is not accepted; accepted: a mapping (see docs/signoff.md)",
        "osaaja.yaml › row 4: trend_threshold inf is not accepted; accepted: a number above 0 and at "
        "most 4 (the scale is 1-5), such as 0.3",
    ]
    assert {p.code for p in problems} == {"settings.value", "settings.unknown"}


@pytest.mark.parametrize(
    "value",
    ["https://www.example.fi/osaajaprofiilit/", "http://localhost:8000/", "https://a.fi/x/y/"],
)
def test_base_url_is_read(tmp_path, value):
    path = tmp_path / "osaaja.yaml"
    path.write_text(f"base_url: {value!r}\n")
    settings, _node, problems = parse_settings(path)
    assert problems == [] and settings.base_url == value


@pytest.mark.parametrize(
    "value",
    ["https://www.example.fi/osaajaprofiilit", "ftp://a.fi/", "https://a.fi/?q=1/", "/site/", "3"],
)
def test_a_base_url_that_is_not_an_absolute_folder_address_is_refused(tmp_path, value):
    path = tmp_path / "osaaja.yaml"
    path.write_text(f"base_url: {value!r}\n")
    settings, _node, problems = parse_settings(path)
    assert settings.base_url is None
    assert [str(p).replace(str(path), "osaaja.yaml") for p in problems] == [
        f"osaaja.yaml › row 1: base_url {value!r} is not accepted; accepted: an absolute "
        "http(s) address ending in '/', such as 'https://www.example.fi/osaajaprofiilit/' "
        "(no query or fragment)"
    ]
