"""The ESCO occupations list osaaja ships (``data/esco/occupations_fi.csv``), and the check
of a profile's classification codes against it.

A profile may name its ESCO occupation (``esco:``, the occupation's URI) and its ISCO-08
unit group (``isco:``, four digits) in ``raw/profiles.yaml``. The URI must be in the list;
the ISCO code must be a unit group ESCO classifies occupations under and, with a URI, the
one that occupation belongs to (it is taken from the occupation when left out). ESCO is
© European Union (data/esco/README.md).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import Problem
from pipeline.messages import excerpt
from pipeline.model import Classification
from pipeline.project import ESCO_FILE

ESCO_VERSION = "1.1"
URI_PREFIX = "http://data.europa.eu/esco/occupation/"
COLUMNS = ("conceptUri", "code", "iscoGroup", "preferredLabel", "altLabels")
ISCO = re.compile(r"[0-9]{4}")
# How the open data and the pages credit ESCO (its terms: reuse with the source acknowledged).
ATTRIBUTION = {
    "fi": "ESCO-luokitus v1.1 (suomenkieliset nimikkeet), © Euroopan unioni, "
    "https://esco.ec.europa.eu/",
    "en": "ESCO classification v1.1 (Finnish labels), © European Union, https://esco.ec.europa.eu/",
}


@dataclass(frozen=True)
class EscoOccupation:
    """One row of the list: uri, code ("5120.1"), isco_group ("5120"), label (Finnish
    preferred label), alt_labels (Finnish alternative titles)."""

    uri: str
    code: str
    isco_group: str
    label: str
    alt_labels: tuple[str, ...]


@dataclass(frozen=True)
class EscoList:
    """The occupations by URI, and the ISCO-08 unit groups they are classified under."""

    file: str
    by_uri: Mapping[str, EscoOccupation]

    @property
    def isco_groups(self) -> frozenset[str]:
        return frozenset(o.isco_group for o in self.by_uri.values())

    def titled(self, title: str) -> list[EscoOccupation]:
        """Occupations whose preferred or alternative label is ``title`` (case-folded)."""
        want = title.casefold().strip()
        return sorted(
            (
                o
                for o in self.by_uri.values()
                if want in {label.casefold() for label in (o.label, *o.alt_labels)}
            ),
            key=lambda o: (o.label.casefold() != want, o.code),
        )


def load_occupations(path: Path = ESCO_FILE) -> tuple[EscoList, list[Problem]]:
    """Read the list (pure apart from reading ``path``); problems name the file and row."""
    where = str(path)
    if not path.is_file():
        message = "not found; osaaja ships it (see data/esco/README.md)"
        return EscoList(where, {}), [Problem(where, message=message, code="esco.missing")]
    problems: list[Problem] = []
    by_uri: dict[str, EscoOccupation] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if tuple(header or ()) != COLUMNS:
            message = f"expected the columns {', '.join(COLUMNS)}; found {excerpt(header)}"
            return EscoList(where, {}), [Problem(where, row=1, message=message, code="esco.shape")]
        for row_number, row in enumerate(reader, start=2):
            if len(row) != len(COLUMNS):
                message = f"expected {len(COLUMNS)} cells, found {len(row)}"
                problems.append(Problem(where, row=row_number, message=message, code="esco.row"))
                continue
            uri, code, group, label, alts = row
            if not uri.startswith(URI_PREFIX) or not ISCO.fullmatch(group):
                message = (
                    f"not an occupation URI and ISCO-08 group: {excerpt(uri)}, {excerpt(group)}"
                )
                problems.append(Problem(where, row=row_number, message=message, code="esco.row"))
                continue
            by_uri[uri] = EscoOccupation(
                uri, code, group, label, tuple(a for a in alts.split("|") if a)
            )
    return EscoList(where, by_uri), problems


def classification(
    esco: Any,
    isco: Any,
    occupations: EscoList,
    complain: Callable[[str, str, str], None],
    *,
    title: str = "",
) -> Classification | None:
    """A profile's checked ``Classification`` from its ``esco`` and ``isco`` values (None
    when it names neither). ``complain(key, message, code)`` reports a problem at that key."""
    if esco is None and isco is None:
        return None
    occupation = None
    if esco is not None:
        occupation = occupations.by_uri.get(esco) if isinstance(esco, str) else None
        if occupation is None:
            complain("esco", _unknown_uri(esco, occupations, title), "profiles.esco_uri")
    code = None
    if isco is not None:
        code = str(isco) if isinstance(isco, int | str) and not isinstance(isco, bool) else None
        if code is None or not ISCO.fullmatch(code):
            complain(
                "isco",
                f"isco {excerpt(isco)} is not an ISCO-08 unit group; accepted: four digits "
                'in quotes, such as "5120"',
                "profiles.isco",
            )
            return None
        if code not in occupations.isco_groups:
            complain(
                "isco",
                f"isco {code!r} is not an ISCO-08 unit group of the ESCO occupations list "
                f"({occupations.file})",
                "profiles.isco",
            )
            return None
    if occupation is None:
        return None if code is None else Classification(isco=code)
    if code is not None and code != occupation.isco_group:
        complain(
            "isco",
            f"isco {code!r} does not match the ESCO occupation: {occupation.uri} "
            f"({occupation.label}) is in ISCO-08 unit group {occupation.isco_group!r}; "
            f'write isco: "{occupation.isco_group}" or leave isco out',
            "profiles.isco_mismatch",
        )
        return None
    return Classification(
        isco=occupation.isco_group,
        esco_uri=occupation.uri,
        esco_code=occupation.code,
        esco_label=occupation.label,
        esco_alt_labels=occupation.alt_labels,
    )


def _unknown_uri(esco: Any, occupations: EscoList, title: str) -> str:
    if not isinstance(esco, str) or not esco.startswith(URI_PREFIX):
        message = (
            f"esco {excerpt(esco, 120)} is not an ESCO occupation URI; accepted: "
            f"{URI_PREFIX}<id> as listed in {occupations.file}"
        )
    else:
        message = (
            f"esco {excerpt(esco, 120)} is not in the ESCO occupations list ({occupations.file}, "
            f"ESCO v{ESCO_VERSION}); copy the occupation's URI from there"
        )
    guesses = occupations.titled(title) if title else []
    if guesses:
        message += f"; an occupation titled {title!r}: {guesses[0].uri} ({guesses[0].label})"
    return message
