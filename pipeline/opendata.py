"""Open data: each published profile's items and figures as CSV and JSON, and the
Frictionless ``datapackage.json`` that describes them. Figures are empty (null) where
they are not published (docs/figures.md)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from typing import Any

from pipeline import figures
from pipeline.i18n import SOURCE_LANGUAGE, Catalogue, Translator
from pipeline.model import PUBLISHED_LANGUAGES, Profile, ProfileItem, ThemeInfo
from pipeline.views.page import (
    anchor_id,
)
from pipeline.views.profile import publishes_figures, section_views

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
        "true when fewer than min_organisations rated the item; its figures are empty",
    ),
    ("n_organisations", "integer", "Organisations that rated the item"),
    ("mean_now", "number", "Mean importance now, 1 (not needed) to 5 (essential)"),
    ("mean_future", "number", "Mean importance in the future (survey horizon), 1 to 5"),
    ("change", "number", "mean_future - mean_now"),
    ("trend", "string", "Change since the previous survey: new, rising, falling, steady or empty"),
    ("previous_mean_future", "number", "mean_future in the previous survey"),
)


def item_record(
    profile: Profile, item: ProfileItem, themes: dict[str, ThemeInfo]
) -> dict[str, Any]:
    """One open-data row; figures are None when the item is suppressed."""
    theme = themes.get(item.theme) if item.theme else None
    shown = publishes_figures(item)
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
        "suppressed": not shown,
        "n_organisations": item.n_organisations if shown else None,
        "mean_now": figures.open_data(item.mean_now) if shown else None,
        "mean_future": figures.open_data(item.mean_future) if shown else None,
        "change": figures.open_data(
            item.change if item.change is not None else item.mean_future - item.mean_now
        )
        if shown
        else None,
        "trend": item.trend,
        "previous_mean_future": figures.open_data(item.previous_mean_future) if shown else None,
    }


def ordered_items(
    profile: Profile, themes: Sequence[ThemeInfo], catalogue: Catalogue
) -> list[ProfileItem]:
    """Items in the order of the CV page: sections in theme order, then future importance."""
    t = Translator(catalogue, SOURCE_LANGUAGE)
    order = {}
    for section in section_views(profile, themes, "", t):
        for item in section.items:
            order[item.anchor] = len(order)
    return sorted(profile.items, key=lambda i: order[anchor_id("", "item", i.item_id)])


def profile_csv(records: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _, _ in COLUMNS])
    for record in records:
        writer.writerow(
            [
                ""
                if record[name] is None
                else str(record[name]).lower()
                if isinstance(record[name], bool)
                else record[name]
                for name, _, _ in COLUMNS
            ]
        )
    return out.getvalue().encode("utf-8")


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
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


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
