"""The cross-profile pages: one page per competence with the published profiles that need
it and their figures, the competence list, and the summary's accessible charts
(views.summary): SVG names and descriptions, and the data table behind each chart."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from factories import THEMES, make_profiles, parse_html

from pipeline import crosspages, figures, overview, publish, render
from pipeline.i18n import STRINGS_FILE, Translator, load_catalogue
from pipeline.project import REPO_ROOT
from pipeline.theme_rules import contrast_ratio
from pipeline.versions import Publication
from pipeline.views.competence import competence_path, competences_list_path
from pipeline.views.page import Language
from pipeline.views.summary import ink_on, summary_view

TEMPLATES = REPO_ROOT / "templates"
CATALOGUE = load_catalogue(TEMPLATES / STRINGS_FILE)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cross")
    profiles = make_profiles(4)
    render.render_profiles(profiles, list(THEMES), tmp / "profiles", templates=TEMPLATES, pdf=False)
    excluded = {profiles[3].id: "changes requested: teacher"}
    publish.publish_site(
        Publication.simple(profiles, excluded),
        list(THEMES),
        tmp / "profiles",
        tmp / "site",
        templates=TEMPLATES,
        pdf=False,
    )
    published = [p for p in profiles if p.id not in excluded]
    return tmp / "site", published, profiles[3]


def page(site_dir: Path, path: str):
    return parse_html((site_dir / path).read_text("utf-8"))


def test_every_competence_of_the_published_profiles_has_a_page_in_both_languages(site):
    site_dir, published, left_out = site
    index = overview.competence_index(published, list(THEMES), 0.3)
    expected = {competence_path(c, lang) for c in index for lang in ("fi", "en")}
    expected |= {competences_list_path(lang) for lang in ("fi", "en")}
    found = {p.relative_to(site_dir).as_posix() for p in (site_dir / "competences").iterdir()}
    assert found == expected
    for path in found:
        text = (site_dir / path).read_text("utf-8")
        assert left_out.id not in text and left_out.title["fi"] not in text


def test_a_competence_page_lists_each_profile_with_its_published_figures(site):
    site_dir, published, _ = site
    index = overview.competence_index(published, list(THEMES), 0.3)
    shared = next(c for c in index if c.n_profiles == len(published))
    doc = page(site_dir, competence_path(shared, "fi"))
    assert doc.find("h1").text() == shared.text
    assert doc.find("h1").attrs.get("lang") is None  # Finnish text on a Finnish page
    rows = doc.find("table", class_="needs").find("tbody").find_all("tr")
    assert len(rows) == len(published)
    by_id = {p.id: p for p in published}
    for row, need in zip(rows, shared.needs, strict=True):
        link = row.find("th").find("a")
        assert link.attrs["href"] == f"../{need.profile_id}/{need.profile_id}.fi.html"
        assert link.text() == by_id[need.profile_id].title["fi"]
        cells = [td.text() for td in row.find_all("td")]
        item = next(i for i in by_id[need.profile_id].items if i.item_id == shared.item_id)
        now = figures.fmt_number(item.mean_now, "fi") if item.mean_now is not None else "–"
        future = figures.fmt_number(item.mean_future, "fi") if item.mean_future is not None else "–"
        assert cells[0] == now and cells[1] == future
        assert cells[4] == str(item.n_organisations)


def test_a_withheld_figure_is_a_dash_with_its_reason(site):
    site_dir, published, _ = site
    index = overview.competence_index(published, list(THEMES), 0.3)
    withheld = next(c for c in index if any(n.mean_future is None for n in c.needs))
    doc = page(site_dir, competence_path(withheld, "en"))
    text = doc.text()
    assert "the figure is not published because fewer than 3 organisations are behind it" in text
    for row in doc.find("table", class_="needs").find("tbody").find_all("tr"):
        cells = [td.text() for td in row.find_all("td")]
        assert "." in cells[1] or cells[1] == "–"  # English decimals, or withheld


def test_the_competence_list_groups_by_theme_and_links_every_page(site):
    site_dir, published, _ = site
    index = overview.competence_index(published, list(THEMES), 0.3)
    doc = page(site_dir, competences_list_path("en"))
    links = [
        a.attrs["href"]
        for ul in doc.find_all("ul", class_="competence-list")
        for a in ul.find_all("a")
    ]
    assert sorted(links) == sorted(competence_path(c, "en").split("/")[1] for c in index)
    headings = [h.text() for h in doc.find_all("h2")][1:]
    labels = {th.label["en"] for th in THEMES} | {"Other competences"}
    assert set(headings) <= labels | {CATALOGUE["unthemed_label"]["en"]}


# --- the summary's charts (views.summary) ---------------------------------------------------------


def summary_of(profiles, lang: str):
    """The summary view of ``profiles`` for the index page in ``lang``."""
    return summary_view(
        profiles,
        list(THEMES),
        Language(CATALOGUE, lang),
        threshold=0.3,
        profile_hrefs={p.id: f"{p.id}/{p.id}.{lang}.html" for p in profiles},
        competence_href=lambda c: competence_path(c, lang),
        competences_href=f"competences/index.{lang}.html",
    )


def test_heat_maps_have_accessible_names_and_a_table_with_the_same_numbers():
    profiles = make_profiles(3)
    view = summary_of(profiles, "en")
    grid = overview.heat_map(profiles, list(THEMES), 0.3)
    share = view.share
    assert share.title == "Each theme's share of a profile's competences"
    assert share.description.startswith(f"Heat map: 3 profiles in rows, {len(grid.themes)} themes")
    assert [r.header.text for r in share.table.rows] == [p.title["en"] for p in profiles]
    for r, pid in zip(share.table.rows, grid.profiles, strict=True):
        for cell_text, theme in zip(r.cells, grid.themes, strict=True):
            cell = grid.cell(theme, pid)
            if cell is None:
                assert cell_text == "–"
            else:
                assert cell_text == f"{cell.n_items} ({figures.fmt_percent(cell.share, 'en')})"
    drawn = [c.label for c in share.cells]
    assert drawn == [
        figures.fmt_percent(grid.cell(th, pid).share, "en") if grid.cell(th, pid) else "–"
        for pid in grid.profiles
        for th in grid.themes
    ]
    future = view.future
    for c in future.cells:
        if c.label != "–":
            assert Decimal(c.label) >= 1
    for c in (*share.cells, *future.cells):
        assert contrast_ratio(c.fill, c.text_colour) >= 4.5


def test_ink_on_picks_the_readable_text_colour():
    assert ink_on("#0b3d6e") == "#ffffff"
    assert ink_on("#f3f7fb") == "#000000"


def test_the_svg_on_a_page_is_named_by_its_title_and_description(tmp_path):
    from pipeline.templating import make_environment

    env = make_environment(TEMPLATES)
    profiles = make_profiles(3)
    t = Translator(CATALOGUE, "fi")
    view = summary_of(profiles, "fi")
    macro = env.from_string(
        '{% from "_summary.html.j2" import charts with context %}{{ charts(view) }}'
    )
    from types import SimpleNamespace

    html = macro.render(view=view, t=t, meta=SimpleNamespace(lang="fi"))
    doc = parse_html(html)
    svgs = doc.find_all("svg", role="img")
    assert len(svgs) == 4  # each chart wide, and compact for narrow windows
    for svg, chart, suffix in zip(
        svgs,
        (view.share, view.share, view.future, view.future),
        ("", "-n", "", "-n"),
        strict=True,
    ):
        ids = svg.attrs["aria-labelledby"].split()
        assert ids == [f"{chart.id}{suffix}-title", f"{chart.id}{suffix}-desc"]
        assert svg.find("title", id=ids[0]).text() == chart.title
        assert svg.find("desc", id=ids[1]).text() == " ".join(chart.description.split())
        figure = doc.find("figure", id=chart.id)
        table = figure.find("table")
        assert table.find("caption").text() == chart.title
        body = [[c.text() for c in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
        assert body == [[" ".join(c.split()) for c in r.cells] for r in chart.table.rows]


def test_the_gap_table_is_named_once_on_screen_and_by_its_caption_for_screen_readers():
    from types import SimpleNamespace

    from evidence_factories import with_page_evidence

    from pipeline.templating import make_environment

    profiles = [with_page_evidence(p) for p in make_profiles(3)]
    view = summary_of(profiles, "fi")
    assert view.gaps is not None
    macro = make_environment(TEMPLATES).from_string(
        '{% from "_summary.html.j2" import charts with context %}{{ charts(view) }}'
    )
    html = macro.render(view=view, t=Translator(CATALOGUE, "fi"), meta=SimpleNamespace(lang="fi"))
    doc = parse_html(html)
    assert doc.find(id="gaps-title").text() == view.gaps.caption
    region = doc.find("div", **{"aria-label": view.gaps.caption})
    caption = region.find("caption")
    assert caption.text() == view.gaps.caption  # the table's name, read by screen readers
    assert caption.attrs.get("class") == "visually-hidden"  # the heading shows it already
    for chart in (view.share, view.future):  # charts' tables sit under "show as a table"
        assert "class" not in doc.find("figure", id=chart.id).find("caption").attrs


# --- related occupations and the classification on CV pages; canonical links -----------------------


def render_and_publish(tmp: Path, profiles, *, excluded=None, base_url=None):
    publication = Publication.simple(profiles, excluded)
    render.render_profiles(
        profiles,
        list(THEMES),
        tmp / "profiles",
        templates=TEMPLATES,
        pdf=False,
        related=crosspages.related_rows(publication, archive=False),
        base_url=base_url,
    )
    publish.publish_site(
        publication,
        list(THEMES),
        tmp / "profiles",
        tmp / "site",
        templates=TEMPLATES,
        pdf=False,
        base_url=base_url,
    )
    return tmp / "site"


def test_cv_pages_link_related_published_profiles_with_the_number_shared(tmp_path):
    profiles = make_profiles(5)
    excluded = {profiles[4].id: "changes requested: teacher"}
    site_dir = render_and_publish(tmp_path, profiles, excluded=excluded)
    published = profiles[:4]
    expected = overview.related_profiles(published)
    assert any(expected.values())
    for p in published:
        doc = page(site_dir, f"{p.id}/{p.id}.fi.html")
        nav = doc.find("nav", class_="related")
        if not expected[p.id]:
            assert nav is None
            continue
        links = [(a.attrs["href"], a.text()) for a in nav.find_all("a")]
        assert links == [
            (
                f"../{r.profile_id}/{r.profile_id}.fi.html",
                next(q for q in published if q.id == r.profile_id).title["fi"],
            )
            for r in expected[p.id]
        ]
        shared = [s.text() for s in nav.find_all("span", class_="shared")]
        assert shared == [f"({r.n_shared} yhteistä osaamista)" for r in expected[p.id]]
        assert profiles[4].id not in str(links)  # never a profile kept off the site
    english = page(site_dir, f"{published[0].id}/{published[0].id}.en.html")
    if expected[published[0].id]:
        assert "shared competences" in english.find("nav", class_="related").text()


def test_the_classification_is_on_the_cv_page_with_escos_credit(tmp_path):
    from dataclasses import replace

    from pipeline.model import Classification

    cook = Classification(
        isco="5120",
        esco_uri="http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e",
        esco_code="5120.1",
        esco_label="kokki",
        esco_alt_labels=("kokit", "keittäjä"),
    )
    profiles = make_profiles(2)
    profiles[0] = replace(profiles[0], classification=cook)
    site_dir = render_and_publish(tmp_path, profiles)
    doc = page(site_dir, f"{profiles[0].id}/{profiles[0].id}.fi.html")
    block = doc.find("div", class_="classification")
    values = [dd.text() for dd in block.find_all("dd")]
    assert values[:2] == ["kokki (5120.1)", "5120"]
    assert [s.text() for s in block.find_all("dd")[2].find_all("span")] == ["kokit", "keittäjä"]
    assert block.find("a").attrs["href"] == cook.esco_uri
    assert block.find("p", class_="credit").text() == "ESCO-luokitus v1.1, © Euroopan unioni."
    # ESCO's labels are Finnish: other pages name the occupation by its code, linked.
    doc = page(site_dir, f"{profiles[0].id}/{profiles[0].id}.en.html")
    block = doc.find("div", class_="classification")
    assert [dd.text() for dd in block.find_all("dd")] == ["5120.1", "5120"]
    assert block.find("a").attrs["href"] == cook.esco_uri
    assert block.find("p", class_="credit").text() == "ESCO classification v1.1, © European Union."
    other = page(site_dir, f"{profiles[1].id}/{profiles[1].id}.fi.html")
    assert other.find("div", class_="classification") is None


def test_canonical_links_only_with_a_base_url(tmp_path):
    profiles = make_profiles(2)
    plain = render_and_publish(tmp_path / "plain", profiles)
    for path in plain.rglob("*.html"):
        assert 'rel="canonical"' not in path.read_text("utf-8"), path
    base = "https://www.example.fi/osaajaprofiilit/"
    site_dir = render_and_publish(tmp_path / "web", profiles, base_url=base)
    for rel in (
        "index.html",
        "index.en.html",
        "overview.fi.html",
        f"{profiles[0].id}/{profiles[0].id}.fi.html",
    ):
        doc = page(site_dir, rel)
        links = [n.attrs["href"] for n in doc.find_all("link", rel="canonical")]
        assert links == [base + rel], rel
        og = {n.attrs.get("property"): n.attrs.get("content") for n in doc.find_all("meta")}
        assert og["og:url"] == base + rel
        assert og["og:title"] == doc.find("title").text()
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{base}{profiles[0].id}/{profiles[0].id}.fi.html</loc>" in sitemap


def test_every_page_has_a_title_and_a_description_for_sharing(site):
    site_dir, _, _ = site
    for path in site_dir.rglob("*.html"):
        doc = parse_html(path.read_text("utf-8"))
        meta = {
            n.attrs.get("name") or n.attrs.get("property"): n.attrs.get("content")
            for n in doc.find_all("meta")
        }
        assert doc.find("title").text(), path
        assert meta.get("description") and meta.get("og:description") == meta["description"], path
        assert meta.get("og:title"), path
