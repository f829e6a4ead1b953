"""Configuration files in YAML, with the line of every value for error messages.

Analysts edit ``themes.yaml``, ``profiles.yaml``, overrides, aliases, ``osaaja.yaml`` and
sign-offs by hand, so every problem names the file and line. One parse gives both the data
and the node tree the lines come from.

The files are also untrusted input (a sign-off may come by e-mail), so reading is bounded:

- size: at most ``MAX_BYTES``, regular files only;
- encoding: UTF-8 (a byte-order mark is tolerated); any other byte is one line with its
  byte offset and line;
- aliases (``*name``) may repeat at most ``MAX_ALIAS_EXPANSION`` nodes and characters in
  all, and never the collection they sit in: a "billion laughs" file stops at the first
  alias past the budget, in milliseconds, with one line;
- nesting: at most ``MAX_DEPTH`` levels;
- duplicate keys are refused with both lines (YAML would silently keep the last one:
  ``min_organisations: 5`` then ``min_organisations: 1`` would remove all suppression).

Messages quote values through ``excerpt`` only (short and escaped), never whole values;
``schema_message`` does the same for jsonschema's errors, whose own text embeds whole values.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from pipeline.errors import ConfigError, Problem
from pipeline.messages import clip, excerpt

MAX_BYTES = 4 * 2**20  # our largest files (sign-offs with a snapshot) are tens of KB
MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000  # nodes + characters that aliases may repeat, per file

# libyaml's parser when present: a sign-off carries a snapshot of ~100 items, and the pure
# Python parser takes about 0.4 s per file.
try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: the pure Python parser, same limits
    _Parser = None
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MERGE_TAG = "tag:yaml.org,2002:merge"


class _Refused(yaml.YAMLError):
    """A limit was hit while composing; carries the line and a stable code."""

    def __init__(self, code: str, message: str, mark: Any = None):
        super().__init__(message)
        self.code, self.message, self.mark = code, message, mark


class _BoundedComposer(Composer):
    """PyYAML's composer with limits: depth, alias expansion, duplicate keys.

    Placed before the parser in the loader's bases, so it also runs on libyaml's events
    (libyaml's own composer cannot be bounded)."""

    def __init__(self) -> None:
        Composer.__init__(self)
        self._depth = 0
        self._expanded = 0  # nodes and characters repeated through aliases so far
        self._weights: dict[int, int] = {}  # id(node) -> nodes + characters under it
        self._open: set[str] = set()  # anchors of collections still being composed
        self.duplicates: list[tuple[Any, int, int]] = []  # (key, first line, second line)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.get_event()
            anchor = event.anchor
            if anchor in self._open:
                raise _Refused(
                    "yaml.alias_cycle",
                    f"alias *{clip(anchor, 40)} refers to the collection it is in; "
                    "write the values out",
                    event.start_mark,
                )
            node = self.anchors.get(anchor)
            if node is not None:
                self._expanded += self._weights.get(id(node), 1)
                if self._expanded > MAX_ALIAS_EXPANSION:
                    raise _Refused(
                        "yaml.alias_bomb",
                        f"aliases (*name) repeat more than {MAX_ALIAS_EXPANSION:,} values and "
                        "characters (an alias bomb?); write the values out instead of aliasing them",
                        event.start_mark,
                    )
                return node
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias *{clip(anchor, 40)}", event.start_mark
            )
        event = self.peek_event()
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                "yaml.too_deep",
                f"nested more than {MAX_DEPTH} levels deep; configuration files never need that",
                event.start_mark,
            )
        anchor = getattr(event, "anchor", None)
        is_collection = not isinstance(event, ScalarEvent)
        if anchor is not None and is_collection:
            self._open.add(anchor)
        try:
            node = Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1
            if anchor is not None and is_collection:
                self._open.discard(anchor)
        self._weights[id(node)] = self._weight(node)
        return node

    def _weight(self, node: Any) -> int:
        if isinstance(node, ScalarNode):
            return 1 + len(node.value)
        children = (
            node.value if isinstance(node, SequenceNode) else [x for kv in node.value for x in kv]
        )
        return 1 + sum(self._weights.get(id(child), 1) for child in children)

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = Composer.compose_mapping_node(self, anchor)
        seen: dict[tuple[str, str], int] = {}
        for key, _value in node.value:
            if not isinstance(key, ScalarNode) or key.tag == MERGE_TAG:
                continue  # merge keys (<<) may repeat; complex keys are rare enough to skip
            line = key.start_mark.line + 1
            ident = (key.tag, key.value)
            if ident in seen:
                self.duplicates.append((key.value, seen[ident], line))
            else:
                seen[ident] = line
        return node


