"""The model's evidence (``model.ItemEvidence``, ``model.ProfileEvidence``) from the store's
rows (``store.item_evidence_rows``, ``store.profile_evidence_row``). Pure."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pipeline.model import (
    AdCount,
    ItemEvidence,
    ProfileEvidence,
    QualificationEvidence,
    Quote,
    RequirementRef,
)


def item_evidence(row: Mapping[str, Any] | None) -> ItemEvidence:
    """One row of ``profile_item_evidence`` (with its ``requirements``); None: no evidence."""
    if row is None:
        return ItemEvidence()
    ads = None
    if row.get("n_ads") is not None:
        ads = AdCount(
            n_mentions=int(row["n_ad_mentions"]),
            n_ads=int(row["n_ads"]),
            period_start=_date(row.get("ad_period_start")),
            period_end=_date(row.get("ad_period_end")),
            reviewed_terms=row.get("ad_terms_source") == "reviewed",
        )
    return ItemEvidence(
        requirements=tuple(
            RequirementRef(
                id=r["requirement_id"],
                code=r["code"],
                text=_texts(r, "text"),
                unit_code=r["unit_code"],
                unit_name=_texts(r, "unit_name"),
                url=r["url"],
            )
            for r in row.get("requirements") or ()
        ),
        coverage=row.get("coverage"),
        pending_requirements=tuple(row.get("pending_requirement_ids") or ()),
        ads=ads,
        n_quotes=int(row.get("n_quotes") or 0),
    )


def profile_evidence(row: Mapping[str, Any] | None) -> ProfileEvidence:
    """``store.profile_evidence_row``; None: the store has no evidence."""
    if row is None:
        return ProfileEvidence()
    q = row.get("qualification")
    qualification = None
    if q is not None:
        qualification = QualificationEvidence(
            peruste_id=int(q["peruste_id"]),
            name=json.loads(q["name"]) if isinstance(q["name"], str) else dict(q["name"]),
            diaarinumero=q["diaarinumero"],
            codes=tuple(q["codes"] or ()),
            url=q["url"],
            threshold=float(q["threshold"]) if q["threshold"] is not None else 0.0,
            n_required=int(q["n_required"]),
            n_gaps=int(q["n_gaps"]),
        )
    return ProfileEvidence(
        qualification=qualification,
        n_ads=None if row.get("n_ads") is None else int(row["n_ads"]),
        ads_period_start=_date(row.get("ads_period_start")),
        ads_period_end=_date(row.get("ads_period_end")),
        n_interviews=int(row.get("n_interviews") or 0),
        quotes=tuple(
            Quote(
                text=r["text"],
                date=_date(r["date"]),
                interviewee_role=r["interviewee_role"],
                organisation_type=r["organisation_type"],
                item_ids=tuple(r["item_ids"] or ()),
                themes=tuple(r["themes"] or ()),
            )
            for r in row.get("quotes") or ()
        ),
    )


def _texts(row: Mapping[str, Any], prefix: str) -> dict[str, str]:
    return {
        lang: row[f"{prefix}_{lang}"] for lang in ("fi", "sv", "en") if row.get(f"{prefix}_{lang}")
    }


def _date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value))
