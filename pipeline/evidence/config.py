"""The ``evidence`` section of ``raw/osaaja.yaml``: where the evidence is and how to read it.

Every key is optional; paths are relative to ``raw/``. A sketch (docs/evidence.md has all)::

    evidence:
      eperusteet: evidence/eperusteet            # saved perusteet (*.json)
      requirement_map: evidence/requirement_map.yaml
      interviews: evidence/interviews            # *.yaml / *.md notes
      gap_threshold: 0.3                         # "growing": change >= this (default: trend_threshold)
      qualifications: {kokki: "381204"}          # profile -> peruste id, diaarinumero or code
      job_ads:
        folder: evidence/ads
        columns: {id: ilmoitus_id, title: otsikko, text: kuvaus, date: julkaistu,
                  region: maakunta, occupation: ammatti, occupation_code: ammattikoodi}
        period: {start: 2024-01-01, end: 2025-12-31}
        regions: [Lappi]
        occupations: {myyja: {names: [Myyjä], codes: ["5223"]}}
        terms_file: evidence/ad_terms.yaml

Pure: it checks a parsed section and reports problems with their lines; it reads no files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pipeline import yamlfile
from pipeline.errors import Problem
from pipeline.evidence.jobads import (
    OPTIONAL,
    REQUIRED,
    AdColumns,
    AdsConfig,
    Occupation,
    Period,
    parse_date,
)

KEYS = ("eperusteet", "requirement_map", "interviews", "gap_threshold", "qualifications", "job_ads")
ADS_KEYS = (
    "folder",
    "columns",
    "period",
    "regions",
    "occupations",
    "terms_file",
    "delimiter",
    "records",
)


@dataclass(frozen=True)
class EvidenceConfig:
    eperusteet: str = "evidence/eperusteet"
    requirement_map: str = "evidence/requirement_map.yaml"
    interviews: str = "evidence/interviews"
    gap_threshold: float | None = None  # None: the settings' trend_threshold
    qualifications: Mapping[str, str] = field(default_factory=dict)  # profile id -> reference
    job_ads: AdsConfig | None = None  # None: no ads are read


class _Checker:
    def __init__(self, source: str, root: Any, at: Sequence):
        self.source, self.root, self.at = source, root, list(at)
        self.problems: list[Problem] = []

    def __call__(self, path: Sequence, message: str) -> None:
        line = yamlfile.line_of(self.root, [*self.at, *path]) if self.root is not None else None
        self.problems.append(
            Problem(self.source, row=line, message=message, code="settings.evidence")
        )


def load_evidence_config(
    section: Any, source: str, root: Any = None, at: Sequence = ("evidence",)
) -> tuple[EvidenceConfig, list[Problem]]:
    """``section`` is the parsed ``evidence`` mapping (None: all defaults); ``root`` the
    file's node tree from ``yamlfile.read`` for line numbers; ``at`` the section's path."""
    problem = _Checker(source, root, at)
    if section is None:
        return EvidenceConfig(), []
    if not isinstance(section, dict):
        problem([], "evidence must be a mapping; see docs/evidence.md")
        return EvidenceConfig(), problem.problems
    for key in sorted(set(map(str, section)) - set(KEYS)):
        problem([key], f"unknown key {key!r} in evidence; accepted: {', '.join(KEYS)}")
    values: dict[str, Any] = {}
    for key in ("eperusteet", "requirement_map", "interviews"):
        if key in section:
            if isinstance(section[key], str) and section[key].strip():
                values[key] = section[key].strip()
            else:
                problem([key], f"{key} is a path relative to raw/")
    if "gap_threshold" in section:
        t = section["gap_threshold"]
        if isinstance(t, int | float) and not isinstance(t, bool) and t > 0:
            values["gap_threshold"] = float(t)
        else:
            problem(["gap_threshold"], "gap_threshold is a number above 0, such as 0.3")
    quals = section.get("qualifications") or {}
    if isinstance(quals, dict) and all(isinstance(v, str | int) for v in quals.values()):
        values["qualifications"] = {str(k): str(v) for k, v in quals.items()}
    else:
        problem(
            ["qualifications"],
            "qualifications maps a profile id to a peruste id, "
            "diaarinumero or qualification code, e.g. {kokki: '381204'}",
        )
    if "job_ads" in section:
        values["job_ads"] = _ads(
            section["job_ads"], _Checker(source, root, [*at, "job_ads"]), problem
        )
    return EvidenceConfig(**values), problem.problems


def _ads(section: Any, problem: _Checker, outer: _Checker) -> AdsConfig | None:
    result = _ads_checked(section, problem)
    outer.problems += problem.problems
    return result


def _ads_checked(section: Any, problem: _Checker) -> AdsConfig | None:
    if not isinstance(section, dict):
        problem([], "job_ads must be a mapping: folder, columns, period, occupations, ...")
        return None
    for key in sorted(set(map(str, section)) - set(ADS_KEYS)):
        problem([key], f"unknown key {key!r} in job_ads; accepted: {', '.join(ADS_KEYS)}")
    if not (isinstance(section.get("folder"), str) and section["folder"].strip()):
        problem(["folder"], "folder (relative to raw/) is required, e.g. evidence/ads")
    columns = _columns(section.get("columns"), problem)
    period = _period(section.get("period"), problem)
    occupations = {}
    for pid, spec in (section.get("occupations") or {}).items():
        names = spec.get("names", []) if isinstance(spec, dict) else None
        codes = spec.get("codes", []) if isinstance(spec, dict) else None
        if not isinstance(names, list) or not isinstance(codes, list) or not (names or codes):
            problem(
                ["occupations", pid],
                f"{pid}: give names and/or codes, e.g. {{names: [Myyjä], codes: ['5223']}}",
            )
            continue
        occupations[str(pid)] = Occupation(tuple(map(str, names)), tuple(map(str, codes)))
    regions = section.get("regions") or []
    if not isinstance(regions, list):
        problem(["regions"], "regions is a list of region names, e.g. [Lappi]")
    delimiter = section.get("delimiter")
    if delimiter is not None and delimiter not in (",", ";", "\t"):
        problem(["delimiter"], "delimiter is one of ',' ';' or a tab; leave it out to detect it")
    if problem.problems or columns is None:
        return None
    return AdsConfig(
        folder=section["folder"].strip(),
        columns=columns,
        period=period,
        regions=tuple(map(str, regions)),
        occupations=occupations,
        terms_file=str(section["terms_file"]) if section.get("terms_file") else None,
        delimiter=delimiter,
        records=str(section["records"]) if section.get("records") else None,
    )


def _columns(cols: Any, problem: _Checker) -> AdColumns | None:
    accepted = ", ".join(REQUIRED + OPTIONAL)
    if not isinstance(cols, dict):
        problem(["columns"], f"columns maps the fields {accepted} to the export's column names")
        return None
    bad = sorted(set(map(str, cols)) - set(REQUIRED + OPTIONAL))
    for key in bad:
        problem(["columns", key], f"unknown field {key!r}; accepted: {accepted}")
    missing = [k for k in REQUIRED if not cols.get(k)]
    if missing:
        problem(["columns"], f"columns lacks {', '.join(missing)}; required: {', '.join(REQUIRED)}")
    if not (cols.get("occupation") or cols.get("occupation_code")):
        problem(["columns"], "map occupation or occupation_code: ads are counted per occupation")
    if bad or missing:
        return None
    return AdColumns(**{k: str(v) for k, v in cols.items() if v})


def _period(p: Any, problem: _Checker) -> Period | None:
    if p is None:
        return None
    start = _as_date(p.get("start")) if isinstance(p, dict) else None
    end = _as_date(p.get("end")) if isinstance(p, dict) else None
    if start is None or end is None or end < start:
        problem(
            ["period"],
            "period needs start and end dates (start <= end), "
            "e.g. {start: 2024-01-01, end: 2025-12-31}",
        )
        return None
    return Period(start, end)


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(str(value)) if value is not None else None
