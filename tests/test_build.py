"""The whole job on the bundled demo raw/ (the README's first command), end to end."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import parse_html
from openpyxl import load_workbook

from pipeline import stages, store
from pipeline.cli import cli
from pipeline.errors import DataError
from pipeline.project import REPO_ROOT, Project
from pipeline.stages import Run
from pipeline.translations import load_translations

DEMO_RAW = REPO_ROOT / "raw"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    build = tmp_path_factory.mktemp("demo") / "build"
    project = Project.at(raw=DEMO_RAW, build=build, themes=REPO_ROOT / "themes.yaml")
    lines = stages.run_build(Run.of(project)).lines
    return project, lines


def test_demo_publishes_most_profiles_one_stale_one_with_changes_requested(built):
    project, lines = built
    site = project.site_dir
    published = sorted(
        p.name
        for p in site.iterdir()
        if p.is_dir() and p.name not in ("assets", "2022", "competences")
    )
    assert len(published) == 9
    assert "kokki" not in published and "lahihoitaja" not in published
    # Every approved version also stays at its round's address.
    assert sorted(p.name for p in (site / "2022").iterdir() if p.is_dir()) == ["assets", *published]
    text = "\n".join(lines)
    assert "not published: kokki (stale:" in text
    assert "not published: lahihoitaja (changes requested:" in text
    for pid in published:
        for name in (
            f"{pid}.fi.html",
            f"{pid}.en.html",
            f"{pid}.fi.pdf",
            f"{pid}.en.pdf",
            f"{pid}.csv",
            f"{pid}.json",
        ):
            assert (site / pid / name).is_file(), name
    assert (site / "datapackage.json").is_file() and (site / "overview.fi.pdf").is_file()
    assert (project.analyst_dir / "2022_themes.xlsx").is_file()


def confidential_names(project: Project) -> set[str]:
    con = store.open_store(project.store_path)
    try:
        rows = con.execute(
            "SELECT DISTINCT organisation FROM ratings UNION "
            "SELECT DISTINCT respondent FROM ratings WHERE respondent IS NOT NULL"
        ).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def published_text(path: Path) -> str:
    if path.suffix == ".pdf":
        if not shutil.which("pdftotext"):
            pytest.skip(
                "pdftotext (poppler-utils) is not installed; scripts/setup.sh --test installs it"
            )
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return path.read_text(encoding="utf-8", errors="replace")


def test_no_organisation_or_respondent_name_in_anything_published(built):
    project, _ = built
    names = confidential_names(project)
    assert len(names) > 100  # the demo's fictional organisations and respondents
    hits = []
    for path in sorted(project.site_dir.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".csv", ".json", ".pdf", ".css"}:
            text = published_text(path)
            hits += [(path.name, n) for n in names if n in text]
    assert hits == []


def test_the_same_inputs_give_the_same_bytes(built, tmp_path):
    project, _ = built
    again = Project.at(raw=DEMO_RAW, build=tmp_path / "build", themes=REPO_ROOT / "themes.yaml")
    stages.run_build(Run.of(again))
    assert tree_digest(again.site_dir) == tree_digest(project.site_dir)


def test_a_second_run_skips_unchanged_profiles_and_keeps_history(built):
    project, _ = built
    args = [
        "--raw",
        str(project.raw),
        "--build",
        str(project.build),
        "--themes",
        str(project.themes_file),
    ]
    result = CliRunner().invoke(cli, [*args, "build"])
    assert result.exit_code == 0, result.output
    assert "rendered 0 profile(s), 11 unchanged, 0 removed -> " in result.output
    assert "recorded " not in result.output
    con = store.open_store(project.store_path)
    try:
        assert con.execute("SELECT count(*) FROM signoff_history").fetchone()[0] == 15
    finally:
        con.close()


def test_changing_one_rating_in_raw_makes_the_profile_stale_and_keeps_it_off_the_site(
    built, tmp_path
):
    project, _ = built
    raw = tmp_path / "raw"
    shutil.copytree(DEMO_RAW, raw)
    path = raw / "2022" / "2022_kauppa_myyja.xlsx"
    wb = load_workbook(path)
    ws = wb["Arviot"]
    assert ws["F11"].value == "Tekee lisämyyntiä" and ws["I11"].value == 5
    ws["I11"] = 1  # one organisation's future importance: 5 -> 1 (10 organisations: mean -0.4)
    wb.save(path)
    changed = Project.at(raw=raw, build=tmp_path / "build", themes=REPO_ROOT / "themes.yaml")
    text = "\n".join(stages.run_build(Run.of(changed), pdf=False).lines)
    assert "myyja                                  STALE" in text
    assert "figure: Tekee lisämyyntiä (future importance 4.4 → 4.0" in text
    # The approved figures are no longer true of the 2022 data: withdrawn until re-approved.
    assert "not published: myyja (stale:" in text
    assert not (changed.site_dir / "myyja").exists()
    assert not (changed.site_dir / "2022" / "myyja").exists()
    assert (changed.site_dir / "talonrakentaja").is_dir()  # the others still publish


def test_a_failed_build_changes_nothing(built, tmp_path):
    project, _ = built
    raw = tmp_path / "raw"
    shutil.copytree(DEMO_RAW, raw)
    (raw / "2022" / "broken.xlsx").write_text("not a workbook")
    before = tree_digest(project.build)
    with pytest.raises(DataError):
        stages.run_build(
            Run.of(Project.at(raw=raw, build=project.build, themes=REPO_ROOT / "themes.yaml"))
        )
    assert tree_digest(project.build) == before
    # no staging left behind; the lock file beside build/ stays (gitignored) and is free
    assert sorted(p.name for p in project.build.parent.iterdir()) == [".build.lock", "build"]


def test_demo_site_has_no_accessibility_violations(built):
    from test_accessibility import AXE, CHROMIUM, axe_violations

    if CHROMIUM is None or not AXE.is_file():
        pytest.skip("chromium or axe-core missing; scripts/setup.sh --test installs both")
    project, _ = built
    pages = [
        "index.html",
        "index.en.html",
        "overview.fi.html",
        "overview.en.html",
        "matkailupalvelujen-tuottaja/matkailupalvelujen-tuottaja.fi.html",
        "hyvinvointiteknologian-tukihenkilo/hyvinvointiteknologian-tukihenkilo.en.html",
        "myyja/myyja.sv.html",
    ]
    assert axe_violations(project.site_dir, pages) == {page: [] for page in pages}


def evidence_names() -> set[str]:
    """Employers in the demo's job ads and the organisations and people in its interview
    notes: kept in raw/ only."""
    import csv
    import json

    import yaml

    ads = DEMO_RAW / "evidence" / "ads"
    names = {r["tyonantaja"] for r in json.loads((ads / "ilmoitukset_2024_2025.json").read_text())}
    with (ads / "ilmoitukset_2022_2023.csv").open(encoding="utf-8") as f:
        names |= {r["tyonantaja"] for r in csv.DictReader(f, delimiter=";")}
    for note in (DEMO_RAW / "evidence" / "interviews").iterdir():
        text = note.read_text(encoding="utf-8")
        data = yaml.safe_load(text.split("---")[1] if note.suffix == ".md" else text)
        names |= {data[k] for k in ("organisation", "interviewee", "interviewer") if data.get(k)}
    return names


def test_demo_has_evidence_beside_the_survey_in_the_store_and_the_open_data(built):
    import csv
    import json

    project, lines = built
    con = store.open_store(project.store_path)
    try:
        rows = con.execute("""
            SELECT profile_id, count(*) FILTER (WHERE coverage IS NOT NULL),
                   count(*) FILTER (WHERE n_ad_mentions > 0), sum(n_quotes)
            FROM profile_item_evidence e JOIN profile_cycles c USING (profile_id, cycle)
            WHERE c.cycle = 2022 GROUP BY ALL
            HAVING count(*) FILTER (WHERE coverage IS NOT NULL OR n_ads IS NOT NULL) > 0
            ORDER BY ALL""").fetchall()
    finally:
        con.close()
    assert rows == [
        ("kokki", 38, 14, 6),
        ("lahihoitaja", 38, 12, 5),
        ("myyja", 36, 17, 3),
        ("toimitilahuoltaja", 35, 7, 4),
        ("varastonhoitaja", 35, 8, 0),
    ]
    published = {}
    for pid in ("myyja", "toimitilahuoltaja", "varastonhoitaja"):
        folder = project.site_dir / pid
        with (folder / f"{pid}.csv").open(encoding="utf-8") as f:
            records = list(csv.DictReader(f))
        data = json.loads((folder / f"{pid}.json").read_text(encoding="utf-8"))
        assert {r["ads_total"] for r in records} == {
            str(data["profile"]["evidence"]["ads"]["n_ads"])
        }
        published[pid] = sum(1 for r in records if r["ad_mentions"] not in ("", "0"))
    assert published == {"myyja": 17, "toimitilahuoltaja": 7, "varastonhoitaja": 8}
    myyja = json.loads((project.site_dir / "myyja" / "myyja.json").read_text(encoding="utf-8"))
    evidence = myyja["profile"]["evidence"]
    assert evidence["qualification"]["name"]["fi"] == "Liiketoiminnan perustutkinto"
    assert len(evidence["quotes"]) == 2
    assert "evidence: 5 qualification(s), 240 job ad(s), 6 interview note(s)" in "\n".join(lines)


def test_no_employer_or_interviewee_name_in_anything_published(built):
    project, _ = built
    names = evidence_names()
    assert "Kaamosmarket Oy" in names and len(names) > 25
    hits = []
    for path in sorted(project.site_dir.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".csv", ".json", ".pdf"}:
            text = published_text(path)
            hits += [(path.name, n) for n in names if n in text]
    assert hits == []


# --- the CV pages of the demo (issue 14) -------------------------------------------------


def within(node, classes) -> bool:
    while node is not None:
        if node.tag == "section" and set(classes) & set((node.attrs.get("class") or "").split()):
            return True
        node = node.parent
    return False


def in_related(node) -> bool:
    """Inside the related profiles' links (a nav of class ``related``)."""
    while node is not None:
        if node.tag == "nav" and "related" in (node.attrs.get("class") or "").split():
            return True
        node = node.parent
    return False


