"""A whole survey round on a copy of the demo, as analysts and reviewers live it (issue 13):

2022 published → the 2025 exports arrive (changed ratings; myyja with an added, a dropped
and a reworded item; a new occupation in a new field) → the site keeps every approved
2022 version with an "update in review" note, the build names the survey no profile uses
with a ready profiles.yaml entry, diff offers the reworded item's alias → the analyst
accepts both → review packets are filled in real headless Chromium, downloaded and
imported (one file written by hand with Finnish values) → the approved 2025 versions
replace the 2022 ones, which stay at their versioned addresses, and the what's-new page
lists them.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from cdp import CHROMIUM, Chromium
from factories import parse_html, run_cli
from round_factories import ADDED, DROPPED, NEW_SURVEY, REWORDED, add_round
from test_accessibility import AXE, axe_violations

from pipeline import stages
from pipeline.project import REPO_ROOT, Project
from pipeline.stages import Run

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

APPROVED_2022 = [  # kokki's 2022 data changed after its approval: not published
    "matkailupalvelujen-tuottaja",
    "toimitilahuoltaja",
    "talonrakentaja",
    "varastonhoitaja",
    "ict-tukihenkilo",
    "lastenhoitaja",
    "myyja",
    "hyvinvointiteknologian-tukihenkilo",
    "vastuullisen-matkailun-koordinaattori",
]


def build(project: Project) -> tuple[str, str]:
    result = stages.run_build(Run.of(project), pdf=False)
    return "\n".join(result.lines), "\n".join(result.warnings)


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def links_resolve(site: Path) -> None:
    for html in site.rglob("*.html"):
        doc = parse_html(html.read_text(encoding="utf-8"))
        for node in doc.iter():
            link = node.attrs.get("href") or node.attrs.get("src")
            if not link:
                continue
            parts = urlsplit(link)
            if parts.scheme in ("https", "http") or not parts.path:
                continue
            target = (html.parent / unquote(parts.path)).resolve()
            assert target.is_relative_to(site.resolve()) and target.is_file(), (html, link)


def fill_packet(packet: Path, downloads: Path, *, name: str, role: str, shot: Path) -> Path:
    """Open a review packet in headless Chromium, fill the form as a reviewer would (type
    the name, pick the role, click the decision and the button) and return the download."""
    with Chromium(width=1280, height=900) as browser:
        browser.allow_downloads(downloads)
        browser.open(packet.as_uri())
        browser.type_into("#reviewer", name)
        since = browser.evaluate("document.getElementById('changes-since').textContent")
        browser.evaluate(f"document.getElementById('role').value = {json.dumps(role)}")
        browser.click("#decision-approved")
        browser.click("button[type=submit]")
        begun = browser.wait_for_download()
        status = browser.evaluate("document.getElementById('form-status').textContent")
        browser.screenshot(shot)
    assert begun["suggestedFilename"] in status
    return downloads / begun["suggestedFilename"], since


def test_a_whole_round(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(REPO_ROOT / "raw", raw)
    project = Project.at(raw=raw, build=tmp_path / "build", themes=REPO_ROOT / "themes.yaml")
    site = project.site_dir
    lines, _ = build(project)
    assert "published 9 profile(s)" in lines

    # --- the 2025 exports arrive: nothing leaves the site ---------------------------------
    add_round(raw)
    lines, warnings = build(project)
    assert "published 9 profile(s)" in lines
    assert "nothing new published: the site shows the same 9 profile version(s) as before" in lines
    for pid in APPROVED_2022:
        assert f"update in review: {pid} (2025 content awaits approval" in lines
        text = page(site, f"{pid}/{pid}.fi.html")
        assert "Päivitys tarkastettavana" in text and "Vuoden 2025 kyselyn tulokset" in text
        assert "<dd>2022</dd>" in text  # the approved 2022 version, not the 2025 content
        assert "The results of the 2025 survey" in page(site, f"{pid}/{pid}.en.html")
    # The stale report leaves out what the round brings by itself, and says so.
    assert "trend new → steady" not in lines
    assert "that follow from the new round itself" in lines

    # A survey no profile uses, with its ready entry; a reworded item, with its alias.
    stub = warnings.split("To publish it, add to", 1)[1].splitlines()[1:]
    assert (
        f"warning: survey 2025_{NEW_SURVEY} (2025/2025_{NEW_SURVEY}.xlsx) feeds no profile"
        in warnings
    )
    assert stub[:2] == [
        "  - id: datakeskusasentaja",
        '    title: {fi: "Datakeskusasentaja", en: "TODO: English title"}',
    ]
    diff = stages.run_diff(Run.of(project), 2022, 2025, None).lines
    entry = diff.index(f'  - item: "{REWORDED[1]}"')
    alias = diff[entry : entry + 3]
    assert alias[1] == f'    was: "{REWORDED[0]}"'
    assert ADDED not in "\n".join(diff[diff.index("  # myyja: new in 2025 ↔ dropped since 2022") :])

    # The analyst accepts both as printed.
    aliases = project.aliases_file.read_text(encoding="utf-8")
    project.aliases_file.write_text(aliases.rstrip("\n") + "\n" + "\n".join(alias) + "\n", "utf-8")
    profiles = project.profiles_file.read_text(encoding="utf-8")
    project.profiles_file.write_text(
        profiles.rstrip("\n") + "\n" + "\n".join(stub[:5]) + "\n", "utf-8"
    )
    lines, warnings = build(project)
    assert "feeds no profile" not in warnings
    assert "datakeskusasentaja                     MISSING" in lines
    changes = "\n".join(stages.run_diff(Run.of(project), 2022, 2025, "myyja").lines)
    assert "Possible rewordings" not in changes and REWORDED[0] not in changes
    assert re.search(rf"new +{ADDED}", changes) and re.search(rf"dropped +{DROPPED}", changes)

    # --- reviewers: packets filled in Chromium, one file by hand in Finnish --------------
    result = run_cli(project, "signoff", "request", "myyja", "talonrakentaja")
    assert result.exit_code == 0, result.output
    review = project.review_dir
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    aino, since = fill_packet(
        review / "myyja" / "myyja.review.html",
        downloads,
        name="Aino Virtanen",
        role="head_of_field",
        shot=tmp_path / "myyja-packet.png",
    )
    assert aino.name == "aino-virtanen.yaml"
    assert since.startswith("Muutokset sinun hyväksymääsi versioon (2022,")  # her own approval
    ville, since = fill_packet(
        review / "talonrakentaja" / "talonrakentaja.review.html",
        downloads,
        name="Ville Mäkelä",
        role="teacher",
        shot=tmp_path / "talonrakentaja-packet.png",
    )
    assert ville.name == "ville-makela.yaml"
    assert since.startswith("Muutokset julkaistuun versioon (2022,")  # a new reviewer
    by_hand = tmp_path / "liisan tarkastus.yaml"  # any name: import files it by the reviewer
    by_hand.write_text(
        aino.read_text(encoding="utf-8")
        .replace('reviewer: "Aino Virtanen"', "reviewer: Liisa Rantanen")
        .replace("role: head_of_field", "role: opettaja")
        .replace("decision: approved", "decision: hyväksytty")
        .replace(re.search(r"date: (\S+)", aino.read_text("utf-8")).group(0), "date: 2.6.2025"),
        encoding="utf-8",
    )
    result = run_cli(project, "signoff", "import", str(aino), str(ville), str(by_hand))
    assert result.exit_code == 0, result.output
    signoffs = project.signoffs_dir
    assert (
        f"filed {signoffs / 'myyja' / 'aino-virtanen.yaml'}: approved by head of field"
        in result.output
    )
    assert (
        f"filed {signoffs / 'myyja' / 'liisa-rantanen.yaml'}: approved by teacher Liisa Rantanen, 2025-06-02"
        in result.output
    )
    assert (
        f"kept the earlier approval of the 2022 version: {signoffs / 'myyja' / '2022' / 'aino-virtanen.yaml'}"
        in result.output
    )
    assert re.search(r"^myyja +APPROVED", result.output, re.M)
    assert re.search(r"^talonrakentaja +APPROVED", result.output, re.M)

    # --- the approved 2025 versions replace the 2022 ones, which stay reachable ---------
    lines, _ = build(project)
    assert (
        "new on the site: talonrakentaja 2025 (its 2022 version stays at 2022/talonrakentaja/), "
        "myyja 2025 (its 2022 version stays at 2022/myyja/)"
    ) in lines
    assert "no longer on the site" not in lines
    for pid in ("myyja", "talonrakentaja"):
        current = page(site, f"{pid}/{pid}.fi.html")
        assert "update-note" not in current and "<dd>2025</dd>" in current
        assert (site / "2025" / pid / f"{pid}.fi.html").read_text("utf-8") == current
        archived = page(site, f"2022/{pid}/{pid}.fi.html")
        assert "Arkistoitu versio (2022)" in archived and "<dd>2022</dd>" in archived
        assert (
            f'<a href="../../{pid}/{pid}.fi.html">Siirry uusimpaan versioon (2025)</a>' in archived
        )
        assert (site / "2022" / pid / f"{pid}.csv").is_file()
    rows = re.findall(r'<span class="item-text">([^<]+)</span>', page(site, "myyja/myyja.fi.html"))
    assert ADDED in rows and DROPPED not in rows and REWORDED[1] in rows
    rows = re.findall(
        r'<span class="item-text">([^<]+)</span>', page(site, "2022/myyja/myyja.fi.html")
    )
    assert DROPPED in rows and ADDED not in rows and REWORDED[0] in rows
    for pid in set(APPROVED_2022) - {"myyja", "talonrakentaja"}:
        assert "Päivitys tarkastettavana" in page(site, f"{pid}/{pid}.fi.html")
    news = parse_html(page(site, "whats-new.fi.html"))
    rounds = {
        s.find("h2").text(): [h.text() for h in s.find_all("h3")] for s in news.find_all("section")
    }
    assert rounds["Kyselykierros 2025"] == ["Talonrakentaja", "Myyjä"]
    assert len(rounds["Kyselykierros 2022"]) == 9
    round_page = page(site, "2025/index.html")
    assert '<a href="myyja/myyja.fi.html">Myyjä</a>' in round_page
    versions = json.loads(page(site, "versions.json"))["profiles"]
    assert [v["path"] for v in versions["myyja"]["versions"]] == ["2022/myyja/", "2025/myyja/"]
    assert versions["lastenhoitaja"]["update_in_review"] == 2025 and "kokki" not in versions
    links_resolve(site)
    if AXE.is_file():  # WCAG 2.1 AA on the pages this round adds, and on the packet
        pages = [
            "whats-new.fi.html",
            "whats-new.en.html",
            "2025/index.html",
            "2022/myyja/myyja.fi.html",
            "lastenhoitaja/lastenhoitaja.en.html",
        ]
        assert axe_violations(site, pages) == {p: [] for p in pages}
        assert axe_violations(review, ["myyja/myyja.review.html"]) == {
            "myyja/myyja.review.html": []
        }

    # A fresh clone publishes the same: the versions live in raw/signoffs/, not in build/.
    shutil.rmtree(project.build)
    lines, _ = build(project)
    assert "published 9 profile(s)" in lines
    assert "Arkistoitu versio (2022)" in page(site, "2022/myyja/myyja.fi.html")
