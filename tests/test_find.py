"""Find and compare on the index, in real headless Chromium from file://: without
JavaScript the index is the plain list of every profile (the form stays hidden); with it
the form appears and typing or choosing filters the cards at once, offline.

The interaction is scripted inside the page: a small script types into the search box or
picks a filter (firing the same input and change events a person's typing fires), then
writes which cards are visible into the DOM, and ``chromium --dump-dom`` prints it.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from factories import THEMES, make_profiles, parse_html

from pipeline import publish, render
from pipeline.project import REPO_ROOT
from pipeline.versions import Publication

TEMPLATES = REPO_ROOT / "templates"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)

# Types or picks like a person (value, then the event the browser fires), waits a tick,
# then reports the visible cards, the count line and the listed competences.
DRIVER = """<script>
window.addEventListener("load", function () {{
  var steps = {steps};
  var form = document.getElementById("find");
  steps.forEach(function (s) {{
    var field = form.elements[s[0]];
    field.value = s[1];
    field.dispatchEvent(new Event(field.tagName === "SELECT" ? "change" : "input", {{bubbles: true}}));
  }});
  setTimeout(function () {{
    var out = document.createElement("pre");
    out.id = "find-results";
    out.textContent = JSON.stringify({{
      form_hidden: form.hidden,
      visible: Array.prototype.filter.call(document.querySelectorAll("[data-profile]"),
        function (c) {{ return !c.hidden; }}).map(function (c) {{ return c.getAttribute("data-profile"); }}),
      count: document.getElementById("find-count").textContent,
      listed: Array.prototype.filter.call(document.querySelectorAll(".card-matches li"),
        function (li) {{ return !li.hidden && !li.closest("[data-profile]").hidden; }})
        .map(function (li) {{ return li.textContent.trim(); }})
    }});
    document.body.appendChild(out);
  }}, 50);
}});
</script>
"""


def chromium(url: str, *, javascript: bool = True) -> str:
    with tempfile.TemporaryDirectory() as profile_dir:
        args = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile_dir}",
            "--virtual-time-budget=10000",
        ]
        if not javascript:
            args.append("--blink-settings=scriptEnabled=false")
        run = subprocess.run(
            [*args, "--dump-dom", url], capture_output=True, text=True, timeout=120
        )
    return run.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("find")
    fields = ("Matkailu", "Ravintola", "Matkailu", "sote", "Ravintola")
    regions = ("Lappi", "Rovaniemi", "Lappi", "Lappi", "Kemi-Tornio")
    profiles = [
        replace(p, field=fields[k], region=regions[k], cycle=2022 if k < 4 else 2019)
        for k, p in enumerate(make_profiles(5))
    ]
    render.render_profiles(profiles, list(THEMES), tmp / "profiles", templates=TEMPLATES, pdf=False)
    publish.publish_site(
        Publication.simple(profiles),
        list(THEMES),
        tmp / "profiles",
        tmp / "site",
        templates=TEMPLATES,
        pdf=False,
    )
    return tmp / "site", profiles


def drive(site_dir: Path, steps: list[tuple[str, str]], page: str = "index.html") -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site_dir, copy)
        path = copy / page
        text = path.read_text("utf-8")
        path.write_text(
            text.replace("</body>", DRIVER.format(steps=json.dumps(steps)) + "</body>"), "utf-8"
        )
        out = chromium(path.as_uri())
    found = re.search(r'<pre id="find-results">(.*?)</pre>', out, re.S)
    assert found, out[-2000:]
    return json.loads(html.unescape(found.group(1)))


def test_without_javascript_the_index_is_the_plain_list(site):
    site_dir, profiles = site
    dom = parse_html(chromium((site_dir / "index.html").as_uri(), javascript=False))
    form = dom.find("form", id="find")
    assert form is not None and "hidden" in form.attrs
    cards = [n for n in dom.iter() if "data-profile" in n.attrs]
    assert [c.attrs["data-profile"] for c in cards] == [p.id for p in profiles]
    assert all("hidden" not in c.attrs for c in cards)
    links = [c.find("h3").find("a").attrs["href"] for c in cards]
    assert links == [f"{p.id}/{p.id}.fi.html" for p in profiles]


def test_with_javascript_the_form_shows_and_nothing_is_filtered_yet(site):
    site_dir, profiles = site
    result = drive(site_dir, [])
    assert result["form_hidden"] is False
    assert result["visible"] == [p.id for p in profiles]
    assert result["count"] == f"{len(profiles)}/{len(profiles)} profiilia"


def test_typing_a_competence_filters_the_cards_and_lists_the_matches(site):
    site_dir, profiles = site
    word = "hygieniaosaaminen"
    having = [p.id for p in profiles if any(word in i.item.casefold() for i in p.items)]
    assert 0 < len(having) < len(profiles) or having  # the factories' texts decide
    result = drive(site_dir, [("q", "Hygieniaosaaminen")])
    assert result["visible"] == having
    assert result["listed"] and all(word in t.casefold() for t in result["listed"])
    assert result["count"] == f"{len(having)}/{len(profiles)} profiilia"


def test_a_search_that_matches_nothing_hides_every_card(site):
    site_dir, profiles = site
    result = drive(site_dir, [("q", "zzz-ei-osu")])
    assert result["visible"] == []
    assert result["count"] == f"0/{len(profiles)} profiilia"


def test_field_region_and_year_filters(site):
    site_dir, profiles = site
    result = drive(site_dir, [("field", "matkailu")])
    assert result["visible"] == [profiles[0].id, profiles[2].id]
    result = drive(site_dir, [("field", "ravintola"), ("region", "kemi-tornio")])
    assert result["visible"] == [profiles[4].id]
    result = drive(site_dir, [("year", "2019")])
    assert result["visible"] == [profiles[4].id]
    result = drive(site_dir, [("field", "sote"), ("year", "2019")])
    assert result["visible"] == []


def test_a_theme_lists_each_cards_competences_in_that_theme(site):
    site_dir, profiles = site
    result = drive(site_dir, [("theme", "digitaidot")])
    having = [p.id for p in profiles if any(i.theme == "digitaidot" for i in p.items)]
    assert result["visible"] == having
    expected = sorted(
        i.item for p in profiles for i in p.items if i.theme == "digitaidot" and p.id in having
    )
    assert sorted(result["listed"]) == expected


def test_the_english_index_filters_too(site):
    site_dir, profiles = site
    result = drive(site_dir, [("q", "zzz")], page="index.en.html")
    assert result["count"] == f"0 of {len(profiles)} profiles"
