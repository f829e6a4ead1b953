"""Evidence beside the survey on the CV pages (issue 16): per competence its requirements
(linked), gap or pending review, job-ad mentions and quotes; for schools and guidance the
qualification's coverage and gap; the employers' voice; every language; the legend; the
two-page sheet; and the kitchen project whose answer is known, built end to end."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from evidence_factories import (
    PAGE_QUOTES,
    QUALIFICATION_URL,
    UNIT_URL,
    kitchen_project,
    with_page_evidence,
)
from factories import THEMES, Node, make_profile, parse_html
from signoff_factories import write_signoff
from test_cv_pages import CATALOGUE, english, legend_covers_marks, page, sheet_pages

from pipeline import stages, views
from pipeline.stages import Run

MEASURES = {"mean_now", "mean_future", "change", "sd_future", "n_organisations"}


def words(node) -> str:
    """The text as a reader sees it (no spaces added between elements)."""

    def raw(n) -> str:
        return "".join(raw(c) if isinstance(c, Node) else c for c in n.children)

    return " ".join(raw(node).split())


def items(node, tag="li") -> list:
    return [c for c in node.children if isinstance(c, Node) and c.tag == tag]


def inside(node, tag: str, cls: str) -> bool:
    while node is not None:
        if node.tag == tag and cls in (node.attrs.get("class") or "").split():
            return True
        node = node.parent
    return False


def rows(doc) -> dict[str, Node]:
    """The competences table's rows by item text (its Finnish text on other pages)."""
    out = {}
    for row in doc.find_all("tr"):
        text = row.find("span", class_="item-text")
        if text is not None and row.find("th", class_="item") is not None:
            out[words(text.find("span") or text)] = row
    return out


def evidence_of(row) -> str:
    found = row.find("span", class_="item-evidence")
    return words(found) if found else ""


def legend_texts(doc) -> dict[str, str]:
    return {
        d.attrs["data-legend"]: words(d) for d in doc.find_all("div") if "data-legend" in d.attrs
    }


@pytest.fixture(scope="module")
def profile():
    return with_page_evidence(make_profile(previous_cycle=2019))


def by_coverage(profile, key):
    from pipeline.views.evidence import coverage_key

    return [i for i in profile.items if coverage_key(i) == key]


# --- per competence -------------------------------------------------------------------------


def test_each_competence_shows_its_evidence_beside_the_survey(profile):
    doc = page(profile, "fi")
    found = rows(doc)
    required = by_coverage(profile, "required")
    assert len(required) == 2
    for item in required:
        row = found[item.item]
        code = item.evidence.requirements[0].code
        assert evidence_of(row).startswith(f"§ tutkinnon perusteissa ammattitaitovaatimus {code}")
        link = row.find("a", class_="requirement-code")
        assert link.attrs["href"] == UNIT_URL and link.text().endswith(code)
    (pending,) = by_coverage(profile, "pending")
    assert evidence_of(found[pending.item]).startswith("? tarkistettavana")
    assert found[pending.item].find("span", class_="mark-gap") is None  # pending, not a gap
    for item in by_coverage(profile, "gap"):
        assert evidence_of(found[item.item]).startswith("! ei vielä perusteissa")
    for k, item in enumerate(profile.items):
        assert f"mainittu {k % 3}/12 ilmoituksessa" in evidence_of(found[item.item])
    (quoted,) = [i for i in profile.items if i.evidence.n_quotes]
    link = found[quoted.item].find("span", class_="item-evidence").find_all("a")[-1]
    assert link.attrs["href"] == "#voice" and link.text().endswith("lainauksia: 1")
    # The survey's own evidence is untouched: its figures and counts, no new measures.
    marked = {n.attrs["data-measure"] for n in doc.find_all("data")}
    assert marked <= MEASURES
    plain = parse_html(views_html(make_profile(previous_cycle=2019)))
    assert [n.attrs for n in plain.find_all("data")] == [
        n.attrs for n in doc.find_all("data") if not inside(n, "section", "coverage")
    ]


def views_html(profile, lang="fi"):
    from test_cv_pages import TEMPLATES

    from pipeline import render

    view = views.cv_page(profile, list(THEMES), CATALOGUE, lang)
    env = render.make_environment(TEMPLATES)
    return render.render_template(
        env, render.CV_TEMPLATE, page=view, meta=view.meta, t=views.Language(CATALOGUE, lang).t
    )


