"""The CV pages (issue 14): languages and translations, one vocabulary with a legend for
every mark, counts and agreement, no internals, drafts that say where the review stands,
qualification links, and the two-page sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from factories import THEMES, make_item, make_profile, parse_html

from pipeline import render, views
from pipeline.i18n import load_catalogue
from pipeline.model import Qualification, Review, ReviewChange, ReviewEntry, SurveyRef
from pipeline.project import REPO_ROOT
from pipeline.translations import LanguagePlan, make_entry
from pipeline.views.marks import DIVIDED_SD

TEMPLATES = REPO_ROOT / "templates"
CATALOGUE = load_catalogue(TEMPLATES / "strings.yaml")


def page(profile, lang="fi", **kwargs):
    view = views.cv_page(profile, list(THEMES), CATALOGUE, lang, **kwargs)
    env = render.make_environment(TEMPLATES)
    html = render.render_template(
        env, render.CV_TEMPLATE, page=view, meta=view.meta, t=views.Language(CATALOGUE, lang).t
    )
    return parse_html(html)


def sheet_pages(profile, lang="fi", **kwargs):
    """The two-page CV's HTML for each sheet variant, parsed."""
    texts = kwargs.pop("texts", None)
    meta = views.cv_page(profile, list(THEMES), CATALOGUE, lang, texts=texts, **kwargs).meta
    env = render.make_environment(TEMPLATES)
    return [
        parse_html(h)
        for h in render.print_pages(
            env,
            profile,
            list(THEMES),
            CATALOGUE,
            lang,
            meta=meta,
            texts=texts or {},
            review=kwargs.get("review"),
            source="strings.yaml",
        )
    ]


def english(profile):
    """A complete English catalogue for a profile's survey texts."""
    texts = [profile.region, profile.horizon, *(i.item for i in profile.items)]
    texts += [i.area for i in profile.items] + list(profile.dropped_items)
    texts += [s.name for s in profile.surveys if s.name]
    entries = {}
    for text in filter(None, texts):
        e = make_entry(text, f"EN {text}", "reviewed")
        entries[e.key] = e
    return {"en": entries}


def legend_covers_marks(doc) -> tuple[set[str], set[str]]:
    used = {n.attrs["data-mark"] for n in doc.iter() if "data-mark" in n.attrs}
    explained = {n.attrs["data-legend"] for n in doc.iter() if "data-legend" in n.attrs}
    return used, explained


# --- languages ----------------------------------------------------------------------------


def test_survey_texts_come_from_the_catalogue_in_the_page_language():
    profile = make_profile(previous_cycle=2019)
    profile = replace(
        profile, surveys=(SurveyRef(2022, "matkailu", "opas", "Matkailualan kartoitus 2022"),)
    )
    doc = page(profile, "en", texts=english(profile))
    items = [n.text() for n in doc.find_all("span", class_="item-text")]
    assert items and all(text.startswith("EN ") for text in items)
    facts = doc.find("dl", class_="facts").text()
    assert (
        "EN Lappi" in facts
        and "EN 3–5 vuotta" in facts
        and "EN Matkailualan kartoitus 2022" in facts
    )
    dropped = doc.find("section", class_="changes").text()
    assert all(f"EN {d}" in dropped for d in profile.dropped_items)
    assert doc.find("span", class_="mark-untranslated") is None
    assert doc.find("div", **{"data-legend": "untranslated"}) is None
    assert not [n for n in doc.find("main").iter() if n.attrs.get("lang") == "fi"]


def test_a_missing_translation_falls_back_to_finnish_marked_and_counted():
    profile = make_profile()
    texts = english(profile)
    gone = profile.items[4].item
    texts["en"] = {k: e for k, e in texts["en"].items() if e.fi != gone}
    doc = page(profile, "en", texts=texts)
    fallback = [n for n in doc.find_all("span", lang="fi")]
    assert [n.text() for n in fallback] == [gone]
    mark = fallback[0].parent.find("span", class_="mark-untranslated")
    assert mark.text() == "in Finnish" and mark.attrs["data-mark"] == "untranslated"
    assert "no translation yet" in doc.find("div", **{"data-legend": "untranslated"}).text()
    from pipeline.checks import CheckContext, run_checks

    plans = (LanguagePlan("fi"), LanguagePlan("en"))
    check = next(
        c
        for c in run_checks([profile], None, CheckContext(texts, plans)).results
        if c.name == "missing_translations"
    )
    assert [(r.profile_id, r.subject, r.value, r.detail) for r in check.rows] == [
        (profile.id, "en", 1, gone)
    ]


