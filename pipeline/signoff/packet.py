"""Review packets: the draft pages and a pre-filled sign-off file per profile."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from pipeline.fsutil import atomic_dir
from pipeline.model import Profile
from pipeline.signoff.changes import Change, diff_content
from pipeline.signoff.content import digest, reviewed_content
from pipeline.signoff.files import SignOff, reviewer_slug


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


def signoff_parts(profile: Profile) -> tuple[str, str]:
    """A sign-off file for the current version of ``profile`` around the fields a reviewer
    fills in: (everything before ``reviewer:``, everything after ``comments:``). The review
    packet's form writes the fields between them."""
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
        "#   date:     YYYY-MM-DD (or 2.6.2025)",
        f"# Saved as raw/signoffs/{profile.id}/<reviewer-name>.yaml, e.g. raw/signoffs/{profile.id}/aino-virtanen.yaml",
        "#   (osaaja signoff import FILE puts it there)",
        f"profile: {_scalar(profile.id)}",
        f"cycle: {int(profile.cycle)}",
    ]
    tail = [
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
    return "\n".join(head) + "\n", "\n".join(tail) + "\n" + body


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
    head, tail = signoff_parts(profile)
    fields = [
        f"reviewer: {_scalar(reviewer)}",
        f"role: {_scalar(role)}",
        f"decision: {_scalar(decision)}",
        f"date: {_scalar(date)}",
        f"comments: {_scalar(comments)}",
    ]
    return head + "\n".join(fields) + "\n" + tail


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


# --- what a review packet shows: the changes since a baseline --------------------------------

KIND_FI = {
    "profile": "profiili",
    "added": "lisätty",
    "removed": "poistettu",
    "moved": "teema vaihtui",
    "suppression": "lukujen näyttäminen",
    "figure": "luku",
    "text": "sanamuoto",
    "detail": "tieto",
    "minor": "pieniä muutoksia",
}


def change_line(change: Change) -> str:
    """One change for a reviewer, Finnish first: "lisätty / added: Vähentää ruokahävikkiä (…)"."""
    return f"{KIND_FI[change.kind]} / {change}"


def _fi_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _changes(old: Mapping[str, Any], new: Mapping[str, Any], since: str, tolerance: float):
    found = diff_content(old, new, tolerance)
    shown = [change_line(c) for c in found if not c.consequence]
    return {"since": since, "items": shown, "follows": len(found) - len(shown)}


def packet_changes(
    profile: Profile,
    signoffs: Iterable[SignOff],
    published: Any,
    tolerance: float,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """What changed, for the packet: since the published version (``versions.Version`` or
    None), and per reviewer slug since that reviewer's latest approval of this profile.
    Each is {since: the baseline in Finnish and English, items: change lines, follows:
    changes that follow from a new round itself (counted only)}."""
    content = reviewed_content(profile)
    current = digest(content)
    if published is None:
        default = {
            "since": "Profiilista ei ole aiempaa julkaistua versiota. / "
            "The profile has no earlier published version.",
            "items": [],
            "follows": 0,
        }
    elif published.content_hash == current:
        default = {
            "since": f"Ei muutoksia julkaistuun versioon ({published.cycle}). / "
            f"No changes since the published version ({published.cycle}).",
            "items": [],
            "follows": 0,
        }
    else:
        when = published.approved_on
        default = _changes(
            reviewed_content(published.profile),
            content,
            f"Muutokset julkaistuun versioon ({published.cycle}, hyväksytty {_fi_date(when)}) / "
            f"Changes since the published version ({published.cycle}, approved {when.isoformat()})",
            tolerance,
        )
    latest: dict[str, SignOff] = {}
    for s in sorted(signoffs, key=lambda s: (s.date, s.file)):
        if s.profile == profile.id and s.decision == "approved":
            latest[reviewer_slug(s.reviewer)] = s
    by_reviewer = {}
    for slug, s in sorted(latest.items()):
        if s.content_hash == current:
            by_reviewer[slug] = {
                "since": f"Olet hyväksynyt tämän version {_fi_date(s.date)}. / "
                f"You approved this version on {s.date.isoformat()}.",
                "items": [],
                "follows": 0,
            }
        else:
            by_reviewer[slug] = _changes(
                s.reviewed_content,
                content,
                f"Muutokset sinun hyväksymääsi versioon ({s.cycle}, {_fi_date(s.date)}) / "
                f"Changes since the version you approved ({s.cycle}, {s.date.isoformat()})",
                tolerance,
            )
    return default, by_reviewer
