"""Benchmark of the render stage; prints its figures as ratios to baselines measured in the same run.

1. PDF stage (``render_profiles``: all cores, tagged PDF/UA) against a single-process bare
   WeasyPrint render of the same HTML pages.           target: <= 0.6 on 2 cores
2. A no-change rebuild against the cold build.         target: <= 5 %

Usage: .venv/bin/python bench/render.py [--profiles 10] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from factories import THEMES, make_profiles  # noqa: E402

from pipeline import render, views  # noqa: E402
from pipeline.i18n import load_catalogue  # noqa: E402

TEMPLATES = ROOT / "templates"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds; the best of each is compared"
    )
    args = parser.parse_args()
    profiles = make_profiles(args.profiles)
    themes = list(THEMES)

    stage, cold, rebuild, bare, busy = [], [], [], [], []
    load_before = os.getloadavg()[0]
    for _ in range(args.repeat):  # interleaved, so load from elsewhere hits both sides alike
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "profiles"
            started, cpu = time.perf_counter(), os.times()
            report = render.render_profiles(
                profiles, themes, out, templates=TEMPLATES, workers=args.workers
            )
            cold.append(time.perf_counter() - started)
            stage.append(report.pdf_seconds)
            used = sum(os.times()[:4]) - sum(cpu[:4])  # user + system of this process and workers
            busy.append(used / cold[-1])

            started = time.perf_counter()
            warm = render.render_profiles(
                profiles, themes, out, templates=TEMPLATES, workers=args.workers
            )
            rebuild.append(time.perf_counter() - started)
            assert not warm.rendered, "the rebuild should have skipped every profile"

            pages = print_html(profiles, themes)
            bare.append(bare_weasyprint(pages))

    n_pdf, cores = len(pages), os.cpu_count()
    print(
        f"profiles: {len(profiles)}, PDFs: {n_pdf}, cores: {cores}, workers: {args.workers or cores}, "
        f"rounds: {args.repeat} (best of each; all: {_all(stage)} vs bare {_all(bare)})"
    )
    print(f"bare WeasyPrint, one process : {min(bare):7.2f} s  ({min(bare) / n_pdf:.2f} s per PDF)")
    print(f"PDF stage of render_profiles : {min(stage):7.2f} s  (tagged PDF/UA, all cores)")
    print(
        f"  cores kept busy            : {max(busy):7.2f}   (load average before the run: {load_before:.1f};"
        " other work on the machine slows the stage, not the one-process baseline)"
    )
    print(
        f"  ratio                      : {min(stage) / min(bare):7.2f}   (target <= 0.6 on 2 cores)"
    )
    print(f"cold build (HTML + PDF)      : {min(cold):7.2f} s")
    print(f"no-change rebuild            : {min(rebuild):7.3f} s")
    print(f"  ratio                      : {min(rebuild) / min(cold):7.2%}   (target <= 5%)")


def _all(values: list[float]) -> str:
    return "/".join(f"{v:.1f}" for v in values)


def print_html(profiles, themes) -> list[tuple[str, str]]:
    """(page path, HTML) of every PDF the stage makes: the two-page CV's first sheet (the
    one that fits for these profiles)."""
    strings = load_catalogue(TEMPLATES / "strings.yaml")
    env = render.make_environment(TEMPLATES)
    pages = []
    for profile in profiles:
        for lang in ("fi", "en"):
            meta = views.cv_page(profile, themes, strings, lang).meta
            html = render.print_pages(
                env, profile, themes, strings, lang, meta=meta, texts={}, review=None, source=""
            )[0]
            pages.append((f"{profile.id}/{profile.id}.{lang}.html", html))
    return pages


def bare_weasyprint(pages: list[tuple[str, str]]) -> float:
    """The same HTML through WeasyPrint's defaults, one page after another, in this process."""
    import weasyprint

    started = time.perf_counter()
    for path, html in pages:
        base = (TEMPLATES / path).as_uri()  # assets resolve as in the stage
        weasyprint.HTML(string=html, base_url=base).write_pdf()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