def test_pages_in_every_configured_language_and_the_switch_lists_only_those(tmp_path):
    profiles = [make_profile("kokki"), make_profile("myyja", seed=2)]
    plans = (LanguagePlan("fi"), LanguagePlan("en"), LanguagePlan("sv", ("myyja",)))
    render.render_profiles(
        profiles, list(THEMES), tmp_path, templates=TEMPLATES, pdf=False, languages=plans
    )
    assert sorted(p.name for p in (tmp_path / "myyja").iterdir()) == [
        "myyja.en.html",
        "myyja.fi.html",
        "myyja.sv.html",
    ]
    assert sorted(p.name for p in (tmp_path / "kokki").iterdir()) == [
        "kokki.en.html",
        "kokki.fi.html",
    ]
    kokki = parse_html((tmp_path / "kokki" / "kokki.fi.html").read_text(encoding="utf-8"))
    assert {
        a.attrs["hreflang"] for a in kokki.find("nav").find_all("a") if "hreflang" in a.attrs
    } == {"en"}
    sv = parse_html((tmp_path / "myyja" / "myyja.sv.html").read_text(encoding="utf-8"))
    assert sv.find("html").attrs["lang"] == "sv"
    assert "Framtida kompetensprofil" in sv.text()
    nav = [(a.attrs.get("hreflang"), a.attrs["href"]) for a in sv.find("nav").find_all("a")]
    # No Swedish index: "all profiles" leads to the Finnish one, and says so.
    assert ("fi", "../index.html") in nav and ("en", "myyja.en.html") in nav


def test_dates_and_roles_in_the_page_language():
    review = Review("approved", approvals=(ReviewEntry("head_of_field", dt.date(2023, 4, 13)),))
    said = {
        lang: page(make_profile(), lang, review=review).find("footer", class_="colophon").text()
        for lang in ("fi", "en", "sv")
    }
    assert "toimialapäällikkö 13.4.2023" in said["fi"]
    assert "head of field 13 April 2023" in said["en"]
    assert "branschchef 13 april 2023" in said["sv"]


# --- one vocabulary --------------------------------------------------------------------------


def test_trend_marks_have_symbol_and_word_and_growth_is_another_word():
    profile = make_profile(previous_cycle=2019)
    doc = page(profile, "en")
    marks = {m.attrs["data-mark"]: m.text() for m in doc.find_all("span", class_="mark")}
    assert marks["new"] == "★ new" and marks["rising"] == "▲ up"
    assert marks["falling"] == "▼ down" and marks["steady"] == "= unchanged"
    legend = {
        d.attrs["data-legend"]: d.text() for d in doc.find_all("div") if "data-legend" in d.attrs
    }
    assert "higher than in the 2019 survey" in legend["rising"]
    assert "from now to the future" in legend["growth"]
    assert "1 = not needed … 5 = essential" in legend["scale"]
    glance = doc.find("section", class_="glance")
    assert "Need grows most" in glance.text() and "up" not in glance.find("h3").text()
    # The scale's anchors come before the first figure on the page.
    html = str(doc.find("main").text())
    assert html.index("1 = not needed") < html.index(glance.find("data").text())


@pytest.mark.parametrize("previous", [None, 2019])
@pytest.mark.parametrize("evidence", [False, True])
def test_every_mark_on_a_page_has_a_legend_entry(previous, evidence):
    from evidence_factories import with_page_evidence

    divided = replace(
        make_item("Hajanaisesti arvioitu", "digitaidot", __import__("random").Random(5)),
        sd_future=1.4,
    )
    profile = replace(
        make_profile(previous_cycle=previous, extra_items=(divided,)),
        emerging=True,
    )
    if evidence:  # qualification requirements, gaps, pending review, job ads, quotes
        profile = with_page_evidence(profile)
    for lang in ("fi", "en", "sv"):
        docs = [page(profile, lang), page(profile, lang, draft=True), *sheet_pages(profile, lang)]
        for doc in docs:
            used, explained = legend_covers_marks(doc)
            assert used and used <= explained, used - explained