def test_a_profile_without_evidence_shows_none():
    doc = page(make_profile(), "fi")
    assert doc.find("span", class_="item-evidence") is None
    assert doc.find("section", class_="voice") is None
    assert doc.find("section", class_="coverage") is None
    assert doc.find("p", class_="method-evidence") is None
    assert not {"required", "gap", "pending", "ads", "quotes"} & set(legend_texts(doc))


# --- for schools and guidance ---------------------------------------------------------------


def test_schools_see_what_the_qualification_requires_and_what_it_does_not_yet_cover(profile):
    section = page(profile, "fi").find("section", class_="coverage")
    assert section.find("h2").text() == "Tutkinnon perusteet ja kasvavat osaamistarpeet"
    link = section.find("p", class_="coverage-qualification").find("a")
    assert link.attrs["href"] == QUALIFICATION_URL
    assert link.text() == "Ravintola- ja catering-alan perustutkinto"
    assert words(section.find("p", class_="coverage-qualification")) == (
        "Tutkinto: Ravintola- ja catering-alan perustutkinto (381204), diaarinumero OPH-1234-2024"
    )

    def listed(kind):
        found = section.find("ul", class_=f"coverage-{kind}")
        return [words(li.find("a")) for li in items(found)] if found else []

    gaps = sorted(by_coverage(profile, "gap"), key=lambda i: (-i.change, i.item.casefold()))
    assert listed("gaps") == [i.item for i in gaps]  # biggest growth first
    (pending,) = by_coverage(profile, "pending")
    assert listed("pending") == [pending.item]
    pending_row = section.find("ul", class_="coverage-pending").find("li")
    assert "? tarkistettavana (ehdotettu vaatimus 805)" in words(pending_row)
    heading = [h.text() for h in section.find_all("h3")]
    assert heading == [
        f"Kasvavat osaamiset, joita perusteet eivät vielä kata ({len(gaps) + 1})",
        "Jo tutkinnon perusteissa (2)",
    ]
    required = section.find("ul", class_="coverage-required")
    for item in by_coverage(profile, "required"):
        ref = item.evidence.requirements[0]
        entry = next(li for li in items(required) if words(li.find("a")) == item.item)
        assert entry.find("a", class_="requirement-code").attrs["href"] == ref.url
        assert words(entry.find("span", class_="requirement-text")) == ref.text["fi"]
        assert words(entry.find("span", class_="requirement-unit")) == (
            "(Ruokapalvelujen tuottaminen)"
        )


def test_employers_voice_quotes_with_date_role_and_kind_of_organisation(profile):
    section = page(profile, "fi").find("section", class_="voice")
    assert section.find("h2").text() == "Työelämän ääni"
    assert "haastatteluja: 2" in section.find("p", class_="intro").text()
    quotes = section.find_all("figure")
    assert [words(q.find("blockquote")) for q in quotes] == [t for t, _, _ in PAGE_QUOTES]
    first, second = [words(q.find("figcaption")) for q in quotes]
    (quoted,) = [i for i in profile.items if i.evidence.n_quotes]
    assert first == f"– Keittiöpäällikkö, Lounasravintola, 5.3.2024Liittyy: {quoted.item}"
    assert second == "– Esihenkilö, Hotelli, 6.3.2024Liittyy: Digitaidot"  # its theme
    assert quotes[1].find("a").attrs["href"] == "#theme-digitaidot"


# --- every language -------------------------------------------------------------------------


def test_requirement_texts_in_swedish_and_in_finnish_marked_on_english_pages(profile):
    refs = [i.evidence.requirements[0] for i in by_coverage(profile, "required")]
    sv = page(profile, "sv").find("section", class_="coverage")
    texts = sv.find_all("span", class_="requirement-text")
    assert sorted(words(t) for t in texts) == sorted(r.text["sv"] for r in refs)
    assert all(t.find("span", lang="fi") is None for t in texts)
    assert words(sv.find("p", class_="coverage-qualification").find("a")) == (
        "Grundexamen inom restaurang- och cateringbranschen"
    )
    en = page(profile, "en")
    listed = en.find("ul", class_="coverage-required").find_all("ul", class_="requirements")
    for entry in listed:  # the requirement and its unit in Finnish, marked once
        finnish = entry.find("span", lang="fi")
        assert words(finnish.find("span", class_="requirement-text")) in {
            r.text["fi"] for r in refs
        }
        assert words(finnish.find("span", class_="requirement-unit")) == (
            "(Ruokapalvelujen tuottaminen)"
        )
        assert [words(m) for m in entry.find_all("span", class_="mark-untranslated")] == [
            "in Finnish"
        ]
    assert len(listed) == len(refs)
    assert "in Finnish" in legend_texts(en)["untranslated"]
    voice = en.find("section", class_="voice")
    assert all(q.attrs["lang"] == "fi" for q in voice.find_all("blockquote"))
    assert "The quotes are shown in Finnish, as they were said." in words(voice)
    fi = page(profile, "fi").find("section", class_="voice")
    assert "lang" not in fi.find("blockquote").attrs


