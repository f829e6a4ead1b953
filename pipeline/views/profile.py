"""The CV page of one profile: view dataclasses (the template contract) and the pure
functions that build them from ``pipeline.model``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline import figures
from pipeline.errors import ConfigError, Problem
from pipeline.figures import fmt_change, fmt_number
from pipeline.i18n import SOURCE_LANGUAGE, Catalogue, Text, Translator, pick
from pipeline.model import KINDS, PUBLISHED_LANGUAGES, Profile, ProfileItem, ThemeInfo
from pipeline.pdf import ASSETS_DIR
from pipeline.views.page import (
    Alternate,
    PageMeta,
    anchor_id,
    cv_page_name,
    fmt_date,
    index_name,
    language_label,
)
from pipeline.views.update import UpdateNote, update_note

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
RISING_COUNT = 5  # items listed under "Rising competences"
UNTHEMED = "unthemed"
CHART_LEFT, CHART_RIGHT = 6.0, 94.0  # x of 1 and 5 on the change chart (viewBox 0 0 100 16)
UNTHEMED_STYLE = ("#e5e7eb", "#1f2937", "•")  # colour, text colour, marker


@dataclass(frozen=True)
class Fact:
    """One line of the profile header's facts list. label: UI text; value: the fact."""

    label: str
    value: Text


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

    now, future: means on the 1-5 scale; change: signed difference; organisations: how
    many organisations rated the item; chart: the drawing of now → future (both means).
    """

    now: Figure | None
    future: Figure | None
    change: Figure | None
    organisations: str
    chart: Chart | None


@dataclass(frozen=True)
class Badge:
    """A trend badge ("new", "rising"): key for CSS, symbol and label so colour is not needed."""

    key: str
    symbol: str
    label: str


@dataclass(frozen=True)
class ItemView:
    """One competence row.

    anchor: element id; item_id: the item's identity (as in the open data); text: the item
    (Finnish); kind: knowledge/skill/attitude in the page language or None; badge: trend
    badge or None; figures: None when neither mean may be published.
    """

    anchor: str
    item_id: str
    text: Text
    kind: str | None
    badge: Badge | None
    figures: Figures | None


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


@dataclass(frozen=True)
class RisingEntry:
    """One of the rising competences. anchor: link target of its row; text; change: "+0,9"."""

    anchor: str
    text: Text
    change: str


@dataclass(frozen=True)
class MethodView:
    """The method box.

    cycle: survey year; period, horizon: from the exports (or None); min_organisations:
    suppression threshold; rules_version: short form of the theme rule set's hash;
    next_update: year the profile is due to be updated.
    """

    cycle: int
    period: Text | None
    horizon: Text | None
    min_organisations: int
    rules_version: str
    next_update: int


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the changes section. text: the item; detail: figures, or None when suppressed."""

    text: Text
    detail: str | None


@dataclass(frozen=True)
class ChangesView:
    """Changes since the previous survey (only when the profile has a previous cycle).

    previous_cycle: the year compared with; new, rising, falling: item lines; dropped:
    items of the previous survey that are gone.
    """

    previous_cycle: int
    new: tuple[ChangeEntry, ...]
    rising: tuple[ChangeEntry, ...]
    falling: tuple[ChangeEntry, ...]
    dropped: tuple[Text, ...]


@dataclass(frozen=True)
class ColophonEntry:
    """One reviewer's sign-off: role (never a name of an organisation) and date."""

    role: str
    date: str


@dataclass(frozen=True)
class QualificationView:
    """The related qualification. name; code or None; url (http/https only) or None."""

    name: Text
    code: str | None
    url: str | None


@dataclass(frozen=True)
class ProfileView:
    """Everything the CV body of one profile shows.

    id: profile slug; anchor: prefix of element ids ("" on its own page, "<id>-" in the
    overview); title, description: in the page language or Finnish; emerging: composed from
    several surveys; facts: header facts; qualification, notes: optional; sections: CV
    sections in theme order; rising: the rising competences; suppressed_count: items shown
    without figures; method: the method box; changes: None for a first cycle; colophon:
    reviewers' sign-offs, or None when not yet reviewed.
    """

    id: str
    anchor: str
    title: Text
    description: Text
    emerging: bool
    facts: tuple[Fact, ...]
    qualification: QualificationView | None
    notes: Text | None
    sections: tuple[SectionView, ...]
    rising: tuple[RisingEntry, ...]
    suppressed_count: int
    method: MethodView
    changes: ChangesView | None
    colophon: tuple[ColophonEntry, ...] | None