def test_the_count_is_in_the_header_once_and_per_item_only_where_it_differs():
    profile = make_profile(n_suppressed=2)
    doc = page(profile, "en")
    facts = doc.find("dl", class_="facts").text()
    assert f"{profile.n_organisations} organisations" in facts
    counted = {
        d.attrs["data-item"]: d.text()
        for d in doc.find_all("data")
        if d.attrs["data-measure"] == "n_organisations"
    }
    expected = {
        i.item_id: str(i.n_organisations)
        for i in profile.items
        if i.n_organisations != profile.n_organisations and not i.suppressed
    }
    assert counted == expected and expected  # suppressed items keep their count hidden
    headers = [th.text() for th in doc.find("table", class_="items").find_all("th", scope="col")]
    assert not any("Organisations" in h for h in headers)


def test_agreement_mark_from_the_spread_with_the_threshold():
    rng = __import__("random").Random(2)
    wide = replace(make_item("Laajasti hajoava", "digitaidot", rng), sd_future=DIVIDED_SD)
    narrow = replace(make_item("Yksimielinen", "digitaidot", rng), sd_future=DIVIDED_SD - 0.01)
    hidden = replace(
        make_item("Salattu", "digitaidot", rng, suppressed=True), sd_future=1.9, sd_now=1.9
    )
    doc = page(make_profile(extra_items=(wide, narrow, hidden)), "en")
    rows = {
        r.find("span", class_="item-text").find("span", lang="fi").text(): r
        for r in doc.find_all("tr")
        if r.find("th", scope="row")
    }
    assert rows["Laajasti hajoava"].find("span", class_="mark-divided").text() == "≠ views differ"
    spread = rows["Laajasti hajoava"].find("data", **{"data-measure": "sd_future"})
    assert spread.attrs["value"] == "1.00" and spread.text() == "1.0"  # open data, page
    assert rows["Yksimielinen"].find("span", class_="mark-divided") is None
    assert rows["Salattu"].find("span", class_="mark-divided") is None
    assert "1.9" not in rows["Salattu"].text()


def test_no_internals_and_surveys_named_in_words():
    profile = replace(
        make_profile(),
        surveys=(
            SurveyRef(
                2022,
                "matkailu",
                "vastuullisen-matkailun-koordinaattori",
                None,
                "Matkailu",
                "Vastuullisen matkailun koordinaattori",
            ),
            SurveyRef(2022, "ict", "ict-tukihenkilo", "ICT-alan osaamiskartoitus 2022"),
        ),
    )
    for lang in ("fi", "en"):
        doc = page(profile, lang)
        text = doc.text()
        assert "sha256" not in text and profile.rules_version[7:20] not in text
        assert "vastuullisen-matkailun-koordinaattori" not in text and "ict-tukihenkilo" not in text
        sources = [li.text() for li in doc.find("ul", class_="sources").find_all("li")]
        assert sources[0].startswith("Matkailu – Vastuullisen matkailun koordinaattori (2022)")
        assert sources[1].startswith("ICT-alan osaamiskartoitus 2022")


# --- drafts say the truth ------------------------------------------------------------------


REVIEWER = ReviewEntry("teacher", dt.date(2023, 3, 25), comments="Ruotsin kieli puuttuu.")