class _GuardedConstructor(yaml.constructor.SafeConstructor):
    """Values that Python cannot build (a date 2024-02-30, a 5,000-digit number) become a
    YAML error at the value's line instead of a traceback."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as err:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{excerpt(node.value) if isinstance(node, ScalarNode) else 'a value'} "
                f"cannot be read ({clip(str(err), 80)})",
                node.start_mark,
            ) from None


def _loader_class(c_parser: bool, dates_as_text: bool) -> type:
    parser = _Parser if c_parser and _Parser is not None else None
    if parser is None:
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        bases: tuple = (_BoundedComposer, Reader, Scanner, Parser)
    else:
        bases = (_BoundedComposer, parser)
    bases += (_GuardedConstructor, yaml.resolver.Resolver)

    def __init__(self: Any, stream: Any) -> None:
        if parser is None:
            bases[1].__init__(self, stream)  # Reader
            bases[2].__init__(self)  # Scanner
            bases[3].__init__(self)  # Parser
        else:
            parser.__init__(self, stream)
        _BoundedComposer.__init__(self)
        _GuardedConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    cls = type("BoundedLoader", bases, {"__init__": __init__})
    if dates_as_text:
        # Sign-offs keep dates as written, so the schema and messages see the text.
        cls.yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag != TIMESTAMP_TAG]
            for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
        }
    return cls


_LOADERS = {(c, d): _loader_class(c, d) for c in (True, False) for d in (True, False)}


def read(
    path: Path | str,
    text: str | bytes | None = None,
    *,
    dates_as_text: bool = False,
    max_bytes: int = MAX_BYTES,
) -> tuple[Any, Any]:
    """(data, node tree) of a YAML file. Any problem (too large, not UTF-8, not valid YAML,
    an alias bomb, too deep, duplicate keys) is a ``ConfigError`` with its line."""
    data, node, problems = load(path, text, dates_as_text=dates_as_text, max_bytes=max_bytes)
    if problems:
        raise ConfigError(problems)
    return data, node


def load(
    path: Path | str,
    text: str | bytes | None = None,
    *,
    dates_as_text: bool = False,
    max_bytes: int = MAX_BYTES,
) -> tuple[Any, Any, list[Problem]]:
    """Like ``read`` but never raises for the file's content: (data, node, problems), with
    data and node None when there are problems. ``text`` (str or bytes) skips reading."""
    file = str(path)
    if text is None:
        raw, problem = read_bytes(path, max_bytes)
        if problem is not None:
            return None, None, [problem]
        text = raw
    if isinstance(text, bytes):
        text, problem = decode(file, text)
        if problem is not None:
            return None, None, [problem]
    elif len(text) > max_bytes:
        return None, None, [_too_large(file, len(text.encode("utf-8", "surrogatepass")), max_bytes)]
    text = text.removeprefix("\ufeff")
    try:
        data, node, duplicates = _parse(text, c_parser=True, dates_as_text=dates_as_text)
    except _Refused as err:
        return None, None, [Problem(file, row=_line(err.mark), message=err.message, code=err.code)]
    except yaml.constructor.ConstructorError as err:
        return None, None, [_yaml_problem(file, err, "yaml.value")]
    except yaml.YAMLError as err:
        return None, None, [_syntax_problem(file, text, err, dates_as_text)]
    except RecursionError:  # belt and braces: MAX_DEPTH keeps recursion far from the limit
        return (
            None,
            None,
            [Problem(file, message="nested too deeply to read", code="yaml.too_deep")],
        )
    if duplicates:
        return (
            None,
            None,
            [
                Problem(
                    file,
                    row=second,
                    message=f"key {excerpt(key)} appears twice (lines {first} and {second}); "
                    "YAML would silently keep the last one: keep one",
                    code="yaml.duplicate_key",
                )
                for key, first, second in duplicates
            ],
        )
    return data, node, []


def _parse(text: str, *, c_parser: bool, dates_as_text: bool) -> tuple[Any, Any, list]:
    loader = _LOADERS[(c_parser, dates_as_text)](text)
    try:
        node = loader.get_single_node()
        if loader.duplicates:
            return None, node, loader.duplicates
        data = loader.construct_document(node) if node is not None else None
        return data, node, []
    finally:
        loader.dispose()


def _syntax_problem(file: str, text: str, err: yaml.YAMLError, dates_as_text: bool) -> Problem:
    """libyaml's wording is terse ("did not find expected ..."); the pure Python parser says
    what it expected and what it found, at the same place: reparse to quote it."""
    if _Parser is not None:
        try:
            _parse(text, c_parser=False, dates_as_text=dates_as_text)
        except _Refused as refused:
            return Problem(
                file, row=_line(refused.mark), message=refused.message, code=refused.code
            )
        except yaml.YAMLError as py_err:
            return _yaml_problem(file, py_err, "yaml.syntax")
        except RecursionError:
            pass
    return _yaml_problem(file, err, "yaml.syntax")


def _yaml_problem(file: str, err: yaml.YAMLError, code: str) -> Problem:
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err)
    return Problem(
        file, row=_line(mark), message=f"not valid YAML: {clip(problem, 200)}", code=code
    )


def read_bytes(path: Path | str, max_bytes: int = MAX_BYTES) -> tuple[bytes, Problem | None]:
    """A regular file's bytes, at most ``max_bytes``; otherwise a Problem saying why not."""
    file = str(path)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return b"", Problem(
                    file, message="is not a regular file; give a YAML file", code="yaml.not_a_file"
                )
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        return b"", Problem(
            file,
            message=f"cannot be read ({err.strerror or type(err).__name__}); "
            "check that it exists and is readable",
            code="yaml.unreadable",
        )
    if len(raw) > max_bytes:
        return b"", _too_large(file, max(len(raw), info.st_size), max_bytes)
    return raw, None


