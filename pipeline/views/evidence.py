"""Evidence beside the survey on a profile's pages (docs/evidence.md): view dataclasses and
the pure functions that build them from ``pipeline.model``.

Per competence: the qualification requirements that cover it (codes linked to ePerusteet),
or that it is growing and not yet covered (a gap) or awaiting a reviewer (pending); in how
many of the occupation's job ads it is mentioned; how many interview quotes speak of it.
Per profile: for schools and guidance, what the qualification already requires and which
growing competences it does not yet cover; the employers' voice (publishable, anonymised
quotes); the ads counted. The survey's own evidence (organisations) stays in the figures.

Requirement texts come in Finnish and Swedish (ePerusteet); quotes are published as said,
in Finnish. A page in another language shows the Finnish text with ``lang="fi"`` and the
"in Finnish" mark, as it does for an untranslated survey text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pipeline import figures
from pipeline.i18n import SOURCE_LANGUAGE, Text
from pipeline.localise import MONTHS
from pipeline.model import Profile, ProfileItem, RequirementRef
from pipeline.views.items import Figure, SectionView, figure, item_order
from pipeline.views.marks import SYMBOLS
from pipeline.views.page import Language, anchor_id

# The legend keys of the evidence marks, in legend order (pipeline.views.marks).
EVIDENCE_KEYS = ("required", "gap", "pending", "ads", "quotes")


@dataclass(frozen=True)
class EvidenceMark:
    """An evidence mark beside a competence. key: its legend entry (``data-mark``);
    symbol: drawn beside the word, hidden from screen readers; label: the word(s) on the
    web page; short: the two-page CV's compact form ("" for a symbol alone, its label
    then read to screen readers only; ads that do not mention the competence are left
    off the sheet)."""

    key: str
    symbol: str
    label: str
    short: str


@dataclass(frozen=True)
class RequirementView:
    """A qualification requirement (ammattitaitovaatimus) that covers a competence.

    code: its ePerusteet code (the map's id when it has none); text: in the page language
    (ePerusteet gives Finnish and Swedish; otherwise the Finnish text, marked); unit: its
    tutkinnon osa's name, by the same rule, or None; unit_code: the unit's code or None;
    url: the unit's page on ePerusteet (requirements have no page of their own), or None.
    """

    code: str
    text: Text
    unit: Text | None
    unit_code: str | None
    url: str | None


@dataclass(frozen=True)
class ItemEvidenceView:
    """One competence's evidence beside the survey (``ItemView.evidence``).

    coverage: its mark against the qualification ("required", "gap" or "pending": growing,
    with a requirement proposal awaiting review), or None (not growing and not required,
    or no saved qualification); requirements: the confirmed requirements (code linked);
    pending: ids of the proposals awaiting review; ads: "in N of M job ads", or None (no
    ads counted for the profile); quotes: "quotes: N", or None (no quote names it);
    quotes_href: the employers' voice section it links to.
    """

    coverage: EvidenceMark | None
    requirements: tuple[RequirementView, ...]
    pending: tuple[str, ...]
    ads: EvidenceMark | None
    quotes: EvidenceMark | None
    quotes_href: str


@dataclass(frozen=True)
class CoverageEntry:
    """One competence in the schools' lists. anchor: its row in the competences table;
    item_id; text: in the page language (or Finnish, marked); change: now → future (None
    when withheld); requirements: the requirements covering it; pending: ids of the
    requirement proposals awaiting review (a growing competence not yet judged)."""

    anchor: str
    item_id: str
    text: Text
    change: Figure | None
    requirements: tuple[RequirementView, ...]
    pending: tuple[str, ...]


@dataclass(frozen=True)
class QualificationCoverageView:
    """For schools and guidance: the qualification against the profile.

    name: the qualification in the page language (or Finnish); url: its ePerusteet page;
    diaarinumero: or None; codes: its koulutuskoodit; threshold: growing means a change
    of at least this (as the page writes it); gaps: growing, not covered, no proposal
    waiting, biggest growth first; pending: growing, a requirement proposal awaiting
    review; required: the competences its requirements cover, by future importance.
    """

    name: Text
    url: str
    diaarinumero: str | None
    codes: tuple[str, ...]
    threshold: str
    gaps: tuple[CoverageEntry, ...]
    pending: tuple[CoverageEntry, ...]
    required: tuple[CoverageEntry, ...]


@dataclass(frozen=True)
class AdsView:
    """The job ads counted. n_ads: the occupation's ads in the period; period: as the page
    writes it, or None (every date)."""

    n_ads: int
    period: str | None


@dataclass(frozen=True)
class Topic:
    """What a quote speaks of: href: the competence's row or the theme's section; text:
    its text or label in the page language (or Finnish, marked)."""

    href: str
    text: Text


@dataclass(frozen=True)
class QuoteView:
    """A publishable, anonymised interview quote. text: as said (Finnish); date: of the
    interview, as the page writes dates; source: the interviewee's role and kind of
    organisation (no names); topics: the competences (or else themes) it speaks of."""

    text: Text
    date: str
    source: Text
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class VoiceView:
    """The employers' voice. anchor: the section's id; quotes: the publishable ones, by
    date."""

    anchor: str
    quotes: tuple[QuoteView, ...]


@dataclass(frozen=True)
class EvidenceView:
    """A profile's evidence beside the survey (``ProfileView.evidence``).

    anchor: the schools' section id; qualification: its coverage, or None (no saved
    qualification); ads: or None (no ads configured); n_interviews: interview notes read
    for the profile; voice: or None (no publishable quote); used: the legend keys of the
    marks its competences carry.
    """

    anchor: str
    qualification: QualificationCoverageView | None
    ads: AdsView | None
    n_interviews: int
    voice: VoiceView | None
    used: frozenset[str]


# --- building views (pure) -------------------------------------------------------------


def month_period(start: date | None, end: date | None, lang: str) -> str | None:
    """An ads period: ``1/2024–12/2025`` (fi), ``January 2024 – December 2025`` (en, sv)."""
    if start is None or end is None:
        return None
    if lang == SOURCE_LANGUAGE or lang not in MONTHS:
        return f"{start.month}/{start.year}–{end.month}/{end.year}"
    names = MONTHS[lang]
    return f"{names[start.month - 1]} {start.year} – {names[end.month - 1]} {end.year}"


def requirement_view(ref: RequirementRef, lang: Language) -> RequirementView:
    return RequirementView(
        code=ref.code or ref.id,
        text=lang.pick(ref.text) or Text(ref.id, lang.code),
        unit=lang.pick(ref.unit_name),
        unit_code=ref.unit_code,
        url=ref.url,
    )


def coverage_key(item: ProfileItem) -> str | None:
    """The item's mark against the qualification: required, gap, pending, or None."""
    ev = item.evidence
    if ev.coverage == "required":
        return "required"
    if ev.coverage == "gap":
        return "pending" if ev.pending_requirements else "gap"
    return None


