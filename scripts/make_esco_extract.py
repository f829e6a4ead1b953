"""Write ``data/esco/occupations_fi.csv``: the compact ESCO occupations list osaaja ships.

From ESCO's Finnish occupations CSV (v1.1, published by the European Commission) it keeps
what osaaja validates and shows: the occupation's URI, ESCO code, ISCO-08 unit group,
Finnish preferred label and alternative labels (joined with ``|``). Rows are sorted by
URI, so the same input writes the same bytes:

    .venv/bin/python scripts/make_esco_extract.py ../shared/realdata/esco-1.1-fi/occupations_fi.csv

Attribution and terms: ``data/esco/README.md``.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click

TARGET = Path(__file__).resolve().parent.parent / "data" / "esco" / "occupations_fi.csv"
COLUMNS = ("conceptUri", "code", "iscoGroup", "preferredLabel", "altLabels")


def extract(source: Path) -> bytes:
    with source.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("conceptType") == "Occupation"]
    out = []
    for r in sorted(rows, key=lambda r: r["conceptUri"]):
        alts = [a.strip() for a in r["altLabels"].splitlines() if a.strip()]
        if any("|" in a for a in [r["preferredLabel"], *alts]):
            raise click.ClickException(f"{r['conceptUri']}: a label contains '|'")
        out.append(
            [
                r["conceptUri"],
                r["code"],
                r["iscoGroup"],
                r["preferredLabel"].strip(),
                "|".join(alts),
            ]
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(out)
    return buffer.getvalue().encode("utf-8")


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def main(source: Path) -> None:
    """Write data/esco/occupations_fi.csv from ESCO's occupations_fi.csv (SOURCE)."""
    data = extract(source)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(data)
    rows = data.count(b"\n") - 1
    click.echo(f"wrote {TARGET} ({rows} occupations)")


if __name__ == "__main__":
    sys.exit(main())