@dataclass(frozen=True)
class CvPage:
    """Context of ``cv_profile.html.j2``. meta: head and navigation; profile: the body; update: an ``UpdateNote`` or None."""

    meta: PageMeta
    profile: ProfileView
    update: UpdateNote | None = None


# --- building views (pure) -------------------------------------------------------------


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


def _figure(value: Any, measure: str, lang: str, *, signed: bool = False) -> Figure | None:
    shown = figures.open_data(value)
    if shown is None:
        return None
    text = fmt_change(shown, lang) if signed else fmt_number(shown, lang)
    return Figure(value=str(shown), text=text, measure=measure)


def figures_view(item: ProfileItem, lang: str) -> Figures | None:
    if item.mean_now is None and item.mean_future is None:
        return None
    return Figures(
        now=_figure(item.mean_now, "mean_now", lang),
        future=_figure(item.mean_future, "mean_future", lang),
        change=_figure(item.change, "change", lang, signed=True),
        organisations=str(item.n_organisations),
        chart=chart_for(item) if publishes_figures(item) else None,
    )


def item_view(item: ProfileItem, prefix: str, t: Translator) -> ItemView:
    lang = t.lang
    badge = None
    if item.trend == "new":
        badge = Badge("new", "★", t("trend_new"))
    elif item.trend == "rising":
        badge = Badge("rising", "↑", t("trend_rising"))
    kind = t(f"kind_{item.kind}") if item.kind in KINDS else None
    return ItemView(
        anchor=anchor_id(prefix, "item", item.item_id),
        item_id=item.item_id,
        text=Text(item.item, SOURCE_LANGUAGE),
        kind=kind,
        badge=badge,
        figures=figures_view(item, lang),
    )


def _item_order(item: ProfileItem) -> tuple:
    # Items without a published future figure go last, alphabetically: ordering them by a
    # withheld mean would leak it.
    if item.mean_future is not None:
        return (0, -item.mean_future, -(item.change or 0.0), item.item.casefold(), item.item_id)
    return (1, 0.0, 0.0, item.item.casefold(), item.item_id)


def section_views(
    profile: Profile, themes: Sequence[ThemeInfo], prefix: str, t: Translator
) -> tuple[SectionView, ...]:
    """Sections in theme order, items by future importance; unthemed items in a last section."""
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
    grouped: dict[str | None, list[ProfileItem]] = {}
    for item in profile.items:
        grouped.setdefault(item.theme, []).append(item)
    sections = []
    for theme in sorted(themes, key=lambda th: (th.order, th.id)):
        items = grouped.get(theme.id)
        if not items:
            continue
        sections.append(
            SectionView(
                id=theme.id,
                anchor=anchor_id(prefix, "theme", theme.id),
                label=pick(theme.label, t.lang) or Text(theme.id, SOURCE_LANGUAGE),
                colour=theme.colour,
                text_colour=theme.text_colour,
                marker=theme.marker,
                items=tuple(item_view(i, prefix, t) for i in sorted(items, key=_item_order)),
            )
        )
    if grouped.get(None):
        colour, text_colour, marker = UNTHEMED_STYLE
        sections.append(
            SectionView(
                id=UNTHEMED,
                anchor=anchor_id(prefix, "theme", UNTHEMED),
                label=Text(t("unthemed_label"), t.lang),
                colour=colour,
                text_colour=text_colour,
                marker=marker,
                items=tuple(
                    item_view(i, prefix, t) for i in sorted(grouped[None], key=_item_order)
                ),
            )
        )
    return tuple(sections)


def rising_entries(profile: Profile, prefix: str, lang: str) -> tuple[RisingEntry, ...]:
    """The RISING_COUNT unsuppressed items with the largest positive change."""
    candidates = [i for i in profile.items if i.change is not None and figures.page(i.change) > 0]
    candidates.sort(
        key=lambda i: (-(i.change or 0.0), -(i.mean_future or 0.0), i.item.casefold(), i.item_id)
    )
    return tuple(
        RisingEntry(
            anchor=anchor_id(prefix, "item", i.item_id),
            text=Text(i.item, SOURCE_LANGUAGE),
            change=fmt_change(i.change or 0.0, lang),
        )
        for i in candidates[:RISING_COUNT]
    )


