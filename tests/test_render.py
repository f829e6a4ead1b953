"""pipeline.render: views, the template contract, escaping, the URL fetcher, PDFs, skip-if-unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.server
import os
import random
import re
import shutil
import subprocess
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from confidentiality import pdf_streams
from factories import THEMES, make_item, make_profile, make_profiles, parse_html

from pipeline import figures, pdf, render, views
from pipeline.errors import ConfigError
from pipeline.i18n import Translator, load_catalogue, missing_translations
from pipeline.model import ProfileItem, Review, ReviewEntry
from pipeline.project import REPO_ROOT

TEMPLATES = REPO_ROOT / "templates"
CATALOGUE = load_catalogue(TEMPLATES / "strings.yaml")
APPROVED = Review("approved", approvals=(ReviewEntry("teacher", dt.date(2025, 1, 2)),))
HOSTILE = (
    '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:9/x.css"> '
    "<script>alert(1)</script> Ä & ö"
)


def page_html(profile, lang="fi", **kwargs) -> str:
    page = views.cv_page(profile, list(THEMES), CATALOGUE, lang, **kwargs)
    env = render.make_environment(TEMPLATES)
    return render.render_template(
        env, render.CV_TEMPLATE, page=page, meta=page.meta, t=Translator(CATALOGUE, lang)
    )


def item_text(node) -> str:
    """The text of an item element, without the "in Finnish" mark of a fallback."""
    inner = next((c for c in node.find_all("span") if c.attrs.get("lang")), None)
    return (inner or node).text()


def rows_of(doc):
    """item text -> its table row."""
    return {
        item_text(row.find("span", class_="item-text")): row
        for row in doc.find_all("tr")
        if row.find("th", scope="row")
    }


# --- views --------------------------------------------------------------------------------


def test_sections_follow_theme_order_with_unthemed_last():
    shuffled = [replace(th, order=10 - th.order) for th in THEMES]  # reverse the CV order
    view = views.profile_view(make_profile(), shuffled, views.Language(CATALOGUE, "fi"))
    expected = [th.id for th in sorted(shuffled, key=lambda th: th.order)] + [views.UNTHEMED]
    assert [s.id for s in view.sections] == expected
    assert view.sections[-1].label.text == CATALOGUE["unthemed_label"]["fi"]


def test_items_by_future_importance_and_suppressed_last():
    profile = make_profile(n_suppressed=3)
    by_text = {i.item: i for i in profile.items}
    view = views.profile_view(profile, list(THEMES), views.Language(CATALOGUE, "en"))
    for section in view.sections:
        items = [by_text[i.text.text] for i in section.items]
        shown = [i for i in items if not i.suppressed]
        assert items == shown + [i for i in items if i.suppressed]
        futures = [i.mean_future for i in shown]
        assert futures == sorted(futures, reverse=True)


def test_suppressed_items_have_text_but_no_figures_anywhere():
    # The store withholds both means (docs/figures.md): the item is listed without figures
    # and, having no published figures, never reaches the lists at a glance.
    secret = ProfileItem(
        item_id="text:salainen",
        item="Poronhoidon erikoisosaaminen",
        kind="skill",
        area=None,
        theme="perusosaaminen",
        tags=(),
        n_organisations=2,
        mean_now=None,
        mean_future=None,
        change=None,
        suppressed=True,
    )
    profile = make_profile(extra_items=(secret,))
    for lang in ("fi", "en"):
        html = page_html(profile, lang)
        doc = parse_html(html)
        row = rows_of(doc)[secret.item]
        assert not re.search(r"\d", row.text()), row.text()
        assert row.find("td", class_="suppressed") is not None
        for figure in ("4,9", "4.9", "1,1", "1.1", "3,7", "3.7"):
            assert figure not in row.text()
        glance = doc.find("section", class_="glance")
        assert secret.item not in glance.text()
        note = doc.find("div", **{"data-legend": "suppressed"}).text()
        assert "3" in note  # the legend names min_organisations


def test_growing_lists_the_largest_changes_now_to_future():
    profile = make_profile(n_suppressed=0)
    view = views.profile_view(profile, list(THEMES), views.Language(CATALOGUE, "fi"))
    expected = sorted((i for i in profile.items if i.change > 0), key=lambda i: -i.change)[
        : views.GLANCE_COUNT
    ]
    assert [r.text.text for r in view.glance.growing] == [i.item for i in expected]
    important = sorted(profile.items, key=lambda i: -i.mean_now)[: views.GLANCE_COUNT]
    assert [r.text.text for r in view.glance.important] == [i.item for i in important]
    shrinking = sorted(
        (i for i in profile.items if figures.page(i.change) < 0), key=lambda i: i.change
    )
    assert [r.text.text for r in view.glance.shrinking] == [i.item for i in shrinking][:5]


def test_a_figure_withheld_alone_is_a_dash_and_the_other_is_shown():
    # Now rests on 4 organisations, the future on 2: only the now figure may be published.
    half = ProfileItem(
        item_id="text:puolittain",
        item="Puolittain julkaistava osaaminen",
        kind="skill",
        area=None,
        theme="perusosaaminen",
        tags=(),
        n_organisations=4,
        n_now=4,
        n_future=2,
        mean_now=3.25,
        mean_future=None,
        change=None,
        suppressed=True,
    )
    doc = parse_html(page_html(make_profile(extra_items=(half,)), "fi"))
    row = rows_of(doc)[half.item]
    marked = row.find_all("data")
    assert [(d.attrs["data-measure"], d.attrs["value"], d.text()) for d in marked] == [
        ("mean_now", "3.25", "3,3")
    ]
    assert "–" in row.text() and row.find("svg") is None  # no chart without both means


def test_numbers_follow_the_page_language():
    assert figures.fmt_number(3.26, "fi") == "3,3"
    assert figures.fmt_number(3.46, "en") == "3.5"
    assert figures.fmt_change(-0.34, "fi") == "−0,3"
    assert figures.fmt_change(0.04, "en") == "±0.0"
    assert figures.fmt_change(1.0, "en") == "+1.0"


def test_changes_section_only_after_a_first_cycle():
    first = parse_html(page_html(make_profile()))
    assert first.find("section", class_="changes") is None
    profile = make_profile(previous_cycle=2019)
    changes = parse_html(page_html(profile, "en")).find("section", class_="changes")
    text = changes.text()
    assert "2019" in text
    for trend in ("new", "rising", "falling"):
        for item in (i for i in profile.items if i.trend == trend):
            assert item.item in text
    for dropped in profile.dropped_items:
        assert dropped in text
    marks = {m.text() for m in parse_html(page_html(profile, "en")).find_all("span", class_="mark")}
    assert {"★ new", "▲ up", "▼ down", "= unchanged"} <= marks


def test_method_box_and_header_facts():
    profile = make_profile()
    doc = parse_html(page_html(profile, "en"))
    method = doc.find("section", class_="method").text()
    assert "1 = not needed" in method and "5 = essential" in method
    assert str(profile.next_update) in method
    assert "March–May 2022" in method and profile.horizon in method  # dates in English
    html = page_html(profile, "en")
    assert "sha256" not in html and profile.rules_version[7:19] not in html  # no internals
    facts = doc.find("dl", class_="facts").text()
    for value in (
        profile.region,
        str(profile.cycle),
        f"{profile.n_organisations} organisations",
        profile.horizon,
    ):
        assert value in facts


def test_colophon_says_who_approved_in_the_page_language():
    import datetime as dt

    pending = parse_html(page_html(make_profile(), "fi")).find("footer", class_="colophon").text()
    assert CATALOGUE["review_state_missing"]["fi"] in pending
    review = Review(
        "approved",
        approvals=(
            ReviewEntry("head_of_field", dt.date(2025, 3, 1)),
            ReviewEntry("teacher", dt.date(2025, 3, 4)),
        ),
    )
    colophon = {
        lang: parse_html(page_html(make_profile(), lang, review=review))
        .find("footer", class_="colophon")
        .text()
        for lang in ("fi", "en")
    }
    assert "toimialapäällikkö 1.3.2025; opettaja 4.3.2025" in colophon["fi"]
    assert "head of field 1 March 2025; teacher 4 March 2025" in colophon["en"]
    assert "head of field" not in colophon["fi"] and "toimiala" not in colophon["en"]


def test_draft_banner_on_screen_and_on_every_pdf_page_rule():
    draft = page_html(make_profile(), "fi", draft=True)
    doc = parse_html(draft)
    assert doc.find("div", class_="draft-banner").text().startswith("LUONNOS / DRAFT")
    assert re.search(r"@page\s*{\s*@top-center\s*{\s*content:\s*\"LUONNOS / DRAFT\"", draft)
    final = page_html(make_profile(), "fi")
    assert "LUONNOS" not in final and "draft-banner" not in final


# --- languages ------------------------------------------------------------------------------


def test_lang_attributes_mark_finnish_text_on_the_english_page():
    profile = make_profile(title={"fi": "Matkailupalvelujen tuottaja"})  # no English title
    en = parse_html(page_html(profile, "en"))
    assert en.find("html").attrs["lang"] == "en"
    title = en.find("h1")
    assert title.find("span", lang="fi").text() == profile.title["fi"]
    assert title.find("span", class_="mark-untranslated").text() == "in Finnish"
    items = en.find_all("span", class_="item-text")
    assert items and all(i.find("span", lang="fi") for i in items)
    assert all(i.find("span", class_="mark-untranslated") for i in items)
    assert en.find("div", **{"data-legend": "untranslated"}) is not None
    fi = parse_html(page_html(profile, "fi"))
    assert fi.find("html").attrs["lang"] == "fi"
    assert not [n for n in fi.iter() if n.attrs.get("lang") and n.tag != "html" and n.tag != "a"]
    assert fi.find("span", class_="mark-untranslated") is None
    switch = fi.find("a", hreflang="en")
    assert switch.attrs["href"] == f"{profile.id}.en.html" and switch.attrs["lang"] == "en"


def test_missing_translations_are_reported(tmp_path):
    strings = tmp_path / "strings.yaml"
    strings.write_text(
        "site_title:\n  fi: Profiilit\n  en: Profiles\nrising_title:\n  fi: Nousevat\n",
        encoding="utf-8",
    )
    catalogue = load_catalogue(strings)
    profile = make_profile(title={"fi": "Kokki"})
    theme = replace(THEMES[0], label={"fi": "Perusosaaminen"})
    missing = {(m.where, m.lang) for m in missing_translations(catalogue, [profile], [theme])}
    assert missing == {
        ("templates/strings.yaml › rising_title", "en"),
        (f"profile {profile.id} › title", "en"),
        (f"theme {theme.id} › label", "en"),
    }
    assert not missing_translations(CATALOGUE, [make_profile()], THEMES)


def test_unknown_string_key_fails_with_its_name():
    with pytest.raises(ConfigError) as err:
        Translator(CATALOGUE, "fi")("no_such_string")
    assert "no_such_string" in "\n".join(err.value.lines())


# --- the template contract and escaping --------------------------------------------------------


def test_a_key_the_view_lacks_fails_with_file_and_line(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    cv = templates / render.CV_TEMPLATE
    cv.write_text(
        cv.read_text(encoding="utf-8").replace(
            "{{ profile_body(page.profile, 1) }}",
            "{{ profile_body(page.profile, 1) }}\n{{ page.profile.no_such_key }}",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        render.render_profiles(
            [make_profile()], list(THEMES), tmp_path / "out", templates=templates, pdf=False
        )
    message = "\n".join(err.value.lines())
    assert "cv_profile.html.j2" in message and "no_such_key" in message and "row 7" in message
    assert not (tmp_path / "out" / make_profile().id).exists()


def test_every_view_field_is_documented():
    from pipeline import publish
    from pipeline.views import cv, evidence, items, marks, page, profile, review, site

    view_classes = [
        obj
        for module in (render, page, profile, site, publish, cv, items, marks, review, evidence)
        for obj in vars(module).values()
        if dataclasses.is_dataclass(obj)
        and obj.__module__ == module.__name__
        and not obj.__name__.startswith("_")
        and obj.__name__ not in {"PdfJob", "PdfResult"}
    ]
    assert len(view_classes) > 15
    for view in view_classes:
        for f in dataclasses.fields(view):
            assert re.search(rf"\b{f.name}\b", view.__doc__ or ""), (
                f"{view.__name__}.{f.name} is undocumented"
            )


def test_hostile_item_text_is_escaped():
    hostile = make_item(HOSTILE, "digitaidot", random.Random(1))
    html = page_html(make_profile(extra_items=(hostile,)), "en")
    doc = parse_html(html)
    assert not doc.find_all("img") and not doc.find_all("script")
    assert [link.attrs["href"] for link in doc.find_all("link", rel="stylesheet")] == [
        "../assets/osaaja.css",
        "../assets/overview.css",
        "../assets/screen.css",
        "../assets/print.css",
    ]
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert HOSTILE in [item_text(s) for s in doc.find_all("span", class_="item-text")]


def _config_error(profiles, themes, tmp_path) -> str:
    with pytest.raises(ConfigError) as err:
        render.render_profiles(profiles, themes, tmp_path, templates=TEMPLATES, pdf=False)
    return "\n".join(err.value.lines())


def test_bad_ids_and_unknown_themes_are_config_errors(tmp_path):
    assert "URL-safe slug" in _config_error([make_profile("../etc")], list(THEMES), tmp_path)
    assert "more than one profile" in _config_error(
        [make_profile(), make_profile()], list(THEMES), tmp_path
    )
    assert "themes.yaml does not define" in _config_error(
        [make_profile()], list(THEMES[1:]), tmp_path
    )
    bad_colour = replace(THEMES[0], colour="red; background: url(http://x)")
    assert "#rrggbb" in _config_error([make_profile()], [bad_colour, *THEMES[1:]], tmp_path)
    assert not any(tmp_path.iterdir())


# --- the URL fetcher ------------------------------------------------------------------------------


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        body = b"p { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    _CountingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.hits
    server.shutdown()


def _unescaped_page(server: str, secret: Path) -> str:
    # What the template would produce if escaping were ever lost.
    return f"""<!DOCTYPE html><html lang="fi"><head><title>x</title>