@pytest.mark.parametrize(
    "review, says",
    [
        (Review("approved", approvals=(REVIEWER,)), ["Review: Approved", "teacher 25 March 2023"]),
        (
            Review(
                "stale",
                earlier=REVIEWER,
                changes=(ReviewChange("added", "Vähentää ruokahävikkiä", "theme vastuullisuus"),),
            ),
            [
                "Review: Out of date",
                "1 changes",
                "added: Vähentää ruokahävikkiä",
                "theme vastuullisuus",
            ],
        ),
        (
            Review("changes_requested", requests=(REVIEWER,)),
            ["Review: Changes requested", "teacher 25 March 2023", "Ruotsin kieli puuttuu."],
        ),
        (None, ["Review: Not done yet", "Nobody has reviewed this version yet."]),
    ],
)
def test_drafts_say_where_the_review_stands(review, says):
    doc = page(make_profile(), "en", review=review, draft=True)
    status = doc.find("section", class_="review-status").text()
    for words in says:
        assert words in status
    assert "not been reviewed" not in doc.text()
    banner = doc.find("div", class_="draft-banner").text()
    assert banner.startswith("LUONNOS / DRAFT") and "not a published page" in banner
    assert page(make_profile(), "en", review=review).find("section", class_="review-status") is None
    sheet = sheet_pages(make_profile(), "en", review=review, draft=True)[0]
    assert says[0] + "." in sheet.find("p", class_="cv-review").text()


# --- qualification links -------------------------------------------------------------------


@pytest.mark.parametrize(
    "qualification, href",
    [
        (
            Qualification({"fi": "Matkailualan perustutkinto"}, "361104", eperusteet_id=7846215),
            "https://eperusteet.opintopolku.fi/#/en/ammatillinen/7846215/tiedot",
        ),
        (Qualification({"fi": "Tutkinto"}, url="https://eperusteet.opintopolku.fi/"), None),
        (
            Qualification({"fi": "Tutkinto"}, url="https://example.org/tutkinnot/kokki"),
            "https://example.org/tutkinnot/kokki",
        ),
        (Qualification({"fi": "Tutkinto"}), None),
    ],
)
def test_qualification_links_only_to_its_own_page(qualification, href):
    doc = page(replace(make_profile(), qualification=qualification), "en")
    fact = [f for f in doc.find_all("div", class_="fact") if "Qualification" in f.text()][0]
    link = fact.find("a")
    assert (link.attrs["href"] if link else None) == href


# --- the two-page sheet ----------------------------------------------------------------------


def test_sheet_page_one_holds_the_strongest_per_theme_and_page_two_the_rest():
    profile = make_profile(previous_cycle=2019)
    view = views.profile_view(profile, list(THEMES), views.Language(CATALOGUE, "fi"))
    sheet = views.cv_sheet(view, per_theme=2)
    for first, section in zip(
        sheet.strongest, (s for s in view.sections if any(i.figures for i in s.items)), strict=True
    ):
        assert first.items == tuple(i for i in section.items if i.figures)[:2]
    shown = [i.item_id for th in (*sheet.strongest, *sheet.rest) for i in th.items]
    assert sorted(shown) == sorted(i.item_id for i in profile.items)  # each exactly once
    tight = views.cv_sheet(view, per_theme=1, rest_limit=3)
    assert sum(len(th.items) for th in tight.rest) == 3
    assert (
        tight.not_listed
        == sum(th.hidden for th in tight.rest)
        == len(profile.items) - 3 - len(tight.strongest)
    )
    variants = views.sheet_variants(view)
    assert [(v.per_theme, v.evidence) for v in variants] == [
        (3, False), (2, False), (3, False), (2, False), (1, False), (1, False), (2, False),
        (1, False), (1, False)
    ]  # fmt: skip


def test_the_pdf_stage_keeps_the_first_variant_that_fits(tmp_path):
    from pipeline import pdf

    long = (
        "<html lang='fi'><head><title>x</title></head><body>"
        + "<p>rivi</p>" * 400
        + "</body></html>"
    )
    short = "<html lang='fi'><head><title>x</title></head><body><p>lyhyt</p></body></html>"
    job = pdf.PdfJob(
        long,
        str(tmp_path / "a.pdf"),
        "a/a.fi.html",
        str(TEMPLATES),
        fallbacks=(long, short),
        max_pages=1,
    )
    result = pdf.write_pdf(job)
    assert (result.variant, result.pages) == (2, 1)
    kept = pdf.write_pdf(replace(job, target=str(tmp_path / "b.pdf"), fallbacks=(long,)))
    assert kept.variant == 1 and kept.pages > 1  # the last one is kept whatever its length
