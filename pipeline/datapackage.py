"""The site's open data as one Frictionless Data Package: ``datapackage.json`` and the
combined tables beside the per-profile CSV and JSON (``pipeline.opendata``).

Resources (all UTF-8, comma-separated, empty cell = no value):

- ``profiles.csv``: one row per published profile (title, round, region, organisations,
  classification codes: ISCO-08, ESCO);
- ``items.csv``: every published profile's competences and figures in one table (the
  per-profile CSVs' columns; key: profile_id + item_id);
- ``themes_by_profile.csv``: the overview's heat map (themes × profiles), the data behind
  its chart;
- ``<id>/<id>.csv``, ``<id>/<id>.json``: each profile on its own, as before.

The package states its licence (``LICENCE``), publisher, sources (the survey rounds,
ESCO), a created date taken from the data (the latest approval of a published profile;
same inputs, same bytes), primary and foreign keys, value constraints (the 1-5 scale) and
the rounding (docs/figures.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from pipeline import esco, overview
from pipeline.datapackage_fields import (
    ITEM_CONSTRAINTS,
    ITEM_FIELDS,
    PROFILE_COLUMNS,
    THEME_COLUMNS,
)
from pipeline.i18n import Catalogue
from pipeline.model import PUBLISHED_LANGUAGES, Profile, ThemeInfo
from pipeline.opendata import COLUMNS
from pipeline.sanitize import csv_row
from pipeline.views.page import cv_page_name

DATAPACKAGE = "datapackage.json"
PROFILES_CSV = "profiles.csv"
ITEMS_CSV = "items.csv"
THEMES_CSV = "themes_by_profile.csv"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
ROUNDING = (
    "Means, spreads and changes are rounded to 2 decimals, half up (away from zero), after "
    "removing binary noise at 9 decimals; a change is computed before rounding. Pages show "
    "the same value rounded to 1 decimal. A figure resting on fewer than min_organisations "
    "organisations (per figure, and per survey for pooled figures) is not published: its "
    "cell is empty. Counts are always published."
)

# --- tables -----------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else value


def _table(names: Sequence[str], rows: Sequence[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(csv_row(_cell(row[name]) for name in names))
    return out.getvalue().encode("utf-8")


def profile_row(profile: Profile) -> dict[str, Any]:
    c = profile.classification
    q = profile.qualification
    return {
        "profile_id": profile.id,
        "title_fi": profile.title.get("fi", ""),
        "title_en": profile.title.get("en", ""),
        "cycle": profile.cycle,
        "previous_cycle": profile.previous_cycle,
        "region": profile.region,
        "survey_period": profile.survey_period,
        "n_organisations": profile.n_organisations,
        "n_items": len(profile.items),
        "min_organisations": profile.min_organisations,
        "emerging": profile.emerging,
        "isco_code": c.isco if c else None,
        "esco_uri": c.esco_uri if c else None,
        "esco_code": c.esco_code if c else None,
        "esco_label_fi": c.esco_label if c else None,
        "qualification_code": q.code if q else None,
        "page_fi": f"{profile.id}/{cv_page_name(profile.id, 'fi')}",
        "page_en": f"{profile.id}/{cv_page_name(profile.id, 'en')}",
    }


def profiles_csv(profiles: Sequence[Profile]) -> bytes:
    return _table([c[0] for c in PROFILE_COLUMNS], [profile_row(p) for p in profiles])


def items_csv(records: Sequence[dict[str, Any]]) -> bytes:
    """Every published profile's item records (``opendata.item_record``), in one table."""
    return _table([c[0] for c in COLUMNS], records)


def themes_csv(grid: overview.HeatMap) -> bytes:
    rows = [
        {
            "theme": cell.theme,
            "profile_id": cell.profile_id,
            "n_items": cell.n_items,
            "share": cell.share,
            "mean_future": cell.mean_future,
            "n_future": cell.n_future,
            "n_growing": cell.n_growing,
        }
        for theme in grid.themes
        for pid in grid.profiles
        if (cell := grid.cell(theme, pid)) is not None
    ]
    return _table([c[0] for c in THEME_COLUMNS], rows)


# --- the descriptor ---------------------------------------------------------------------------


def created(colophons: dict[str, Any], profiles: Sequence[Profile]) -> str | None:
    """The package's date, from the data: the latest approval of a published profile, else
    the latest date in the surveys' periods ("15.3.2022", "3-5/2022"); None without either."""
    dates = [
        str(date)[:10]
        for p in profiles
        for _role, date in (colophons.get(p.id) or [])
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)[:10])
    ]
    if not dates:
        for p in profiles:
            dates += _survey_dates(p.survey_period or "")
    return f"{max(dates)}T00:00:00Z" if dates else None


def _survey_dates(text: str) -> list[str]:
    found = []
    for day, month, year in re.findall(r"(?:(\d{1,2})\.)?(\d{1,2})[./](\d{4})", text):
        try:
            found.append(dt.date(int(year), int(month), int(day or 1)).isoformat())
        except ValueError:
            continue
    return found


