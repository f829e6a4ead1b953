"""Theming time as a share of ingest time, on the 1,000,000-rating workbook set.

Prints, from one run: ingest time (read + validate + load a fresh store, the baseline),
the theme stage's time on that store (distinct items, classify, write item_themes, the
analyst workbooks) and its share of ingest (target <= 5%), then classify() alone on the
set's distinct items and on a larger synthetic vocabulary (distinct items per second).

The workbook set comes from ``bench/ingest.py`` (same generator, same seed, same folder).

Run: python bench/themes.py [--ratings 1000000] [--data bench/_data]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest import generate  # noqa: E402  (bench/ingest.py: the 1,000,000-rating set)

from pipeline import store, themes  # noqa: E402
from pipeline.contract import item_key  # noqa: E402
from pipeline.ingest import ingest as read_raw  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.stages import Run, derive, run_theme  # noqa: E402
from pipeline.stages.data import analyst_workbooks, write_workbooks  # noqa: E402

TARGET_SHARE = 0.05


def synthetic_items(n: int, seed: int = 3) -> list[tuple[str, None, str]]:
    """``n`` distinct item texts made of the bundled examples' words, shuffled (fixed seed)."""
    rules = themes.load_rules(ROOT / "themes.yaml")
    words = sorted({w for t in rules.themes for e in t.match_examples for w in e.text.split()})
    rng = random.Random(seed)
    out: dict[str, tuple[str, None, str]] = {}
    while len(out) < n:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 9)))
        out.setdefault(item_key(text), (item_key(text), None, text))
    return list(out.values())


def timed_classify(items: list) -> tuple[float, themes.Coverage]:
    rules = themes.load_rules(ROOT / "themes.yaml")  # fresh: the word cache starts empty
    start = time.perf_counter()
    assignments, _ = themes.classify(rules, items)
    return time.perf_counter() - start, themes.coverage(assignments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "_data")
    parser.add_argument(
        "--synthetic", type=int, default=20_000, help="distinct items in the synthetic run"
    )
    args = parser.parse_args()
    raw = args.data / f"ingest-{args.ratings}"
    generate(raw, args.ratings)
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.at(raw=raw, build=Path(tmp), themes=ROOT / "themes.yaml")
        # Baseline: reading the workbooks and loading the store, without deriving anything.
        start = time.perf_counter()
        result = read_raw(raw)
        with store.writing(project.store_path, from_existing=False) as con:
            store.load(con, result)
        ingest_s = time.perf_counter() - start
        run = Run.of(project)
        start = time.perf_counter()
        rules = themes.load_rules(project.themes_file)
        overrides = themes.load_overrides(project.overrides_file)
        with store.writing(project.store_path, from_existing=True) as con:
            assignments, _ = themes.classify(rules, store.distinct_item_surveys(con), overrides)
            store.write_item_themes(con, assignments, rules.sha256)
            theming_s = time.perf_counter() - start
            derived = derive(con, run)
            start = time.perf_counter()
            rows, books = analyst_workbooks(con, run, derived)
        write_workbooks(project, books)
        workbook_s = time.perf_counter() - start
        start = time.perf_counter()
        run_theme(run)
        stage_s = time.perf_counter() - start
        con = store.open_store(project.store_path)
        try:
            items = store.distinct_item_surveys(con)
            n_ratings = con.execute("SELECT count(*) FROM ratings_raw").fetchone()[0]
        finally:
            con.close()
    print(f"ingest (baseline)   : {n_ratings:>9,} ratings in {ingest_s:6.2f} s")
    print(
        f"theming             : {len(assignments):>9,} distinct items in {theming_s:6.2f} s = "
        f"{theming_s / ingest_s:.1%} of ingest (target <= {TARGET_SHARE:.0%}) "
        f"{'OK' if theming_s / ingest_s <= TARGET_SHARE else 'OVER'}  (rules, store copy, classify, item_themes)"
    )
    print(
        f"analyst workbooks   : {len(rows):>9,} rows in {workbook_s:6.2f} s = {workbook_s / ingest_s:.1%} of ingest "
        "(item_scores query, openpyxl, write)"
    )
    print(f"whole `osaaja theme`: {stage_s:6.2f} s = {stage_s / ingest_s:.1%} of ingest")
    classify_s, cov = timed_classify(items)
    print(
        f"classify() alone    : {len(assignments):>9,} distinct items in {classify_s:6.3f} s = "
        f"{n_ratings / classify_s:,.0f} ratings/s; themed by rules {cov.share_by_rules:.1%}"
    )
    synthetic = synthetic_items(args.synthetic)
    classify_s, cov = timed_classify(synthetic)
    print(
        f"classify() synthetic: {len(synthetic):>9,} distinct items in {classify_s:6.3f} s = "
        f"{len(synthetic) / classify_s:,.0f} items/s (a fresh word cache; themed by rules {cov.share_by_rules:.1%})"
    )


if __name__ == "__main__":
    main()
