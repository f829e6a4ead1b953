"""Small inputs for the evidence readers, made by code (shapes as in docs/evidence.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


def req(code: str | None, fi: str, sv: str | None = None, by_code: bool = True) -> dict:
    """A requirement as the service writes it: the code's name and the written text."""
    texts = {"fi": fi, **({"sv": sv} if sv else {})}
    koodi = None
    if code:
        koodi = {
            "uri": f"ammattitaitovaatimukset_{code}",
            "arvo": code,
            "koodisto": "ammattitaitovaatimukset",
            "nimi": texts if by_code else None,
        }
    return {"koodi": koodi, "vaatimus": {**texts, "_id": "555"}}


def unit(uid: int, code: str, fi: str, vaatimukset=(), kohdealueet=(), **extra) -> dict:
    data = {
        "id": uid,
        "nimi": {"fi": fi, "_id": str(uid * 10)},
        "koodi": {"uri": f"tutkinnonosat_{code}", "arvo": code, "nimi": {"fi": fi}},
        "tyyppi": "normaali",
        "ammattitaitovaatimukset2019": {
            "kohde": {"fi": "Opiskelija osaa"},
            "vaatimukset": list(vaatimukset),
            "kohdealueet": [
                {"kuvaus": {"fi": area}, "vaatimukset": list(reqs)} for area, reqs in kohdealueet
            ],
        },
        "muokattu": 1672531200000,  # fields the reader does not use are ignored
    }
    data.update(extra)
    return data


def peruste(units: list[dict], refs: dict[int, int] | None = None, **extra) -> dict:
    """A peruste; ``refs`` maps unit id -> tutkinnonOsaViite id (default: id + 1000)."""
    refs = refs if refs is not None else {u["id"]: u["id"] + 1000 for u in units}
    data = {
        "id": 7000001,
        "nimi": {"fi": "Testialan perustutkinto", "sv": "Grundexamen i test"},
        "diaarinumero": "OPH-1-2020",
        "koulutustyyppi": "koulutustyyppi_1",
        "koulutukset": [{"koulutuskoodiArvo": "399999", "nimi": {"fi": "x"}}],
        "suoritustavat": [
            {"suoritustapakoodi": "ops", "tutkinnonOsaViitteet": []},
            {
                "suoritustapakoodi": "reformi",
                "tutkinnonOsaViitteet": [
                    {"id": v, "laajuus": 10, "_tutkinnonOsa": str(u)} for u, v in refs.items()
                ],
            },
        ],
        "tutkinnonOsat": units,
        "voimassaoloAlkaa": 1533081600000,
    }
    data.update(extra)
    return data


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Item:
    """Stands in for pipeline.model.ProfileItem (mapping needs only these fields)."""

    item_id: str
    item: str
    theme: str | None = None
    change: float | None = 0.0
    suppressed: bool = False


def text_item(item: str, change: float | None = 0.0, suppressed: bool = False) -> Item:
    from pipeline.contract import item_key

    return Item("text:" + item_key(item), item, None, change, suppressed)


# --- a whole project whose evidence answer is known ------------------------------------------

