"""Open data: each published profile's items and figures as CSV and JSON, and the
Frictionless ``datapackage.json`` that describes them. Figures are empty (null) where
they are not published (docs/figures.md)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pipeline import figures
from pipeline.i18n import SOURCE_LANGUAGE, Catalogue
from pipeline.model import PUBLISHED_LANGUAGES, Profile, ProfileItem, ThemeInfo
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
    }


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
            "notes": profile.notes,
            "rules_version": profile.rules_version,
            "next_update": profile.next_update,
            "previous_cycle": profile.previous_cycle,
            "dropped_items": list(profile.dropped_items),
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


def datapackage(
    profiles: Sequence[Profile], files: dict[str, bytes], catalogue: Catalogue
) -> bytes:
    """A Frictionless Data Package describing every profile's CSV and JSON, with hashes."""
    fields = [{"name": name, "type": kind, "description": text} for name, kind, text in COLUMNS]
    resources = []
    for profile in profiles:
        for ext, media in (("csv", "text/csv"), ("json", "application/json")):
            path = f"{profile.id}/{profile.id}.{ext}"
            resource: dict[str, Any] = {
                "name": f"{profile.id}-{ext}",
                "path": path,
                "format": ext,
                "mediatype": media,
                "encoding": "utf-8",
                "title": profile.title.get("en") or profile.title.get("fi", profile.id),
                "bytes": len(files[path]),
                "hash": "sha256:" + hashlib.sha256(files[path]).hexdigest(),
            }
            if ext == "csv":
                resource["profile"] = "tabular-data-resource"
                resource["schema"] = {"fields": fields, "missingValues": [""]}
            resources.append(resource)
    data = {
        "profile": "data-package",
        "name": "future-skills-profiles",
        "title": catalogue["site_title"].get("en", ""),
        "description": catalogue["open_data_intro"].get("en", ""),
        "languages": list(PUBLISHED_LANGUAGES),
        "resources": resources,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
