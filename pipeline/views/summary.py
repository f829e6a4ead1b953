"""The cross-profile summary on the index and in the overview: two accessible heat maps
(inline SVG with a title, a description and the same numbers as a data table) and the
competences that grow in the most profiles (a table with decorative bars). Numbers come
from ``pipeline.overview`` (published profiles and figures only); geometry and colours are
computed here so the template only draws."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from pipeline import figures, overview
from pipeline.i18n import SOURCE_LANGUAGE, Text, Translator, pick
from pipeline.model import Profile, ThemeInfo
from pipeline.theme_rules import contrast_ratio
from pipeline.views.page import Language

LABEL_WIDTH = 280  # row labels (profile titles)
CELL_WIDTH = 58
CELL_HEIGHT = 36
HEADER_HEIGHT = 170  # column labels, turned 40 degrees
LEGEND_HEIGHT = 56
RIGHT_MARGIN = 150  # the turned labels reach past the last column
LIGHT, DARK = (0xF3, 0xF7, 0xFB), (0x0B, 0x3D, 0x6E)
NARROW_CELL, NARROW_HEIGHT, NARROW_TITLE, NARROW_LEFT = 30, 30, 18, 4  # the compact chart
INK, PAPER = "#000000", "#ffffff"  # pure black: every fill has 4.5:1 with one of them
EMPTY = "#ffffff"


@dataclass(frozen=True)
class TableRow:
    """One row of a data table: header (the profile or competence, with its language),
    href (its page, or None), cells (already written in the page language)."""

    header: Text
    href: str | None
    cells: tuple[str, ...]


@dataclass(frozen=True)
class DataTable:
    """The numbers of a chart as a table: caption, corner (the row headers' heading),
    columns (column headings), rows, note (how to read the cells, or None)."""

    caption: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    note: str | None


@dataclass(frozen=True)
class AxisLabel:
    """A row or column label of a chart at (x, y) in the SVG's coordinates."""

    x: float
    y: float
    text: Text


@dataclass(frozen=True)
class ChartCell:
    """One rectangle of a heat map: x, y, width, height; fill and text_colour (AA contrast);
    label: the number drawn in it; sub: a second, smaller line (growing items), or None."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    text_colour: str
    label: str
    sub: str | None


@dataclass(frozen=True)
class LegendStep:
    """One swatch of the colour legend: x, width, fill, text_colour, label."""

    x: float
    width: float
    fill: str
    text_colour: str
    label: str


@dataclass(frozen=True)
class CompactChart:
    """The same heat map for a narrow window: each profile's title on its own line above
    its row of cells, columns named by the themes' markers. width, height (viewBox);
    columns (markers); rows (titles); cells; keys: (marker, theme name) pairs."""

    width: int
    height: int
    columns: tuple[AxisLabel, ...]
    rows: tuple[AxisLabel, ...]
    cells: tuple[ChartCell, ...]
    keys: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class HeatMapChart:
    """An accessible heat map: id (element id prefix); title and description (the SVG's
    <title> and <desc>, also its accessible name); width, height (viewBox); columns, rows
    (axis labels); cells; legend_title, legend_y, legend (colour key); table: the same
    numbers as a data table; compact: the narrow-window drawing (``CompactChart``)."""

    id: str
    title: str
    description: str
    width: int
    height: int
    columns: tuple[AxisLabel, ...]
    rows: tuple[AxisLabel, ...]
    cells: tuple[ChartCell, ...]
    legend_title: str
    legend_y: float
    legend: tuple[LegendStep, ...]
    table: DataTable
    compact: CompactChart


@dataclass(frozen=True)
class GrowingEntry:
    """A competence that grows in several profiles: text (in the page language, else
    Finnish, marked), href (its competence
    page), n_growing (profiles in which it grows), n_profiles (profiles that have it),
    bar (n_growing / all profiles, 0-1, for the decorative bar), label ("7/9")."""

    text: Text
    href: str
    n_growing: int
    n_profiles: int
    bar: float
    label: str


@dataclass(frozen=True)
class SummaryView:
    """The cross-profile summary: title; headline (sentences with their numbers);
    charts_title (the heading of the charts); share
    (heat map of themes' shares); future (heat map of future importance and growth);
    growing (competences that grow in the most profiles) with growing_caption and
    growing_columns (the table's headings); growth_note (what "grows" means);
    competences_href (the page listing every competence); gaps (per theme, the growing
    competences the qualifications do not yet cover; None when no published profile is
    compared with a qualification)."""

    title: str
    headline: tuple[str, ...]
    charts_title: str
    share: HeatMapChart
    future: HeatMapChart
    growing: tuple[GrowingEntry, ...]
    growing_caption: str
    growing_columns: tuple[str, str, str]
    growth_note: str
    competences_href: str
    gaps: DataTable | None = None


# --- colours -----------------------------------------------------------------------------------


def colour_at(fraction: float) -> str:
    """The sequential colour at 0..1 between LIGHT and DARK."""
    f = min(1.0, max(0.0, fraction))
    return "#" + "".join(f"{round(a + (b - a) * f):02x}" for a, b in zip(LIGHT, DARK, strict=True))


def ink_on(fill: str) -> str:
    """The text colour with the better contrast on ``fill`` (always at least 4.5:1 here)."""
    return INK if contrast_ratio(fill, INK) >= contrast_ratio(fill, PAPER) else PAPER


# --- heat maps ---------------------------------------------------------------------------------


def _marker(theme: str, themes: Sequence[ThemeInfo]) -> str:
    for th in themes:
        if th.id == theme:
            return th.marker
    return "•"  # unthemed (views.items.UNTHEMED_STYLE)


def _heat_map(
    chart_id: str,
    grid: overview.HeatMap,
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    t: Translator,
    hrefs: dict[str, str],
    *,
    value: Callable[[overview.Cell], Decimal | None],
    scale: tuple[float, float],
    label: Callable[[Decimal], str],
    sub: Callable[[overview.Cell], str | None],
    table_cell: Callable[[overview.Cell], str],
    keys: str,
) -> HeatMapChart:
    lang = t.lang
    titles = {p.id: pick(p.title, lang) or Text(p.id, SOURCE_LANGUAGE) for p in profiles}
    theme_names = [overview.theme_label(th, themes, t) for th in grid.themes]
    low, high = scale
    cells, rows, best = [], [], None
    for r, pid in enumerate(grid.profiles):
        y = HEADER_HEIGHT + r * CELL_HEIGHT
        rows.append(AxisLabel(LABEL_WIDTH - 10, y + CELL_HEIGHT / 2, titles[pid]))
        for c, theme in enumerate(grid.themes):
            x = LABEL_WIDTH + c * CELL_WIDTH
            cell = grid.cell(theme, pid)
            number = value(cell) if cell else None
            if number is None:
                cells.append(ChartCell(x, y, CELL_WIDTH, CELL_HEIGHT, EMPTY, INK, "–", None))
                continue
            fill = colour_at((float(number) - low) / (high - low))
            cells.append(
                ChartCell(
                    x, y, CELL_WIDTH, CELL_HEIGHT, fill, ink_on(fill), label(number), sub(cell)
                )
            )
            if best is None or number > best[0]:
                best = (number, titles[pid].text, theme_names[c])
    columns = tuple(
        AxisLabel(
            LABEL_WIDTH + c * CELL_WIDTH + CELL_WIDTH / 2, HEADER_HEIGHT - 8, Text(name, lang)
        )
        for c, name in enumerate(theme_names)
    )
    legend_y = HEADER_HEIGHT + len(grid.profiles) * CELL_HEIGHT + 30
    steps = 5
    legend = []
    for k in range(steps):
        fraction = k / (steps - 1)
        fill = colour_at(fraction)
        legend.append(
            LegendStep(
                LABEL_WIDTH + k * CELL_WIDTH,
                CELL_WIDTH,
                fill,
                ink_on(fill),
                label(figures.open_data(low + (high - low) * fraction)),
            )
        )
    table = DataTable(
        caption=t(f"{keys}_title"),
        corner=t("summary_profile"),
        columns=tuple(theme_names),
        rows=tuple(
            TableRow(
                titles[pid],
                hrefs.get(pid),
                tuple(
                    table_cell(cell) if (cell := grid.cell(theme, pid)) else "–"
                    for theme in grid.themes
                ),
            )
            for pid in grid.profiles
        ),
        note=t(f"{keys}_table_note"),
    )
    markers = [_marker(theme, themes) for theme in grid.themes]
    compact_cells, compact_rows = [], []
    for r, pid in enumerate(grid.profiles):
        top = 22 + r * (NARROW_TITLE + NARROW_HEIGHT + 6)
        compact_rows.append(AxisLabel(NARROW_LEFT, top + 13, titles[pid]))
        for c in range(len(grid.themes)):
            wide = cells[r * len(grid.themes) + c]
            compact_cells.append(
                replace(
                    wide,
                    x=NARROW_LEFT + c * NARROW_CELL,
                    y=top + NARROW_TITLE,
                    width=NARROW_CELL,
                    height=NARROW_HEIGHT,
                    label=wide.label.replace("\u00a0%", "").replace("%", ""),
                )
            )
    compact = CompactChart(
        width=NARROW_LEFT * 2 + len(grid.themes) * NARROW_CELL,
        height=22 + len(grid.profiles) * (NARROW_TITLE + NARROW_HEIGHT + 6),
        columns=tuple(
            AxisLabel(NARROW_LEFT + c * NARROW_CELL + NARROW_CELL / 2, 14, Text(m, lang))
            for c, m in enumerate(markers)
        ),
        rows=tuple(compact_rows),
        cells=tuple(compact_cells),
        keys=tuple(zip(markers, theme_names, strict=True)),
    )
    description = t(
        f"{keys}_desc",
        profiles=len(grid.profiles),
        themes=len(grid.themes),
        best=label(best[0]) if best else "–",
        best_profile=best[1] if best else "–",
        best_theme=best[2] if best else "–",
    )
    return HeatMapChart(
        id=chart_id,
        title=t(f"{keys}_title"),
        description=description,
        width=LABEL_WIDTH + len(grid.themes) * CELL_WIDTH + RIGHT_MARGIN,
        height=int(legend_y + LEGEND_HEIGHT),
        columns=columns,
        rows=tuple(rows),
        cells=tuple(cells),
        legend_title=t(f"{keys}_legend"),
        legend_y=legend_y,
        legend=tuple(legend),
        table=table,
        compact=compact,
    )


def summary_view(
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    language: Language,
    *,
    threshold: float,
    profile_hrefs: dict[str, str],
    competence_href: Callable[[overview.Competence], str],
    competences_href: str,
    id_prefix: str = "",
) -> SummaryView:
    """The summary of the published ``profiles`` for a page in ``t.lang``; hrefs are
    relative to that page."""
    t = language.t
    lang = t.lang
    grid = overview.heat_map(profiles, themes, threshold)
    top = max((c.share for c in grid.cells.values()), default=Decimal("0.5"))
    share_top = float(max(Decimal("0.1"), top))

    def percent(v: Decimal) -> str:
        return figures.fmt_percent(v, lang)

    def number(v: Decimal) -> str:
        return figures.fmt_number(v, lang)

    share = _heat_map(
        f"{id_prefix}heat-share",
        grid,
        profiles,
        themes,
        t,
        profile_hrefs,
        value=lambda c: c.share,
        scale=(0.0, share_top),
        label=percent,
        sub=lambda c: None,
        table_cell=lambda c: t("summary_share_cell", n=c.n_items, share=percent(c.share)),
        keys="heat_share",
    )
    future = _heat_map(
        f"{id_prefix}heat-future",
        grid,
        profiles,
        themes,
        t,
        profile_hrefs,
        value=lambda c: c.mean_future,
        scale=(3.0, 5.0),
        label=number,
        sub=lambda c: f"▲{c.n_growing}" if c.n_growing else None,
        table_cell=lambda c: t(
            "summary_future_cell",
            mean=number(c.mean_future) if c.mean_future is not None else "–",
            growing=c.n_growing,
        ),
        keys="heat_future",
    )
    index = overview.competence_index(profiles, themes, threshold)
    total = len(profiles)
    growing = tuple(
        GrowingEntry(
            text=language.text(c.text) or Text(c.text, SOURCE_LANGUAGE),
            href=competence_href(c),
            n_growing=c.n_growing,
            n_profiles=c.n_profiles,
            bar=c.n_growing / total if total else 0.0,
            label=f"{c.n_growing}/{total}",
        )
        for c in overview.growing_competences(index)
    )
    found = overview.headline(profiles, themes, threshold)
    return SummaryView(
        title=t("summary_title"),
        headline=overview.headline_text(found, themes, t),
        charts_title=t("summary_charts_title"),
        share=share,
        future=future,
        growing=growing,
        growing_caption=t("growing_title"),
        growing_columns=(t("growing_col_competence"), t("growing_col_grows"), t("growing_col_has")),
        growth_note=t("growth_note", threshold=figures.fmt_number(threshold, lang)),
        competences_href=competences_href,
        gaps=_gap_table(overview.qualification_gaps(profiles, themes), len(profiles), themes, t),
    )


def _gap_table(
    gaps: overview.QualificationGaps, total: int, themes: Sequence[ThemeInfo], t: Translator
) -> DataTable | None:
    """Per theme: growing competences, those not yet in the qualifications, and of those
    the ones awaiting a teacher's review (docs/evidence.md)."""
    if not gaps.profiles:
        return None
    return DataTable(
        caption=t("gaps_title"),
        corner=t("competence_theme"),
        columns=(t("gaps_col_growing"), t("gaps_col_not_required"), t("gaps_col_pending")),
        rows=tuple(
            TableRow(
                Text(overview.theme_label(g.theme, themes, t), t.lang),
                None,
                (str(g.n_growing), str(g.n_not_required), str(g.n_pending)),
            )
            for g in gaps.rows
        ),
        note=t("gaps_note", n=len(gaps.profiles), total=total),
    )


@dataclass(frozen=True)
class DataLink:
    """One open-data file: href (relative), label (what it holds), media (MIME type)."""

    href: str
    label: str
    media: str


@dataclass(frozen=True)
class OpenDataView:
    """The open-data files of the whole site and their licence: links; licence (a
    sentence), licence_name, licence_href."""

    links: tuple[DataLink, ...]
    licence: str
    licence_name: str
    licence_href: str


def open_data_view(
    t: Translator, files: Sequence[tuple[str, str, str]], licence: dict
) -> OpenDataView:
    """``files``: (path, UI string key of its label, media type); ``licence``: its name,
    title and path (``datapackage.LICENCE``)."""
    return OpenDataView(
        links=tuple(DataLink(path, t(key), media) for path, key, media in files),
        licence=t("open_data_licence"),
        licence_name=licence["title"],
        licence_href=licence["path"],
    )
