"""The open data as one Frictionless Data Package (pipeline.datapackage): `frictionless
validate` passes on the demo's site; licence, sources, created date, keys, constraints;
the combined tables agree with the per-profile files; the sitemap (pipeline.sitemap)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest
from factories import THEMES, make_profiles

from pipeline import publish, render
from pipeline.project import REPO_ROOT
from pipeline.versions import Publication

TEMPLATES = REPO_ROOT / "templates"


def osaaja(raw: Path, build: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "--raw", str(raw), "--build", str(build)]
        + ["--themes", str(REPO_ROOT / "themes.yaml"), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("package")
    shutil.copytree(REPO_ROOT / "raw", root / "raw")
    run = osaaja(root / "raw", root / "build", "build", "--no-pdf")
    assert run.returncode == 0, run.stdout + run.stderr
    return root / "build" / "site"


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_frictionless_validate_passes_on_the_demo_package(demo_site):
    report = frictionless.validate(str(demo_site / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors] + [
        e.message for e in report.errors
    ]
    assert report.valid, errors
    assert {task.name for task in report.tasks} >= {"profiles", "items", "themes-by-profile"}


def test_the_command_line_validator_agrees(demo_site):
    tool = Path(sys.executable).parent / "frictionless"
    run = subprocess.run(
        [str(tool), "validate", "datapackage.json"], cwd=demo_site, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_licence_publisher_sources_created_and_rounding_are_stated(demo_site):
    package = json.loads((demo_site / "datapackage.json").read_text("utf-8"))
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 International",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]
    assert package["contributors"] == [
        {"title": "Tulevaisuuden osaajaprofiilit", "role": "publisher"}
    ]
    titles = [s["title"] for s in package["sources"]]
    assert titles[0].startswith(
        "Competence surveys (osaamiskartoitus) of employers, rounds 2019, 2022"
    )
    assert "© European Union" in titles[1] and "ESCO" in titles[1]
    # The latest approval of a published profile (raw/signoffs): the data's own date.
    assert package["created"] == "2023-05-11T00:00:00Z"
    assert "2 decimals, half up" in package["description"]
    assert "homepage" not in package  # no base URL configured


def test_keys_and_the_scale_are_constraints(demo_site):
    package = json.loads((demo_site / "datapackage.json").read_text("utf-8"))
    by_name = {r["name"]: r for r in package["resources"]}
    assert by_name["profiles"]["schema"]["primaryKey"] == ["profile_id"]
    items = by_name["items"]["schema"]
    assert items["primaryKey"] == ["profile_id", "item_id"]
    assert items["foreignKeys"] == [
        {"fields": "profile_id", "reference": {"resource": "profiles", "fields": "profile_id"}}
    ]
    fields = {f["name"]: f for f in items["fields"]}
    for name in ("mean_now", "mean_future", "previous_mean_future"):
        assert fields[name]["constraints"] == {"minimum": 1, "maximum": 5}
    assert fields["trend"]["constraints"] == {"enum": ["new", "rising", "falling", "steady"]}
    assert "Empty when there is no previous round" in fields["trend"]["description"]
    assert "0.3 points" in fields["trend"]["description"]
    assert all(f["description"] for f in items["fields"])


def test_a_value_off_the_scale_fails_validation(demo_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(demo_site, copy)
    text = (copy / "items.csv").read_text("utf-8").splitlines()
    header = text[0].split(",")
    first = next(csv.reader([text[1]]))
    first[header.index("mean_future")] = "5.40"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(first)
    text[1] = out.getvalue().rstrip("\n")
    data = ("\n".join(text) + "\n").encode("utf-8")
    (copy / "items.csv").write_bytes(data)
    package = json.loads((copy / "datapackage.json").read_text("utf-8"))
    for r in package["resources"]:
        if r["path"] == "items.csv":
            r["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            r["bytes"] = len(data)
    (copy / "datapackage.json").write_text(json.dumps(package), "utf-8")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    errors = [(e.type, e.field_name) for task in report.tasks for e in task.errors]
    assert ("constraint-error", "mean_future") in errors


def test_the_combined_table_is_every_profiles_csv(demo_site):
    profiles = rows(demo_site / "profiles.csv")
    combined = rows(demo_site / "items.csv")
    separate = [
        r for p in profiles for r in rows(demo_site / p["profile_id"] / f"{p['profile_id']}.csv")
    ]
    assert combined == separate
    assert [p["profile_id"] for p in profiles] == list(
        dict.fromkeys(r["profile_id"] for r in combined)
    )
    assert all(
        int(p["n_items"]) == sum(r["profile_id"] == p["profile_id"] for r in combined)
        for p in profiles
    )
    assert "kokki" not in {p["profile_id"] for p in profiles}  # stale: not published


def test_classification_codes_are_in_the_open_data(demo_site):
    profiles = {p["profile_id"]: p for p in rows(demo_site / "profiles.csv")}
    cook_like = profiles["talonrakentaja"]
    assert cook_like["isco_code"] == "7111"
    assert cook_like["esco_uri"] == (
        "http://data.europa.eu/esco/occupation/59cc9783-7289-4e1d-b80b-93c1776f49cc"
    )
    assert (cook_like["esco_code"], cook_like["esco_label_fi"]) == ("7111.1", "talonrakentaja")
    emerging = profiles["vastuullisen-matkailun-koordinaattori"]
    assert emerging["isco_code"] == emerging["esco_uri"] == ""
    assert profiles["hyvinvointiteknologian-tukihenkilo"]["isco_code"] == "3512"
    data = json.loads((demo_site / "talonrakentaja" / "talonrakentaja.json").read_text("utf-8"))
    assert data["profile"]["classification"] == {
        "isco_code": "7111",
        "esco_uri": cook_like["esco_uri"],
        "esco_code": "7111.1",
        "esco_label_fi": "talonrakentaja",
        "esco_alt_labels_fi": ["rakennustyöntekijä, talonrakennus", "rakennusmies, talonrakennus"],
    }


def test_the_heat_map_table_matches_the_combined_items(demo_site):
    items = rows(demo_site / "items.csv")
    for cell in rows(demo_site / "themes_by_profile.csv"):
        mine = [
            r for r in items if (r["profile_id"], r["theme"]) == (cell["profile_id"], cell["theme"])
        ]
        assert int(cell["n_items"]) == len(mine)
        assert int(cell["n_growing"]) == sum(
            r["change"] != "" and float(r["change"]) >= 0.3 for r in mine
        )
        assert int(cell["n_future"]) == sum(r["mean_future"] != "" for r in mine)


# --- same inputs, same bytes; the sitemap ----------------------------------------------------------


def site_of(tmp_path: Path, **options) -> Path:
    profiles = make_profiles(3)
    render.render_profiles(
        profiles, list(THEMES), tmp_path / "profiles", templates=TEMPLATES, pdf=False
    )
    publish.publish_site(
        Publication.simple(profiles),
        list(THEMES),
        tmp_path / "profiles",
        tmp_path / "site",
        templates=TEMPLATES,
        pdf=False,
        **options,
    )
    return tmp_path / "site"


def test_same_inputs_give_the_same_bytes(tmp_path):
    a = site_of(tmp_path / "a")
    b = site_of(tmp_path / "b")
    for name in ("datapackage.json", "profiles.csv", "items.csv", "themes_by_profile.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_without_a_base_url_there_is_no_sitemap(tmp_path):
    site = site_of(tmp_path)
    assert not (site / "sitemap.xml").exists()


def test_with_a_base_url_the_sitemap_lists_every_page(tmp_path):
    base = "https://www.example.fi/osaajaprofiilit/"
    site = site_of(tmp_path, base_url=base)
    text = (site / "sitemap.xml").read_text("utf-8")
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    )
    assert [
        line.split("<loc>")[1].split("</loc>")[0] for line in text.splitlines() if "<loc>" in line
    ] == [base + p for p in pages]
    package = json.loads((site / "datapackage.json").read_text("utf-8"))
    assert package["homepage"] == base