def finnish_evidence(doc) -> list:
    """Elements in Finnish inside the evidence's sections (the schools' and the voice)."""
    return [
        n
        for n in doc.iter()
        if n.attrs.get("lang") == "fi" and n.tag != "html" and within(n, ("coverage", "voice"))
    ]


SWEDISH = ("matkailupalvelujen-tuottaja", "myyja")  # raw/osaaja.yaml `languages:`


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_every_profile_pdf_in_every_language_fits_on_two_pages(built):
    project, _ = built
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed; scripts/setup.sh --test installs it")
    pdfs = sorted(project.profiles_dir.glob("*/*.pdf"))
    assert len(pdfs) == 11 * 2 + len(SWEDISH)  # every profile, published or not
    pages = {}
    for path in pdfs:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages[path.name] = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert {name: n for name, n in pages.items() if n > 2} == {}


def test_swedish_pages_for_the_configured_profiles_only(built):
    project, _ = built
    swedish = sorted(
        p.relative_to(project.profiles_dir).as_posix()
        for p in project.profiles_dir.glob("*/*.sv.*")
    )
    assert swedish == [
        f"{pid}/{pid}.sv.{ext}" for pid in sorted(SWEDISH) for ext in ("html", "pdf")
    ]
    for pid in SWEDISH:
        assert (project.site_dir / pid / f"{pid}.sv.html").is_file()
        doc = parse_html((project.site_dir / pid / f"{pid}.sv.html").read_text(encoding="utf-8"))
        assert doc.find("html").attrs["lang"] == "sv"
        # The catalogue covers the survey's texts in Swedish; only the evidence's quotes
        # (as said), texts the qualification has in Finnish only, and links to related
        # profiles published in Finnish only (they lead to the Finnish page) stay Finnish.
        main = doc.find("main")
        related = [
            n
            for n in main.iter()
            if n.tag == "a" and n.attrs.get("hreflang") == "fi" and in_related(n)
        ]
        assert related, pid  # most related profiles have no Swedish page
        assert all(n.attrs["href"].endswith(".fi.html") for n in related), pid
        assert [n.text() for n in main.iter() if n.attrs.get("lang") == "fi"] == [
            n.text() for n in main.iter() if n in finnish_evidence(main) or n in related
        ], pid
    fi = parse_html(
        (project.site_dir / "talonrakentaja" / "talonrakentaja.fi.html").read_text(encoding="utf-8")
    )
    assert [
        a.attrs["hreflang"] for a in fi.find("nav").find_all("a") if a.attrs.get("hreflang")
    ] == ["en"]


