"""What a reviewer judges: a profile version as plain, canonical data, and its hash.

Not styling, templates, the rule-set version or build dates: changing those must not
invalidate a sign-off.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline import figures, hashing
from pipeline.model import Profile, ProfileItem, Qualification, SurveyRef

HASH_ALGORITHM = hashing.DEFAULT_ALGORITHM

FIGURES = {
    "now": "importance now",
    "future": "future importance",
    "change": "change",
    "previous_future": "previous future importance",
}


# --- canonical content and its hash -----------------------------------------------------


def _figure(value: float | None) -> float | None:
    # Figures are judged as published: rounded as the CV page shows them (a withheld
    # figure is None in the model already).
    return figures.as_float(figures.page(value))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _localized(value: Mapping[str, str] | None) -> dict[str, str] | None:
    return None if value is None else {str(k): str(v) for k, v in sorted(value.items())}


def _item_content(item: ProfileItem) -> dict[str, Any]:
    return {
        "id": str(item.item_id),
        "text": str(item.item),
        "kind": _text(item.kind),
        "area": _text(item.area),
        "theme": _text(item.theme),
        "tags": sorted(str(t) for t in item.tags),
        "n": int(item.n_organisations),
        "n_now": _int(item.n_now),
        "n_future": _int(item.n_future),
        "now": _figure(item.mean_now),
        "future": _figure(item.mean_future),
        "change": _figure(item.change),
        "suppressed": bool(item.suppressed),
        "trend": _text(item.trend),
        "previous_future": _figure(item.previous_mean_future),
    }


def reviewed_content(profile: Profile) -> dict[str, Any]:
    """What a reviewer judges, as plain JSON-able data: texts, items, themes, figures
    rounded as published, suppression. Not styling, template, rule-set version or dates of
    the build: changing those must not invalidate a sign-off."""
    q = profile.qualification
    return {
        "profile": profile.id,
        "cycle": int(profile.cycle),
        "title": _localized(profile.title),
        "description": _localized(profile.description),
        "notes": _localized(profile.notes),
        "qualification": None
        if q is None
        else {"name": _localized(q.name), "code": _text(q.code), "url": _text(q.url)},
        "region": _text(profile.region),
        "horizon": _text(profile.horizon),
        "survey_period": _text(profile.survey_period),
        "n_organisations": int(profile.n_organisations),
        "surveys": [
            {"cycle": int(s.cycle), "field": str(s.field), "occupation": str(s.occupation)}
            for s in sorted(profile.surveys, key=lambda s: (s.cycle, s.field, s.occupation))
        ],
        "emerging": bool(profile.emerging),
        "previous_cycle": _int(profile.previous_cycle),
        "dropped_items": sorted(str(t) for t in profile.dropped_items),
        # Sorted by identity (then by everything, should two items share an id): the page's
        # order is derived from themes and figures, which are in the content already.
        "items": sorted(
            (_item_content(i) for i in profile.items),
            key=lambda c: (c["id"], canonical_json(c)),
        ),
    }


canonical_json = hashing.canonical_json


def digest(content: Mapping[str, Any], algorithm: str = HASH_ALGORITHM) -> str:
    """``<algorithm>:<hex>`` of the canonical JSON of ``content``."""
    return hashing.of_content(content, algorithm)


def content_hash(profile: Profile) -> str:
    return digest(reviewed_content(profile))


def profile_from_content(content: Mapping[str, Any], *, min_organisations: int) -> Profile:
    """The profile a reviewer signed, rebuilt from the snapshot in their sign-off file
    (``reviewed_content``): what an approved earlier version is published from when the
    store no longer computes it (the data or the configuration moved on since).

    Figures are those the reviewer signed, rounded as pages show them; what the snapshot
    does not hold is empty (standard deviations, the rule-set version). The result has the
    same content hash as the snapshot (``reviewed_content`` of it gives the snapshot back);
    ``pipeline.versions`` checks that before publishing it.
    """
    q = content["qualification"]
    return Profile(
        id=content["profile"],
        title=dict(content["title"]),
        description=dict(content["description"]),
        cycle=int(content["cycle"]),
        region=content["region"],
        horizon=content["horizon"],
        survey_period=content["survey_period"],
        n_organisations=int(content["n_organisations"]),
        surveys=tuple(
            sorted(
                SurveyRef(int(s["cycle"]), s["field"], s["occupation"]) for s in content["surveys"]
            )
        ),
        items=tuple(
            ProfileItem(
                item_id=i["id"],
                item=i["text"],
                kind=i["kind"],
                area=i["area"],
                theme=i["theme"],
                tags=tuple(i["tags"]),
                n_organisations=int(i["n"]),
                mean_now=i["now"],
                mean_future=i["future"],
                change=i["change"],
                suppressed=bool(i["suppressed"]),
                trend=i["trend"],
                previous_mean_future=i["previous_future"],
                n_now=i.get("n_now"),
                n_future=i.get("n_future"),
            )
            for i in content["items"]
        ),
        qualification=None
        if q is None
        else Qualification(name=dict(q["name"]), code=q["code"], url=q["url"]),
        notes=None if content["notes"] is None else dict(content["notes"]),
        emerging=bool(content["emerging"]),
        min_organisations=min_organisations,
        previous_cycle=content["previous_cycle"],
        dropped_items=tuple(content["dropped_items"]),
    )
