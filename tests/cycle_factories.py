"""Stores with several survey cycles, built by code through the real chain, for the cycle,
query and cookbook tests.

``build_chain`` runs what ``osaaja build`` runs up to the profiles: ingest, theming (when
asked), item aliases, profiles and the cycle views. ``demo_store`` builds the demo raw/
once per test session.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from workbooks import write

from pipeline import stages
from pipeline.errors import ConfigError
from pipeline.project import REPO_ROOT, Project
from pipeline.stages import Run

HEADER = [
    "Organisaatio",
    "Osaamisalue",
    "Koodi",
    "Osaaminen",
    "Tyyppi",
    "Nykytarve (1-5)",
    "Tuleva tarve (1-5)",
]


def survey(
    path: Path,
    cycle: int,
    field: str,
    occupation: str,
    items: list[tuple[str, str | None, int, int]],
) -> Path:
    """A layout-A export: every organisation rates item (text, code) ``future`` for the
    future and 3 now, except that only the first ``n`` organisations rate it at all.
    ``items``: (text, code, future, n)."""
    n_orgs = max(n for *_, n in items)
    rows: list[list[Any]] = [["Kierros:", cycle], ["Ala:", field], ["Ammatti:", occupation], HEADER]
    for o in range(n_orgs):
        for text, code, future, n in items:
            rated = o < n
            rows.append(
                [
                    f"Yritys {o} Oy",
                    "Alue",
                    code,
                    text,
                    "Taito",
                    3 if rated else "-",
                    future if rated else "-",
                ]
            )
    write(path, {"Data": rows})
    # Text that looks like a formula ("=HYPERLINK(...)") is stored as text, as an export would.
    wb = load_workbook(path)
    for row in wb["Data"].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    wb.properties.created = wb.properties.modified = datetime(2022, 1, 1)
    wb.save(path)
    return path


def profiles_yaml(path: Path, ids: list[tuple[str, str, str]]) -> Path:
    """``profiles.yaml`` with one profile per (id, field slug, occupation slug)."""
    entries = "\n".join(
        f"  - id: {pid}\n    title: {{fi: {pid}, en: {pid}}}\n    description: {{fi: Kuvaus, en: Text}}\n"
        f"    surveys:\n      - {{field: {field}, occupation: {occupation}}}"
        for pid, field, occupation in ids
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"profiles:\n{entries}\n", encoding="utf-8")
    return path


def build_chain(project: Project, *, theme: bool = False) -> list:
    """Ingest (aliases, profiles and cycle views come with it) and theme (optional), as
    `osaaja build` does; returns the alias problems that stopped the run, if any."""
    try:
        stages.run_ingest(Run.of(project))
        if theme:
            stages.run_theme(Run.of(project))
    except ConfigError as err:
        return err.problems
    return []


_DEMO: dict[str, Path] = {}


def demo_store(tmp_path_factory) -> Project:
    """The demo raw/ (copied, so nothing touches the repository) built once per session
    with the full chain including themes.yaml."""
    if "root" not in _DEMO:
        root = tmp_path_factory.mktemp("demo")
        shutil.copytree(
            REPO_ROOT / "raw",
            root / "raw",
            ignore=shutil.ignore_patterns("signoffs", "*.py", "__pycache__"),
        )
        project = Project.at(
            raw=root / "raw", build=root / "build", themes=REPO_ROOT / "themes.yaml"
        )
        problems = build_chain(project, theme=True)
        assert problems == [], problems
        _DEMO["root"] = root
    root = _DEMO["root"]
    return Project.at(raw=root / "raw", build=root / "build", themes=REPO_ROOT / "themes.yaml")


def profiles_project(root: Path, ids: tuple[str, ...]) -> tuple[Project, list]:
    """A built store with one single-survey profile per id (field ``ala``), and its
    profiles as the commands see them."""
    from factories import minimal_themes

    raw = root / "raw"
    for n, pid in enumerate(ids):
        items = [(f"Osaaminen {pid} {i}", None, 3 + (i + n) % 3, 4 + i % 3) for i in range(6)]
        survey(raw / "2022" / f"2022_ala_{pid}.xlsx", 2022, "Ala", pid, items)
    profiles_yaml(raw / "profiles.yaml", [(pid, "ala", pid) for pid in ids])
    project = Project.at(raw=raw, build=root / "build", themes=minimal_themes(root / "themes.yaml"))
    stages.run_ingest(Run.of(project))
    return project, stages.load_profiles(Run.of(project))
