"""Open data: each published profile's items and figures as CSV and JSON (the combined
tables and ``datapackage.json`` that describes them: ``pipeline.datapackage``). Figures
are empty (null) where they are not published (docs/figures.md). Each competence also
carries its evidence beside the survey (docs/evidence.md): requirement codes, ad mentions,
quote counts; the JSON adds the profile's qualification, ads period and its publishable
quotes (anonymised: notes with names in a publishable quote stop the build before
anything is written)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pipeline import figures
from pipeline.i18n import SOURCE_LANGUAGE, Catalogue
from pipeline.model import Profile, ProfileItem, ThemeInfo
from pipeline.sanitize import csv_row
from pipeline.views.items import section_views
from pipeline.views.page import Language, anchor_id

# Open-data columns: (name, Frictionless type, description). Figures are empty when suppressed.
COLUMNS = (
    ("profile_id", "string", "Profile id (URL slug)"),
    ("cycle", "integer", "Survey year"),
    ("theme", "string", "Theme id (CV section); 'unthemed' when none"),
    ("theme_label_fi", "string", "Theme label in Finnish"),
    ("theme_label_en", "string", "Theme label in English"),
    ("item_id", "string", "Item identity across cycles: code:<code> or text:<normalised text>"),
    ("item", "string", "Competence item as written in the survey (Finnish)"),
    ("kind", "string", "knowledge, skill, attitude or empty"),
    ("area", "string", "Competence area of the survey's classification"),
    (
        "suppressed",
        "boolean",
        "true when mean_now or mean_future is withheld because it rests on fewer than "
        "min_organisations organisations (see docs/figures.md); the item is still listed",
    ),
    ("n_organisations", "integer", "Organisations that rated the item (now or future)"),
    ("n_now", "integer", "Organisations behind mean_now"),
    ("n_future", "integer", "Organisations behind mean_future"),
    (
        "mean_now",
        "number",
        "Mean of all ratings of importance now, 1 (not needed) to 5 (essential); "
        "2 decimals, rounded half up; empty when withheld",
    ),
    (
        "mean_future",
        "number",
        "Mean importance in the future (survey horizon), 1 to 5; as mean_now",
    ),
    ("change", "number", "mean_future - mean_now before rounding; empty unless both are published"),
    ("sd_now", "number", "Sample standard deviation of the ratings behind mean_now"),
    ("sd_future", "number", "Sample standard deviation of the ratings behind mean_future"),
    (
        "trend",
        "string",
        "Change since the previous survey: new, rising, falling or steady; empty for a first "
        "survey or when either survey's mean_future is withheld",
    ),
    ("previous_mean_future", "number", "mean_future in the previous survey; empty when withheld"),
    (
        "requirement_codes",
        "string",
        "Requirements (ammattitaitovaatimukset) of the profile's qualification in ePerusteet "
        "that cover the competence, as confirmed by a reviewer: their codes, separated by "
        "spaces (a requirement without a code: <unit code>-<n>); empty when none",
    ),
    (
        "qualification_coverage",
        "string",
        "required (a confirmed requirement covers it), gap (growing: change at least the "
        "gap threshold, and not in the qualification's requirements) or not_growing; empty "
        "when the profile has no saved qualification",
    ),
    (
        "ad_mentions",
        "integer",
        "Job ads of the profile's occupation in ads_period that mention the competence; "
        "empty when no ads are configured for the profile",
    ),
    (
        "ads_total",
        "integer",
        "Job ads of the profile's occupation in ads_period (the N of 'N of M')",
    ),
    ("ads_period_start", "date", "First day of the ads counted; empty: every date"),
    ("ads_period_end", "date", "Last day of the ads counted; empty: every date"),
    (
        "interview_quotes",
        "integer",
        "Publishable interview quotes that name the competence (quotes: in the JSON)",
    ),
)


def item_record(
    profile: Profile, item: ProfileItem, themes: dict[str, ThemeInfo]
) -> dict[str, Any]:
    """One open-data row; a withheld figure is None (docs/figures.md)."""
    theme = themes.get(item.theme) if item.theme else None
    shown = figures.published(item)
    return {
        "profile_id": profile.id,
        "cycle": profile.cycle,
        "theme": item.theme or "unthemed",
        "theme_label_fi": theme.label.get("fi", "") if theme else "",
        "theme_label_en": theme.label.get("en", "") if theme else "",
        "item_id": item.item_id,
        "item": item.item,
        "kind": item.kind,
        "area": item.area,
        "suppressed": item.suppressed,
        "n_organisations": shown.n_organisations,
        "n_now": shown.n_now,
        "n_future": shown.n_future,
        "mean_now": shown.mean_now,
        "mean_future": shown.mean_future,
        "change": shown.change,
        "sd_now": shown.sd_now,
        "sd_future": shown.sd_future,
        "trend": shown.trend,
        "previous_mean_future": shown.previous_mean_future,
        **evidence_record(item),
    }


def evidence_record(item: ProfileItem) -> dict[str, Any]:
    """The competence's evidence beside the survey, as open-data columns."""
    ev = item.evidence
    ads = ev.ads
    return {
        "requirement_codes": " ".join(r.id for r in ev.requirements) or None,
        "qualification_coverage": ev.coverage,
        "ad_mentions": ads.n_mentions if ads else None,
        "ads_total": ads.n_ads if ads else None,
        "ads_period_start": ads.period_start.isoformat() if ads and ads.period_start else None,
        "ads_period_end": ads.period_end.isoformat() if ads and ads.period_end else None,
        "interview_quotes": ev.n_quotes,
    }