def changes_view(profile: Profile, t: Translator) -> ChangesView | None:
    """New, rising, falling and dropped items since ``previous_cycle``; None for a first cycle."""
    if profile.previous_cycle is None:
        return None
    lang = t.lang

    def entry(item: ProfileItem, with_previous: bool) -> ChangeEntry:
        detail = None
        if item.mean_future is not None:
            if with_previous and item.previous_mean_future is not None:
                detail = t(
                    "changes_previous_to_now",
                    before=fmt_number(item.previous_mean_future, lang),
                    after=fmt_number(item.mean_future, lang),
                )
            else:
                detail = t("changes_future", value=fmt_number(item.mean_future, lang))
        return ChangeEntry(Text(item.item, SOURCE_LANGUAGE), detail)

    def of(trend: str) -> tuple[ChangeEntry, ...]:
        items = sorted((i for i in profile.items if i.trend == trend), key=_item_order)
        return tuple(entry(i, trend != "new") for i in items)

    return ChangesView(
        previous_cycle=profile.previous_cycle,
        new=of("new"),
        rising=of("rising"),
        falling=of("falling"),
        dropped=tuple(
            Text(text, SOURCE_LANGUAGE) for text in sorted(profile.dropped_items, key=str.casefold)
        ),
    )


def _source_text(value: str | None) -> Text | None:
    return Text(value, SOURCE_LANGUAGE) if value else None


def profile_view(
    profile: Profile,
    themes: Sequence[ThemeInfo],
    t: Translator,
    *,
    anchor: str = "",
    colophon: Iterable[tuple[Any, Any]] | None = None,
) -> ProfileView:
    """The whole CV body of one profile in the language of ``t``."""
    lang = t.lang
    facts = [Fact(t("fact_cycle"), Text(str(profile.cycle), lang))]
    for label, value in (
        ("fact_region", profile.region),
        ("fact_horizon", profile.horizon),
        ("fact_period", profile.survey_period),
    ):
        if value:
            facts.append(Fact(t(label), Text(value, SOURCE_LANGUAGE)))
    facts.append(Fact(t("fact_organisations"), Text(str(profile.n_organisations), lang)))
    surveys = "; ".join(f"{s.field} – {s.occupation} ({s.cycle})" for s in profile.surveys)
    if surveys:
        facts.append(Fact(t("fact_surveys"), Text(surveys, SOURCE_LANGUAGE)))
    qualification = None
    if profile.qualification is not None:
        q = profile.qualification
        url = q.url if q.url and q.url.startswith(("https://", "http://")) else None
        qualification = QualificationView(
            name=pick(q.name, lang) or Text("", lang), code=q.code, url=url
        )
    rules = profile.rules_version
    short_rules = rules[: len("sha256:") + 12] if rules.startswith("sha256:") else rules
    method = MethodView(
        cycle=profile.cycle,
        period=_source_text(profile.survey_period),
        horizon=_source_text(profile.horizon),
        min_organisations=profile.min_organisations,
        rules_version=short_rules or "–",
        next_update=profile.next_update,
    )
    entries = None
    if colophon is not None:
        entries = tuple(
            ColophonEntry(role=str(role), date=fmt_date(date, lang)) for role, date in colophon
        )
    return ProfileView(
        id=profile.id,
        anchor=anchor,
        title=pick(profile.title, lang) or Text(profile.id, lang),
        description=pick(profile.description, lang) or Text("", lang),
        emerging=profile.emerging,
        facts=tuple(facts),
        qualification=qualification,
        notes=pick(profile.notes, lang),
        sections=section_views(profile, themes, anchor, t),
        rising=rising_entries(profile, anchor, lang),
        suppressed_count=sum(1 for i in profile.items if not publishes_figures(i)),
        method=method,
        changes=changes_view(profile, t),
        colophon=entries,
    )


def cv_page(
    profile: Profile,
    themes: Sequence[ThemeInfo],
    catalogue: Catalogue,
    lang: str,
    *,
    colophon: Iterable[tuple[Any, Any]] | None = None,
    draft: bool = False,
    pdf: bool = True,
    languages: Sequence[str] = PUBLISHED_LANGUAGES,
    update: Any = None,
) -> CvPage:
    """The context of one profile page in ``lang`` (pages live in ``<site>/<id>/``)."""
    t = Translator(catalogue, lang)
    view = profile_view(profile, themes, t, colophon=colophon)
    meta = PageMeta(
        lang=lang,
        title=f"{view.title.text} – {t('site_title')}",
        description=view.description.text,
        author=t("author"),
        assets_href=f"../{ASSETS_DIR}/",
        index_href=f"../{index_name(lang)}",
        alternates=tuple(
            Alternate(other, cv_page_name(profile.id, other), language_label(catalogue, other))
            for other in languages
            if other != lang
        ),
        pdf_href=cv_page_name(profile.id, lang, "pdf") if pdf else None,
        draft=draft,
    )
    return CvPage(meta=meta, profile=view, update=update_note(update, profile.id, t))