<link rel="stylesheet" href="../assets/osaaja.css">
<link rel="stylesheet" href="{server}/evil.css">
<link rel="attachment" href="{secret.as_uri()}">
</head><body><p>Teksti</p><img src="{secret.as_uri()}" alt=""><img src="../../../../{secret}" alt="">
<img src="{server}/pixel.png" alt=""></body></html>"""


def test_fetcher_serves_only_template_assets(tmp_path, http_server):
    server, hits = http_server
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711", encoding="utf-8")
    job = pdf.PdfJob(
        html=_unescaped_page(server, secret),
        target=str(tmp_path / "x.pdf"),
        page_path="p/p.fi.html",
        templates=str(TEMPLATES),
    )
    result = pdf.write_pdf(job)
    assert hits == []
    assert f"{server}/evil.css" in result.refused and secret.as_uri() in result.refused
    assert not any("osaaja.css" in url for url in result.refused)
    data = Path(job.target).read_bytes()
    assert b"TOP-SECRET-4711" not in data and not any(
        b"TOP-SECRET-4711" in s for s in pdf_streams(data)
    )
    assert b"EmbeddedFile" not in data and not any(b"EmbeddedFile" in s for s in pdf_streams(data))


def test_a_failing_pdf_is_a_message_not_a_traceback(tmp_path):
    from pipeline.errors import RenderFailure

    job = pdf.PdfJob(
        html="<p>x</p>",
        target=str(tmp_path / "missing" / "x.pdf"),
        page_path="x/x.fi.html",
        templates=str(TEMPLATES),
    )
    with pytest.raises(RenderFailure) as err:
        pdf.write_pdfs([job, replace(job, html="<p>y</p>")], workers=2)
    assert "x/x.fi.html: FileNotFoundError" in "\n".join(err.value.lines())
    assert err.value.exit_code == 4  # a bug to report, not bad data


def test_without_the_fetcher_weasyprint_would_fetch(tmp_path, http_server):
    """The control for the test above: the hostile page does reach out with WeasyPrint's default."""
    import weasyprint

    server, hits = http_server
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711", encoding="utf-8")
    weasyprint.HTML(
        string=_unescaped_page(server, secret), base_url=str(tmp_path / "p.html")
    ).write_pdf()
    assert "/evil.css" in hits


