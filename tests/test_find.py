"""Find and compare on the index, in real headless Chromium from file:// (driven over the
DevTools protocol, tests/cdp.py): without JavaScript the index is the plain list of every
profile and the form stays hidden; with it the form appears, and typing (real keyboard
input events) or choosing a filter hides the cards that do not match, at once and offline.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from cdp import CHROMIUM, Chromium
from factories import THEMES, make_profiles, parse_html

from pipeline import publish, render
from pipeline.project import REPO_ROOT
from pipeline.versions import Publication

TEMPLATES = REPO_ROOT / "templates"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)

# What the reader sees: which cards are shown, the count line, the listed competences.
STATE = """(() => {
  const shown = el => !el.hidden && !el.closest("[hidden]");
  return {
    form_hidden: document.getElementById("find").hidden,
    visible: [...document.querySelectorAll("[data-profile]")].filter(shown)
      .map(c => c.dataset.profile),
    count: document.getElementById("find-count").textContent,
    listed: [...document.querySelectorAll(".card-matches li")].filter(shown)
      .map(li => li.textContent.trim()),
  };
})()"""


def choose(page, name: str, value: str) -> None:
    """Pick an option as a person does: the value changes and the browser fires change."""
    page.evaluate(
        f"""(() => {{ const s = document.querySelector('#find [name="{name}"]');
        s.value = {value!r}; s.dispatchEvent(new Event("change", {{bubbles: true}})); }})()"""
    )


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


@pytest.fixture(scope="module")
def browser():
    with Chromium() as b:
        yield b


def open_page(browser, path, *, javascript: bool = True, fragment: str = ""):
    """Load ``path`` fresh (scripts on or off) and return the browser, ready to drive."""
    browser.call("Emulation.setScriptExecutionDisabled", session=True, value=not javascript)
    browser.open("about:blank")
    browser.open(path.as_uri() + fragment)
    return browser


def dom(browser) -> str:
    root = browser.call("DOM.getDocument", session=True, depth=-1)["root"]["nodeId"]
    return browser.call("DOM.getOuterHTML", session=True, nodeId=root)["outerHTML"]


def test_without_javascript_the_index_is_the_plain_list(site, browser):
    site_dir, profiles = site
    page = open_page(browser, site_dir / "index.html", javascript=False)
    assert page.evaluate("1 + 1") == 2  # the protocol still answers
    doc = parse_html(dom(page))
    form = doc.find("form", id="find")
    assert form is not None and "hidden" in form.attrs  # the script did not run
    cards = [n for n in doc.iter() if "data-profile" in n.attrs]
    assert [c.attrs["data-profile"] for c in cards] == [p.id for p in profiles]
    assert all("hidden" not in c.attrs for c in cards)
    links = [c.find("h3").find("a").attrs["href"] for c in cards]
    assert links == [f"{p.id}/{p.id}.fi.html" for p in profiles]


def test_with_javascript_the_form_shows_and_nothing_is_filtered_yet(site, browser):
    site_dir, profiles = site
    state = open_page(browser, site_dir / "index.html").evaluate(STATE)
    assert state["form_hidden"] is False
    assert state["visible"] == [p.id for p in profiles]
    assert state["count"] == f"{len(profiles)}/{len(profiles)} profiilia"
    assert state["listed"] == []


def test_typing_a_competence_filters_the_cards_and_lists_the_matches(site, browser):
    site_dir, profiles = site
    page = open_page(browser, site_dir / "index.html")
    page.type_into("#find-q", "hygienia")
    state = page.evaluate(STATE)
    having = [p.id for p in profiles if any("hygienia" in i.item.casefold() for i in p.items)]
    assert having and state["visible"] == having
    assert state["listed"] and all("hygienia" in t.casefold() for t in state["listed"])
    assert state["count"] == f"{len(having)}/{len(profiles)} profiilia"


def test_a_search_that_matches_nothing_hides_every_card(site, browser):
    site_dir, profiles = site
    page = open_page(browser, site_dir / "index.html")
    page.type_into("#find-q", "zzz-ei-osu")
    state = page.evaluate(STATE)
    assert state["visible"] == []
    assert state["count"] == f"0/{len(profiles)} profiilia"


def test_field_region_and_year_filters(site, browser):
    site_dir, profiles = site
    ids = [p.id for p in profiles]
    page = open_page(browser, site_dir / "index.html")
    choose(page, "field", "matkailu")
    assert page.evaluate(STATE)["visible"] == [ids[0], ids[2]]
    choose(page, "field", "ravintola")
    choose(page, "region", "kemi-tornio")
    assert page.evaluate(STATE)["visible"] == [ids[4]]
    choose(page, "field", "")
    choose(page, "region", "")
    choose(page, "year", "2019")
    assert page.evaluate(STATE)["visible"] == [ids[4]]
    choose(page, "field", "sote")
    assert page.evaluate(STATE)["visible"] == []


def test_a_theme_lists_each_cards_competences_in_that_theme(site, browser):
    site_dir, profiles = site
    page = open_page(browser, site_dir / "index.html")
    choose(page, "theme", "digitaidot")
    state = page.evaluate(STATE)
    having = [p.id for p in profiles if any(i.theme == "digitaidot" for i in p.items)]
    assert state["visible"] == having
    expected = [i.item for p in profiles for i in p.items if i.theme == "digitaidot"]
    assert sorted(state["listed"]) == sorted(expected)


def test_the_address_carries_a_filtered_view(site, browser):
    site_dir, profiles = site
    page = open_page(browser, site_dir / "index.html", fragment="#q=zzz")
    assert page.evaluate(STATE)["visible"] == []


def test_the_english_index_filters_too(site, browser):
    site_dir, profiles = site
    page = open_page(browser, site_dir / "index.en.html")
    page.type_into("#find-q", "zzz")
    assert page.evaluate(STATE)["count"] == f"0 of {len(profiles)} profiles"