# (text, future importance, organisations that rate it); every organisation rates 3 now, so
# change = future - 3, and fewer than 3 organisations withhold the figures.
KITCHEN_ITEMS = [
    ("Vähentää ruokahävikkiä", 4, 4),  # growing; required (802 confirmed)
    ("Käyttää keittiön tilaus- ja ohjausjärjestelmiä", 4, 4),  # growing; no requirement: gap
    ("Palvelee asiakkaita englanniksi", 5, 4),  # growing; 806 proposed but rejected: gap
    ("Noudattaa hygieniamääräyksiä", 3, 4),  # steady; required (801 confirmed)
    ("Tuntee ravitsemussuositukset", 3, 4),  # steady; 805 proposed, awaiting review
    ("Säästää energiaa, vettä ja materiaaleja", 5, 2),  # withheld: never in the gap
    ("Hyödyntää lähiruokaa", 4, 4),  # growing; no requirement: gap
]
KITCHEN_REQUIREMENTS = [
    ("801", "noudattaa elintarvikehygieniaa ja hygieniamääräyksiä"),
    ("802", "vähentää ruokahävikkiä"),
    ("803", "lajitella jätteet ohjeiden mukaisesti"),
    ("804", "käyttää ammattikeittiön laitteita ja koneita turvallisesti"),
    ("805", "toimia ravitsemussuositusten mukaisesti"),
    ("806", "palvella asiakkaita ystävällisesti ja tunnistaa heidän tarpeensa"),
]
KITCHEN_MAP = """\
pairs:
  - {item: "Vähentää ruokahävikkiä", requirement: "802", status: confirmed}
  - {item: "Noudattaa hygieniamääräyksiä", requirement: "801", status: confirmed}
  - {item: "Palvelee asiakkaita englanniksi", requirement: "806", status: rejected}
"""
EMPLOYER = "Ravintola Salakala Oy"
INTERVIEWEE = "Maija Meikäläinen"
# Hand-counted: the profile's ads are K1, K2 and K3 (K4 is too old, K5 in another region,
# K6 of another occupation). Mentions: ruokahävikki K1 (its words, default terms); keittiön
# tilaus- ja ohjausjärjestelmä K3; palvelee asiakkaita englanniksi K2; lähiruoka (reviewed
# term) K2 and K3.
KITCHEN_ADS = f"""\
ilmoitus_id;otsikko;kuvaus;julkaistu;maakunta;ammatti;ammattikoodi;tyonantaja
K1;Kokki;{EMPLOYER} hakee kokkia. Vähennämme ruokahävikkiä joka päivä.;15.3.2024;Lappi;Kokki;5120;{EMPLOYER}
K2;Kokki kesäksi;Palvelet asiakkaita englanniksi. Suosimme lähiruokaa.;2.5.2024;Lappi;Kokki;5120;{EMPLOYER}
K3;Kokki;Keittiön tilaus- ja ohjausjärjestelmä on käytössä, ja lähiruoka on meille tärkeää.;1.2.2025;Lappi;Kokki;5120;Jängän Keittiö Oy
K4;Kokki;Vähennämme ruokahävikkiä.;1.6.2023;Lappi;Kokki;5120;{EMPLOYER}
K5;Kokki;Vähennämme ruokahävikkiä.;1.6.2024;Uusimaa;Kokki;5120;{EMPLOYER}
K6;Myyjä;Vähennämme hävikkiä ja palvelemme asiakkaita englanniksi.;1.6.2024;Lappi;Myyjä;5223;{EMPLOYER}
"""
KITCHEN_NOTE = f"""\
profile: kokki
date: 2024-03-05
interviewee_role: Keittiöpäällikkö
organisation_type: Lounasravintola
organisation: {EMPLOYER}
interviewee: {INTERVIEWEE}
quotes:
  - text: "Hävikin vähentäminen on meille sekä raha- että arvokysymys."
    publishable: true
    items: ["Vähentää ruokahävikkiä"]
    themes: [vastuullisuus]
  - text: "Salakalan keittiössä jokainen kokki laskee hävikin."
    publishable: false
    items: ["Vähentää ruokahävikkiä"]
  - text: "Englantia tarvitaan joka päivä."
    publishable: true
    items: ["Palvelee asiakkaita englanniksi"]
"""
KITCHEN_SETTINGS = """\
evidence:
  qualifications: {kokki: "399999"}
  job_ads:
    folder: evidence/ads
    columns: {id: ilmoitus_id, title: otsikko, text: kuvaus, date: julkaistu,
              region: maakunta, occupation: ammatti, occupation_code: ammattikoodi}
    period: {start: 2024-01-01, end: 2025-12-31}
    regions: [Lappi]
    occupations: {kokki: {codes: ["5120"]}}
    terms_file: evidence/ad_terms.yaml
"""


def kitchen_project(root: Path):
    """A project with one profile, ``kokki`` (survey 2022, field ``ala``), a saved
    qualification, a reviewed map, six ads and one interview note: every count known."""
    from cycle_factories import profiles_yaml, survey

    from pipeline.project import REPO_ROOT, Project

    raw = root / "raw"
    survey(
        raw / "2022" / "2022_ala_kokki.xlsx",
        2022,
        "Ala",
        "kokki",
        [(text, None, future, n) for text, future, n in KITCHEN_ITEMS],
    )
    profiles_yaml(raw / "profiles.yaml", [("kokki", "ala", "kokki")])
    evidence = raw / "evidence"
    for folder in ("eperusteet", "ads", "interviews"):
        (evidence / folder).mkdir(parents=True)
    write_json(
        evidence / "eperusteet" / "keittio.json",
        peruste(
            [
                unit(
                    1,
                    "200001",
                    "Ruokapalvelujen tuottaminen",
                    vaatimukset=[req(code, text) for code, text in KITCHEN_REQUIREMENTS],
                )
            ]
        ),
    )
    (evidence / "requirement_map.yaml").write_text(KITCHEN_MAP, encoding="utf-8")
    (evidence / "ad_terms.yaml").write_text(
        'items:\n  - {item: "Hyödyntää lähiruokaa", terms: [lähiruoka]}\n', encoding="utf-8"
    )
    (evidence / "ads" / "ilmoitukset.csv").write_text(KITCHEN_ADS, encoding="utf-8")
    (evidence / "interviews" / "2024-03-05_kokki.yaml").write_text(KITCHEN_NOTE, encoding="utf-8")
    (raw / "osaaja.yaml").write_text(KITCHEN_SETTINGS, encoding="utf-8")
    return Project.at(raw=raw, build=root / "build", themes=REPO_ROOT / "themes.yaml")


