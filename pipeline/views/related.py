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
    label on Finnish pages, its ESCO code on others) and esco_uri (its page), or None;
    esco_code (beside the label, or None); isco (ISCO-08 unit group); alt_labels (ESCO's
    Finnish alternative titles, Finnish pages only); credit (ESCO's attribution)."""

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


def plain_related(
    related: Sequence[Any], profiles: Mapping[str, Profile], languages: Mapping[str, Any]
) -> list[list[Any]]:
    """The related profiles as plain data for a render's manifest and key: [id, shared,
    title, the languages its pages are published in] (``overview.Related``, titles of the
    published ``profiles``)."""
    return [
        [r.profile_id, r.n_shared, profiles[r.profile_id].title, list(languages[r.profile_id])]
        for r in related
    ]


def cv_extras(profile: Profile, related: Sequence[list[Any]], language: Language) -> CvExtras:
    """The block of ``profile``'s page in ``language``; ``related``: ``plain_related`` rows."""
    t = language.t
    links = []
    for pid, n, title, langs in related:
        # A related profile not published in this language: its Finnish page.
        lang = language.code if language.code in langs else SOURCE_LANGUAGE
        shown = language.pick(title) if lang == language.code else Text(title["fi"], lang)
        links.append(
            RelatedLink(
                title=shown or Text(pid, SOURCE_LANGUAGE),
                href=f"../{pid}/{cv_page_name(pid, lang)}",
                shared=t("related_shared", n=n),
            )
        )
    c = profile.classification
    view = None
    if c is not None:
        # ESCO's labels are Finnish (the list osaaja ships): shown on Finnish pages; other
        # pages name the occupation by its code and link to ESCO, which has it in theirs.
        finnish = language.code == SOURCE_LANGUAGE
        view = ClassificationView(
            esco_label=Text(c.esco_label if finnish else c.esco_code or "", language.code)
            if c.esco_uri
            else None,
            esco_uri=c.esco_uri,
            esco_code=c.esco_code if finnish else None,
            isco=c.isco,
            alt_labels=tuple(Text(a, SOURCE_LANGUAGE) for a in c.esco_alt_labels)
            if finnish
            else (),
            credit=t("esco_credit"),
        )
    return CvExtras(tuple(links), view)
