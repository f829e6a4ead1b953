"""Review packets: the draft pages and a pre-filled sign-off file per profile."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from pipeline.fsutil import atomic_dir
from pipeline.model import Profile
from pipeline.signoff.content import digest, reviewed_content


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


class _Flow(dict):
    """A mapping written on one line: one item of reviewed_content per line."""


_Dumper.add_representer(
    _Flow,
    lambda d, data: d.represent_mapping(
        "tag:yaml.org,2002:map", list(data.items()), flow_style=True
    ),
)


def _flowed(content: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in content.items():
        if key in ("items", "surveys"):
            out[key] = [_Flow(v) for v in value]
        elif isinstance(value, dict):
            out[key] = _Flow(value)
        else:
            out[key] = value
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, str) and "\n" in value:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value  # our loader keeps dates as text, so no quotes are needed
    return (
        yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=10**6, default_flow_style=True)
        .removesuffix("\n...\n")
        .strip()
    )


def signoff_yaml(
    profile: Profile,
    *,
    reviewer: str = "",
    role: str = "",
    decision: str = "",
    date: str = "",
    comments: str = "",
) -> str:
    """A sign-off file for the current version of ``profile``: blank fields for the
    reviewer to fill (a review packet), or filled (tests, demo data)."""
    content = reviewed_content(profile)
    title = " / ".join(
        profile.title.get(lang, "") for lang in ("fi", "en") if profile.title.get(lang)
    )
    head = [
        f"# osaaja sign-off: {title} (profile {profile.id}, cycle {profile.cycle})",
        "#",
        "# FI: Täytä reviewer, role, decision, date ja comments. Älä muuta muita kenttiä.",
        "# EN: Fill in reviewer, role, decision, date and comments. Leave the rest as it is.",
        "#   role:     head_of_field (toimialapäällikkö) | teacher (opettaja) | other (muu)",
        "#   decision: approved (hyväksytty) | changes_requested (muutoksia pyydetään)",
        "#   date:     YYYY-MM-DD",
        f"# Saved as raw/signoffs/{profile.id}/<reviewer-name>.yaml, e.g. raw/signoffs/{profile.id}/aino-virtanen.yaml",
        f"profile: {_scalar(profile.id)}",
        f"cycle: {int(profile.cycle)}",
        f"reviewer: {_scalar(reviewer)}",
        f"role: {_scalar(role)}",
        f"decision: {_scalar(decision)}",
        f"date: {_scalar(date)}",
        f"comments: {_scalar(comments)}",
        f"content_hash: {digest(content)}",
        "# What was reviewed, written by osaaja: do not edit. `osaaja signoff status` uses it",
        "# to list what changed after the sign-off; the hash above is taken over it.",
    ]
    body = yaml.dump(
        {"reviewed_content": _flowed(content)},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10**6,
        default_flow_style=False,
    )
    return "\n".join(head) + "\n" + body


def write_review_packets(
    profiles: Iterable[Profile], out_dir: Path, *, render_fn: Callable[[Profile, Path], Any]
) -> list[Path]:
    """Write ``out_dir/<profile-id>/``: the draft HTML and PDF (``render_fn(profile, folder)``
    writes them) and ``<profile-id>.signoff.yaml`` pre-filled with the current hash.
    Each packet folder is replaced whole, so a failed render leaves the old packet."""
    written = []
    for profile in profiles:
        target = out_dir / profile.id
        with atomic_dir(target) as tmp:
            render_fn(profile, tmp)
            (tmp / f"{profile.id}.signoff.yaml").write_text(signoff_yaml(profile), encoding="utf-8")
        written.append(target)
    return written