def test_english_pages_show_no_finnish_text_the_catalogue_translates(built):
    project, _ = built
    catalogue, problems = load_translations(DEMO_RAW / "translations")
    assert problems == []
    finnish = {e.fi for e in catalogue["en"].values()}
    english_pages = [p for p in site_pages(project.site_dir) if p.endswith(".en.html")]
    competences = [p for p in english_pages if p.startswith("competences/")]
    # profiles (and their round's archive), index, overview, what's new (and the round's);
    # the competence pages (one per competence, and their list)
    assert len(english_pages) - len(competences) == 9 * 2 + 4
    assert len(competences) > 100
    for name in english_pages:
        doc = parse_html((project.site_dir / name).read_text(encoding="utf-8"))
        main = doc.find("main")
        # Evidence the catalogue does not translate (requirement texts, quotes) is Finnish,
        # marked; nothing else is.
        evidence = finnish_evidence(main)
        assert [n.text() for n in main.iter() if n.attrs.get("lang") == "fi"] == [
            n.text() for n in evidence
        ], name
        marks = main.find_all("span", class_="mark-untranslated")
        assert all(within(m, ("coverage", "voice")) for m in marks), name
        if name in competences:
            continue
        shown = {n.text() for n in main.find_all("span", class_="item-text")}
        listing = name.endswith("index.en.html") or "whats-new" in name  # no item table
        assert bool(shown) != listing, name
        assert not (shown & finnish), (name, sorted(shown & finnish)[:3])


