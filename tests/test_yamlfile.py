"""Bounded YAML reading: bombs, duplicate keys, encodings, short messages (issue 11)."""

from __future__ import annotations

import os
from pathlib import Path

import jsonschema
import pytest

from pipeline import messages, yamlfile
from pipeline.errors import ConfigError


def billion_laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


@pytest.mark.parametrize("name", ["osaaja.yaml", "profiles.yaml", "themes.yaml"])
def test_billion_laughs_stops_at_once_with_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(billion_laughs(), encoding="utf-8")
    # It stops while composing, before any expansion (the time: bench/hostile_yaml.py).
    with pytest.raises(ConfigError) as caught:
        yamlfile.read(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path} › row 5: aliases (*name) repeat more than 100,000 values and characters "
        "(an alias bomb?); write the values out instead of aliasing them"
    ]
    assert caught.value.problems[0].code == "yaml.alias_bomb"


def test_aliases_of_one_long_string_count_its_characters() -> None:
    text = "a: &a " + "x" * 50_000 + "\nb: [*a, *a, *a]\n"
    _, _, problems = yamlfile.load("s.yaml", text)
    assert [p.code for p in problems] == ["yaml.alias_bomb"] and problems[0].row == 2


def test_a_few_aliases_and_merge_keys_still_work() -> None:
    data, _, problems = yamlfile.load(
        "m.yaml", "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\nd: [*b, *b]\n"
    )
    assert problems == []
    assert data == {"base": {"x": 1}, "c": {"x": 1, "y": 2}, "d": [{"x": 1}, {"x": 1}]}


def test_an_alias_inside_its_own_collection_is_refused() -> None:
    _, _, problems = yamlfile.load("r.yaml", "a: &x [1, *x]\n")
    assert [(p.row, p.message) for p in problems] == [
        (1, "alias *x refers to the collection it is in; write the values out")
    ]


def test_deep_nesting_is_refused() -> None:
    _, _, problems = yamlfile.load("n.yaml", "a:\n" + "  - " * 65 + "x\n")
    assert [(p.code, p.row, p.message) for p in problems] == [
        ("yaml.too_deep", 2, "nested more than 64 levels deep; configuration files never need that")
    ]
    # libyaml stops this one itself, also in one line
    _, _, problems = yamlfile.load("n.yaml", "[" * 100_000 + "]" * 100_000)
    assert len(problems) == 1


def test_duplicate_keys_are_refused_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "osaaja.yaml"
    path.write_text("min_organisations: 5\ntrend_threshold: 0.3\nmin_organisations: 1\n")
    with pytest.raises(ConfigError) as caught:
        yamlfile.read(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path} › row 3: key 'min_organisations' appears twice (lines 1 and 3); "
        "YAML would silently keep the last one: keep one"
    ]


def test_duplicate_keys_are_found_at_every_level() -> None:
    text = "checks:\n  a: 1\n  a: 2\nlist:\n  - {k: 1, k: 2}\n"
    _, _, problems = yamlfile.load("c.yaml", text)
    assert [(p.row, p.code) for p in problems] == [
        (3, "yaml.duplicate_key"),
        (5, "yaml.duplicate_key"),
    ]


def test_non_utf8_byte_is_reported_with_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "profiles.yaml"
    path.write_bytes(b"profiles:\n  - id: kokki\n    name: K\xe4rki\n")
    _, _, problems = yamlfile.load(path)
    assert [str(p) for p in problems] == [
        f"{path} › row 3: byte 0xE4 at byte offset 35 is not UTF-8 (in Windows-1252 "
        "that would be 'ä'); save the file as UTF-8"
    ]


def test_utf8_bom_is_tolerated_and_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert yamlfile.read(path)[0] == {"a": 1}
    path.write_bytes("a: 1\n".encode("utf-16"))
    _, _, problems = yamlfile.load(path)
    assert [p.message for p in problems] == ["is UTF-16 text; save it as UTF-8"]


