"""WCAG 2.1 AA: axe-core in headless Chromium on the rendered pages, zero violations.

Needs Debian's ``chromium`` and axe-core installed by the setup step:
``npm install --prefix tests/_node axe-core`` (tests/_node is gitignored). Each page is
copied with axe.min.js and a small script that writes the violations into the DOM, and
``chromium --dump-dom`` prints the DOM once the page's scripts have finished.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from evidence_factories import with_page_evidence
from factories import THEMES, make_profile, make_profiles

from pipeline import crosspages, publish, render
from pipeline.model import Classification, Review, ReviewChange, ReviewEntry
from pipeline.project import REPO_ROOT
from pipeline.translations import LanguagePlan
from pipeline.versions import Publication

TEMPLATES = REPO_ROOT / "templates"
AXE = Path(__file__).parent / "_node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.skipif(
        not AXE.is_file(),
        reason="axe-core is not installed (npm install --prefix tests/_node axe-core)",
    ),
]

RUNNER = """<script src="{axe}"></script>
<script>
axe.run(document, {{runOnly: {{type: "tag", values: {tags}}}, resultTypes: ["violations"]}}).then(function (r) {{
  var out = document.createElement("pre");
  out.id = "axe-results";
  out.textContent = JSON.stringify(r.violations.map(function (v) {{
    return {{id: v.id, help: v.help, nodes: v.nodes.map(function (n) {{ return n.target.join(" "); }})}};
  }}));
  document.body.appendChild(out);
}});
</script>
"""


def chromium_args(user_data: str) -> list[str]:
    return [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={user_data}",
    ]


def axe_violations(site: Path, pages: list[str]) -> dict[str, list[dict]]:
    """Violations per page; the pages are checked in copies, the site is not touched."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy)
        shutil.copyfile(AXE, copy / "axe.min.js")
        for page in pages:
            path = copy / page
            axe = "../" * page.count("/") + "axe.min.js"
            text = path.read_text(encoding="utf-8")
            path.write_text(
                text.replace("</body>", RUNNER.format(axe=axe, tags=json.dumps(TAGS)) + "</body>"),
                encoding="utf-8",
            )
        results = {}
        batch = max(1, os.cpu_count() or 1)  # more browsers than cores only thrash
        for start in range(0, len(pages), batch):
            runs = {
                page: subprocess.Popen(
                    [
                        *chromium_args(tempfile.mkdtemp(dir=tmp)),
                        "--virtual-time-budget=30000",
                        "--dump-dom",
                        (copy / page).as_uri(),
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
                for page in pages[start : start + batch]
            }
            for page, proc in runs.items():
                out, _ = proc.communicate(timeout=120)
                found = re.search(r'<pre id="axe-results">(.*?)</pre>', out, re.S)
                assert found, f"{page}: axe did not report (chromium exit {proc.returncode})"
                results[page] = json.loads(html.unescape(found.group(1)))
        return results


OVERFLOW_HARNESS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>overflow</title></head>
<body><pre id="overflow-results"></pre><script>
var pages = {pages}, widths = {widths}, found = {{}}, left = pages.length * widths.length;
function measure(frame, page, width) {{
  var d = frame.contentDocument, view = d.documentElement.clientWidth, wide = [];
  if (d.documentElement.scrollWidth > view) wide.push("document: " + d.documentElement.scrollWidth);
  d.body.querySelectorAll("*").forEach(function (el) {{
    var r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && (r.right > view + 0.5 || r.left < -0.5)) {{
      wide.push(el.tagName.toLowerCase() + "." + (el.className.baseVal === undefined ? el.className : el.className.baseVal).split(" ").join(".") + ": " + Math.round(r.left) + ".." + Math.round(r.right));
    }}
  }});
  var walk = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT), node, range = d.createRange();
  while ((node = walk.nextNode())) {{
    range.selectNodeContents(node);
    var t = range.getBoundingClientRect();
    if (t.width > 0 && (t.right > view + 0.5 || t.left < -0.5) && !node.parentElement.closest(".visually-hidden, .label-long")) {{
      wide.push("text " + JSON.stringify(node.textContent.trim().slice(0, 30)) + ": " + Math.round(t.left) + ".." + Math.round(t.right));
    }}
  }}
  found[page + " @" + width] = wide.slice(0, 5);
  if (--left === 0) document.getElementById("overflow-results").textContent = JSON.stringify(found);
}}
pages.forEach(function (page) {{ widths.forEach(function (width) {{
  var frame = document.createElement("iframe");
  frame.style.width = width + "px"; frame.style.height = "3000px"; frame.style.border = "0";
  frame.onload = function () {{ measure(frame, page, width); }};
  frame.src = page; document.body.appendChild(frame);
}}); }});
</script></body></html>
"""


def overflowing(site: Path, pages: list[str], widths=(320, 390)) -> dict[str, list[str]]:
    """Per page and window width: what is wider than the window (the document, or any
    element sticking out of it). Every page is loaded in an iframe of that width."""
    with tempfile.TemporaryDirectory() as tmp:
        harness = site / f".overflow-{os.getpid()}.html"
        harness.write_text(
            OVERFLOW_HARNESS.format(pages=json.dumps(pages), widths=json.dumps(list(widths))),
            encoding="utf-8",
        )
        try:
            out = subprocess.run(
                [
                    *chromium_args(tmp),
                    "--allow-file-access-from-files",
                    "--hide-scrollbars",
                    "--virtual-time-budget=60000",
                    "--dump-dom",
                    harness.as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=300,
            ).stdout
        finally:
            harness.unlink()
    found = re.search(r'<pre id="overflow-results">(.*?)</pre>', out, re.S)
    assert found and found.group(1), "the overflow harness did not report"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site with every kind of content: trends, suppressed and unthemed items, an emerging
    occupation, a colophon, a missing English title, evidence beside the survey; plus
    drafts (stale, changes requested, a Swedish page without translations)."""
    tmp = tmp_path_factory.mktemp("a11y")
    profiles = make_profiles(6)
    profiles[0] = replace(profiles[0], title={"fi": profiles[0].title["fi"]})
    profiles[1] = replace(profiles[1], classification=COOK)  # the ESCO block on its page
    profiles[1] = with_page_evidence(profiles[1])  # requirements, gaps, ads, quotes
    colophons = {profiles[1].id: [("opettaja / teacher", "2025-02-03")]}
    render.render_profiles(
        profiles,
        list(THEMES),
        tmp / "profiles",
        templates=TEMPLATES,
        pdf=False,
        colophons=colophons,
        related=crosspages.related_rows(Publication.simple(profiles), archive=False),
    )
    publish.publish_site(
        Publication.simple(profiles, colophons=colophons),
        list(THEMES),
        tmp / "profiles",
        tmp / "site",
        templates=TEMPLATES,
        pdf=False,
    )
    stale = with_page_evidence(make_profile("luonnos", previous_cycle=2019))
    requested = make_profile("pyydetty", seed=4)
    reviewer = ReviewEntry("head_of_field", dt.date(2025, 1, 9), comments="Lisää ruotsin kieli.")
    render.render_profiles(
        [stale, requested],
        list(THEMES),
        tmp / "site" / "_drafts",
        templates=TEMPLATES,
        pdf=False,
        draft=True,
        reviews={
            stale.id: Review(
                "stale",
                earlier=reviewer,
                changes=(
                    ReviewChange("figure", stale.items[3].item, "future importance 3.1 → 3.8"),
                ),
            ),
            requested.id: Review("changes_requested", requests=(reviewer,)),
        },
        languages=(LanguagePlan("fi"), LanguagePlan("en"), LanguagePlan("sv", (stale.id,))),
    )
    return tmp / "site", profiles


