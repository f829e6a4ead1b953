"""The evidence of a build: every evidence file read, checked against the survey, and per
profile and cycle what the store keeps (docs/evidence.md).

``read_inputs`` reads the saved perusteet, the job ads and the interview notes and lists
every problem of all of them; ``check_inputs`` checks them against the configuration and
the survey (references that find no peruste, notes of unknown profiles, quotes naming an
item no survey has). ``profile_evidence`` is pure: one profile's cycle, from its items.
The caller (``pipeline.stages.evidence``) stops the build when any problem is found, as a
bad workbook does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pipeline.contract import item_key
from pipeline.errors import Problem
from pipeline.evidence.config import EvidenceSetup
from pipeline.evidence.eperusteet import QualificationRequirements, read_folder
from pipeline.evidence.interviews import Interview, Quote, read_interviews
from pipeline.evidence.jobads import (
    Ad,
    AdEvidence,
    AdMention,
    count_mentions,
    profile_ads,
    read_ads,
)
from pipeline.evidence.mapping import (
    Coverage,
    QueueEntry,
    check_map,
    coverage,
    find_qualification,
    growing,
    review_queue,
)


@dataclass(frozen=True)
class EvidenceInputs:
    """The evidence files of ``raw/``, read."""

    qualifications: tuple[QualificationRequirements, ...] = ()
    ads: tuple[Ad, ...] = ()
    interviews: tuple[Interview, ...] = ()
    quotes: tuple[Quote, ...] = ()  # publishable and clean only (the reader refuses the rest)
    # False when a saved peruste could not be read: checks against the qualifications would
    # only repeat that problem, so they wait until it is fixed
    qualifications_complete: bool = True


@dataclass(frozen=True)
class EvidenceItem:
    """What evidence needs of a profile item (the store's published figures only)."""

    item_id: str
    item: str
    theme: str | None
    change: float | None  # None when withheld
    suppressed: bool


@dataclass(frozen=True)
class ProfileEvidence:
    """One profile's cycle: the rows the store keeps."""

    profile_id: str
    cycle: int
    items: tuple[EvidenceItem, ...]
    qualification: QualificationRequirements | None
    confirmed: tuple[tuple[str, str, int | None], ...]  # (item_id, requirement id, map line)
    coverage: Coverage | None
    growing: frozenset[str]  # item ids whose change is growing
    queue: tuple[QueueEntry, ...]  # the latest cycle only
    ad_ids: tuple[str, ...] | None  # the profile's ads (the "M"); None: ads not configured
    ads: tuple[AdEvidence, ...]
    mentions: tuple[AdMention, ...]
    quote_links: tuple[tuple[str, str, int], ...]  # (item_id, note file, quote index)


def read_inputs(
    setup: EvidenceSetup, confidential_names: Iterable[str], known_themes: Iterable[str]
) -> tuple[EvidenceInputs, list[Problem]]:
    """Every evidence file; a folder left at its default and absent means no evidence of
    that kind. Problems of every file, in source order (perusteet, ads, notes)."""
    config = setup.config
    problems: list[Problem] = []
    qualifications: list[QualificationRequirements] = []
    folder = setup.path(config.eperusteet)
    complete = True
    if folder.is_dir():
        qualifications, found = read_folder(folder)
        problems += found
        complete = not found
    ads: list[Ad] = []
    if config.job_ads is not None and setup.path(config.job_ads.folder).is_dir():
        ads_config = config.job_ads
        ads, found = read_ads(
            setup.path(ads_config.folder),
            ads_config.columns,
            ads_config.delimiter,
            ads_config.records,
        )
        problems += found
    interviews, quotes = [], []
    folder = setup.path(config.interviews)
    if folder.is_dir():
        interviews, quotes, found = read_interviews(folder, confidential_names, known_themes)
        problems += found
    inputs = EvidenceInputs(
        tuple(qualifications), tuple(ads), tuple(interviews), tuple(quotes), complete
    )
    return inputs, problems


def check_inputs(
    inputs: EvidenceInputs,
    setup: EvidenceSetup,
    profile_ids: Iterable[str],
    identity_of: Callable[[str], str | None],
) -> list[Problem]:
    """What the files say against the configuration and the survey: a confirmed pair with a
    requirement no saved peruste has, a qualification reference that matches no peruste, a
    note of an unknown profile, a quote naming an item no survey has."""
    problems: list[Problem] = []
    if inputs.qualifications_complete:
        problems += check_map(setup.requirement_map, inputs.qualifications)
    for pid, ref in setup.config.qualifications.items():
        if (
            inputs.qualifications_complete
            and find_qualification(inputs.qualifications, ref) is None
        ):
            problems.append(
                Problem(
                    setup.source,
                    row=setup.qualification_lines.get(pid),
                    message=f"qualifications: {pid}: {ref!r} matches no peruste saved under "
                    f"{setup.path(setup.config.eperusteet).as_posix()}/ (its id, diaarinumero "
                    "or koulutuskoodi); save the qualification's JSON there (docs/evidence.md)",
                    code="evidence.qualification",
                )
            )
    known = set(profile_ids)
    for note in inputs.interviews:
        if note.profile_id not in known:
            problems.append(
                Problem(
                    note.file,
                    row=note.line,
                    message=f"profile {note.profile_id!r} is not in profiles.yaml; "
                    f"known: {', '.join(sorted(known))}",
                    code="interview.profile",
                )
            )
    for quote in inputs.quotes:
        for text in quote.items:
            if identity_of(text) is None:
                problems.append(
                    Problem(
                        quote.file,
                        row=quote.line,
                        message=f"quote {quote.index} names the item {text!r}, which no survey "
                        "has; write the item as the survey export does",
                        code="interview.item",
                    )
                )
    return problems


def qualification_of(
    profile_id: str, spec_code: str | None, setup: EvidenceSetup, inputs: EvidenceInputs
) -> QualificationRequirements | None:
    """The saved peruste a profile is compared with: the ``evidence.qualifications`` entry,
    else the profile's ``qualification.code`` in profiles.yaml (None: no peruste saved)."""
    ref = setup.config.qualifications.get(profile_id, spec_code)
    return find_qualification(inputs.qualifications, ref)


def profile_evidence(
    profile_id: str,
    cycle: int,
    items: Sequence[EvidenceItem],
    *,
    latest: bool,
    qualification: QualificationRequirements | None,
    setup: EvidenceSetup,
    inputs: EvidenceInputs,
    threshold: float,
    identity_of: Callable[[str], str | None],
) -> ProfileEvidence:
    """Pure: one profile's cycle. The review queue is kept for the latest cycle only (the
    items being published); coverage, ads and quotes for every cycle."""
    rmap = setup.requirement_map
    confirmed, queue, cov = [], [], None
    if qualification is not None:
        ids = {r.id for r in qualification.requirements}
        for item in items:
            for rid in rmap.confirmed_for(item):
                if rid in ids:
                    confirmed.append((item.item_id, rid, rmap.decided(item, rid).line))
        open_queue = review_queue(profile_id, items, qualification, rmap)
        queue = open_queue if latest else []
        cov = coverage(profile_id, items, qualification, rmap, threshold, open_queue)
    rising = frozenset(
        i.item_id
        for i in items
        if not i.suppressed and i.change is not None and growing(i.change, threshold)
    )
    ad_ids, ads, mentions = None, [], []
    ads_config = setup.config.job_ads
    if ads_config is not None and profile_id in ads_config.occupations:
        mine = profile_ads(
            inputs.ads, ads_config.occupations[profile_id], ads_config.period, ads_config.regions
        )
        ad_ids = tuple(ad.id for ad in mine)
        ads, mentions = count_mentions(
            profile_id,
            [(i.item_id, i.item) for i in items],
            mine,
            ads_config.period,
            setup.ad_terms,
        )
    present = {i.item_id for i in items}
    links = sorted(
        {
            (item_id, q.file, q.index)
            for q in inputs.quotes
            if q.profile_id == profile_id
            for text in q.items
            if (item_id := identity_of(text)) in present
        }
    )
    return ProfileEvidence(
        profile_id,
        cycle,
        tuple(items),
        qualification,
        tuple(confirmed),
        cov,
        rising,
        tuple(queue),
        ad_ids,
        tuple(ads),
        tuple(mentions),
        tuple(links),
    )


def identity_resolver(identities: Mapping[str, str]) -> Callable[[str], str | None]:
    """item text -> its identity (``item_identity``: item key -> item id)."""

    def identity_of(text: str) -> str | None:
        return identities.get(item_key(text))

    return identity_of
