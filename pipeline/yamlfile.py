"""Configuration files in YAML, with the line of every value for error messages.

Analysts edit ``themes.yaml``, ``profiles.yaml``, overrides, aliases and sign-offs by
hand, so every problem names the file and line. One parse gives both the data and the
node tree the lines come from.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError, Problem


def read(
    path: Path | str, text: str | None = None, loader: type = yaml.SafeLoader
) -> tuple[Any, Any]:
    """(data, node tree) of a YAML file; a syntax error is a ``ConfigError`` with its line."""
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    parser = loader(text)
    try:
        node = parser.get_single_node()
        data = parser.construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise ConfigError(
            [
                Problem(
                    str(path),
                    row=mark.line + 1 if mark else None,
                    message=f"not valid YAML: {problem}",
                )
            ]
        ) from None
    finally:
        parser.dispose()
    return data, node


def child(node: Any, key: Any) -> Any:
    """The value node under a mapping key or a sequence index; None when absent."""
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if k.value == str(key)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
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
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if match is None:
                return line
            line, node = match[0].start_mark.line + 1, match[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line
