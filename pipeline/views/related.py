"""The CV page's small cross-profile block: the occupation's classification (ESCO, ISCO-08)
and the related occupations (published profiles sharing the most competences)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.i18n import SOURCE_LANGUAGE, Text
from pipeline.model import Profile
from pipeline.views.page import Language, cv_page_name


@dataclass(frozen=True)
class RelatedLink:
    """A related profile: title (page language, else Finnish), href (its page, relative to
    this one), shared ("17 shared competences")."""

    title: Text
    href: str
    shared: str


@dataclass(frozen=True)
class ClassificationView:
    """The profile's place in the classifications: esco_label (ESCO's Finnish preferred
    label, marked Finnish) and esco_uri (its page) or None; esco_code; isco (ISCO-08 unit
    group); alt_labels (ESCO's Finnish alternative titles); credit (ESCO's attribution)."""

    esco_label: Text | None
    esco_uri: str | None
    esco_code: str | None
    isco: str
    alt_labels: tuple[Text, ...]
    credit: str


@dataclass(frozen=True)
class CvExtras:
    """related: the related occupations (may be empty); classification: or None."""

    related: tuple[RelatedLink, ...]
    classification: ClassificationView | None

    def __bool__(self) -> bool:
        return bool(self.related) or self.classification is not None


def plain_related(related: Sequence[Any], profiles: Mapping[str, Profile]) -> list[list[Any]]:
    """The related profiles as plain data for a render's manifest and key: [id, shared,
    title] (``overview.Related``, titles of the published ``profiles``)."""
    return [[r.profile_id, r.n_shared, profiles[r.profile_id].title] for r in related]


def cv_extras(profile: Profile, related: Sequence[list[Any]], language: Language) -> CvExtras:
    """The block of ``profile``'s page in ``language``; ``related``: ``plain_related`` rows."""
    t = language.t
    links = tuple(
        RelatedLink(
            title=language.pick(title) or Text(pid, SOURCE_LANGUAGE),
            href=f"../{pid}/{cv_page_name(pid, language.code)}",
            shared=t("related_shared", n=n),
        )
        for pid, n, title in related
    )
    c = profile.classification
    view = None
    if c is not None:
        view = ClassificationView(
            esco_label=Text(c.esco_label, SOURCE_LANGUAGE) if c.esco_label else None,
            esco_uri=c.esco_uri,
            esco_code=c.esco_code,
            isco=c.isco,
            alt_labels=tuple(Text(a, SOURCE_LANGUAGE) for a in c.esco_alt_labels),
            credit=t("esco_credit"),
        )
    return CvExtras(links, view)
