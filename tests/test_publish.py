"""pipeline.publish: the static site, open data, the rendered-pages gate, confidentiality, the CLI."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from confidentiality import scan_for_names
from cycle_factories import profiles_project
from factories import ORGANISATIONS, THEMES, make_profile, make_profiles, parse_html
from signoff_factories import write_signoff

from pipeline import publish, render
from pipeline.cli import cli
from pipeline.errors import CheckFailed
from pipeline.model import ProfileItem
from pipeline.project import REPO_ROOT
from pipeline.versions import Publication

TEMPLATES = REPO_ROOT / "templates"


def build_site(
    tmp_path: Path, profiles, *, excluded=None, pdf=False, colophons=None
) -> publish.SiteReport:
    render.render_profiles(
        profiles,
        list(THEMES),
        tmp_path / "profiles",
        templates=TEMPLATES,
        pdf=pdf,
        colophons=colophons,
    )
    return publish.publish_site(
        Publication.simple(profiles, excluded, colophons),
        list(THEMES),
        tmp_path / "profiles",
        tmp_path / "site",
        templates=TEMPLATES,
        versions_dir=tmp_path / "versions",
        pdf=pdf,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    profiles = make_profiles(3)
    report = build_site(
        tmp,
        profiles,
        excluded={profiles[1].id: "changes requested: teacher"},
        colophons={profiles[0].id: [("opettaja / teacher", "2025-02-03")]},
    )
    return tmp / "site", profiles, report


# --- the site ---------------------------------------------------------------------------------


def test_site_has_every_part(site):
    site_dir, profiles, report = site
    published = [profiles[0], profiles[2]]
    assert report.published == tuple(p.id for p in published)
    expected = {
        "index.html",
        "index.en.html",
        "overview.fi.html",
        "overview.en.html",
        "datapackage.json",
        "profiles.csv",
        "items.csv",
        "themes_by_profile.csv",
        "assets/osaaja.css",
        "assets/screen.css",
        "assets/print.css",
        "assets/overview.css",
        "assets/find.js",
        "whats-new.fi.html",
        "whats-new.en.html",
        "versions.json",
    }
    # One page per competence and their list (tests/test_crosspages.py checks them).
    expected |= {f for f in report.files if f.startswith("competences/")}
    assert "competences/index.fi.html" in expected and "competences/index.en.html" in expected
    cycles = {p.cycle for p in published}
    for cycle in cycles:
        expected |= {
            f"{cycle}/index.html",
            f"{cycle}/index.en.html",
            f"{cycle}/assets/osaaja.css",
            f"{cycle}/assets/screen.css",
            f"{cycle}/assets/print.css",
            f"{cycle}/assets/overview.css",
            f"{cycle}/assets/find.js",
        }
    for p in published:
        for folder in (p.id, f"{p.cycle}/{p.id}"):
            expected |= {
                f"{folder}/{p.id}.fi.html",
                f"{folder}/{p.id}.en.html",
                f"{folder}/{p.id}.csv",
                f"{folder}/{p.id}.json",
            }
    assert set(report.files) == expected
    assert {
        p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()
    } == expected


def test_excluded_profiles_are_nowhere_and_listed(site):
    site_dir, profiles, report = site
    left_out = profiles[1]
    assert report.excluded == ((left_out.id, "changes requested: teacher"),)
    assert not (site_dir / left_out.id).exists()
    for page in ("index.html", "index.en.html", "overview.fi.html", "datapackage.json"):
        text = (site_dir / page).read_text(encoding="utf-8")
        assert left_out.id not in text and left_out.title["fi"] not in text
    assert any(left_out.id in line for line in report.lines())


def _links(page: Path):
    doc = parse_html(page.read_text(encoding="utf-8"))
    for node in doc.iter():
        for attr in ("href", "src"):
            if node.attrs.get(attr):
                yield node.tag, node.attrs[attr]


def test_links_are_relative_and_resolve_inside_the_site(site):
    site_dir, _, _ = site
    pages = sorted(site_dir.rglob("*.html"))
    assert len([p for p in pages if p.parent.name != "competences"]) == 16
    assert len(pages) > 16  # the competence pages (tests/test_crosspages.py)
    for page in pages:
        ids = {
            n.attrs["id"]
            for n in parse_html(page.read_text(encoding="utf-8")).iter()
            if "id" in n.attrs
        }
        for tag, link in _links(page):
            parts = urlsplit(link)
            if (
                tag == "a" and parts.scheme == "https"
            ):  # navigation to the qualification, not a request
                continue
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), (page, link)
            if not parts.path:
                assert parts.fragment in ids, (page, link)
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_relative_to(site_dir.resolve()) and target.is_file(), (page, link)


def test_index_cards_and_language_switch(site):
    site_dir, profiles, _ = site
    fi = parse_html((site_dir / "index.html").read_text(encoding="utf-8"))
    en = parse_html((site_dir / "index.en.html").read_text(encoding="utf-8"))
    assert fi.find("html").attrs["lang"] == "fi" and en.find("html").attrs["lang"] == "en"
    assert fi.find("a", hreflang="en").attrs["href"] == "index.en.html"
    assert en.find("a", hreflang="fi").attrs["href"] == "index.html"
    cards = [c.find("h3").text() for c in en.find_all("li", class_="card")]
    assert cards == [profiles[0].title["en"], profiles[2].title["en"]]
    profile_page = parse_html(
        (site_dir / profiles[0].id / f"{profiles[0].id}.en.html").read_text(encoding="utf-8")
    )
    assert profile_page.find("a", hreflang="fi").attrs["href"] == f"{profiles[0].id}.fi.html"


def test_overview_has_contents_and_every_profile_with_its_colophon(site):
    site_dir, profiles, _ = site
    doc = parse_html((site_dir / "overview.fi.html").read_text(encoding="utf-8"))
    toc = [a.attrs["href"] for a in doc.find("nav", class_="toc").find_all("a")]
    assert toc == [f"#{profiles[0].id}-title", f"#{profiles[2].id}-title"]
    titles = [h.text() for h in doc.find_all("h2", class_="profile-title")]
    assert titles == [profiles[0].title["fi"], profiles[2].title["fi"]]
    reviewed = [f.text() for f in doc.find_all("p", class_="cv-reviewed")]
    assert "opettaja 3.2.2025" in reviewed[0] and "Ei vielä tehty" in reviewed[1]
    levels = [int(n.tag[1]) for n in doc.iter() if n.tag in {"h1", "h2", "h3", "h4", "h5"}]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


# --- open data -----------------------------------------------------------------------------------


def test_open_data_hides_suppressed_figures(site):
    site_dir, profiles, _ = site
    profile = profiles[0]
    rows = list(
        csv.DictReader(
            io.StringIO((site_dir / profile.id / f"{profile.id}.csv").read_text("utf-8"))
        )
    )
    assert len(rows) == len(profile.items)
    by_id = {i.item_id: i for i in profile.items}
    suppressed = [r for r in rows if by_id[r["item_id"]].suppressed]
    assert suppressed and all(r["suppressed"] == "true" for r in suppressed)
    for row in suppressed:
        assert row["mean_now"] == row["mean_future"] == row["change"] == ""
        assert row["n_organisations"] == str(
            by_id[row["item_id"]].n_organisations
        )  # counts are published
    for row in (r for r in rows if not by_id[r["item_id"]].suppressed):
        item = by_id[row["item_id"]]
        assert float(row["mean_future"]) == pytest.approx(item.mean_future, abs=1e-3)
        assert int(row["n_organisations"]) == item.n_organisations
    data = json.loads((site_dir / profile.id / f"{profile.id}.json").read_text("utf-8"))
    assert [r["item_id"] for r in data["items"]] == [r["item_id"] for r in rows]
    assert all(r["mean_now"] is None for r in data["items"] if r["suppressed"])


def test_datapackage_describes_every_file_with_its_hash(site):
    site_dir, _, report = site
    package = json.loads((site_dir / "datapackage.json").read_text("utf-8"))
    paths = {r["path"] for r in package["resources"]}
    assert paths == {
        f
        for f in report.files
        if f.endswith((".csv", ".json")) and f.count("/") == 1  # the published versions
    } | {"profiles.csv", "items.csv", "themes_by_profile.csv"}  # and the combined tables
    for resource in package["resources"]:
        data = (site_dir / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)
        if resource["format"] == "csv":
            header = data.decode("utf-8").splitlines()[0].split(",")
            assert header == [f["name"] for f in resource["schema"]["fields"]]


# --- the rendered-pages gate and all-or-nothing ----------------------------------------------------


def test_publish_refuses_stale_or_draft_pages_and_keeps_the_old_site(tmp_path):
    profiles = make_profiles(2)
    build_site(tmp_path, profiles)
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}

    changed = [profiles[0], replace(profiles[1], items=profiles[1].items[:-1])]

    def publish_again(profiles, colophons=None):
        return publish.publish_site(
            Publication.simple(profiles, colophons=colophons),
            list(THEMES),
            tmp_path / "profiles",
            tmp_path / "site",
            templates=TEMPLATES,
            pdf=False,
        )

    with pytest.raises(CheckFailed, match="other content"):
        publish_again(changed)
    # Approved since the pages were rendered: the pages still say "awaiting review".
    with pytest.raises(CheckFailed, match=r"another sign-off state \(colophon\)"):
        publish_again(profiles, {profiles[0].id: [("opettaja / teacher", "2025-02-03")]})
    render.render_profiles(
        profiles, list(THEMES), tmp_path / "profiles", templates=TEMPLATES, pdf=False, draft=True
    )
    with pytest.raises(CheckFailed, match="drafts"):
        publish_again(profiles)
    with pytest.raises(CheckFailed, match="not rendered"):
        publish_again([make_profile("uusi")])
    assert {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "profiles",
        "site",
    ]  # no temporary leftovers


def test_site_with_pdfs_caches_the_overview(tmp_path):
    profile = make_profile(n_items=5, n_suppressed=1)
    first = build_site(tmp_path, [profile], pdf=True)
    assert (
        not first.overview_cached
        and "overview.fi.pdf" in first.files
        and f"{profile.id}/{profile.id}.en.pdf" in first.files
    )
    pdf_before = (tmp_path / "site" / "overview.fi.pdf").read_bytes()
    assert pdf_before.startswith(b"%PDF")
    second = publish.publish_site(
        Publication.simple([profile]),
        list(THEMES),
        tmp_path / "profiles",
        tmp_path / "site",
        templates=TEMPLATES,
    )
    assert (
        second.overview_cached
        and (tmp_path / "site" / "overview.fi.pdf").read_bytes() == pdf_before
    )
    assert not second.warnings


# --- confidentiality -------------------------------------------------------------------------------


def test_no_organisation_name_in_any_published_file(site):
    site_dir, _, _ = site
    assert scan_for_names(site_dir, ORGANISATIONS) == []


def test_the_scan_finds_a_name_that_slipped_into_an_item(tmp_path):
    leaked = ProfileItem(
        item_id="text:x",
        item=f"Yhteistyö: {ORGANISATIONS[0]}",
        kind=None,
        area=None,
        theme=None,
        tags=(),
        n_organisations=5,
        mean_now=3.0,
        mean_future=4.0,
        change=1.0,
        suppressed=False,
    )
    profile = make_profile(extra_items=(leaked,))
    build_site(tmp_path, [profile])
    hits = scan_for_names(tmp_path / "site", ORGANISATIONS)
    files = {f for f, name in hits if name == ORGANISATIONS[0]}
    assert {
        f"{profile.id}/{profile.id}.csv",
        f"{profile.id}/{profile.id}.json",
        f"{profile.id}/{profile.id}.fi.html",
        "overview.en.html",
    } <= files


# --- CLI ------------------------------------------------------------------------------------------


@pytest.fixture
def fake_project(tmp_path):
    """A store with two profiles; the first is approved, the second has no sign-off."""
    project, profiles = profiles_project(tmp_path, ("kokki", "vanha"))
    write_signoff(project.raw / "signoffs", profiles[0])
    return profiles


def cli_in(tmp_path, *args):
    root = ["--raw", str(tmp_path / "raw"), "--themes", str(tmp_path / "themes.yaml")]
    return CliRunner().invoke(cli, [*root, *args])


def test_cli_render_then_publish(tmp_path, fake_project):
    build = tmp_path / "build"
    result = cli_in(tmp_path, "--build", str(build), "render", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "rendered 2 profile(s), 0 unchanged" in result.output
    result = cli_in(tmp_path, "--build", str(build), "render", "--no-pdf")
    assert "rendered 0 profile(s), 2 unchanged" in result.output
    result = cli_in(tmp_path, "--build", str(build), "publish", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "rendered 0 profile(s), 2 unchanged" in result.output
    assert f"not published: {fake_project[1].id} (missing: no current approval" in result.output
    assert "new on the site: 1 profile version(s) (no earlier site)" in result.output
    assert (build / "site" / "index.html").is_file() and "open file://" in result.output
    result = cli_in(tmp_path, "--build", str(build), "publish", "--no-pdf")
    assert (
        "nothing new published: the site shows the same 1 profile version(s) as before"
        in result.output
    )


def test_cli_publish_renders_what_the_signoffs_changed(tmp_path, fake_project):
    """Approved after the pages were rendered: publish renders the page again, so the
    colophon says who approved it, never "awaiting review"."""
    build = tmp_path / "build"
    assert cli_in(tmp_path, "--build", str(build), "render", "--no-pdf").exit_code == 0
    write_signoff(tmp_path / "raw" / "signoffs", fake_project[1], role="teacher")
    result = cli_in(tmp_path, "--build", str(build), "publish", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "rendered 1 profile(s), 1 unchanged" in result.output
    page = (build / "site" / "vanha" / "vanha.fi.html").read_text(encoding="utf-8")
    assert "Ei vielä tehty" not in page
    assert "tarkastaneet ja hyväksyneet profiilin: opettaja 2.5.2024." in page


def test_cli_publish_draft_builds_a_separate_drafts_site(tmp_path, fake_project):
    build = tmp_path / "build"
    result = cli_in(tmp_path, "--build", str(build), "publish", "--draft", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert not (build / "site").exists()  # drafts never land in the site folder
    drafts = build / "drafts" / "site"
    pages = sorted(drafts.rglob("*.html"))
    assert {p.id for p in fake_project} <= {
        p.parent.name for p in pages
    }  # every profile, signed off or not
    for page in pages:
        assert "LUONNOS / DRAFT" in page.read_text(encoding="utf-8"), page


def test_cli_usage_errors_exit_2(tmp_path, fake_project):
    result = cli_in(tmp_path, "--build", str(tmp_path), "render", "--workers", "0")
    assert result.exit_code == 2
    for command in ("render", "publish"):
        help_text = CliRunner().invoke(cli, [command, "--help"]).output
        assert "Example:" in help_text
