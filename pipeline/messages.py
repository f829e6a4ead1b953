"""Short, escaped values for messages: whatever a hand-edited file or a workbook holds
(a pasted novel, escape sequences, a billion-laughs structure), a message quotes at most a
few dozen characters of it, and jsonschema errors become one short line."""

from __future__ import annotations

import reprlib
from typing import Any

EXCERPT_CHARS = 60

_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxstring = EXCERPT_CHARS
_REPR.maxother = EXCERPT_CHARS
for _name in ("maxlist", "maxtuple", "maxset", "maxfrozenset", "maxdict", "maxdeque", "maxarray"):
    setattr(_REPR, _name, 4)


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """``value`` as a short, escaped literal for a message: strings quoted with control and
    invisible characters escaped (``'a\\x1b[31m…'``), long values cut in the middle, nested
    values cut after a few items. Bounded time whatever the value (no full ``repr``)."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        half = max(1, (limit - 1) // 2)
        return repr(value[:half] + "…" + value[-half:])
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > 128:
            return f"<a {value.bit_length()}-bit number>"
        return repr(value)
    try:
        text = _REPR.repr(value)
    except Exception:  # a foreign object whose repr fails: its type is enough
        text = f"<{type(value).__name__}>"
    return clip(text, limit * 2)


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, control characters escaped."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping (key: value)",
    "array": "a list",
    "null": "empty",
}


def schema_path(err: Any) -> str:
    """Where a jsonschema error is, as ``key.0.key`` (keys excerpted); "(top level)" for the root."""
    parts = []
    for step in err.absolute_path:
        parts.append(
            str(step) if isinstance(step, int) or len(str(step)) <= 40 else excerpt(step, 40)
        )
    return ".".join(parts) or "(top level)"


def schema_message(err: Any) -> str:
    """A short message for a ``jsonschema.ValidationError``: what is wrong and what is
    accepted, quoting the value through ``excerpt`` (jsonschema's own ``err.message``
    embeds whole values). Without the location: see ``schema_path``."""
    kind, expected, value = err.validator, err.validator_value, err.instance
    shown = excerpt(value)
    if kind == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        return (
            f"{shown} is not accepted; expected {' or '.join(_TYPE_NAMES.get(n, n) for n in names)}"
        )
    if kind == "enum":
        options = ", ".join("null" if v is None else str(v) for v in list(expected)[:12])
        more = " …" if len(expected) > 12 else ""
        return f"{shown} is not accepted; use one of: {options}{more}"
    if kind == "const":
        return f"{shown} is not accepted; expected {excerpt(expected)}"
    if kind == "required":
        missing = [k for k in expected if not isinstance(value, dict) or k not in value]
        return f"missing key(s): {', '.join(missing)}"
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = err.schema.get("properties", {})
        extra = sorted(str(k) for k in value if k not in allowed)
        shown_extra = ", ".join(excerpt(k, 40) for k in extra[:5]) + (
            " …" if len(extra) > 5 else ""
        )
        return f"unknown key(s) {shown_extra}; accepted: {', '.join(allowed)}"
    if kind == "pattern":
        return f"{shown} does not have the expected form ({clip(str(expected), 80)})"
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }
        return f"{shown} is not accepted; expected {words[kind]} {expected}"
    if kind in ("minLength", "maxLength"):
        word = "at least" if kind == "minLength" else "at most"
        return f"{shown} is not accepted; expected {word} {expected} character(s)"
    if kind in ("minItems", "maxItems"):
        word = "at least" if kind == "minItems" else "at most"
        return f"expected {word} {expected} item(s)"
    if kind == "uniqueItems":
        return "items must not repeat"
    if kind == "format":
        return f"{shown} is not a valid {expected}"
    return f"{shown} is not accepted ({kind})"