def _fields(columns, threshold: float) -> list[dict[str, Any]]:
    fields = []
    for name, kind, text, constraints in columns:
        field: dict[str, Any] = {
            "name": name,
            "type": kind,
            "description": text.format(threshold=threshold),
        }
        if constraints:
            field["constraints"] = dict(constraints)
        fields.append(field)
    return fields


def _item_fields(threshold: float) -> list[dict[str, Any]]:
    columns = []
    for name, kind, text in COLUMNS:
        description, constraints = ITEM_FIELDS.get(name, (text, ITEM_CONSTRAINTS.get(name, {})))
        columns.append((name, kind, description, constraints))
    fields = _fields(columns, threshold)
    for field in fields:
        if field["type"] == "boolean":
            field.update(trueValues=["true"], falseValues=["false"])
    return fields


def _resource(path: str, data: bytes, name: str, title: str, **extra: Any) -> dict[str, Any]:
    ext = path.rsplit(".", 1)[1]
    return {
        "name": name,
        "path": path,
        "title": title,
        "format": ext,
        "mediatype": "text/csv" if ext == "csv" else "application/json",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        **extra,
    }


def datapackage(
    profiles: Sequence[Profile],
    files: dict[str, bytes],
    catalogue: Catalogue,
    *,
    threshold: float,
    colophons: dict[str, Any] | None = None,
    base_url: str | None = None,
) -> bytes:
    """``datapackage.json`` for ``files`` (which must hold the tables of this module and
    every profile's CSV and JSON), with licence, sources, keys and constraints."""
    item_fields = _item_fields(threshold)
    item_schema = {
        "fields": item_fields,
        "missingValues": [""],
        "primaryKey": ["profile_id", "item_id"],
    }
    resources = [
        _resource(
            PROFILES_CSV,
            files[PROFILES_CSV],
            "profiles",
            "Published profiles: occupation, survey round, classification codes",
            profile="tabular-data-resource",
            schema={
                "fields": _fields(PROFILE_COLUMNS, threshold),
                "missingValues": [""],
                "primaryKey": ["profile_id"],
            },
        ),
        _resource(
            ITEMS_CSV,
            files[ITEMS_CSV],
            "items",
            "Competences and figures of every published profile",
            profile="tabular-data-resource",
            schema={
                **item_schema,
                "foreignKeys": [
                    {
                        "fields": "profile_id",
                        "reference": {"resource": "profiles", "fields": "profile_id"},
                    }
                ],
            },
        ),
        _resource(
            THEMES_CSV,
            files[THEMES_CSV],
            "themes-by-profile",
            "Themes x profiles: the overview's heat map",
            profile="tabular-data-resource",
            schema={
                "fields": _fields(THEME_COLUMNS, threshold),
                "missingValues": [""],
                "primaryKey": ["theme", "profile_id"],
                "foreignKeys": [
                    {
                        "fields": "profile_id",
                        "reference": {"resource": "profiles", "fields": "profile_id"},
                    }
                ],
            },
        ),
    ]
    for profile in profiles:
        title = profile.title.get("en") or profile.title.get("fi", profile.id)
        csv_path = f"{profile.id}/{profile.id}.csv"
        json_path = f"{profile.id}/{profile.id}.json"
        resources.append(
            _resource(
                csv_path,
                files[csv_path],
                f"{profile.id}-csv",
                title,
                profile="tabular-data-resource",
                schema=item_schema,
            )
        )
        resources.append(_resource(json_path, files[json_path], f"{profile.id}-json", title))
    rounds = sorted(
        {p.cycle for p in profiles} | {p.previous_cycle for p in profiles if p.previous_cycle}
    )
    sources = [
        {
            "title": "Competence surveys (osaamiskartoitus) of employers, rounds "
            + ", ".join(str(r) for r in rounds)
            + "; organisations' names are confidential and not published",
        },
        {"title": esco.ATTRIBUTION["en"], "path": "https://esco.ec.europa.eu/"},
    ]
    author = catalogue.get("author", {})
    data: dict[str, Any] = {
        "profile": "data-package",
        "name": "future-skills-profiles",
        "title": catalogue["site_title"].get("en", ""),
        "description": catalogue["open_data_intro"].get("en", "") + " " + ROUNDING,
        "languages": list(PUBLISHED_LANGUAGES),
        "licenses": [LICENCE],
        "contributors": [{"title": author.get("fi") or author.get("en", ""), "role": "publisher"}],
        "sources": sources,
    }
    when = created(colophons or {}, profiles)
    if when:
        data["created"] = when
    if base_url:
        data["homepage"] = base_url
    data["resources"] = resources
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def tables(
    profiles: Sequence[Profile],
    themes: Sequence[ThemeInfo],
    records: Sequence[dict[str, Any]],
    threshold: float,
) -> dict[str, bytes]:
    """The combined tables of the published ``profiles`` (``records``: their item rows)."""
    return {
        PROFILES_CSV: profiles_csv(profiles),
        ITEMS_CSV: items_csv(records),
        THEMES_CSV: themes_csv(overview.heat_map(profiles, themes, threshold)),
    }
