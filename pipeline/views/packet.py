"""The reviewer's packet: one self-contained page (``review_packet.html.j2``) with the draft
profile, what changed since a baseline, and a form whose submit downloads the reviewer's
sign-off file. It works from ``file://`` with no server and no network: the stylesheets
and the script are inline, the data in attributes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pipeline.i18n import Catalogue, Translator
from pipeline.model import Profile, ThemeInfo
from pipeline.signoff import ROLE_LABELS, ROLES
from pipeline.views.page import Language, PageMeta
from pipeline.views.profile import ProfileView, profile_view

PACKET_LANGUAGE = (
    "fi"  # the CV body is Finnish; every label of the packet is in Finnish and English
)
STYLESHEETS = ("osaaja.css", "screen.css")
DECISION_LABELS = {
    "approved": "hyväksytty / approved",
    "changes_requested": "muutoksia pyydetään / changes requested",
}


@dataclass(frozen=True)
class ChangeList:
    """What changed since a baseline. since: the baseline, Finnish / English; items: one
    line per change; follows: changes that follow from a new survey round itself (counted,
    not listed)."""

    since: str
    items: tuple[str, ...]
    follows: int


@dataclass(frozen=True)
class Choice:
    """One option of the form. value: the code written in the file; label: Finnish / English."""

    value: str
    label: str


@dataclass(frozen=True)
class PacketPage:
    """Context of ``review_packet.html.j2``.

    meta: the head (language fi, draft); profile: the draft CV body; profile_id; cycle;
    title: the profile's Finnish / English title; changes: what changed since the last
    published version; reviewers_json: the same per reviewer slug, since that reviewer's
    last approval, and under "" the default (JSON for the page's script); roles, decisions: the form's options;
    yaml_head, yaml_tail: the sign-off file before and after the fields the form writes;
    css: the site's stylesheets, inlined (our own assets, trusted).
    """

    meta: PageMeta
    profile: ProfileView
    profile_id: str
    cycle: int
    title: str
    changes: ChangeList
    reviewers_json: str
    roles: tuple[Choice, ...]
    decisions: tuple[Choice, ...]
    yaml_head: str
    yaml_tail: str
    css: Markup


def _change_list(data: Mapping[str, Any]) -> ChangeList:
    return ChangeList(data["since"], tuple(data["items"]), int(data["follows"]))


def packet_page(
    profile: Profile,
    themes: Sequence[ThemeInfo],
    catalogue: Catalogue,
    *,
    changes: Mapping[str, Any],
    by_reviewer: Mapping[str, Mapping[str, Any]],
    yaml_parts: tuple[str, str],
    assets: Path,
) -> PacketPage:
    """The packet of ``profile``: ``changes``/``by_reviewer`` from
    ``signoff.packet_changes``, ``yaml_parts`` from ``signoff.signoff_parts``, the
    stylesheets read from ``assets``."""
    t = Translator(catalogue, PACKET_LANGUAGE)
    title = " / ".join(profile.title[lang] for lang in ("fi", "en") if profile.title.get(lang))
    css = "\n".join((assets / name).read_text(encoding="utf-8") for name in STYLESHEETS)
    if "</" in css:
        raise ValueError("a stylesheet holds '</'; it cannot be inlined into a <style> element")
    return PacketPage(
        meta=PageMeta(
            lang=PACKET_LANGUAGE,
            title=f"Tarkastuspaketti / Review packet: {title} ({profile.cycle})",
            description=f"{title}: {t('draft_notice')}",
            author=t("author"),
            assets_href="",
            index_href="",
            index_lang=PACKET_LANGUAGE,
            alternates=(),
            pdf_href=None,
            draft=True,
        ),
        profile=profile_view(profile, themes, Language(catalogue, PACKET_LANGUAGE)),
        profile_id=profile.id,
        cycle=profile.cycle,
        title=title,
        changes=_change_list(changes),
        reviewers_json=json.dumps({"": changes, **by_reviewer}, ensure_ascii=False, sort_keys=True),
        roles=tuple(Choice(r, f"{ROLE_LABELS['fi'][r]} / {ROLE_LABELS['en'][r]}") for r in ROLES),
        decisions=tuple(Choice(d, label) for d, label in DECISION_LABELS.items()),
        yaml_head=yaml_parts[0],
        yaml_tail=yaml_parts[1],
        css=Markup(css),
    )
