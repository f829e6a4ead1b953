"""The note on a profile page that is not the newest content: an update in review, or an
archived version that a newer one replaced (``pipeline.versions``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.i18n import Translator
from pipeline.views.page import cv_page_name

NOTE_STATES = ("in_review", "superseded")


@dataclass(frozen=True)
class UpdateNote:
    """A note above the CV body.

    state: "in_review" (newer survey results wait for the reviewers' approval; this page
    shows the latest approved version) or "superseded" (an archived version; a newer one
    is published); title, text: the note in the page language; href: link to the
    published version (superseded), else None; link_text: its text, else None.
    """

    state: str
    title: str
    text: str
    href: str | None
    link_text: str | None


def update_note(
    note: Mapping[str, Any] | None, profile_id: str, t: Translator
) -> UpdateNote | None:
    """The note of ``versions.ProfileVersions.page_note``/``archive_note`` (plain data, kept
    in the render manifest) for a page in ``t``'s language; pages of an archived version lie
    at ``<cycle>/<id>/``, two folders below the site's root."""
    if not note:
        return None
    state, cycle, shown = note["state"], int(note["cycle"]), int(note["shown"])
    if state == "in_review":
        return UpdateNote(
            state=state,
            title=t("update_in_review_title"),
            text=t(
                "update_in_review_text" if cycle != shown else "update_in_review_same",
                cycle=cycle,
                shown=shown,
            ),
            href=None,
            link_text=None,
        )
    if state == "superseded":
        return UpdateNote(
            state=state,
            title=t("update_superseded_title", shown=shown),
            text=t("update_superseded_text", cycle=cycle, shown=shown),
            href=f"../../{profile_id}/{cv_page_name(profile_id, t.lang)}",
            link_text=t("update_superseded_link", cycle=cycle),
        )
    raise ValueError(f"unknown note state {state!r}; known: {', '.join(NOTE_STATES)}")