def _mark(key: str, label: str, short: str | None = None) -> EvidenceMark:
    return EvidenceMark(key, SYMBOLS[key], label, label if short is None else short)


def item_evidence_view(item: ProfileItem, prefix: str, lang: Language) -> ItemEvidenceView:
    t, ev = lang.t, item.evidence
    key = coverage_key(item)
    coverage = None
    if key == "required":
        coverage = _mark(key, t("mark_required"), "")
    elif key is not None:  # the sheet: the symbol, its word for screen readers
        coverage = _mark(key, t(f"mark_{key}"), "")
    ads = None
    if ev.ads is not None and ev.ads.n_ads:
        n, total = ev.ads.n_mentions, ev.ads.n_ads
        short = t("evidence_ads_short", n=n, total=total) if n else ""  # the sheet: mentions only
        ads = _mark("ads", t("evidence_ads_item", n=n, total=total), short)
    quotes = None
    if ev.n_quotes:
        quotes = _mark("quotes", t("evidence_quotes_item", n=ev.n_quotes), str(ev.n_quotes))
    return ItemEvidenceView(
        coverage=coverage,
        requirements=tuple(requirement_view(r, lang) for r in ev.requirements)
        if key == "required"
        else (),
        pending=ev.pending_requirements if key == "pending" else (),
        ads=ads,
        quotes=quotes,
        quotes_href=f"#{prefix}voice",
    )


def with_item_evidence(
    sections: Sequence[SectionView], profile: Profile, prefix: str, lang: Language
) -> tuple[SectionView, ...]:
    """The CV sections with each competence's evidence (``ItemView.evidence``); unchanged
    when the profile has none."""
    if not has_evidence(profile):
        return tuple(sections)
    by_id = {i.item_id: i for i in profile.items}
    return tuple(
        dataclasses.replace(
            s,
            items=tuple(
                dataclasses.replace(
                    it, evidence=item_evidence_view(by_id[it.item_id], prefix, lang)
                )
                for it in s.items
            ),
        )
        for s in sections
    )


def has_evidence(profile: Profile) -> bool:
    ev = profile.evidence
    return (
        ev.qualification is not None or ev.n_ads is not None or bool(ev.n_interviews or ev.quotes)
    )


def coverage_entry(item: ProfileItem, prefix: str, lang: Language) -> CoverageEntry:
    return CoverageEntry(
        anchor=anchor_id(prefix, "item", item.item_id),
        item_id=item.item_id,
        text=lang.text(item.item) or Text(item.item, lang.code),
        change=figure(item.change, "change", lang.code, signed=True),
        requirements=tuple(requirement_view(r, lang) for r in item.evidence.requirements),
        pending=item.evidence.pending_requirements,
    )


