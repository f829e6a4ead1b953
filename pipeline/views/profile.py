"""The CV page of one profile: view dataclasses (the template contract) and the pure
functions that build them from ``pipeline.model``.

The web page carries everything (every item, its details); the two-page PDF is made from
the same ``ProfileView`` by ``pipeline.views.cv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from pipeline import figures
from pipeline.i18n import SOURCE_LANGUAGE, Catalogue, Text
from pipeline.model import Profile, ProfileItem, Review, ThemeInfo
from pipeline.pdf import ASSETS_DIR
from pipeline.translations import Catalogue as TextCatalogue
from pipeline.views import evidence as evidence_views
from pipeline.views.evidence import EvidenceView
from pipeline.views.items import (
    Figure,
    SectionView,
    figure,
    item_order,
    publishes_figures,
    section_views,
)
from pipeline.views.marks import LegendEntry, legend
from pipeline.views.page import (
    Alternate,
    Language,
    PageMeta,
    anchor_id,
    cv_page_name,
    index_name,
    language_label,
)
from pipeline.views.related import CvExtras, cv_extras
from pipeline.views.review import ReviewView, review_view
from pipeline.views.update import UpdateNote, update_note

GLANCE_COUNT = 5  # items in each list "at a glance"
EPERUSTEET_PAGE = "https://eperusteet.opintopolku.fi/#/{lang}/ammatillinen/{id}/tiedot"
EPERUSTEET_LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Fact:
    """One line of the profile header's facts list. label: UI text; value: the fact."""

    label: str
    value: Text


@dataclass(frozen=True)
class QualificationView:
    """The related qualification. name; code or None; url: its own page (ePerusteet when
    its id is known), or None: no link rather than a link to a front page."""

    name: Text
    code: str | None
    url: str | None


@dataclass(frozen=True)
class GlanceEntry:
    """One competence in a list at a glance.

    anchor: its row on the web page; item_id; text: in the page language; now, future,
    change: its figures (None when withheld).
    """

    anchor: str
    item_id: str
    text: Text
    now: Figure | None
    future: Figure | None
    change: Figure | None


@dataclass(frozen=True)
class GlanceView:
    """The profile at a glance. important: most needed now; growing: the need grows most
    from now to the future; shrinking: the need shrinks from now to the future."""

    important: tuple[GlanceEntry, ...]
    growing: tuple[GlanceEntry, ...]
    shrinking: tuple[GlanceEntry, ...]


