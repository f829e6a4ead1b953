"""The committed demo workbooks in raw/ are exactly what scripts/make_demo.py writes.

If this fails after editing make_demo.py, regenerate: ``.venv/bin/python scripts/make_demo.py``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

RAW = Path(__file__).resolve().parent.parent / "raw"
SCRIPT = RAW.parent / "scripts" / "make_demo.py"


def sha256s(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*.xlsx"))
    }


@pytest.fixture(scope="module")
def demo():
    spec = importlib.util.spec_from_file_location("make_demo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module  # dataclasses look their module up here
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("make_demo", None)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    # A separate process, so hash seeds and module state cannot leak into the result.
    out = tmp_path_factory.mktemp("demo")
    subprocess.run([sys.executable, str(SCRIPT), str(out)], check=True)
    return out


def test_regenerating_gives_the_committed_bytes(regenerated):
    committed = sha256s(RAW)
    assert committed, "no demo workbooks under raw/; run scripts/make_demo.py"
    assert sha256s(regenerated) == committed


def test_regenerated_parts_match_part_by_part(regenerated):
    # Says which workbook part differs when the byte check above fails (a different zlib
    # build compresses differently while the content is still the same).
    for path in sorted(RAW.rglob("*.xlsx")):
        again = regenerated / path.relative_to(RAW)
        with zipfile.ZipFile(path) as old, zipfile.ZipFile(again) as new:
            assert old.namelist() == new.namelist(), path.name
            for name in old.namelist():
                assert old.read(name) == new.read(name), f"{path.name}: {name} differs"


def slug(text: str) -> str:
    text = text.lower().replace("ä", "a").replace("ö", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def test_catalogue_sizes_and_slugs(demo):
    for occ in demo.OCCUPATIONS:
        assert slug(occ.field_label) == occ.field and slug(occ.label) == occ.slug
        texts = [item.text for item in occ.items]
        assert len(set(texts)) == len(texts), f"{occ.slug}: an item is listed twice"
        for cycle in demo.CYCLES:
            items = occ.items_in(cycle)
            if items:
                assert 25 <= len(items) <= 60, (occ.slug, cycle, len(items))
                assert {i.kind for i in items} == {"Tieto", "Taito", "Asenne"}


def test_every_profile_names_surveys_the_generator_writes(demo):
    profiles = yaml.safe_load((RAW / "profiles.yaml").read_text(encoding="utf-8"))["profiles"]
    written = {(occ.field, occ.slug) for occ in demo.OCCUPATIONS}
    assert {p["id"] for p in profiles} == {occ.slug for occ in demo.OCCUPATIONS}
    for profile in profiles:
        for survey in profile["surveys"]:
            assert (survey["field"], survey["occupation"]) in written, (profile["id"], survey)


def test_sparse_items_fall_below_the_publication_minimum(demo):
    occ = demo.TOURISM
    orgs = demo.orgs_for(occ, 2022, 13)
    summaries = demo.summarise(demo.simulate(occ, 2022, orgs))
    assert sum(1 for s in summaries if s.n < 3) == 2
