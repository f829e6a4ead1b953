"""Competences on a page: the figures of one item, its row, and the CV sections (themes).

Figures come from ``pipeline.figures`` only: a page writes the open-data value into
``<data value>`` and shows it rounded; a withheld figure is None here and never drawn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline import figures
from pipeline.errors import ConfigError, Problem
from pipeline.figures import fmt_change, fmt_number
from pipeline.i18n import Text
from pipeline.model import KINDS, Profile, ProfileItem, ThemeInfo
from pipeline.views.marks import Mark, divided, mark, trend_mark
from pipeline.views.page import Language, anchor_id

if TYPE_CHECKING:  # views.evidence builds on this module
    from pipeline.views.evidence import ItemEvidenceView

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
UNTHEMED = "unthemed"
CHART_LEFT, CHART_RIGHT = 6.0, 94.0  # x of 1 and 5 on the change chart (viewBox 0 0 100 16)
UNTHEMED_STYLE = ("#e5e7eb", "#1f2937", "•")  # colour, text colour, marker


@dataclass(frozen=True)
class Chart:
    """Geometry of the small now→future chart (viewBox 0 0 100 16; numbers are shown beside it).

    now_x, future_x: x of the hollow (now) and filled (future) dots, so the drawing reads
    without colour; direction: "up", "down" or "flat" (a CSS class hook).
    """

    now_x: float
    future_x: float
    direction: str


@dataclass(frozen=True)
class Figure:
    """One published figure. value: the open-data value (a page writes it into
    ``<data value>`` so readers and auditors can match it with the CSV); text: as the page
    shows it, rounded from value; measure: its open-data column."""

    value: str
    text: str
    measure: str


@dataclass(frozen=True)
class Figures:
    """Published figures of one item, formatted for the page language; None where a
    figure is withheld (docs/figures.md).

    now, future: means on the 1-5 scale; change: now → future, signed; spread: the
    standard deviation of the future ratings; chart: the drawing of now → future (both
    means).
    """

    now: Figure | None
    future: Figure | None
    change: Figure | None
    spread: Figure | None
    chart: Chart | None


@dataclass(frozen=True)
class ItemView:
    """One competence.

    anchor: element id; item_id: the item's identity (as in the open data); text: the item
    in the page language (or Finnish, marked); kind: knowledge/skill/attitude in the page
    language or None; area: the survey's competence area, or None; marks: the change since
    the previous survey and the agreement mark; count: organisations behind the item when
    they differ from the profile's; figures: None when neither mean may be published;
    evidence: beside the survey (``views.evidence.ItemEvidenceView``), or None when the
    profile has none.
    """

    anchor: str
    item_id: str
    text: Text
    kind: str | None
    area: Text | None
    marks: tuple[Mark, ...]
    count: Figure | None
    figures: Figures | None
    evidence: ItemEvidenceView | None = None


@dataclass(frozen=True)
class SectionView:
    """One CV section (a theme, or "other competences" last).

    id: theme id; anchor: element id of the heading; label: theme label; colour,
    text_colour, marker: how the theme is drawn (the marker letters carry it without
    colour); items: by future importance, suppressed ones last.
    """

    id: str
    anchor: str
    label: Text
    colour: str
    text_colour: str
    marker: str
    items: tuple[ItemView, ...]


def chart_for(item: ProfileItem) -> Chart:
    def x(mean: float) -> float:
        clamped = min(max(mean, 1.0), 5.0)
        return round(CHART_LEFT + (clamped - 1.0) / 4.0 * (CHART_RIGHT - CHART_LEFT), 2)

    # Drawn at the values the page shows, so the picture and the numbers agree.
    now, future = float(figures.page(item.mean_now)), float(figures.page(item.mean_future))
    change = figures.page(item.change)
    direction = "up" if change > 0 else "down" if change < 0 else "flat"
    return Chart(now_x=x(now), future_x=x(future), direction=direction)


def publishes_figures(item: ProfileItem) -> bool:
    """Both means may be published (the store withholds a figure resting on too few
    organisations, docs/figures.md)."""
    return item.mean_now is not None and item.mean_future is not None


def figure(value: Any, measure: str, lang: str, *, signed: bool = False) -> Figure | None:
    shown = figures.open_data(value)
    if shown is None:
        return None
    text = fmt_change(shown, lang) if signed else fmt_number(shown, lang)
    return Figure(value=str(shown), text=text, measure=measure)


def count_figure(n: int, measure: str = "n_organisations") -> Figure:
    return Figure(value=str(n), text=str(n), measure=measure)


def figures_view(item: ProfileItem, lang: str) -> Figures | None:
    if item.mean_now is None and item.mean_future is None:
        return None
    return Figures(
        now=figure(item.mean_now, "mean_now", lang),
        future=figure(item.mean_future, "mean_future", lang),
        change=figure(item.change, "change", lang, signed=True),
        spread=figure(item.sd_future, "sd_future", lang) if item.mean_future is not None else None,
        chart=chart_for(item) if publishes_figures(item) else None,
    )


def item_view(
    item: ProfileItem, profile: Profile, prefix: str, lang: Language, section: Text | None = None
) -> ItemView:
    """One competence; its area is given only when it says more than the ``section``
    heading it sits under."""
    t = lang.t
    area = lang.text(item.area)
    if area is not None and section is not None and area.text.casefold() == section.text.casefold():
        area = None
    marks = []
    trend = trend_mark(item, profile.previous_cycle, t)
    if trend is not None:
        marks.append(trend)
    if divided(item):
        marks.append(mark("divided", t))
    # Counts of a suppressed item stay hidden: "2 organisations" is itself a figure
    # resting on fewer than the minimum (docs/rendering.md).
    count = None
    if not item.suppressed and item.n_organisations != profile.n_organisations:
        count = count_figure(item.n_organisations)
    return ItemView(
        anchor=anchor_id(prefix, "item", item.item_id),
        item_id=item.item_id,
        text=lang.text(item.item) or Text(item.item, lang.code),
        kind=t(f"kind_{item.kind}") if item.kind in KINDS else None,
        area=area,
        marks=tuple(marks),
        count=count,
        figures=figures_view(item, lang.code),
    )


def item_order(item: ProfileItem) -> tuple:
    # Items without a published future figure go last, alphabetically: ordering them by a
    # withheld mean would leak it.
    if item.mean_future is not None:
        return (0, -item.mean_future, -(item.change or 0.0), item.item.casefold(), item.item_id)
    return (1, 0.0, 0.0, item.item.casefold(), item.item_id)


def check_themes(profile: Profile, themes: Sequence[ThemeInfo]) -> None:
    by_id = {theme.id: theme for theme in themes}
    problems = [
        Problem(
            f"profile {profile.id}",
            column=item.item,
            message=f"item is in theme {item.theme!r}, which themes.yaml does not define; "
            f"known themes: {', '.join(sorted(by_id))}",
        )
        for item in profile.items
        if item.theme is not None and item.theme not in by_id
    ]
    problems += [
        Problem(f"theme {theme.id}", message=f"colour {value!r} is not of the form #rrggbb")
        for theme in themes
        for value in (theme.colour, theme.text_colour)
        if not COLOUR.match(value)
    ]
    if problems:
        raise ConfigError(problems)


def section_views(
    profile: Profile, themes: Sequence[ThemeInfo], prefix: str, lang: Language
) -> tuple[SectionView, ...]:
    """Sections in theme order, items by future importance; unthemed items in a last section."""
    check_themes(profile, themes)
    grouped: dict[str | None, list[ProfileItem]] = {}
    for item in profile.items:
        grouped.setdefault(item.theme, []).append(item)

    def items(of: list[ProfileItem], label: Text) -> tuple[ItemView, ...]:
        ordered = sorted(of, key=item_order)
        return tuple(item_view(i, profile, prefix, lang, label) for i in ordered)

    sections = []
    for theme in sorted(themes, key=lambda th: (th.order, th.id)):
        if grouped.get(theme.id):
            label = lang.pick(theme.label) or Text(theme.id, lang.code)
            sections.append(
                SectionView(
                    id=theme.id,
                    anchor=anchor_id(prefix, "theme", theme.id),
                    label=label,
                    colour=theme.colour,
                    text_colour=theme.text_colour,
                    marker=theme.marker,
                    items=items(grouped[theme.id], label),
                )
            )
    if grouped.get(None):
        colour, text_colour, marker = UNTHEMED_STYLE
        label = Text(lang.t("unthemed_label"), lang.code)
        sections.append(
            SectionView(
                id=UNTHEMED,
                anchor=anchor_id(prefix, "theme", UNTHEMED),
                label=label,
                colour=colour,
                text_colour=text_colour,
                marker=marker,
                items=items(grouped[None], label),
            )
        )
    return tuple(sections)
