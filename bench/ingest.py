"""Ingest speed and memory on a 1,000,000-rating workbook set.

Prints, from one run: the pipeline's ingest rows/s (read + validate + load into a fresh
DuckDB store), a bare python-calamine read of the same files in rows/s, their ratio
(target >= 0.6) and the pipeline's peak RSS (target <= 1 GB). Each side runs in its own
child process so the peak memory is the pipeline's own.

Run: python bench/ingest.py [--ratings 1000000] [--data bench/_data]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AREAS = [
    "Ammatillinen perusosaaminen",
    "Digitaaliset taidot",
    "Asiakaspalveluosaaminen",
    "Kieli- ja viestintätaidot",
    "Työelämätaidot",
    "Turvallisuus",
]
VERBS = [
    "Käyttää",
    "Hallitsee",
    "Tuntee",
    "Noudattaa",
    "Kehittää",
    "Ohjaa",
    "Suunnittelee",
    "Arvioi",
]
OBJECTS = [
    "sähköisiä järjestelmiä",
    "asiakaspalvelun prosesseja",
    "työturvallisuusohjeita",
    "vieraita kieliä",
    "kestävän kehityksen periaatteita",
    "tiimin yhteistyötä",
    "hygieniamääräyksiä",
    "digitaalisia palveluja",
    "laatujärjestelmiä",
    "omaa osaamistaan",
]
ITEMS_PER_SURVEY = 50
ORGS_PER_FILE = 1000  # 50 items x 1000 organisations = 50,000 ratings per workbook


def generate(folder: Path, n_ratings: int = 1_000_000, seed: int = 20240601) -> list[Path]:
    """Write a deterministic layout-A workbook set of about ``n_ratings`` ratings into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    per_file = ITEMS_PER_SURVEY * ORGS_PER_FILE
    n_files = max(1, n_ratings // per_file)
    paths = []
    for f in range(n_files):
        path = folder / f"2022_bench_occupation-{f:02d}.xlsx"
        paths.append(path)
        if path.exists():
            continue
        items = [
            (AREAS[i % len(AREAS)], f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ({f}-{i})")
            for i in range(ITEMS_PER_SURVEY)
        ]
        wb = Workbook(write_only=True)
        wb.properties.created = wb.properties.modified = datetime(2024, 6, 1)
        ws = wb.create_sheet("Arviot")
        ws.append(["Kierros:", 2022])
        ws.append(["Alue:", "Lappi"])
        ws.append([])
        ws.append(
            [
                "Organisaatio",
                "Osaamisalue",
                "Osaaminen",
                "Tyyppi",
                "Nykytarve (1-5)",
                "Tuleva tarve (1-5)",
            ]
        )
        for o in range(ORGS_PER_FILE):
            org = f"Yritys {f:02d}-{o:04d} Oy"
            for i, (area, item) in enumerate(items):
                now = rng.randint(1, 5)
                future = min(5, now + rng.choice((0, 0, 1)))
                # the variants real exports carry: numbers as text, not-assessed markers
                now_cell = str(now) if rng.random() < 0.1 else ("-" if rng.random() < 0.03 else now)
                ws.append(
                    [
                        org,
                        area if o == 0 or i % 10 == 0 else None,
                        item,
                        ("Tieto", "Taito", "Asenne")[i % 3],
                        now_cell,
                        future,
                    ]
                )
        tmp = path.with_suffix(".tmp")
        wb.save(tmp)
        tmp.rename(path)
    return paths


def _pipeline(raw: str, queue: mp.Queue) -> None:
    from pipeline import ingest, store

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = ingest.ingest(Path(raw))
        with store.writing(Path(tmp) / "skills.duckdb", from_existing=False) as con:
            store.load(con, result)
        elapsed = time.perf_counter() - start
    rows = result.n_ratings
    # Workbooks are read in worker processes: count the largest worker on top of this process.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    queue.put((rows, elapsed, (own, worker)))


def _bare(raw: str, queue: mp.Queue) -> None:
    import python_calamine

    start = time.perf_counter()
    rows = 0
    for path in sorted(Path(raw).glob("*.xlsx")):
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            rows += len(wb.get_sheet_by_name(name).to_python())
    queue.put(
        (
            rows,
            time.perf_counter() - start,
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        )
    )


def _run(target, raw: Path) -> tuple[int, float, int]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(str(raw), queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "_data")
    args = parser.parse_args()
    raw = args.data / f"ingest-{args.ratings}"
    t0 = time.perf_counter()
    generate(raw, args.ratings)
    print(f"workbook set: {raw} (ready in {time.perf_counter() - t0:.1f} s)")
    _run(_bare, raw)  # warm the page cache so neither side pays for the first disk read
    bare_rows, bare_s, _ = _run(_bare, raw)
    rows, pipe_s, (own_kb, worker_kb) = _run(_pipeline, raw)
    bare_rate, pipe_rate = bare_rows / bare_s, rows / pipe_s
    print(
        f"bare python-calamine read : {bare_rows:>9,} rows in {bare_s:6.2f} s = {bare_rate:>9,.0f} rows/s"
    )
    print(
        f"osaaja ingest (to DuckDB) : {rows:>9,} rows in {pipe_s:6.2f} s = {pipe_rate:>9,.0f} rows/s"
    )
    print(f"ratio pipeline/bare       : {pipe_rate / bare_rate:.2f}  (target >= 0.6)")
    print(
        f"pipeline peak RSS         : {own_kb / 1024:,.0f} MiB main process + {worker_kb / 1024:,.0f} MiB "
        f"largest reader process; all processes at most {(own_kb + 2 * worker_kb) / 1024:,.0f} MiB "
        "(target <= 1024 MiB)"
    )


if __name__ == "__main__":
    main()
