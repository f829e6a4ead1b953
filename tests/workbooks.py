"""Build small C&Q-style workbooks in tests, by code (fixed seeds where random)."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEADER_A = [
    "Organisaatio",
    "Osaamisalue",
    "Osaaminen",
    "Tyyppi",
    "Nykytarve (1-5)",
    "Tuleva tarve (1-5)",
]
HEADER_B = [
    "Osaamisalue",
    "Osaaminen",
    "Tyyppi",
    "Organisaatioita",
    "Nykytarve ka.",
    "Tuleva tarve ka.",
]
META = [["Kierros:", 2022], ["Ala:", "Matkailu"], ["Ammatti:", "Opas"]]


def write(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    merged: dict[str, list[str]] | None = None,
    hidden: tuple[str, ...] = (),
) -> Path:
    """Write ``{sheet name: rows}`` to ``path`` (deterministic properties)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merged or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.properties.created = wb.properties.modified = datetime(2022, 1, 1)
    wb.save(path)
    return path


def ratings_rows(
    n_orgs: int = 4, items: list[tuple[str, str]] | None = None, seed: int = 1
) -> list[list[Any]]:
    """A valid layout-A table (header + rows) with ``n_orgs`` organisations."""
    rng = random.Random(seed)
    items = items or [
        ("Asiakaspalvelu", "Palvelee asiakkaita englanniksi"),
        ("Asiakaspalvelu", "Käsittelee reklamaatiot"),
        ("Digitaidot", "Käyttää sähköisiä varausjärjestelmiä"),
    ]
    rows = [HEADER_A]
    for o in range(n_orgs):
        for area, item in items:
            rows.append(
                [f"Yritys {o} Oy", area, item, "Taito", rng.randint(1, 5), rng.randint(1, 5)]
            )
    return rows
