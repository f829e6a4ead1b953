"""One vocabulary for every page: the marks beside competences and the legend that
explains each of them.

Two different changes, two different sets of words (docs/rendering.md, "Vocabulary"):

- **now → future** (the survey's own question): the need *grows* or *shrinks*; shown as
  the signed difference of the two means and as the chart (○ now, ● future);
- **since the previous survey** (the cycle trend, ``ProfileItem.trend``): the future need
  is *up*, *down*, *unchanged*, or the competence is *new*; shown as a mark with a symbol
  and a word.

Every mark has a symbol (hidden from screen readers) and a word, so neither colour nor the
symbol alone carries it. ``legend`` explains the marks a page uses, and the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.figures import fmt_number
from pipeline.model import ProfileItem

# The spread (sample standard deviation, 1-5 scale) of the future ratings from which the
# organisations' views count as divided (docs/figures.md, "Agreement").
DIVIDED_SD = 1.0

SYMBOLS = {
    "new": "★",
    "rising": "▲",
    "falling": "▼",
    "steady": "=",
    "uncompared": "–",
    "divided": "≠",
    "count": "",
    "suppressed": "",
    "emerging": "◆",
    "untranslated": "",
    # evidence beside the survey (pipeline.views.evidence)
    "required": "§",
    "gap": "!",
    "pending": "?",
    "ads": "",
    "quotes": "“",
}
TRENDS = ("new", "rising", "falling", "steady")
# Legend order: the figures first, then the marks.
LEGEND_ORDER = (
    "scale",
    "now",
    "future",
    "growth",
    "new",
    "rising",
    "falling",
    "steady",
    "uncompared",
    "divided",
    "count",
    "suppressed",
    "emerging",
    "required",
    "gap",
    "pending",
    "ads",
    "quotes",
    "untranslated",
)


@dataclass(frozen=True)
class Mark:
    """A mark beside a competence.

    key: what it marks (its legend entry, CSS class and ``data-mark``); symbol: drawn
    beside the word, hidden from screen readers; label: the word that carries it.
    """

    key: str
    symbol: str
    label: str


@dataclass(frozen=True)
class LegendEntry:
    """One line of a legend.

    key: the mark or figure it explains (``data-legend``); symbol: as drawn on the page
    (may be empty); label: its word; explanation: what it means.
    """

    key: str
    symbol: str
    label: str
    explanation: str


def mark(key: str, t) -> Mark:
    return Mark(key, SYMBOLS[key], t(f"mark_{key}"))


def trend_mark(item: ProfileItem, previous_cycle: int | None, t) -> Mark | None:
    """The item's change since the previous survey; None for a first survey."""
    if previous_cycle is None:
        return None
    return mark(item.trend if item.trend in TRENDS else "uncompared", t)


def divided(item: ProfileItem) -> bool:
    """The organisations' future ratings spread widely (only with a published future mean)."""
    return (
        item.mean_future is not None
        and item.sd_future is not None
        and round(item.sd_future, 9) >= DIVIDED_SD
    )


def legend(
    used: Iterable[str],
    t,
    *,
    previous_cycle: int | None,
    n_organisations: int,
    min_organisations: int,
    trend_threshold: float,
    figures: bool = True,
    extra: Mapping[str, object] | None = None,
) -> tuple[LegendEntry, ...]:
    """The legend of a page: the scale and the figures (``figures``), then every mark in
    ``used``, in one order; ``extra``: more values for the explanations (the evidence's
    ``gap``, ``ads`` and ``period``, ``pipeline.views.evidence.legend_values``)."""
    lang = t.lang
    keys = set(used)
    if figures:
        keys |= {"scale", "now", "future", "growth"}
    values = {
        "previous": previous_cycle or "",
        "threshold": fmt_number(trend_threshold, lang),
        "sd": fmt_number(DIVIDED_SD, lang),
        "n": n_organisations,
        "min": min_organisations,
        **(extra or {}),
    }
    drawn = {"scale": "", "now": "○", "future": "●", "growth": "+/−"}
    return tuple(
        LegendEntry(
            key,
            drawn.get(key, SYMBOLS.get(key, "")),
            t(f"mark_{key}"),
            t(f"legend_{key}", **values),
        )
        for key in LEGEND_ORDER
        if key in keys
    )