def _too_large(file: str, size: int, max_bytes: int) -> Problem:
    return Problem(
        file,
        message=f"is {size / 2**20:.1f} MiB; configuration files are at most "
        f"{max_bytes / 2**20:.0f} MiB: is this the right file?",
        code="yaml.too_large",
    )


_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def decode(file: str, raw: bytes) -> tuple[str, Problem | None]:
    """UTF-8 text of ``raw`` (a UTF-8 byte-order mark is dropped), or a Problem naming the
    first byte that is not UTF-8: its offset, line and what it may have been meant to be."""
    for bom, name in _OTHER_BOMS:
        if raw.startswith(bom):
            return "", Problem(
                file,
                row=1,
                message=f"is {name} text; save it as UTF-8",
                code="yaml.encoding",
            )
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[start:].decode("utf-8"), None
    except UnicodeDecodeError as err:
        offset = start + err.start
        byte = raw[offset]
        guess = raw[offset : offset + 1].decode("cp1252", "replace")
        hint = f" (in Windows-1252 that would be {guess!r})" if guess.isprintable() else ""
        return "", Problem(
            file,
            row=raw.count(b"\n", 0, offset) + 1,
            message=f"byte 0x{byte:02X} at byte offset {offset} is not UTF-8{hint}; "
            "save the file as UTF-8",
            code="yaml.encoding",
        )


def _line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


# --- locating values ----------------------------------------------------------------------


def child(node: Any, key: Any) -> Any:
    """The value node under a mapping key or a sequence index; None when absent."""
    if isinstance(node, MappingNode):
        return next((v for k, v in node.value if k.value == str(key)), None)
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def line_of(node: Any, path: Iterable[Any]) -> int | None:
    """1-based line of the value at ``path`` (keys and indexes); a mapping key's own line;
    the nearest existing parent when the path does not exist (a missing key is reported
    where it should have been)."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for step in path:
        if isinstance(node, MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if match is None:
                return line
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line