@dataclass(frozen=True)
class MethodView:
    """How the profile was made, in a few lines.

    cycle: survey year; period, horizon: from the exports (or None); n_organisations:
    organisations behind the profile; min_organisations: suppression threshold;
    next_update: year the profile is due to be updated.
    """

    cycle: int
    period: Text | None
    horizon: Text | None
    n_organisations: int
    min_organisations: int
    next_update: int


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the changes section. text: the item; detail: figures, or None when suppressed."""

    text: Text
    detail: str | None


@dataclass(frozen=True)
class ChangesView:
    """Changes since the previous survey (only when the profile has a previous cycle).

    previous_cycle: the year compared with; new, rising, falling: item lines; dropped:
    items of the previous survey that are gone.
    """

    previous_cycle: int
    new: tuple[ChangeEntry, ...]
    rising: tuple[ChangeEntry, ...]
    falling: tuple[ChangeEntry, ...]
    dropped: tuple[Text, ...]


@dataclass(frozen=True)
class ProfileView:
    """Everything the CV of one profile shows.

    id: profile slug; anchor: prefix of element ids ("" on its own page, "<id>-" in the
    overview); title, description: in the page language or Finnish; emerging: composed
    from several surveys; facts: header facts; sources: the surveys, named in words;
    qualification, notes: optional; glance: the lists at a glance; legend: every figure
    and mark the page uses, explained; sections: CV sections in theme order;
    suppressed_count: items shown without figures; method: how it was made; changes: None
    for a first cycle; review: where its review stands; evidence: beside the survey
    (qualification requirements, job ads, interviews; ``views.evidence``), or None.
    """

    id: str
    anchor: str
    title: Text
    description: Text
    emerging: bool
    facts: tuple[Fact, ...]
    sources: tuple[Text, ...]
    qualification: QualificationView | None
    notes: Text | None
    glance: GlanceView
    legend: tuple[LegendEntry, ...]
    sections: tuple[SectionView, ...]
    suppressed_count: int
    method: MethodView
    changes: ChangesView | None
    review: ReviewView
    evidence: EvidenceView | None = None


@dataclass(frozen=True)
class CvPage:
    """Context of ``cv_profile.html.j2``. meta: head and navigation; profile: the body;
    update: an ``UpdateNote`` (a newer version in review, or an archived one) or None;
    extras: classification and related occupations (``views.related``), or None."""

    meta: PageMeta
    profile: ProfileView
    update: UpdateNote | None = None
    extras: CvExtras | None = None


# --- building views (pure) -------------------------------------------------------------


def glance_entry(item: ProfileItem, prefix: str, lang: Language) -> GlanceEntry:
    code = lang.code
    return GlanceEntry(
        anchor=anchor_id(prefix, "item", item.item_id),
        item_id=item.item_id,
        text=lang.text(item.item) or Text(item.item, code),
        now=figure(item.mean_now, "mean_now", code),
        future=figure(item.mean_future, "mean_future", code),
        change=figure(item.change, "change", code, signed=True),
    )


def glance_view(profile: Profile, prefix: str, lang: Language) -> GlanceView:
    """Most needed now, growing most, and shrinking (now → future), GLANCE_COUNT each."""
    shown = [i for i in profile.items if publishes_figures(i)]
    important = sorted(
        shown,
        key=lambda i: (-(i.mean_now or 0.0), -(i.mean_future or 0.0), i.item.casefold(), i.item_id),
    )
    moving = [i for i in shown if i.change is not None]
    growing = sorted(
        (i for i in moving if figures.page(i.change) > 0),
        key=lambda i: (-(i.change or 0.0), -(i.mean_future or 0.0), i.item.casefold(), i.item_id),
    )
    shrinking = sorted(
        (i for i in moving if figures.page(i.change) < 0),
        key=lambda i: (i.change or 0.0, i.item.casefold(), i.item_id),
    )
    return GlanceView(
        important=tuple(glance_entry(i, prefix, lang) for i in important[:GLANCE_COUNT]),
        growing=tuple(glance_entry(i, prefix, lang) for i in growing[:GLANCE_COUNT]),
        shrinking=tuple(glance_entry(i, prefix, lang) for i in shrinking[:GLANCE_COUNT]),
    )


def changes_view(profile: Profile, lang: Language) -> ChangesView | None:
    """New, rising, falling and dropped items since ``previous_cycle``; None for a first cycle."""
    if profile.previous_cycle is None:
        return None
    t, code = lang.t, lang.code

    def entry(item: ProfileItem, with_previous: bool) -> ChangeEntry:
        detail = None
        if item.mean_future is not None:
            if with_previous and item.previous_mean_future is not None:
                detail = t(
                    "changes_previous_to_now",
                    before=figures.fmt_number(item.previous_mean_future, code),
                    after=figures.fmt_number(item.mean_future, code),
                    previous=profile.previous_cycle,
                    cycle=profile.cycle,
                )
            else:
                detail = t("changes_future", value=figures.fmt_number(item.mean_future, code))
        return ChangeEntry(lang.text(item.item) or Text(item.item, code), detail)

    def of(trend: str) -> tuple[ChangeEntry, ...]:
        items = sorted((i for i in profile.items if i.trend == trend), key=item_order)
        return tuple(entry(i, trend != "new") for i in items)

    return ChangesView(
        previous_cycle=profile.previous_cycle,
        new=of("new"),
        rising=of("rising"),
        falling=of("falling"),
        dropped=tuple(
            lang.text(text) or Text(text, code)
            for text in sorted(profile.dropped_items, key=str.casefold)
        ),
    )


def qualification_view(profile: Profile, lang: Language) -> QualificationView | None:
    """The qualification, linked to its own page only: ePerusteet when its id is known,
    else an explicit URL that is more than a site's front page."""
    q = profile.qualification
    if q is None:
        return None
    url = None
    if q.eperusteet_id is not None:
        page_lang = lang.code if lang.code in EPERUSTEET_LANGUAGES else SOURCE_LANGUAGE
        url = EPERUSTEET_PAGE.format(lang=page_lang, id=q.eperusteet_id)
    elif q.url and q.url.startswith(("https://", "http://")):
        parts = urlsplit(q.url)
        if parts.path.strip("/") or parts.query or parts.fragment.strip("/"):
            url = q.url
    return QualificationView(name=lang.pick(q.name) or Text("", lang.code), code=q.code, url=url)


def source_names(profile: Profile, lang: Language) -> tuple[Text, ...]:
    """The surveys in words: the survey's name, else its field and occupation as the
    export writes them, in the page language when the catalogue has them."""
    names = []
    for s in profile.surveys:
        if s.name:
            names.append(lang.text(s.name))
            continue
        parts = [lang.text(v) for v in (s.field_name, s.occupation_name) if v]
        if parts:
            tongue = parts[0].lang if all(p.lang == parts[0].lang for p in parts) else "fi"
            names.append(Text(f"{' – '.join(p.text for p in parts)} ({s.cycle})", tongue))
        else:
            names.append(Text(lang.t("source_unnamed", year=s.cycle), lang.code))
    return tuple(dict.fromkeys(n for n in names if n is not None))


def header_facts(profile: Profile, lang: Language) -> tuple[Fact, ...]:
    t = lang.t
    facts = [Fact(t("fact_cycle"), Text(str(profile.cycle), lang.code))]
    for label, value in (
        ("fact_region", lang.text(profile.region)),
        ("fact_horizon", lang.text(profile.horizon)),
        ("fact_period", lang.period(profile.survey_period)),
    ):
        if value is not None:
            facts.append(Fact(t(label), value))
    facts.append(
        Fact(
            t("fact_organisations"),
            Text(t("fact_organisations_value", n=profile.n_organisations), lang.code),
        )
    )
    return tuple(facts)