def qualification_coverage(
    profile: Profile, prefix: str, lang: Language
) -> QualificationCoverageView | None:
    q = profile.evidence.qualification
    if q is None:
        return None
    by_key: dict[str | None, list[ProfileItem]] = {}
    for item in profile.items:
        by_key.setdefault(coverage_key(item), []).append(item)

    def growth(item: ProfileItem) -> tuple:
        return (-(item.change or 0.0), item.item.casefold(), item.item_id)

    def entries(key: str, order) -> tuple[CoverageEntry, ...]:
        return tuple(
            coverage_entry(i, prefix, lang) for i in sorted(by_key.get(key, []), key=order)
        )

    return QualificationCoverageView(
        name=lang.pick(q.name) or Text(str(q.peruste_id), lang.code),
        url=q.url,
        diaarinumero=q.diaarinumero,
        codes=q.codes,
        threshold=figures.fmt_number(q.threshold, lang.code),
        gaps=entries("gap", growth),
        pending=entries("pending", growth),
        required=entries("required", item_order),
    )


def quote_source(role: str, organisation_type: str, lang: Language) -> Text:
    """Role and kind of organisation in one text: translated when the catalogue has both,
    else as the note wrote them (Finnish)."""
    parts = [lang.text(role), lang.text(organisation_type)]
    if all(p is not None and p.lang == lang.code for p in parts):
        return Text(f"{parts[0].text}, {parts[1].text}", lang.code)
    return Text(f"{role}, {organisation_type}", SOURCE_LANGUAGE)


def voice_view(
    profile: Profile, sections: Sequence[SectionView], prefix: str, lang: Language
) -> VoiceView | None:
    ev = profile.evidence
    if not ev.quotes:
        return None
    items = {it.item_id: it for s in sections for it in s.items}
    themes = {s.id: s for s in sections}

    def topics(item_ids: Sequence[str], theme_ids: Sequence[str]) -> tuple[Topic, ...]:
        found = [Topic(f"#{items[i].anchor}", items[i].text) for i in item_ids if i in items]
        if not found:
            found = [
                Topic(f"#{themes[t].anchor}", themes[t].label) for t in theme_ids if t in themes
            ]
        return tuple(found)

    return VoiceView(
        anchor=f"{prefix}voice",
        quotes=tuple(
            QuoteView(
                text=Text(q.text, SOURCE_LANGUAGE),
                date=lang.date(q.date),
                source=quote_source(q.interviewee_role, q.organisation_type, lang),
                topics=topics(q.item_ids, q.themes),
            )
            for q in ev.quotes
        ),
    )


def evidence_view(
    profile: Profile, sections: Sequence[SectionView], prefix: str, lang: Language
) -> EvidenceView | None:
    """The profile's evidence beside the survey, or None when it has none; ``sections``:
    its CV sections with their competences' evidence (``with_item_evidence``)."""
    if not has_evidence(profile):
        return None
    ev = profile.evidence
    used = set()
    for s in sections:
        for it in s.items:
            if it.evidence is None:
                continue
            used |= {
                m.key for m in (it.evidence.coverage, it.evidence.ads, it.evidence.quotes) if m
            }
    ads = None
    if ev.n_ads is not None:
        ads = AdsView(ev.n_ads, month_period(ev.ads_period_start, ev.ads_period_end, lang.code))
    return EvidenceView(
        anchor=f"{prefix}qualification-coverage",
        qualification=qualification_coverage(profile, prefix, lang),
        ads=ads,
        n_interviews=ev.n_interviews,
        voice=voice_view(profile, sections, prefix, lang),
        used=frozenset(used),
    )


def legend_values(view: EvidenceView | None, lang: Language) -> dict[str, object]:
    """The values the evidence's legend entries name: the growth that counts as growing,
    the ads and their period."""
    if view is None:
        return {}
    values: dict[str, object] = {}
    if view.qualification is not None:
        values["gap"] = view.qualification.threshold
    if view.ads is not None:
        values["ads"] = view.ads.n_ads
        values["period"] = view.ads.period or lang.t("evidence_every_date")
    return values


def shown_texts(view: EvidenceView | None) -> list[Text]:
    """The texts the evidence puts on a page (the "in Finnish" mark is explained when one
    of them is Finnish on a page in another language)."""
    if view is None:
        return []
    out: list[Text] = []
    q = view.qualification
    if q is not None:
        out.append(q.name)
        for e in (*q.gaps, *q.pending, *q.required):
            out += [r.text for r in e.requirements] + [r.unit for r in e.requirements if r.unit]
    if view.voice is not None:
        for quote in view.voice.quotes:
            out += [quote.text, quote.source, *(t.text for t in quote.topics)]
    return out