# --- PDFs: metadata, tags, determinism ---------------------------------------------------------


@pytest.fixture(scope="module")
def two_pdf_builds(tmp_path_factory):
    """The same small draft profile, with a hostile item, rendered twice into different
    folders (4 short PDFs)."""
    hostile = make_item(HOSTILE, "digitaidot", random.Random(3))
    profile = make_profile(n_items=6, n_suppressed=1, extra_items=(hostile,))
    outs, reports = [], []
    for name in ("a", "b"):
        out = tmp_path_factory.mktemp(name)
        reports.append(
            render.render_profiles(
                [profile], list(THEMES), out, templates=TEMPLATES, draft=True, workers=2
            )
        )
        outs.append(out)
    return profile, outs, reports


def test_hostile_text_makes_the_pdf_fetch_nothing(two_pdf_builds):
    profile, (a, _), reports = two_pdf_builds
    assert [r.warnings for r in reports] == [(), ()]  # no URL was even asked for
    if shutil.which("pdftotext"):
        pdf = a / profile.id / f"{profile.id}.en.pdf"
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert '<img src="file:///etc/passwd">' in text  # drawn as text, not loaded


def test_pdfs_are_identical_across_builds(two_pdf_builds):
    profile, (a, b), _ = two_pdf_builds
    for lang in ("fi", "en"):
        for ext in ("html", "pdf"):
            name = f"{profile.id}/{profile.id}.{lang}.{ext}"
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_pdf_is_tagged_pdf_ua_with_title_language_and_author(two_pdf_builds):
    profile, (a, _), _ = two_pdf_builds
    data = (a / profile.id / f"{profile.id}.en.pdf").read_bytes()
    plain = b"\n".join([data, *pdf_streams(data)])
    assert data.startswith(b"%PDF-1.7")
    assert b"/StructTreeRoot" in plain and b"/MarkInfo" in plain
    assert b'pdfuaid:part="1"' in plain or b"<pdfuaid:part>1</pdfuaid:part>" in plain
    assert b"/Lang (en)" in plain
    assert b"Tourism service producer" in plain  # dc:title in XMP
    assert CATALOGUE["author"]["en"].encode() in plain
    assert b"CreationDate" not in plain and b"ModDate" not in plain


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed"
)
def test_draft_banner_on_every_pdf_page(two_pdf_builds):
    profile, (a, _), _ = two_pdf_builds
    pdf = a / profile.id / f"{profile.id}.fi.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [
        "".join(p.split()) for p in text.split("\f") if p.strip()
    ]  # letter-spacing splits words
    assert len(pages) >= 2 and all("LUONNOS/DRAFT" in p for p in pages)
    assert all(p.endswith(f"{n}/{len(pages)}") for n, p in enumerate(pages, 1))  # page numbers


