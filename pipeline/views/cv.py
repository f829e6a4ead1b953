"""The two-page CV (the profile's PDF), made from the same ``ProfileView`` as the web page.

Page 1 is for a 30-second scan: the occupation, key facts, most needed now, growing most,
per theme its strongest competences, what shrinks. Page 2 holds the rest of each theme
compactly, the changes since the previous survey, the evidence beside the survey in a
few lines (the qualification's gap, the ads; the quotes are on the web page), the legend,
and the method and review in a few lines. The PDF never runs past two pages:
``sheet_variants`` gives ever tighter sheets and the PDF stage keeps the first that fits
(``pipeline.pdf``, ``PdfJob.fallbacks``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.i18n import Text
from pipeline.views.items import ItemView, SectionView
from pipeline.views.marks import LegendEntry
from pipeline.views.page import PageMeta
from pipeline.views.profile import ProfileView
from pipeline.views.update import UpdateNote

# (strongest per theme on page 1, most competences listed on page 2 or None = all):
# the first sheet that fits on two pages is kept. Page 1 overflows with many themes (fewer
# per theme), page 2 with many competences and the evidence beside the survey (fewer
# listed, page 1 kept rich); then both. The last ones are for a long page 2 (a Finnish
# sheet with a qualification's gap and pending proposals named): fewer listed there, and
# page 1, which then has room, takes two per theme.
SHEET_VARIANTS = ((3, None), (2, None), (3, 24), (2, 24), (1, 24), (1, 12), (2, 8), (1, 8), (1, 4))
MAX_PAGES = 2


@dataclass(frozen=True)
class SheetTheme:
    """One theme on the sheet. id, label, colour, text_colour, marker: as its CV section;
    items: its competences on this page; hidden: how many of the others are not listed on
    the sheet for lack of room (the web page lists them)."""

    id: str
    label: Text
    colour: str
    text_colour: str
    marker: str
    items: tuple[ItemView, ...]
    hidden: int


@dataclass(frozen=True)
class CvSheet:
    """The two pages of the CV.

    per_theme: competences per theme on page 1; strongest: per theme, its competences with
    the highest future importance (page 1); rest: per theme, the others (page 2);
    not_listed: competences left off the sheet for room; legend: the figures and marks
    the sheet uses, explained; evidence: the sheet shows the evidence beside the survey
    (marks per competence, and on page 2 the qualification's gap, the ads and the count of
    the employers' quotes, which are on the web page).
    """

    per_theme: int
    strongest: tuple[SheetTheme, ...]
    rest: tuple[SheetTheme, ...]
    not_listed: int
    legend: tuple[LegendEntry, ...]
    evidence: bool = False


@dataclass(frozen=True)
class CvPrintPage:
    """Context of ``cv_print.html.j2`` (the PDF). meta: head (the PDF's title, language,
    author); profile: the CV; sheet: what goes on its two pages; web_href: the profile's
    web page, which lists everything; update: the note of a version that is not the
    newest content (``views.update.UpdateNote``) or None."""

    meta: PageMeta
    profile: ProfileView
    sheet: CvSheet
    web_href: str
    update: UpdateNote | None = None


def _theme(section: SectionView, items: Iterable[ItemView], hidden: int = 0) -> SheetTheme:
    return SheetTheme(
        id=section.id,
        label=section.label,
        colour=section.colour,
        text_colour=section.text_colour,
        marker=section.marker,
        items=tuple(items),
        hidden=hidden,
    )


def cv_sheet(
    view: ProfileView,
    per_theme: int = 3,
    rest_limit: int | None = None,
    *,
    evidence: bool = False,
) -> CvSheet:
    """Page 1: each theme's ``per_theme`` strongest competences with figures (sections are
    ordered by future importance already); page 2: the others, at most ``rest_limit``
    (None = all), themes in CV order; ``evidence``: with the evidence beside the survey
    (the profile's PDF; the overview's pages leave it to the profile's own)."""
    strongest, rest = [], []
    budget = rest_limit
    not_listed = 0
    for section in view.sections:
        ranked = [i for i in section.items if i.figures is not None]
        top = ranked[:per_theme]
        if top:
            strongest.append(_theme(section, top))
        others = [i for i in section.items if i not in top]
        if budget is not None:
            keep, cut = others[: max(budget, 0)], others[max(budget, 0) :]
            budget -= len(keep)
        else:
            keep, cut = others, []
        not_listed += len(cut)
        if keep or cut:
            rest.append(_theme(section, keep, len(cut)))
    shown = [i for group in (*strongest, *rest) for i in group.items]
    used = {m.key for i in shown for m in i.marks}
    used |= {"count"} if any(i.count for i in shown) else set()
    used |= {"suppressed"} if any(i.figures is None for i in shown) else set()
    used |= {"emerging"} if view.emerging else set()
    evidence = evidence and view.evidence is not None
    used |= view.evidence.used if evidence and view.evidence is not None else set()
    if _finnish_on_sheet(view, (*strongest, *rest), evidence):
        used.add("untranslated")  # explained when the web page's legend has it
    always = {"scale", "now", "future", "growth"}
    legend = tuple(e for e in view.legend if e.key in used | always)
    return CvSheet(
        per_theme=per_theme,
        strongest=tuple(strongest),
        rest=tuple(rest),
        not_listed=not_listed,
        legend=legend,
        evidence=evidence,
    )


def _finnish_on_sheet(view: ProfileView, themes: Iterable[SheetTheme], evidence: bool) -> bool:
    """Whether a text the sheet shows is in Finnish (on a page in another language, the
    web page's legend has "in Finnish"); quotes and requirement texts are web only."""
    glance = view.glance
    texts = [view.title, view.description, *(f.value for f in view.facts), *view.sources]
    texts += [view.qualification.name] if view.qualification else []
    texts += [e.text for e in (*glance.important, *glance.growing, *glance.shrinking)]
    for th in themes:
        texts += [th.label, *(i.text for i in th.items)]
    if view.changes is not None:
        c = view.changes
        texts += [e.text for e in (*c.new, *c.rising, *c.falling)] + list(c.dropped)
    texts += [view.method.period, view.method.horizon]
    q = view.evidence.qualification if evidence and view.evidence is not None else None
    if q is not None:
        texts += [q.name, *(e.text for e in (*q.gaps, *q.pending))]
    return any(t is not None and t.lang == "fi" for t in texts)


def sheet_variants(view: ProfileView) -> list[CvSheet]:
    """The sheets to try, richest first (``SHEET_VARIANTS``)."""
    return [cv_sheet(view, per_theme, limit, evidence=True) for per_theme, limit in SHEET_VARIANTS]