def test_every_mark_on_every_demo_page_has_a_legend_entry(built):
    project, _ = built
    for name in site_pages(project.site_dir):
        if name.startswith("index"):
            continue
        doc = parse_html((project.site_dir / name).read_text(encoding="utf-8"))
        for article in doc.find_all("article"):
            used = {n.attrs["data-mark"] for n in article.iter() if "data-mark" in n.attrs}
            if name.startswith("overview"):
                continue  # one page per profile, no legend; the profile's own pages have it
            explained = {n.attrs["data-legend"] for n in article.iter() if "data-legend" in n.attrs}
            assert used and used <= explained, (name, used - explained)


def test_a_fresh_demo_build_shows_the_evidence_on_the_pages(built):
    project, _ = built

    def doc(folder, pid, lang="fi"):
        return parse_html((folder / pid / f"{pid}.{lang}.html").read_text(encoding="utf-8"))

    site, rendered = project.site_dir, project.profiles_dir
    # published, each with a qualification and ads; quotes for myyja and toimitilahuoltaja
    for pid in ("myyja", "toimitilahuoltaja", "varastonhoitaja"):
        page = doc(site, pid)
        assert len(page.find_all("span", class_="mark-ads")) > 10, pid
        assert "työpaikkailmoituksia" in page.find("p", class_="method-evidence").text(), pid
    myyja = doc(site, "myyja")
    coverage = myyja.find("section", class_="coverage")
    assert len(coverage.find("ul", class_="coverage-gaps").find_all("a")) == 11
    assert len(coverage.find_all("a", class_="requirement-code")) >= 19
    assert len(myyja.find("section", class_="voice").find_all("blockquote")) == 2
    header = myyja.find("span", class_="fact-more").find("a")  # the qualification's fact
    assert header.attrs["href"] == "#qualification-coverage"
    # the gap, the proposals awaiting review and the required ones, as reviewed by hand
    # (raw/evidence/requirement_map.yaml); varastonhoitaja has no interview
    for pid, gaps, pending, required, quotes in (
        ("toimitilahuoltaja", 7, 1, 19, 2),
        ("varastonhoitaja", 6, 1, 18, 0),
    ):
        page = doc(site, pid)
        coverage = page.find("section", class_="coverage")
        assert len(coverage.find("ul", class_="coverage-gaps").find_all("a")) == gaps, pid
        assert len(coverage.find("ul", class_="coverage-pending").find_all("li")) == pending, pid
        assert len(coverage.find_all("a", class_="requirement-code")) == required, pid
        voice = page.find("section", class_="voice")
        assert (len(voice.find_all("blockquote")) if voice else 0) == quotes, pid
    swedish = doc(site, "myyja", "sv").find("section", class_="coverage")
    assert "betjäna kunder kundorienterat" in swedish.text()
    # not published (stale, changes requested), rendered with their evidence all the same
    for pid, quotes in (("kokki", 4), ("lahihoitaja", 4)):
        page = doc(rendered, pid)
        assert page.find("section", class_="coverage").find("ul", class_="coverage-gaps"), pid
        assert len(page.find("section", class_="voice").find_all("blockquote")) == quotes, pid
    pending = doc(rendered, "kokki").find("ul", class_="coverage-pending")
    assert pending is not None and "tarkistettavana" in pending.text()


def test_no_demo_page_is_wider_than_a_small_window(built):
    from test_accessibility import CHROMIUM, overflowing

    if CHROMIUM is None:
        pytest.skip("chromium is not installed; scripts/setup.sh --test installs it")
    project, _ = built
    pages = site_pages(project.site_dir)
    found = overflowing(project.site_dir, pages)
    assert len(found) == 2 * len(pages)
    assert {page: wide for page, wide in found.items() if wide} == {}