# --- skip if unchanged -----------------------------------------------------------------------------


def _mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def test_unchanged_profiles_are_skipped(tmp_path):
    out = tmp_path / "profiles"
    profiles = make_profiles(3)
    first = render.render_profiles(profiles, list(THEMES), out, templates=TEMPLATES, pdf=False)
    assert sorted(first.rendered) == sorted(p.id for p in profiles) and not first.skipped
    before = _mtimes(out)

    again = render.render_profiles(profiles, list(THEMES), out, templates=TEMPLATES, pdf=False)
    assert again.rendered == () and sorted(again.skipped) == sorted(p.id for p in profiles)
    assert _mtimes(out) == before

    changed = [profiles[0], replace(profiles[1], items=profiles[1].items[1:]), profiles[2]]
    report = render.render_profiles(changed, list(THEMES), out, templates=TEMPLATES, pdf=False)
    assert report.rendered == (profiles[1].id,)
    report = render.render_profiles(
        changed,
        list(THEMES),
        out,
        templates=TEMPLATES,
        pdf=False,
        reviews={profiles[2].id: APPROVED},
    )
    assert report.rendered == (profiles[2].id,)
    (out / profiles[0].id / f"{profiles[0].id}.en.html").unlink()
    report = render.render_profiles(
        changed,
        list(THEMES),
        out,
        templates=TEMPLATES,
        pdf=False,
        reviews={profiles[2].id: APPROVED},
    )
    assert report.rendered == (profiles[0].id,)
    report = render.render_profiles(changed[:2], list(THEMES), out, templates=TEMPLATES, pdf=False)
    assert report.removed == (profiles[2].id,) and not (out / profiles[2].id).exists()


def test_a_template_change_renders_everything_again(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    profiles = make_profiles(2)
    render.render_profiles(profiles, list(THEMES), tmp_path / "out", templates=templates, pdf=False)
    with (templates / "assets" / "osaaja.css").open("a", encoding="utf-8") as css:
        css.write("\n.new-rule { color: #000000; }\n")
    report = render.render_profiles(
        profiles, list(THEMES), tmp_path / "out", templates=templates, pdf=False
    )
    assert sorted(report.rendered) == sorted(p.id for p in profiles)
    assert ".new-rule" in (tmp_path / "out" / "assets" / "osaaja.css").read_text(encoding="utf-8")


def test_html_is_deterministic_and_pages_are_world_readable(tmp_path):
    profiles = make_profiles(2)
    for out in ("a", "b"):
        render.render_profiles(
            profiles, list(THEMES), tmp_path / out, templates=TEMPLATES, pdf=False
        )
    files = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    assert files and all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files
    )
    umask = os.umask(0)
    os.umask(umask)
    assert ((tmp_path / "a" / profiles[0].id).stat().st_mode & 0o777) == 0o777 & ~umask