# --- a profile with evidence on its pages (views.evidence) ------------------------------------

QUALIFICATION_URL = "https://eperusteet.opintopolku.fi/#/fi/ammatillinen/7000001/tiedot"
UNIT_URL = "https://eperusteet.opintopolku.fi/#/fi/ammatillinen/7000001/tutkinnonosat/1001"
PAGE_QUOTES = (
    ("Hävikki on meille sekä raha- että arvokysymys.", "Keittiöpäällikkö", "Lounasravintola"),
    ("Digitaidot ratkaisevat rekrytoinnin.", "Esihenkilö", "Hotelli"),
)


def with_page_evidence(profile, *, n_ads: int = 12):
    """``profile`` with evidence beside the survey, every kind once at least: its two items
    of highest future importance are required (requirement ``9000k``, Finnish and Swedish
    texts); the growing items (change >= 0.3) without one are gaps, the first of them with
    a proposal (``805``) awaiting review; item k is mentioned in k % 3 of ``n_ads`` ads;
    the item of highest future importance after those two is named by the first of two
    quotes, the second names only the theme ``digitaidot``."""
    from dataclasses import replace
    from datetime import date

    from pipeline.model import (
        AdCount,
        ItemEvidence,
        ProfileEvidence,
        QualificationEvidence,
        Quote,
        RequirementRef,
    )

    ranked = sorted(
        (i for i in profile.items if i.mean_future is not None), key=lambda i: -i.mean_future
    )
    required, quoted = {ranked[0].item_id, ranked[1].item_id}, ranked[2].item_id
    items, pending_given, n_gaps = [], False, 0
    for k, item in enumerate(profile.items):
        requirements, pending = (), ()
        if item.item_id in required:
            coverage = "required"
            requirements = (
                RequirementRef(
                    id=f"9000{k}",
                    code=f"9000{k}",
                    text={"fi": f"osaa {item.item.lower()}", "sv": f"kan {item.item.lower()} (sv)"},
                    unit_code="200001",
                    unit_name={
                        "fi": "Ruokapalvelujen tuottaminen",
                        "sv": "Produktion av mattjänster",
                    },
                    url=UNIT_URL,
                ),
            )
        elif item.change is not None and round(item.change, 9) >= 0.3:
            coverage, n_gaps = "gap", n_gaps + 1
            if not pending_given:
                pending, pending_given = ("805",), True
        else:
            coverage = "not_growing"
        evidence = ItemEvidence(
            requirements=requirements,
            coverage=coverage,
            pending_requirements=pending,
            ads=AdCount(k % 3, n_ads, date(2024, 1, 1), date(2025, 12, 31), False),
            n_quotes=1 if item.item_id == quoted else 0,
        )
        items.append(replace(item, evidence=evidence))
    quotes = tuple(
        Quote(text, date(2024, 3, 5 + n), role, kind, (quoted,) if n == 0 else (), ("digitaidot",))
        for n, (text, role, kind) in enumerate(PAGE_QUOTES)
    )
    qualification = QualificationEvidence(
        peruste_id=7000001,
        name={
            "fi": "Ravintola- ja catering-alan perustutkinto",
            "sv": "Grundexamen inom restaurang- och cateringbranschen",
            "en": "Vocational Qualification in Restaurant and Catering Services",
        },
        diaarinumero="OPH-1234-2024",
        codes=("381204",),
        url=QUALIFICATION_URL,
        threshold=0.3,
        n_required=2,
        n_gaps=n_gaps,
    )
    evidence = ProfileEvidence(
        qualification=qualification,
        n_ads=n_ads,
        ads_period_start=date(2024, 1, 1),
        ads_period_end=date(2025, 12, 31),
        n_interviews=2,
        quotes=quotes,
    )
    return replace(profile, items=tuple(items), evidence=evidence)