def profile_evidence(profile: Profile) -> dict[str, Any]:
    """The profile's evidence beside the survey for its JSON: the qualification compared
    with, the ads counted, and the publishable, anonymised interview quotes."""
    ev = profile.evidence
    q = ev.qualification
    return {
        "qualification": None
        if q is None
        else {
            "peruste_id": q.peruste_id,
            "name": q.name,
            "diaarinumero": q.diaarinumero,
            "codes": list(q.codes),
            "url": q.url,
            "gap_threshold": q.threshold,
            "n_required": q.n_required,
            "n_gaps": q.n_gaps,
        },
        "ads": None
        if ev.n_ads is None
        else {
            "n_ads": ev.n_ads,
            "period_start": _iso(ev.ads_period_start),
            "period_end": _iso(ev.ads_period_end),
        },
        "n_interviews": ev.n_interviews,
        "quotes": [
            {
                "text": quote.text,
                "date": quote.date.isoformat(),
                "interviewee_role": quote.interviewee_role,
                "organisation_type": quote.organisation_type,
                "item_ids": list(quote.item_ids),
                "themes": list(quote.themes),
            }
            for quote in ev.quotes
        ],
    }


def _iso(day: Any) -> str | None:
    return None if day is None else day.isoformat()


def ordered_items(
    profile: Profile, themes: Sequence[ThemeInfo], catalogue: Catalogue
) -> list[ProfileItem]:
    """Items in the order of the CV page: sections in theme order, then future importance."""
    order = {}
    for section in section_views(profile, themes, "", Language(catalogue, SOURCE_LANGUAGE)):
        for item in section.items:
            order[item.anchor] = len(order)
    return sorted(profile.items, key=lambda i: order[anchor_id("", "item", i.item_id)])


def profile_csv(records: list[dict[str, Any]]) -> bytes:
    """The CSV of one profile; every text cell is neutralised against formula injection
    (``sanitize.csv_cell``: a cell a spreadsheet would run, such as ``=HYPERLINK(…)``,
    gets a leading ``'``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _, _ in COLUMNS])
    for record in records:
        writer.writerow(csv_row(_cell(record[name]) for name, _, _ in COLUMNS))
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else value


def profile_json(profile: Profile, records: list[dict[str, Any]]) -> bytes:
    q = profile.qualification
    data = {
        "profile": {
            "id": profile.id,
            "title": profile.title,
            "description": profile.description,
            "cycle": profile.cycle,
            "region": profile.region,
            "horizon": profile.horizon,
            "survey_period": profile.survey_period,
            "n_organisations": profile.n_organisations,
            "min_organisations": profile.min_organisations,
            "emerging": profile.emerging,
            "surveys": [
                {"cycle": s.cycle, "field": s.field, "occupation": s.occupation}
                for s in profile.surveys
            ],
            "qualification": None if q is None else {"name": q.name, "code": q.code, "url": q.url},
            "classification": _classification(profile),
            "notes": profile.notes,
            "rules_version": profile.rules_version,
            "next_update": profile.next_update,
            "previous_cycle": profile.previous_cycle,
            "dropped_items": list(profile.dropped_items),
            "evidence": profile_evidence(profile),
        },
        "items": records,
    }
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=_json_number)
    return (text + "\n").encode("utf-8")


def _json_number(value: Any) -> float:
    """Published figures are Decimals (2 decimals); a float prints them as they are."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _classification(profile: Profile) -> dict[str, Any] | None:
    """ISCO-08 and ESCO codes (ESCO v1.1, © European Union: see datapackage.json)."""
    c = profile.classification
    if c is None:
        return None
    return {
        "isco_code": c.isco,
        "esco_uri": c.esco_uri,
        "esco_code": c.esco_code,
        "esco_label_fi": c.esco_label,
        "esco_alt_labels_fi": list(c.esco_alt_labels),
    }