def test_every_new_mark_is_explained_in_the_legend_with_its_figures(profile):
    for lang in ("fi", "en", "sv"):
        for doc in (
            page(profile, lang),
            page(profile, lang, draft=True),
            *sheet_pages(profile, lang),
        ):
            used, explained = legend_covers_marks(doc)
            assert {"required", "gap", "pending", "ads", "quotes"} <= used
            assert used <= explained, used - explained
    legend = legend_texts(page(profile, "fi"))
    assert "ammatin 12 työpaikkailmoituksesta (1/2024–12/2025)" in legend["ads"]
    assert "vähintään 0,3" in legend["gap"]
    assert "January 2024 – December 2025" in legend_texts(page(profile, "en"))["ads"]


# --- the two-page CV ------------------------------------------------------------------------


def test_the_sheet_carries_the_marks_and_the_gap_and_leaves_the_quotes_to_the_web(profile):
    first = sheet_pages(profile, "fi")[0]
    box = first.find("section", class_="cv-evidence")
    text = words(box)
    gaps = sorted(by_coverage(profile, "gap"), key=lambda i: (-i.change, i.item.casefold()))
    (pending,) = by_coverage(profile, "pending")
    assert "Verrattu tutkintoon: Ravintola- ja catering-alan perustutkinto (381204)" in text
    assert "§ osaamisia perusteissa: 2." in text
    assert f"! ei vielä perusteissa: {'; '.join(i.item for i in gaps)}." in text
    assert f"? tarkistettavana: {pending.item}." in text
    assert "Ammatin työpaikkailmoituksia: 12 (1/2024–12/2025)." in text
    assert "Työelämän ääni (haastattelulainaukset): 2 verkkosivulla." in text
    assert first.find("blockquote") is None and first.find("section", class_="coverage") is None
    marks = [words(m) for m in first.find_all("span", class_="cv-evidence-marks")]
    assert "ilm. 0/12" not in " ".join(marks)  # ads only where they mention the competence
    assert any(re.fullmatch(r"! ei vielä perusteissa ilm\. [12]/12", m) for m in marks), marks
    assert any(m.startswith("§ tutkinnon perusteissa ammattitaitovaatimus 9000") for m in marks)
    # The overview's pages (the CV's page 1) leave the evidence to the profile's own page.
    view = views.profile_view(profile, list(THEMES), views.Language(CATALOGUE, "fi"))
    assert views.cv_sheet(view, 2, 0).evidence is False


def test_the_sheet_explains_in_finnish_only_when_it_shows_finnish(profile):
    texts = english(profile)  # every survey text translated; quotes and requirements are not
    web = page(profile, "en", texts=texts)
    assert "untranslated" in legend_texts(web)
    assert all(inside(m, "section", "coverage") or inside(m, "section", "voice")
               for m in web.find_all("span", class_="mark-untranslated"))  # fmt: skip
    for sheet in sheet_pages(profile, "en", texts=texts):
        assert sheet.find("span", class_="mark-untranslated") is None
        assert "untranslated" not in legend_texts(sheet)
    finnish = sheet_pages(profile, "en")[0]  # nothing translated: the sheet marks them
    assert finnish.find("span", class_="mark-untranslated") is not None
    assert "untranslated" in legend_texts(finnish)


# --- the kitchen project: an answer known by hand --------------------------------------------


