"""What each column of the open data means, for a reader outside the project (one meaning
per column), and the values it may take: the field descriptions and constraints that
``pipeline.datapackage`` writes into ``datapackage.json``. ``{threshold}`` in a text is
filled with the growth step of the run."""

from __future__ import annotations

from typing import Any

from pipeline.model import COVERAGE, KINDS

SCALE = {"minimum": 1, "maximum": 5}
TRENDS = ("new", "rising", "falling", "steady")

# Per column of the item tables: what an outside reader needs (one meaning per column),
# and the values it can take. Columns not listed keep pipeline.opendata's description.
ITEM_FIELDS: dict[str, tuple[str, dict[str, Any]]] = {
    "profile_id": (
        "The profile (occupation) the row belongs to: its identifier in profiles.csv.",
        {"required": True},
    ),
    "cycle": ("Year of the survey round the row's figures come from.", {"required": True}),
    "theme": (
        "Identifier of the theme (section of the profile) the competence is placed in; "
        "'unthemed' when no theme applies.",
        {"required": True},
    ),
    "theme_label_fi": ("The theme's name in Finnish; empty for 'unthemed'.", {}),
    "theme_label_en": ("The theme's name in English; empty for 'unthemed'.", {}),
    "item_id": (
        "The competence's identity across surveys and rounds: 'code:' and the survey's item "
        "code, or 'text:' and its normalised Finnish wording. The same competence in two "
        "profiles has the same item_id.",
        {"required": True},
    ),
    "item": ("The competence as the survey worded it (Finnish).", {"required": True}),
    "kind": (
        "Whether the survey classed the competence as knowledge, skill or attitude; empty "
        "when it did not say.",
        {"enum": list(KINDS)},
    ),
    "area": ("The survey's own heading for the competence (Finnish); may be empty.", {}),
    "suppressed": (
        "true when mean_now or mean_future (or both) is not published because too few "
        "organisations rated it (see min_organisations in profiles.csv); the competence "
        "and its counts are published all the same.",
        {"required": True},
    ),
    "n_organisations": (
        "Number of organisations that rated the competence's importance, now or in the future.",
        {"required": True, "minimum": 0},
    ),
    "n_now": ("Number of organisations whose ratings make mean_now.", {"minimum": 0}),
    "n_future": ("Number of organisations whose ratings make mean_future.", {"minimum": 0}),
    "mean_now": (
        "How important the competence is today: the mean of all ratings given, on the scale "
        "1 (not needed) to 5 (essential), 2 decimals. Empty when not published.",
        SCALE,
    ),
    "mean_future": (
        "How important the competence will be at the survey's horizon (3-5 years ahead): "
        "the mean of all ratings given, scale 1 to 5, 2 decimals. Empty when not published.",
        SCALE,
    ),
    "change": (
        "mean_future minus mean_now, computed before rounding: above 0 the competence is "
        "expected to grow in importance. Empty unless both means are published.",
        {"minimum": -4, "maximum": 4},
    ),
    "sd_now": (
        "Sample standard deviation of the ratings behind mean_now. Empty when mean_now is "
        "not published or the source gave only means.",
        {"minimum": 0},
    ),
    "sd_future": ("As sd_now, for the ratings behind mean_future.", {"minimum": 0}),
    "trend": (
        "How mean_future moved since the profile's previous survey round: new (not asked "
        "then), rising or falling (by at least the trend threshold, {threshold} points), "
        "steady (less). Empty when there is no previous round or either round's "
        "mean_future is not published.",
        {"enum": list(TRENDS)},
    ),
    "previous_mean_future": (
        "mean_future in the previous survey round (scale 1-5). Empty when there is none, "
        "the competence is new, or the figure was not published.",
        SCALE,
    ),
}

# Value constraints of the other columns (their descriptions are pipeline.opendata's).
ITEM_CONSTRAINTS: dict[str, dict[str, Any]] = {
    "qualification_coverage": {"enum": list(COVERAGE)},
    "ad_mentions": {"minimum": 0},
    "ads_total": {"minimum": 0},
    "interview_quotes": {"minimum": 0},
}

# profiles.csv: (name, type, description, constraints)
PROFILE_COLUMNS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    (
        "profile_id",
        "string",
        "The profile's identifier (the URL slug of its pages).",
        {"required": True, "unique": True},
    ),
    ("title_fi", "string", "The occupation's name in Finnish.", {"required": True}),
    ("title_en", "string", "The occupation's name in English.", {"required": True}),
    ("cycle", "integer", "Year of the survey round the profile shows.", {"required": True}),
    (
        "previous_cycle",
        "integer",
        "Year of the round its trends compare with; empty for a first round.",
        {},
    ),
    ("region", "string", "Region the survey covered, as the survey names it.", {}),
    ("survey_period", "string", "When the survey was answered, as the survey states it.", {}),
    (
        "n_organisations",
        "integer",
        "Number of organisations that answered the surveys behind the profile.",
        {"required": True, "minimum": 0},
    ),
    (
        "n_items",
        "integer",
        "Number of competences in the profile (rows in items.csv).",
        {"required": True, "minimum": 0},
    ),
    (
        "min_organisations",
        "integer",
        "A figure resting on fewer organisations than this is not published.",
        {"required": True, "minimum": 1},
    ),
    (
        "emerging",
        "boolean",
        "true for an emerging occupation composed from several surveys.",
        {"required": True},
    ),
    (
        "isco_code",
        "string",
        "ISCO-08 unit group of the occupation (four digits); empty when not classified.",
        {"pattern": "[0-9]{4}"},
    ),
    (
        "esco_uri",
        "string",
        "URI of the ESCO occupation (ESCO v1.1, © European Union) the profile corresponds "
        "to; empty when ESCO has none.",
        {"pattern": "http://data\\.europa\\.eu/esco/occupation/[0-9a-f-]+"},
    ),
    ("esco_code", "string", "ESCO's code of that occupation.", {}),
    ("esco_label_fi", "string", "ESCO's Finnish preferred label of that occupation.", {}),
    (
        "qualification_code",
        "string",
        "Code of the vocational qualification that leads to the occupation, when given.",
        {},
    ),
    (
        "page_fi",
        "string",
        "The profile's page in Finnish, relative to this file.",
        {"required": True},
    ),
    (
        "page_en",
        "string",
        "The profile's page in English, relative to this file.",
        {"required": True},
    ),
)

THEME_COLUMNS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("theme", "string", "Theme identifier (as in items.csv).", {"required": True}),
    ("profile_id", "string", "The profile (as in profiles.csv).", {"required": True}),
    (
        "n_items",
        "integer",
        "Competences of the profile in the theme.",
        {"required": True, "minimum": 1},
    ),
    (
        "share",
        "number",
        "n_items divided by all competences of the profile (0-1, 2 decimals).",
        {"required": True, "minimum": 0, "maximum": 1},
    ),
    (
        "mean_future",
        "number",
        "Plain mean of the published mean_future values of those competences (scale 1-5, 2 decimals); empty when none is published.",
        SCALE,
    ),
    (
        "n_future",
        "integer",
        "How many competences that mean rests on.",
        {"required": True, "minimum": 0},
    ),
    (
        "n_growing",
        "integer",
        "Competences whose change is at least the growth step ({threshold} points).",
        {"required": True, "minimum": 0},
    ),
)