def profile_view(
    profile: Profile,
    themes: Sequence[ThemeInfo],
    lang: Language,
    *,
    anchor: str = "",
    review: Review | None = None,
) -> ProfileView:
    """The whole CV of one profile in ``lang``."""
    sections = section_views(profile, themes, anchor, lang)
    sections = evidence_views.with_item_evidence(sections, profile, anchor, lang)
    evidence = evidence_views.evidence_view(profile, sections, anchor, lang)
    used = {m.key for s in sections for i in s.items for m in i.marks}
    used |= evidence.used if evidence is not None else set()
    used |= {"count"} if any(i.count for s in sections for i in s.items) else set()
    suppressed = sum(1 for i in profile.items if not publishes_figures(i))
    used |= {"suppressed"} if suppressed else set()
    used |= {"emerging"} if profile.emerging else set()
    facts = header_facts(profile, lang)
    sources = source_names(profile, lang)
    changes = changes_view(profile, lang)
    shown = [
        lang.pick(profile.title),
        lang.pick(profile.description),
        *(f.value for f in facts),
        *sources,
        *(s.label for s in sections),
        *(t for s in sections for i in s.items for t in (i.text, i.area)),
    ]
    if changes is not None:
        shown += [e.text for e in (*changes.new, *changes.rising, *changes.falling)]
        shown += list(changes.dropped)
    shown += evidence_views.shown_texts(evidence)
    if lang.code != SOURCE_LANGUAGE and any(
        t is not None and t.lang == SOURCE_LANGUAGE for t in shown
    ):
        used.add("untranslated")
    return ProfileView(
        id=profile.id,
        anchor=anchor,
        title=lang.pick(profile.title) or Text(profile.id, lang.code),
        description=lang.pick(profile.description) or Text("", lang.code),
        emerging=profile.emerging,
        facts=facts,
        sources=sources,
        qualification=qualification_view(profile, lang),
        notes=lang.pick(profile.notes),
        glance=glance_view(profile, anchor, lang),
        legend=legend(
            used,
            lang.t,
            previous_cycle=profile.previous_cycle,
            n_organisations=profile.n_organisations,
            min_organisations=profile.min_organisations,
            trend_threshold=profile.trend_threshold,
            extra=evidence_views.legend_values(evidence, lang),
        ),
        sections=sections,
        suppressed_count=suppressed,
        method=MethodView(
            cycle=profile.cycle,
            period=lang.period(profile.survey_period),
            horizon=lang.text(profile.horizon),
            n_organisations=profile.n_organisations,
            min_organisations=profile.min_organisations,
            next_update=profile.next_update,
        ),
        changes=changes,
        review=review_view(review, lang),
        evidence=evidence,
    )


def page_meta(
    profile: Profile,
    view: ProfileView,
    strings: Catalogue,
    lang: str,
    *,
    languages: Sequence[str],
    site_languages: Sequence[str],
    draft: bool,
    pdf: bool,
) -> PageMeta:
    """The head of a profile's page (pages live in ``<site>/<id>/``)."""
    lang_ = Language(strings, lang)
    index_lang = lang if lang in site_languages else SOURCE_LANGUAGE
    return PageMeta(
        lang=lang,
        title=f"{view.title.text} – {lang_.t('site_title')}",
        description=view.description.text,
        author=lang_.t("author"),
        assets_href=f"../{ASSETS_DIR}/",
        index_href=f"../{index_name(index_lang)}",
        index_lang=index_lang,
        alternates=tuple(
            Alternate(other, cv_page_name(profile.id, other), language_label(strings, other))
            for other in languages
            if other != lang
        ),
        pdf_href=cv_page_name(profile.id, lang, "pdf") if pdf else None,
        draft=draft,
    )


def cv_page(
    profile: Profile,
    themes: Sequence[ThemeInfo],
    strings: Catalogue,
    lang: str,
    *,
    texts: TextCatalogue | None = None,
    review: Review | None = None,
    draft: bool = False,
    pdf: bool = True,
    languages: Sequence[str] = ("fi", "en"),
    site_languages: Sequence[str] = ("fi", "en"),
    update: Any = None,
    related: Sequence[Any] = (),
    canonical: str | None = None,
) -> CvPage:
    """The context of one profile page in ``lang``; ``languages``: the languages this
    profile is published in (the language switch), ``site_languages``: those with an
    index; ``update``: the note of a page that is not the newest content
    (``views.update``); ``related``: ``views.related.plain_related`` rows; ``canonical``:
    the page's absolute address (a configured base URL), or None."""
    language = Language(strings, lang, texts)
    view = profile_view(profile, themes, language, review=review)
    meta = page_meta(
        profile,
        view,
        strings,
        lang,
        languages=languages,
        site_languages=site_languages,
        draft=draft,
        pdf=pdf,
    )
    extras = cv_extras(profile, related, language)
    return CvPage(
        meta=replace(meta, canonical=canonical),
        profile=view,
        update=update_note(update, profile.id, language.t),
        extras=extras or None,
    )