@pytest.fixture(scope="module")
def kitchen_pages(tmp_path_factory):
    """The kitchen project built and published; and the same with the rejected proposal
    undecided (so it awaits review)."""
    built = {}
    for name in ("reviewed", "undecided"):
        project = kitchen_project(tmp_path_factory.mktemp(name))
        if name == "undecided":
            path = project.raw / "evidence" / "requirement_map.yaml"
            path.write_text(
                "\n".join(line for line in path.read_text().splitlines() if "806" not in line)
                + "\n"
            )
        stages.run_ingest(Run.of(project))
        write_signoff(project.raw / "signoffs", stages.load_profiles(Run.of(project))[0])
        lines = stages.run_build(Run.of(project), pdf=False).lines
        assert "published 1 profile(s)" in "\n".join(lines)
        built[name] = {
            lang: parse_html((project.site_dir / "kokki" / f"kokki.{lang}.html").read_text())
            for lang in ("fi", "en")
        }
    return built


def coverage_lists(doc) -> dict[str, list[str]]:
    section = doc.find("section", class_="coverage")
    out = {}
    for kind in ("gaps", "pending", "required"):
        found = section.find("ul", class_=f"coverage-{kind}")
        out[kind] = [words(li.find("a")) for li in items(found)] if found else []
    return out


def test_the_kitchen_page_lists_what_its_qualification_does_not_yet_cover(kitchen_pages):
    doc = kitchen_pages["reviewed"]["fi"]
    assert coverage_lists(doc) == {
        "gaps": [
            "Palvelee asiakkaita englanniksi",  # +2: its proposal was rejected
            "Hyödyntää lähiruokaa",  # +1
            "Käyttää keittiön tilaus- ja ohjausjärjestelmiä",  # +1
        ],
        "pending": [],
        "required": ["Vähentää ruokahävikkiä", "Noudattaa hygieniamääräyksiä"],
    }
    found = rows(doc)
    assert evidence_of(found["Vähentää ruokahävikkiä"]) == (
        "§ tutkinnon perusteissa ammattitaitovaatimus 802 mainittu 1/3 ilmoituksessa "
        "“ lainauksia: 1"
    )
    assert evidence_of(found["Hyödyntää lähiruokaa"]) == (
        "! ei vielä perusteissa mainittu 2/3 ilmoituksessa"
    )
    # Not growing and awaiting review (805): no coverage mark; withheld: never a gap.
    assert evidence_of(found["Tuntee ravitsemussuositukset"]) == "mainittu 0/3 ilmoituksessa"
    assert evidence_of(found["Säästää energiaa, vettä ja materiaaleja"]) == (
        "mainittu 0/3 ilmoituksessa"
    )


def test_an_undecided_proposal_is_pending_not_a_silent_gap(kitchen_pages):
    doc = kitchen_pages["undecided"]["fi"]
    lists = coverage_lists(doc)
    assert lists["pending"] == ["Palvelee asiakkaita englanniksi"]
    assert "Palvelee asiakkaita englanniksi" not in lists["gaps"]
    row = rows(doc)["Palvelee asiakkaita englanniksi"]
    assert evidence_of(row).startswith("? tarkistettavana")
    pending = doc.find("ul", class_="coverage-pending").text()
    assert "ehdotettu vaatimus 806" in pending


def test_the_kitchen_page_quotes_only_what_the_note_marks_publishable(kitchen_pages):
    for lang, doc in kitchen_pages["reviewed"].items():
        voice = doc.find("section", class_="voice")
        assert [words(q) for q in voice.find_all("blockquote")] == [
            "Hävikin vähentäminen on meille sekä raha- että arvokysymys.",
            "Englantia tarvitaan joka päivä.",
        ], lang
        html = words(doc.find("main"))
        for secret in ("Salakala", "jokainen kokki", "Maija", "Ravintola Salakala Oy"):
            assert secret not in html, (lang, secret)
    caption = kitchen_pages["reviewed"]["fi"].find("figcaption")
    assert words(caption).startswith("– Keittiöpäällikkö, Lounasravintola, 5.3.2024")


def test_a_version_rebuilt_from_its_signoff_shows_the_stores_evidence(profile):
    from pipeline import signoff, versions
    from pipeline.model import ItemEvidence, ProfileEvidence

    bare = replace(
        profile,
        evidence=ProfileEvidence(),
        items=tuple(replace(i, evidence=ItemEvidence()) for i in profile.items),
    )
    rebuilt = versions.with_evidence(bare, profile)
    assert rebuilt == profile
    assert signoff.content_hash(rebuilt) == signoff.content_hash(bare)  # not signed