def test_dates_as_text_keeps_what_was_written() -> None:
    assert yamlfile.load("s.yaml", "date: 2024-05-02\n", dates_as_text=True)[0] == {
        "date": "2024-05-02"
    }
    assert str(yamlfile.load("s.yaml", "date: 2024-05-02\n")[0]["date"]) == "2024-05-02"


def test_values_python_cannot_build_are_one_line() -> None:
    _, _, problems = yamlfile.load("s.yaml", "a: 1\nday: 2024-02-30\n")
    assert [(p.row, p.message) for p in problems] == [
        (2, "not valid YAML: '2024-02-30' cannot be read (day is out of range for month)")
    ]
    _, _, problems = yamlfile.load("s.yaml", "n: " + "9" * 5000 + "\n")
    assert len(problems) == 1 and problems[0].code == "yaml.value"
    assert len(problems[0].message) < 250


def test_size_limit_and_non_regular_files(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (yamlfile.MAX_BYTES + 10) + b"\n")
    _, _, problems = yamlfile.load(big)
    assert [p.message for p in problems] == [
        "is 4.0 MiB; configuration files are at most 4 MiB: is this the right file?"
    ]
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer, so opening for reading returns
    try:
        _, _, problems = yamlfile.load(fifo)
    finally:
        os.close(fd)
    assert [p.code for p in problems] == ["yaml.not_a_file"]


def test_syntax_error_keeps_its_line() -> None:
    _, _, problems = yamlfile.load("x.yaml", "a: [1\n")
    assert [(p.row, p.message) for p in problems] == [
        (2, "not valid YAML: expected ',' or ']', but got '<stream end>'")
    ]


def test_the_pure_python_parser_has_the_same_limits() -> None:
    loader = yamlfile._LOADERS[(False, False)](billion_laughs())
    with pytest.raises(yamlfile._Refused):
        loader.get_single_node()


def test_excerpt_is_short_escaped_and_bounded() -> None:
    assert messages.excerpt("\x1b[31mred\u202e") == "'\\x1b[31mred\\u202e'"
    assert messages.excerpt("x" * 10_000) == "'" + "x" * 29 + "…" + "x" * 29 + "'"
    nested: list = ["lol"] * 9
    for _ in range(9):
        nested = [nested] * 9  # 9**10 strings if printed in full
    text = messages.excerpt({"a": nested})  # bounded: never walks the whole value
    assert len(text) <= 120
    assert messages.excerpt(10**5000) == "<a 16610-bit number>"


def test_schema_message_quotes_an_excerpt_only() -> None:
    schema = {
        "type": "object",
        "properties": {"reviewer": {"type": "string"}, "role": {"enum": ["a", "b"]}},
        "required": ["reviewer", "date"],
        "additionalProperties": False,
    }
    data = {"reviewer": ["x" * 100_000] * 50, "role": "z" * 500, "extra" * 30: 1}
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: e.validator
    )
    found = [(messages.schema_path(e), messages.schema_message(e)) for e in errors]
    assert all(len(m) < 300 for _, m in found)
    assert ("(top level)", "missing key(s): date") in found
    assert (
        "role",
        "'" + "z" * 29 + "…" + "z" * 29 + "' is not accepted; use one of: a, b",
    ) in found
    assert any(m.startswith("unknown key(s) 'extraextra") for _, m in found)
    assert any(p == "reviewer" and m.endswith("is not accepted; expected text") for p, m in found)


def test_line_of_and_child_still_locate_values() -> None:
    data, node = yamlfile.read("p.yaml", "a:\n  b: [1, 2]\n  c: 3\n")
    assert yamlfile.line_of(node, ["a", "c"]) == 3
    assert yamlfile.line_of(node, ["a", "missing"]) == 1
    assert yamlfile.child(yamlfile.child(node, "a"), "b").value[1].value == "2"