COOK = Classification(
    isco="5120",
    esco_uri="http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e",
    esco_code="5120.1",
    esco_label="kokki",
    esco_alt_labels=("kokit", "keittäjä", "keittäjät"),
)


def competence_pages(site_dir: Path) -> list[str]:
    """The competence list in both languages and a competence page of each kind: one that
    several profiles need (with a withheld figure, when there is one) and one of one."""
    folder = site_dir / "competences"
    pages = ["competences/index.fi.html", "competences/index.en.html"]
    found = sorted(p.name for p in folder.glob("*.fi.html") if p.name != "index.fi.html")
    by_rows = sorted(found, key=lambda n: -(folder / n).read_text("utf-8").count("<tr>"))
    pages += [f"competences/{by_rows[0]}", f"competences/{by_rows[-1].replace('.fi.', '.en.')}"]
    return pages


def test_axe_finds_no_violations(site):
    site_dir, profiles = site
    changed = profiles[1]  # has a previous cycle: changes section and badges
    # The overviews hold every profile body; the pages add the header, navigation and banner.
    pages = [
        "index.html",
        "index.en.html",
        "overview.fi.html",
        "overview.en.html",
        *competence_pages(site_dir),
        f"{profiles[0].id}/{profiles[0].id}.en.html",
        f"{changed.id}/{changed.id}.fi.html",
        "_drafts/luonnos/luonnos.en.html",
        "_drafts/luonnos/luonnos.sv.html",
        "_drafts/pyydetty/pyydetty.fi.html",
    ]
    results = axe_violations(site_dir, pages)
    assert set(results) == set(pages)
    problems = {
        page: [f"{v['id']}: {v['help']} ({', '.join(v['nodes'][:3])})" for v in found]
        for page, found in results.items()
        if found
    }
    assert problems == {}


def test_axe_check_can_fail(tmp_path):
    """The harness reports real violations (an image without alt, a skipped heading level)."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="fi"><head><title>x</title></head><body><main><h1>x</h1><h4>y</h4>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1"></main></body></html>',
        encoding="utf-8",
    )
    found = {v["id"] for v in axe_violations(tmp_path, ["bad.html"])["bad.html"]}
    assert {"image-alt", "heading-order"} <= found


def test_no_element_is_wider_than_a_small_window(site):
    site_dir, profiles = site
    pages = [
        "index.html",
        "overview.en.html",
        *competence_pages(site_dir),
        *(f"{p.id}/{p.id}.{lang}.html" for p in profiles for lang in ("fi", "en")),
        "_drafts/luonnos/luonnos.sv.html",
        "_drafts/pyydetty/pyydetty.fi.html",
    ]
    found = overflowing(site_dir, pages)
    assert len(found) == 2 * len(pages)
    assert {page: wide for page, wide in found.items() if wide} == {}


def test_overflow_check_can_fail(tmp_path):
    (tmp_path / "wide.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
        '<table><tr><td style="white-space: nowrap">'
        + "wide " * 40
        + "</td></tr></table></body></html>",
        encoding="utf-8",
    )
    found = overflowing(tmp_path, ["wide.html"], widths=(320,))
    assert found["wide.html @320"] and found["wide.html @320"][0].startswith("document: ")
