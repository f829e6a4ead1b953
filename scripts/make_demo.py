"""Write the demo data set: realistic C&Q-style survey exports of a Lapland vocational college.

Run: ``.venv/bin/python scripts/make_demo.py`` (writes ``raw/2019/`` and ``raw/2022/``).
Optionally pass an output directory: ``make_demo.py /tmp/demo``.

The files follow ``../shared/spec/cq-export.md``; between them every variant the contract
allows occurs at least once (see ``README.md`` for which file shows which). Every value is
valid: bad input is tested elsewhere. Organisation and respondent names are fictional.

Output is deterministic: fixed seeds, fixed workbook properties and fixed zip timestamps,
so the same script writes the same bytes (``tests/test_demo_data.py`` checks this).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import statistics
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.writer.excel import ExcelWriter

RAW = Path(__file__).resolve().parent.parent / "raw"
FIXED_TIME = dt.datetime(2022, 6, 1, 12, 0, 0)
ZIP_TIME = (2022, 6, 1, 12, 0, 0)
CYCLES = (2019, 2022)

# --------------------------------------------------------------------------------------
# Item catalogue
# --------------------------------------------------------------------------------------
# ``theme`` is only a generation hint (how important the item is and where it is heading);
# the pipeline's theming stage decides themes from the text, never from this file.


@dataclass(frozen=True)
class Item:
    text: str  # the text as written in the first cycle it appears in
    kind: str  # Tieto / Taito / Asenne
    theme: str = "ammatillinen"
    area: str | None = None  # None: the default area of the theme (AREAS)
    sub_area: str | None = None
    since: int = 2019  # 2022 = new in 2022
    until: int = 2022  # 2019 = dropped after 2019
    text_2022: str | None = None  # reworded in 2022
    trend: str = ""  # "falling": importance goes down (within and between cycles)

    def text_in(self, cycle: int) -> str:
        return self.text_2022 if (cycle >= 2022 and self.text_2022) else self.text

    def in_cycle(self, cycle: int) -> bool:
        return self.since <= cycle <= self.until


AREAS = {
    "digitaidot": "Digitaaliset taidot",
    "kieli-ja-viestinta": "Kieli- ja viestintätaidot",
    "asiakaspalvelu": "Asiakaspalveluosaaminen",
    "itsensa-johtaminen": "Työelämätaidot",
    "turvallisuus": "Turvallisuus",
    "vastuullisuus": "Vastuullisuus ja kestävä kehitys",
    "yhteistyo": "Yhteistyötaidot",
    "yrittajyys": "Yrittäjyys",
}


def shared(text: str, kind: str, theme: str, **kw) -> Item:
    return Item(text, kind, theme, **kw)


# The catalogue is data, laid out for reading; keep the formatter out of it.
# fmt: off
# Cross-cutting items: the same text in several occupations.
S = {
    # digital skills
    "email": shared("Käyttää sähköpostia", "Taito", "digitaidot",
                    text_2022="Käyttää sähköpostia ja pikaviestimiä"),
    "mobile": shared("Käyttää mobiililaitteita työtehtävissä", "Taito", "digitaidot"),
    "infosec": shared("Noudattaa tietoturva- ja tietosuojaohjeita", "Taito", "digitaidot"),
    "logwork": shared("Kirjaa työtehtävät sähköiseen järjestelmään", "Taito", "digitaidot"),
    "ai": shared("Hyödyntää tekoälysovelluksia työssään", "Taito", "digitaidot", since=2022),
    "remote": shared("Osallistuu etäpalavereihin ja verkkokoulutuksiin", "Taito", "digitaidot",
                     since=2022),
    "some": shared("Viestii työnantajan sosiaalisen median kanavissa", "Taito", "digitaidot"),
    # language and communication
    "en": shared("Palvelee asiakkaita englanniksi", "Taito", "kieli-ja-viestinta"),
    "sv": shared("Palvelee asiakkaita ruotsiksi", "Taito", "kieli-ja-viestinta"),
    "fi": shared("Viestii selkeästi suomeksi suullisesti ja kirjallisesti", "Taito",
                 "kieli-ja-viestinta"),
    "plain": shared("Käyttää selkokieltä", "Taito", "kieli-ja-viestinta"),
    "culture": shared("Ymmärtää kulttuurien välisiä eroja viestinnässä", "Tieto",
                      "kieli-ja-viestinta"),
    # customer service
    "meet": shared("Kohtaa asiakkaan ystävällisesti ja arvostavasti", "Asenne", "asiakaspalvelu"),
    "needs": shared("Tunnistaa asiakkaan tarpeet", "Taito", "asiakaspalvelu"),
    "complaint": shared("Käsittelee asiakaspalautteen ja reklamaatiot", "Taito", "asiakaspalvelu"),
    "quality": shared("Tuntee palvelun laatutekijät", "Tieto", "asiakaspalvelu"),
    # self-management and working-life skills
    "learn": shared("Oppii uutta ja kehittää omaa osaamistaan", "Asenne", "itsensa-johtaminen"),
    "flex": shared("Joustaa työajoissa ja työtehtävissä", "Asenne", "itsensa-johtaminen"),
    "time": shared("Hallitsee omaa ajankäyttöään", "Taito", "itsensa-johtaminen"),
    "stress": shared("Sietää kiirettä ja paineita", "Asenne", "itsensa-johtaminen"),
    "reliable": shared("On täsmällinen ja luotettava", "Asenne", "itsensa-johtaminen"),
    "wellbeing": shared("Huolehtii omasta työkyvystään ja jaksamisestaan", "Asenne",
                        "itsensa-johtaminen"),
    # safety and hygiene
    "worksafe": shared("Noudattaa työturvallisuusohjeita", "Taito", "turvallisuus"),
    "hygiene": shared("Noudattaa hygieniamääräyksiä", "Taito", "turvallisuus"),
    "firstaid": shared("Antaa ensiapua", "Taito", "turvallisuus"),
    "rescue": shared("Tuntee pelastus- ja poistumisohjeet", "Tieto", "turvallisuus"),
    "ppe": shared("Käyttää henkilösuojaimia oikein", "Taito", "turvallisuus"),
    "ergo": shared("Työskentelee ergonomisesti", "Taito", "turvallisuus"),
    # sustainability and responsibility
    "resp": shared("Toimii vastuullisesti ja kestävästi", "Asenne", "vastuullisuus"),
    "waste": shared("Lajittelee jätteet ja vähentää jätteen määrää", "Taito", "vastuullisuus"),
    "energy": shared("Säästää energiaa, vettä ja materiaaleja", "Taito", "vastuullisuus"),
    "circular": shared("Tuntee kiertotalouden periaatteet", "Tieto", "vastuullisuus",
                       since=2022),
    "climate": shared("Tunnistaa oman työnsä ilmasto- ja ympäristövaikutukset", "Tieto",
                      "vastuullisuus", since=2022),
    "ethics": shared("Noudattaa alan eettisiä periaatteita", "Asenne", "vastuullisuus"),
    # cooperation
    "team": shared("Toimii yhteistyössä työyhteisössä", "Asenne", "yhteistyo"),
    "multi": shared("Toimii moniammatillisessa tiimissä", "Taito", "yhteistyo"),
    "feedback": shared("Antaa ja vastaanottaa palautetta", "Taito", "yhteistyo"),
    "induct": shared("Perehdyttää uusia työntekijöitä", "Taito", "yhteistyo"),
    # entrepreneurship
    "initiative": shared("Toimii oma-aloitteisesti ja yrittäjämäisesti", "Asenne", "yrittajyys"),
    "cost": shared("Toimii kustannustietoisesti", "Taito", "yrittajyys"),
    "business": shared("Tunnistaa uusia liiketoimintamahdollisuuksia", "Taito", "yrittajyys"),
    "revenue": shared("Tuntee yrityksen ansaintalogiikan", "Tieto", "yrittajyys"),
    "pricing": shared("Hinnoittelee ja tuotteistaa palveluja", "Taito", "yrittajyys"),
}


def pick(*keys: str, **changes) -> list[Item]:
    """Shared items by key; ``changes`` apply to all (e.g. a different area)."""
    return [replace(S[k], **changes) for k in keys]


def core(area: str, sub: str | None, rows: list[tuple]) -> list[Item]:
    """Vocational core items: (text, kind[, options]) under one area and sub-area."""
    items = []
    for row in rows:
        text, kind, *rest = row
        options = {"theme": "ammatillinen", **(rest[0] if rest else {})}
        items.append(Item(text, kind, area=area, sub_area=sub, **options))
    return items


@dataclass(frozen=True)
class Occupation:
    field: str  # slug
    slug: str
    field_label: str  # metadata value whose slug is ``field``
    label: str  # metadata value whose slug is ``slug``
    code_prefix: str
    orgs: tuple[str, ...]
    items: tuple[Item, ...]

    def items_in(self, cycle: int) -> list[Item]:
        return [i for i in self.items if i.in_cycle(cycle)]

    def code_of(self, item: Item) -> str:
        return f"{self.code_prefix}-{self.items.index(item) + 1:03d}"


NEW = {"since": 2022}
GONE = {"until": 2019, "trend": "falling"}

TOURISM = Occupation(
    "matkailu", "matkailupalvelujen-tuottaja", "Matkailu", "Matkailupalvelujen tuottaja", "MAT",
    ("Revontuli Safarit Oy", "Napapiirin Elämyspalvelut Oy", "Ounasjoen Matkailu Ky",
     "Kaamos Elämykset Oy", "Tunturikelo Oy", "Porokämppä Ky", "Rovaniemen kaupunki",
     "Aurora Erämaamajat Oy", "Inarin Kalastusmatkat Ky", "Kemijärven Vaellus Oy",
     "Sodankylän Lomakylä Oy", "Kelkka & Kota Oy", "Äkäslompolon Ohjelmapalvelut Oy"),
    tuple(
        core("Matkailupalvelujen tuottaminen", "Ohjelmapalvelut", [
            ("Suunnittelee ja toteuttaa ohjelmapalveluja asiakasryhmille", "Taito"),
            ("Opastaa asiakkaita luontoretkillä", "Taito"),
            ("Ohjaa moottorikelkkasafarin turvallisesti", "Taito"),
            ("Huolehtii vuokrattavista varusteista ja asiakkaiden varustamisesta", "Taito"),
            ("Laatii turvallisuussuunnitelman ohjelmapalvelulle", "Taito"),
            ("Varautuu sääolojen muutoksiin ja poikkeustilanteisiin", "Taito"),
        ])
        + core("Matkailupalvelujen tuottaminen", "Matkailualueen tuntemus", [
            ("Tuntee Lapin luonnon ja vuodenaikojen vaikutukset palveluihin", "Tieto"),
            ("Kertoo Lapin kulttuurista ja saamelaiskulttuurista kunnioittavasti", "Taito"),
            ("Tuntee matkailualueen palvelutarjonnan", "Tieto"),
            ("Tuntee matkailualan lainsäädännön ja matkapakettisäännökset", "Tieto"),
        ])
        + core("Myynti ja markkinointi", None, [
            ("Myy ja markkinoi matkailupalveluja", "Taito"),
            ("Laatii palvelutuotteen kuvauksen ja hinnaston", "Taito"),
            ("Jakaa painettuja esitteitä ja myyntimateriaaleja", "Taito", GONE),
        ])
        + [Item("Käyttää sähköisiä varausjärjestelmiä", "Taito", "digitaidot",
                text_2022="Käyttää sähköisiä varaus- ja kanavanhallintajärjestelmiä"),
           Item("Hyödyntää asiakasdataa palvelujen kehittämisessä", "Tieto", "digitaidot",
                since=2022)]
        + pick("email", "some", "ai")
        + pick("en", "sv")
        + [Item("Palvelee asiakkaita saksaksi tai ranskaksi", "Taito", "kieli-ja-viestinta"),
           Item("Tunnistaa kansainvälisten asiakkaiden kulttuuriset odotukset", "Tieto",
                "kieli-ja-viestinta")]
        + pick("meet", "needs", "complaint", "quality")
        + pick("learn", "flex", "stress")
        + pick("worksafe", "firstaid", "rescue")
        + pick("resp", "waste", "climate")
        + [Item("Tuotteistaa vastuullisia matkailupalveluja", "Taito", "vastuullisuus", since=2022),
           Item("Tuntee Sustainable Travel Finland -ohjelman kriteerit", "Tieto", "vastuullisuus",
                since=2022)]
        + pick("team", "feedback")
        + pick("initiative", "business", "pricing")
    ),
)

CHEF = Occupation(
    "ravintola", "kokki", "Ravintola", "Kokki", "RAV",
    ("Ravintola Kaarnikka Oy", "Lapin Ateriapalvelut Oy", "Hotelli Pohjantähti Oy",
     "Rovaniemen kaupunki", "Tunturiravintolat Oy", "Kahvila-Konditoria Ruska Ky",
     "Kemin Keittiöpalvelut Oy", "Ravintola Savotta Oy", "Napapiirin Catering Oy",
     "Tornion Lounaspaikka Oy", "Ylläksen Ravintolat Oy"),
    tuple(
        core("Ruoanvalmistus", "Ruoanvalmistus ja leivonta", [
            ("Valmistaa ruokia ja leivonnaisia reseptien mukaan", "Taito"),
            ("Käyttää ammattikeittiön laitteita ja koneita", "Taito"),
            ("Tuntee raaka-aineiden ominaisuudet ja käsittelyn", "Tieto"),
            ("Valmistaa ruokia puolivalmisteista", "Taito", GONE),
            ("Valmistaa kasvis- ja vegaaniruokaa", "Taito", NEW),
            ("Hyödyntää lähiruokaa ja Lapin luonnontuotteita", "Taito"),
            ("Työskentelee suunnitelmallisesti ruuhka-aikoina", "Taito"),
        ])
        + core("Ruoanvalmistus", "Erityisruokavaliot ja ravitsemus", [
            ("Valmistaa erityisruokavalioiden mukaisia aterioita", "Taito"),
            ("Tunnistaa allergeenit ja kertoo niistä asiakkaille", "Tieto"),
            ("Tuntee ravitsemussuositukset", "Tieto"),
        ])
        + core("Ruokapalvelu", None, [
            ("Suunnittelee ruokalistoja ja annoskokoja", "Taito"),
            ("Laskee annosten raaka-ainekustannukset", "Taito"),
            ("Kattaa ja tarjoilee annokset", "Taito"),
        ])
        + core("Hygienia ja omavalvonta", None, [
            ("Toteuttaa omavalvontaa ja seuraa lämpötiloja", "Taito"),
            ("Kirjaa omavalvonnan tiedot lomakkeille", "Taito",
             {"text_2022": "Kirjaa omavalvonnan tiedot sähköiseen järjestelmään"}),
            ("Tuntee elintarvikelainsäädännön perusteet", "Tieto"),
        ])
        + pick("hygiene", "worksafe", "ergo", area="Hygienia ja omavalvonta")
        + [Item("Käyttää keittiön tilaus- ja ohjausjärjestelmiä", "Taito", "digitaidot", since=2022)]
        + pick("email", "mobile")
        + pick("en", "fi")
        + pick("meet", "needs")
        + pick("stress", "time", "flex", "reliable")
        + [Item("Vähentää ruokahävikkiä", "Taito", "vastuullisuus", since=2022)]
        + pick("waste", "energy", "resp", "circular")
        + pick("team", "induct")
        + pick("cost", "initiative")
    ),
)

CLEANER = Occupation(
    "puhtaus", "toimitilahuoltaja", "Puhtaus", "Toimitilahuoltaja", "PUH",
    ("Lapin Puhdistuspalvelut Oy", "Kiinteistöhuolto Tunturi Oy", "Rovaniemen kaupunki",
     "Kemin Siivous Ky", "Napapiirin Kiinteistöpalvelut Oy", "Puhdas Pohjola Oy",
     "Lapin sairaanhoitopiiri", "Tornion Toimitilapalvelut Oy", "Siivous-Aurora Ky"),
    tuple(
        core("Puhtauspalvelut", "Ylläpitosiivous", [
            ("Tekee ylläpitosiivousta eri tiloissa", "Taito"),
            ("Valitsee puhdistusaineet ja -menetelmät pintamateriaalin mukaan", "Taito"),
            ("Tuntee puhdistusaineiden pH-arvot ja vaikutukset", "Tieto"),
            ("Siivoaa terveydenhuollon tiloja aseptisesti", "Taito"),
            ("Arvioi siivouksen laatua INSTA 800 -standardin mukaan", "Taito"),
        ])
        + core("Puhtauspalvelut", "Perussiivous ja erikoispuhdistus", [
            ("Tekee perussiivouksen ja lattianhoidon", "Taito"),
            ("Käyttää siivouskoneita ja -laitteita", "Taito"),
            ("Tekee erikoispuhdistuksia, esim. ikkunat ja tekstiilit", "Taito"),
            ("Tekee kemiallisen vahauksen", "Taito", GONE),
            ("Käyttää siivousrobotteja ja ohjaa niiden työtä", "Taito", NEW),
        ])
        + core("Kiinteistöpalvelut", None, [
            ("Tekee kiinteistön ulkoalueiden hoitotöitä", "Taito"),
            ("Tekee pieniä kiinteistönhuollon korjauksia", "Taito"),
            ("Huolehtii kiinteistön jätehuollosta", "Taito"),
            ("Tuntee kiinteistön talotekniikan perusteet", "Tieto"),
        ])
        + pick("ppe", "ergo", "worksafe", "hygiene", "rescue")
        + pick("logwork", "mobile", "infosec")
        + pick("fi", "en")
        + pick("meet", "complaint")
        + pick("reliable", "time", "learn")
        + [Item("Käyttää ympäristömerkittyjä puhdistusaineita ja annostelujärjestelmiä", "Taito",
                "vastuullisuus", since=2022)]
        + pick("waste", "energy", "circular")
        + pick("team", "feedback")
        + pick("cost")
    ),
)

NURSE = Occupation(
    "sote", "lahihoitaja", "Sote", "Lähihoitaja", "SOT",
    ("Rovaniemen kaupunki", "Lapin Hoivakoti Oy", "Kemijärven kaupunki",
     "Palvelukoti Pohjantuuli Oy", "Lapin sairaanhoitopiiri", "Kotihoito Revontuli Oy",
     "Tornion kaupunki", "Hoivapalvelut Kaamos Oy", "Sodankylän kunta",
     "Vanhustentalo Ruskakoti ry", "Kittilän kunta", "Hyvinvointikeskus Saaga Oy",
     "Sallan Palvelutalo Oy", "Inarin kunta"),
    tuple(
        core("Hoitotyö", "Lääkehoito", [
            ("Toteuttaa turvallista lääkehoitoa", "Taito"),
            ("Tuntee yleisimpien lääkkeiden vaikutukset", "Tieto"),
        ])
        + core("Hoitotyö", "Perushoito ja toimintakyky", [
            ("Avustaa asiakasta päivittäisissä toiminnoissa", "Taito"),
            ("Tarkkailee asiakkaan vointia ja mittaa elintoimintoja", "Taito"),
            ("Tukee asiakkaan toimintakykyä kuntouttavalla työotteella", "Taito"),
            ("Tuntee yleisimmät sairaudet ja niiden hoidon", "Tieto"),
            ("Tukee muistisairaan asiakkaan arkea", "Taito"),
            ("Toimii saattohoitotilanteissa", "Taito"),
            ("Käyttää nostolaitteita ja apuvälineitä", "Taito"),
        ])
        + core("Hoitotyö", "Asiakkaan kohtaaminen", [
            ("Tunnistaa kaltoinkohtelun ja puuttuu siihen", "Taito"),
            ("Tuntee sosiaali- ja terveysalan lainsäädännön", "Tieto"),
        ])
        + core("Hoitotyö", "Kirjaaminen", [
            ("Kirjaa hoitotiedot paperisiin hoitokansioihin", "Taito", GONE),
        ])
        + [Item("Kirjaa hoitotyön sähköiseen potilastietojärjestelmään", "Taito", "digitaidot",
                text_2022="Kirjaa rakenteisesti sähköiseen potilastietojärjestelmään"),
           Item("Ohjaa asiakasta etäpalvelujen käytössä", "Taito", "digitaidot", since=2022),
           Item("Käyttää hyvinvointiteknologiaa asiakastyössä (esim. turvarannekkeet, lääkeautomaatit)",
                "Taito", "digitaidot", since=2022)]
        + pick("email", "infosec", "remote")
        + pick("plain", "fi", "sv", "culture")
        + pick("meet", "needs")
        + [Item("Noudattaa aseptisia työtapoja", "Taito", "turvallisuus")]
        + pick("hygiene", "firstaid", "ergo", "rescue")
        + pick("wellbeing", "stress", "learn")
        + pick("ethics", "waste")
        + pick("multi", "team", "feedback", "induct")
        + pick("cost")
    ),
)

BUILDER = Occupation(
    "rakennus", "talonrakentaja", "Rakennus", "Talonrakentaja", "RAK",
    ("Lapin Rakennus Oy", "Rovaniemen Rakennuspalvelu Oy", "Kemin Talotekijät Oy",
     "Hirsitalo Pohjola Oy", "Tornion Saneeraus Ky", "Rakennusliike Aapa Oy",
     "Ounasvaaran Rakennus Oy", "Rovaniemen kaupunki", "Sodankylän Remontti Ky",
     "Napapiirin Elementti Oy"),
    tuple(
        core("Talonrakennustyöt", "Runkotyöt", [
            ("Lukee rakennuspiirustuksia ja työselityksiä", "Taito"),
            ("Mittaa ja merkitsee rakennusosien paikat", "Taito"),
            ("Tekee muottityöt", "Taito"),
            ("Tekee raudoitus- ja betonointityöt", "Taito"),
            ("Tekee puurunkoisen rakennuksen runkotyöt", "Taito"),
            ("Laskee materiaalimäärät käsin", "Taito", GONE),
        ])
        + core("Talonrakennustyöt", "Sisävalmistus ja korjausrakentaminen", [
            ("Asentaa ikkunat ja ovet", "Taito"),
            ("Tekee väliseinät ja listoitukset", "Taito"),
            ("Tekee korjausrakentamisen työt", "Taito"),
            ("Käyttää käsi- ja sähkötyökaluja", "Taito",
             {"text_2022": "Käyttää käsi-, sähkö- ja akkutyökaluja"}),
        ])
        + core("Talonrakennustyöt", "Materiaalit ja rakennusfysiikka", [
            ("Tuntee rakennusmateriaalien ominaisuudet", "Tieto"),
            ("Tuntee rakentamisen kosteudenhallinnan periaatteet", "Tieto"),
        ])
        + [Item("Tuntee energiatehokkaan rakentamisen periaatteet", "Tieto", "vastuullisuus"),
           Item("Käyttää tietomallia (BIM) työmaalla", "Taito", "digitaidot", since=2022)]
        + pick("mobile", "logwork")
        + [Item("Käyttää rakennustelineitä turvallisesti", "Taito", "turvallisuus"),
           Item("Tekee tulitöitä turvallisesti", "Taito", "turvallisuus")]
        + pick("worksafe", "ppe", "firstaid", "ergo")
        + pick("fi", "culture")
        + pick("reliable", "time", "learn")
        + pick("waste", "resp", "circular", "climate")
        + pick("team", "induct")
        + pick("cost", "initiative")
    ),
)

WAREHOUSE = Occupation(
    "logistiikka", "varastonhoitaja", "Logistiikka", "Varastonhoitaja", "LOG",
    ("Lapin Logistiikka Oy", "Napapiirin Kuljetus Oy", "Rovaniemen Tukkuliike Oy",
     "Kemi Satamalogistiikka Oy", "Tornion Terminaali Oy", "Pohjolan Varastopalvelut Oy",
     "Kauppakeskus Revontuli Oy", "Lapin Rautakauppa Oy"),
    tuple(
        core("Varastotoiminnot", "Vastaanotto ja varastointi", [
            ("Vastaanottaa ja tarkastaa saapuvat tavarat", "Taito"),
            ("Sijoittelee tavarat varastoon tilaa säästäen", "Taito"),
            ("Tekee inventaarion", "Taito"),
            ("Toimii kylmäketjun vaatimusten mukaan", "Taito"),
        ])
        + core("Varastotoiminnot", "Keräily ja lähettäminen", [
            ("Kerää tilaukset keräilylistan tai päätteen mukaan", "Taito", {"trend": "falling"}),
            ("Täyttää paperiset keräilylistat", "Taito", GONE),
            ("Pakkaa ja merkitsee lähetykset", "Taito"),
            ("Laatii rahtikirjat ja lähetysasiakirjat", "Taito",
             {"text_2022": "Laatii sähköiset rahtikirjat ja lähetysasiakirjat"}),
            ("Tuntee tullauksen ja kansainvälisen kaupan perusteet", "Tieto"),
        ])
        + core("Varastotoiminnot", "Trukit ja koneet", [
            ("Kuljettaa trukkia turvallisesti", "Taito"),
            ("Huoltaa ja tarkastaa varastokoneet päivittäin", "Taito"),
        ])
        + [Item("Käyttää toiminnanohjausjärjestelmää (ERP)", "Taito", "digitaidot"),
           Item("Käyttää viivakoodi- ja RFID-lukijoita", "Taito", "digitaidot"),
           Item("Työskentelee automatisoidussa varastossa", "Taito", "digitaidot", since=2022)]
        + pick("email", "mobile")
        + [Item("Tuntee vaarallisten aineiden käsittelyn ja kuljetuksen määräykset", "Tieto",
                "turvallisuus")]
        + pick("worksafe", "ppe", "ergo", "rescue")
        + pick("en", "fi")
        + pick("needs", "complaint")
        + pick("reliable", "time", "stress", "flex")
        + [Item("Optimoi kuljetuksia ja pakkauksia päästöjen vähentämiseksi", "Taito",
                "vastuullisuus", since=2022)]
        + pick("waste", "energy", "climate")
        + pick("team", "induct")
        + pick("cost")
    ),
)

ICT = Occupation(
    "ict", "ict-tukihenkilo", "ICT", "ICT-tukihenkilö", "ICT",
    ("Lapin IT-Palvelu Oy", "Rovaniemen kaupunki", "Napapiirin Datatekniikka Oy",
     "Kemin Konetuki Ky", "Lapin sairaanhoitopiiri", "Pohjoisen Pilvi Oy",
     "Tornion Tietotekniikka Oy", "Arctic Helpdesk Oy", "Lapin ammattikoulutuksen kuntayhtymä",
     "Ylä-Lapin Verkot Oy"),
    tuple(
        core("Käyttäjätuki", None, [
            ("Ratkaisee käyttäjien ohjelmisto- ja laiteongelmia", "Taito"),
            ("Käyttää tikettijärjestelmää tukipyyntöjen käsittelyyn", "Taito"),
            ("Ohjeistaa käyttäjiä selkeästi ja kärsivällisesti", "Taito"),
            ("Dokumentoi ratkaisut tietämyskantaan", "Taito"),
        ])
        + core("Laitteet, verkot ja palvelut", None, [
            ("Asentaa ja konfiguroi työasemia ja mobiililaitteita", "Taito"),
            ("Asentaa käyttöjärjestelmät levykuvasta", "Taito", GONE),
            ("Tuntee lähiverkkojen ja langattomien verkkojen perusteet", "Tieto"),
            ("Hallinnoi käyttäjätunnuksia ja käyttöoikeuksia", "Taito"),
            ("Tuntee Microsoft 365 -ympäristön hallinnan", "Tieto",
             {"text_2022": "Hallinnoi Microsoft 365- ja muita pilvipalveluympäristöjä"}),
            ("Tuntee pilvipalvelujen toimintaperiaatteet", "Tieto"),
            ("Tekee varmuuskopioinnit ja palautukset", "Taito"),
            ("Automatisoi rutiinitehtäviä skripteillä", "Taito", NEW),
        ])
        + [Item("Tunnistaa tietoturvauhkia ja toimii ohjeiden mukaan", "Taito", "turvallisuus",
                area="Tietoturva"),
           Item("Tuntee tietosuoja-asetuksen (GDPR) vaatimukset", "Tieto", "turvallisuus",
                area="Tietoturva")]
        + pick("infosec", area="Tietoturva")
        + pick("ai", "remote")
        + pick("en", "fi", "sv")
        + pick("meet", "needs", "quality")
        + pick("learn", "time", "stress")
        + pick("ergo", "worksafe")
        + [Item("Kierrättää käytöstä poistetut laitteet tietoturvallisesti", "Taito",
                "vastuullisuus")]
        + pick("energy", "climate")
        + pick("team", "feedback", "multi")
        + pick("initiative", "business")
    ),
)

CHILDCARE = Occupation(
    "kasvatus", "lastenhoitaja", "Kasvatus", "Lastenhoitaja", "KAS",
    ("Rovaniemen kaupunki", "Päiväkoti Pikku-Poro Oy", "Kemin kaupunki",
     "Tornion kaupunki", "Päiväkoti Tunturitähti Oy", "Sodankylän kunta",
     "Leikkitupa Revontuli Ky", "Kittilän kunta", "Perhepäiväkoti Kuukkeli Oy",
     "Lapin Varhaiskasvatus Oy", "Kemijärven kaupunki", "Sallan kunta"),
    tuple(
        core("Varhaiskasvatus", "Perushoito", [
            ("Huolehtii lapsen perushoidosta ja hyvinvoinnista", "Taito"),
            ("Ohjaa lasten ruokailua ja lepoa", "Taito"),
            ("Tuntee lapsen kasvun ja kehityksen vaiheet", "Tieto"),
        ])
        + core("Varhaiskasvatus", "Kasvatus ja oppiminen", [
            ("Suunnittelee ja ohjaa leikkiä ja toimintaa", "Taito"),
            ("Tukee lapsen kielen kehitystä", "Taito"),
            ("Ohjaa lapsia ulkoilussa ja liikunnassa", "Taito"),
            ("Tuntee varhaiskasvatussuunnitelman perusteet", "Tieto"),
            ("Havainnoi ja dokumentoi lapsen toimintaa", "Taito"),
            ("Tunnistaa lapsen tuen tarpeen", "Taito"),
            ("Ohjaa lapsia kestävään elämäntapaan", "Taito", {"since": 2022, "theme": "vastuullisuus"}),
        ])
        + core("Yhteistyö perheiden kanssa", None, [
            ("Tekee yhteistyötä huoltajien kanssa", "Taito"),
            ("Viestii huoltajien kanssa", "Taito",
             {"text_2022": "Viestii huoltajien kanssa sähköisten kanavien kautta"}),
            ("Viestii huoltajille reissuvihkon avulla", "Taito", GONE),
            ("Kohtaa monikulttuuriset perheet", "Asenne"),
        ])
        + [Item("Käyttää digitaalisia välineitä pedagogisesti", "Taito", "digitaidot", since=2022)]
        + pick("logwork", "infosec", "email")
        + pick("plain", "fi", "sv")
        + [Item("Toimii lasten turvallisuutta edistäen", "Taito", "turvallisuus")]
        + pick("firstaid", "hygiene", "ergo")
        + pick("wellbeing", "stress", "learn", "flex")
        + pick("ethics", "waste", "circular")
        + pick("multi", "team", "feedback")
    ),
)

SALES = Occupation(
    "kauppa", "myyja", "Kauppa", "Myyjä", "KAU",
    ("Kauppakeskus Revontuli Oy", "Lapin Rautakauppa Oy", "Marketti Napapiiri Oy",
     "Urheilu-Tunturi Ky", "Rovaniemen Kirjakauppa Oy", "Vaatetalo Ruska Oy",
     "Kemin Elektroniikka Oy", "Lapin Osuuskauppa", "Tornion Rajakauppa Oy",
     "Sisustus Kaamos Ky", "Saariselän Matkamuistomyymälä Oy"),
    tuple(
        core("Myyntityö", "Asiakaspalvelu ja myynti", [
            ("Esittelee ja myy tuotteita asiakkaan tarpeiden mukaan", "Taito"),
            ("Tekee lisämyyntiä", "Taito"),
            ("Tuntee myymälän tuotevalikoiman", "Tieto"),
            ("Tuntee kuluttajansuojalainsäädännön perusteet", "Tieto"),
        ])
        + core("Myyntityö", "Kassatyö", [
            ("Käyttää kassajärjestelmää", "Taito",
             {"text_2022": "Käyttää kassa- ja mobiilimaksujärjestelmiä", "theme": "digitaidot"}),
            ("Käsittelee käteistä rahaa", "Taito", {"trend": "falling"}),
        ])
        + core("Myyntityö", "Tavaranhallinta", [
            ("Vastaanottaa tavaraa ja täyttää hyllyjä", "Taito"),
            ("Hinnoittelee ja merkitsee tuotteet", "Taito"),
            ("Laatii käsin kirjoitetut hintakyltit", "Taito", GONE),
            ("Rakentaa myymälän esillepanoja", "Taito"),
            ("Käsittelee hävikkiä ja palautuksia", "Taito"),
        ])
        + [Item("Palvelee asiakkaita verkkokaupan ja noutopalvelun kautta", "Taito", "digitaidot",
                since=2022)]
        + pick("email", "some", "mobile")
        + pick("en", "sv", "fi")
        + pick("meet", "needs", "complaint", "quality")
        + [Item("Tunnistaa ja ehkäisee myymälävarkauksia", "Taito", "turvallisuus")]
        + pick("worksafe", "rescue", "ergo")
        + pick("flex", "reliable", "stress")
        + [Item("Kertoo tuotteiden alkuperästä ja vastuullisuudesta", "Taito", "vastuullisuus",
                since=2022)]
        + pick("waste", "resp")
        + pick("team", "feedback")
        + pick("initiative", "cost", "revenue")
    ),
)

WELFARE_TECH = Occupation(
    "sote", "hyvinvointiteknologian-tukihenkilo", "Sote", "Hyvinvointiteknologian tukihenkilö", "HVT",
    ("Rovaniemen kaupunki", "Lapin Hoivakoti Oy", "Kotihoito Revontuli Oy",
     "Pohjoisen Pilvi Oy", "Hyvinvointikeskus Saaga Oy", "Turvapuhelin Lappi Oy"),
    tuple(
        core("Hyvinvointiteknologia", "Laitteet ja palvelut", [
            ("Asentaa ja ottaa käyttöön turvateknologiaa asiakkaan kotona", "Taito", NEW),
            ("Tuntee lääkeautomaattien ja turvarannekkeiden toiminnan", "Tieto", NEW),
            ("Selvittää laitteiden vika- ja häiriötilanteita", "Taito", NEW),
            ("Ylläpitää laiterekisteriä ja huoltotietoja", "Taito", NEW),
        ])
        + core("Hyvinvointiteknologia", "Ohjaus ja neuvonta", [
            ("Ohjaa ikäihmisiä etäpalvelujen ja videopuhelujen käytössä", "Taito", NEW),
            ("Opastaa hoitohenkilöstöä hyvinvointiteknologian käytössä", "Taito", NEW),
            ("Arvioi asiakkaan valmiuksia käyttää teknologiaa", "Taito", NEW),
            ("Tuntee ikääntymisen vaikutukset toimintakykyyn", "Tieto", NEW),
        ])
        + [Item("Tuntee potilastietojen käsittelyn periaatteet", "Tieto", "digitaidot", since=2022),
           Item("Ohjaa asiakasta etäpalvelujen käytössä", "Taito", "digitaidot", since=2022)]
        + pick("infosec", "logwork", "ai", since=2022)
        + pick("plain", "fi", since=2022)
        + pick("meet", "needs", since=2022)
        + pick("learn", "time", since=2022)
        + pick("hygiene", "ergo", since=2022)
        + pick("ethics", "circular", since=2022)
        + pick("multi", "team", since=2022)
        + pick("initiative", since=2022)
    ),
)

SUSTAINABLE_TOURISM = Occupation(
    "matkailu", "vastuullisen-matkailun-koordinaattori", "Matkailu",
    "Vastuullisen matkailun koordinaattori", "VMK",
    ("Revontuli Safarit Oy", "Kaamos Elämykset Oy", "Rovaniemen kaupunki",
     "Aurora Erämaamajat Oy", "Lapin Matkailun Kehitys ry", "Tunturikelo Oy"),
    tuple(
        core("Vastuullinen matkailu", "Suunnittelu ja kehittäminen", [
            ("Laatii yrityksen vastuullisuussuunnitelman", "Taito", NEW),
            ("Laskee matkailupalvelun hiilijalanjäljen", "Taito", NEW),
            ("Tuntee paikallisyhteisön ja luonnon kantokyvyn rajat", "Tieto", NEW),
            ("Tuntee matkailun kestävyyskriteerit ja sertifikaatit", "Tieto", NEW),
            ("Seuraa ja raportoi vastuullisuustavoitteiden toteutumista", "Taito", NEW),
        ])
        + core("Vastuullinen matkailu", "Kulttuuri ja yhteisöt", [
            ("Kertoo Lapin kulttuurista ja saamelaiskulttuurista kunnioittavasti", "Taito", NEW),
            ("Tekee yhteistyötä paikallisten toimijoiden kanssa", "Taito", NEW),
        ])
        + [Item("Tuotteistaa vastuullisia matkailupalveluja", "Taito", "vastuullisuus", since=2022),
           Item("Tuntee Sustainable Travel Finland -ohjelman kriteerit", "Tieto", "vastuullisuus",
                since=2022),
           Item("Viestii vastuullisuudesta asiakkaille ja kumppaneille", "Taito",
                "kieli-ja-viestinta", since=2022)]
        + pick("resp", "waste", "energy", "circular", "climate", since=2022)
        + pick("some", "email", since=2022)
        + pick("en", "culture", since=2022)
        + pick("needs", since=2022)
        + pick("learn", since=2022)
        + pick("worksafe", since=2022)
        + pick("team", "multi", since=2022)
        + pick("business", "pricing", since=2022)
    ),
)

OCCUPATIONS = (TOURISM, CHEF, CLEANER, NURSE, BUILDER, WAREHOUSE, ICT, CHILDCARE, SALES,
               WELFARE_TECH, SUSTAINABLE_TOURISM)

# fmt: on

# --------------------------------------------------------------------------------------
# Ratings: simulated per organisation, so layout B summaries are real aggregates
# --------------------------------------------------------------------------------------

# theme: (range of mean importance now, range of future - now, shift 2019 -> 2022)
LEVELS = {
    "ammatillinen": ((3.6, 4.6), (0.0, 0.3), 0.0),
    "digitaidot": ((2.8, 3.7), (0.6, 1.1), 0.5),
    "kieli-ja-viestinta": ((3.0, 4.0), (0.2, 0.5), 0.1),
    "asiakaspalvelu": ((3.8, 4.6), (0.1, 0.3), 0.0),
    "itsensa-johtaminen": ((3.5, 4.4), (0.1, 0.4), 0.1),
    "turvallisuus": ((4.0, 4.8), (0.0, 0.2), 0.0),
    "vastuullisuus": ((2.7, 3.6), (0.6, 1.1), 0.5),
    "yhteistyo": ((3.7, 4.4), (0.1, 0.3), 0.0),
    "yrittajyys": ((2.6, 3.5), (0.2, 0.6), 0.1),
}
FALLING = ((3.0, 3.6), (-1.0, -0.5), -0.5)
STEADY = ("ammatillinen", "asiakaspalvelu", "itsensa-johtaminen", "turvallisuus", "yhteistyo")


def item_means(occ: Occupation, item: Item, cycle: int) -> tuple[float, float]:
    """Mean importance (now, future) of an item in a cycle; stable per item text."""
    rng = random.Random(f"level:{occ.slug}:{item.text}")
    (lo, hi), (dlo, dhi), shift = FALLING if item.trend == "falling" else LEVELS[item.theme]
    now, delta = rng.uniform(lo, hi), rng.uniform(dlo, dhi)
    if cycle >= 2022 and item.since < 2022:
        now += shift * rng.uniform(0.7, 1.1)
        delta += shift * rng.uniform(0.2, 0.5)
    return now, now + delta


@dataclass(frozen=True)
class Rating:
    org: str
    respondent: str | None
    item: Item
    now: int | None  # None = not assessed
    future: int | None


def spread(rng: random.Random, target: float, n: int) -> list[int]:
    """``n`` whole ratings 1-5 whose mean is as close to ``target`` as whole numbers allow.

    Ratings drawn independently would make the demo's cycle-to-cycle changes mostly noise;
    fixing the sum keeps the designed trends readable while raters still disagree.
    """
    total = round(min(4.9, max(1.1, target)) * n)
    base, extra = divmod(total, n)
    values = [base + 1] * extra + [base] * (n - extra)
    rng.shuffle(values)
    for _ in range(n // 3):  # disagreement that leaves the mean alone
        i, j = rng.sample(range(n), 2) if n > 1 else (0, 0)
        if i != j and values[i] < 5 and values[j] > 1:
            values[i] += 1
            values[j] -= 1
    return values


def follow(rng: random.Random, now: list[int], target: float) -> list[int]:
    """Future ratings close to each rater's own ``now``, with a mean close to ``target``."""
    future = list(now)
    gap = round(min(4.9, max(1.1, target)) * len(now)) - sum(now)
    step = 1 if gap > 0 else -1
    for _ in range(abs(gap)):
        movable = [i for i, v in enumerate(future) if 1 <= v + step <= 5]
        if not movable:
            break
        future[rng.choice(movable)] += step
    return future


def simulate(
    occ: Occupation,
    cycle: int,
    orgs: list[str],
    sparse: int = 2,
    missing: float = 0.03,
    respondents: dict[str, list[str]] | None = None,
) -> list[Rating]:
    """Ratings of every org (and respondent) for every item; ``sparse`` items get only 1-2 orgs."""
    rng = random.Random(f"ratings:{cycle}:{occ.slug}")
    items = occ.items_in(cycle)
    # Sparse (suppressed) items come from the steady themes, so trends stay readable.
    steady = [no for no, item in enumerate(items) if item.theme in STEADY and not item.trend]
    sparse_items = set(rng.sample(steady, sparse))
    raters = [(org, person) for org in orgs for person in (respondents or {}).get(org, [None])]
    cells: dict[tuple[int, int], tuple[int | None, int | None]] = {}
    for no, item in enumerate(items):
        mu_now, mu_future = item_means(occ, item, cycle)
        chosen = list(range(len(raters)))
        if no in sparse_items:
            chosen = sorted(rng.sample(chosen, rng.choice([1, 2])))
        now = spread(rng, mu_now, len(chosen))
        future = follow(rng, now, mu_future)
        for k, rater in enumerate(chosen):
            a, b = now[k], future[k]
            if no not in sparse_items:  # sparse items keep their few ratings whole
                a = None if rng.random() < missing else a
                b = None if rng.random() < missing else b
            cells[rater, no] = (a, b)
    return [
        Rating(org, person, item, *cells.get((r, no), (None, None)))
        for r, (org, person) in enumerate(raters)
        for no, item in enumerate(items)
    ]


@dataclass(frozen=True)
class Summary:
    item: Item
    n: int
    mean_now: float | None
    mean_future: float | None
    sd_now: float | None
    sd_future: float | None


def summarise(ratings: list[Rating]) -> list[Summary]:
    """Layout B figures from simulated ratings (means over assessed ratings only)."""
    by_item: dict[Item, list[Rating]] = {}
    for r in ratings:
        by_item.setdefault(r.item, []).append(r)
    out = []
    for item, rows in by_item.items():
        now = [r.now for r in rows if r.now is not None]
        fut = [r.future for r in rows if r.future is not None]
        orgs = {r.org for r in rows if r.now is not None or r.future is not None}

        def mean(xs):
            return round(statistics.fmean(xs), 2) if xs else None

        def sd(xs):
            return round(statistics.stdev(xs), 2) if len(xs) >= 2 else None

        out.append(Summary(item, len(orgs), mean(now), mean(fut), sd(now), sd(fut)))
    return out


# --------------------------------------------------------------------------------------
# Writing sheets
# --------------------------------------------------------------------------------------

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
KIND_WORDS = {
    "fi": {"Tieto": "Tieto", "Taito": "Taito", "Asenne": "Asenne"},
    "en": {"Tieto": "Knowledge", "Taito": "Skill", "Asenne": "Attitude"},
    "sv": {"Tieto": "Kunskap", "Taito": "Färdighet", "Asenne": "Attityd"},
}
SIZES = ("1–9", "10–49", "50–249", "250+")
FIRST_NAMES = (
    "Aino",
    "Juha",
    "Sanna",
    "Mikko",
    "Leena",
    "Pekka",
    "Tiina",
    "Jari",
    "Kaisa",
    "Antti",
    "Riikka",
    "Ville",
    "Marja",
    "Heikki",
    "Elina",
    "Tuomas",
    "Satu",
    "Janne",
)
LAST_NAMES = (
    "Korhonen",
    "Mäkelä",
    "Heikkinen",
    "Niemi",
    "Salo",
    "Rautio",
    "Keskitalo",
    "Ylitalo",
    "Aikio",
    "Lantto",
    "Ollila",
    "Paavola",
    "Kyrö",
    "Magga",
    "Väänänen",
)


@dataclass
class Style:
    """How one data sheet is written: which contract variants it shows."""

    headers: dict[str, str]  # logical column -> header text, in column order
    metadata: list[tuple[str, object]] = field(default_factory=list)
    meta_form: str = "one-cell"  # "one-cell" (Key: value) or "two-cell"
    title: list[str] = field(default_factory=list)  # rows above the metadata
    kinds: str = "fi"
    markers: tuple = ("",)  # not-assessed values used ("" = blank cell)
    text_numbers: float = 0.0  # share of numbers stored as text
    padded: bool = False  # spaces around numbers stored as text
    decimal_comma: bool = False  # layout B: "3,85"
    area_once: bool = False  # area/sub-area only on the first row of a group (fill down)
    merge_area: bool = False  # ... and merged over the group
    blank_rows: bool = False  # a blank row between groups
    footer: list | None = None  # a row that ends the table
    after_footer: list[str] = field(default_factory=list)
    mangle_text: bool = False  # NBSP, line breaks and case differences in item texts
    extras: dict[str, Callable[[random.Random, str], object]] = field(default_factory=dict)
    comments: tuple[str, ...] = ()


def write_metadata(ws, style: Style) -> None:
    for line in style.title:
        ws.append([line])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=13)
    for key, value in style.metadata:
        ws.append([f"{key}: {value}"] if style.meta_form == "one-cell" else [key, value])
    if style.title or style.metadata:
        ws.append([])


def write_header(ws, style: Style) -> int:
    ws.append(list(style.headers.values()))
    row = ws.max_row
    for cell in ws[row]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, header in enumerate(style.headers.values(), start=1):
        width = max(12, min(60, len(header) + 4))
        ws.column_dimensions[ws.cell(row, col).column_letter].width = width
    return row


def number(value: float | int | None, style: Style, rng: random.Random, decimals: int = 0):
    """A number as the exporting system might store it."""
    if value is None:
        return None
    if decimals:
        text = f"{value:.{decimals}f}"
        if style.decimal_comma:
            text = text.replace(".", ",")
        elif rng.random() >= style.text_numbers:
            return round(value, decimals)
    else:
        if rng.random() >= style.text_numbers:
            return value
        text = str(value)
    if style.padded and rng.random() < 0.5:
        text = rng.choice([f" {text}", f"{text} ", f" {text} "])
    return text


def not_assessed(style: Style, rng: random.Random):
    marker = rng.choice(style.markers)
    return None if marker == "" else marker


def mangle(text: str, rng: random.Random) -> str:
    """The same item as another export row might spell it (same normalised text)."""
    words = text.split(" ")
    choice = rng.randrange(4)
    if choice == 0 and len(words) > 2:
        return " ".join(words[:2]) + "\u00a0" + " ".join(words[2:])
    if choice == 1 and len(words) > 3:
        return " ".join(words[:3]) + "\n" + " ".join(words[3:])
    if choice == 2:
        return text[0].lower() + text[1:] + " "
    return "  " + text.replace(" ", "  ", 1)


def sector_of(org: str) -> str:
    public = ("kaupunki", "kunta", "sairaanhoitopiiri", "kuntayhtymä")
    if any(word in org for word in public):
        return "Julkinen"
    return "Kolmas sektori" if org.endswith(" ry") else "Yksityinen"


def area_of(item: Item) -> str:
    return item.area or AREAS[item.theme]


def write_ratings(
    ws, occ: Occupation, cycle: int, ratings: list[Rating], style: Style, seed: str
) -> None:
    """Layout A: one row per organisation (and respondent) and item."""
    rng = random.Random(seed)
    write_metadata(ws, style)
    write_header(ws, style)
    columns = list(style.headers)
    org_info = {org: (rng.choice(SIZES), sector_of(org)) for org in occ.orgs}
    spans: list[list[int]] = []  # [first row, last row] of each area group, for merging
    previous: tuple | None = None
    for r in ratings:
        key = (r.org, r.respondent)
        if previous is not None and key != previous[0] and style.blank_rows:
            ws.append([])
        group = (key, area_of(r.item), r.item.sub_area)
        first_of_area = previous is None or previous[:2] != group[:2]
        first_of_sub = previous is None or previous != group
        text = r.item.text_in(cycle)
        values = {
            "org": r.org,
            "respondent": r.respondent,
            "area": area_of(r.item) if (first_of_area or not style.area_once) else None,
            "sub_area": r.item.sub_area if (first_of_sub or not style.area_once) else None,
            "code": occ.code_of(r.item),
            "item": mangle(text, rng) if style.mangle_text and rng.random() < 0.25 else text,
            "kind": KIND_WORDS[style.kinds][r.item.kind],
            "now": number(r.now, style, rng) if r.now is not None else not_assessed(style, rng),
            "future": (
                number(r.future, style, rng) if r.future is not None else not_assessed(style, rng)
            ),
            "size": org_info[r.org][0],
            "sector": org_info[r.org][1],
            "comment": (
                rng.choice(style.comments) if style.comments and rng.random() < 0.04 else None
            ),
        }
        for name, make in style.extras.items():
            values[name] = make(rng, r.org)
        ws.append([values[c] for c in columns])
        if first_of_area:
            spans.append([ws.max_row, ws.max_row])
        spans[-1][1] = ws.max_row
        previous = group
    if style.merge_area:
        for start, end in spans:
            merge(ws, columns, start, end)
    if style.footer:
        ws.append(style.footer)
        ws.cell(ws.max_row, 1).font = BOLD
    for line in style.after_footer:
        ws.append([line])


def write_summary(
    ws, occ: Occupation, cycle: int, rows: list[Summary], style: Style, seed: str
) -> None:
    """Layout B: one row per item with the survey system's own figures."""
    rng = random.Random(seed)
    write_metadata(ws, style)
    write_header(ws, style)
    columns = list(style.headers)
    area_start = None
    previous_area = previous_sub = None
    for s in rows:
        area, sub = area_of(s.item), s.item.sub_area
        new_area = area != previous_area
        if new_area and previous_area is not None and style.blank_rows:
            ws.append([])
        if new_area and area_start and style.merge_area:
            merge(ws, columns, area_start, ws.max_row - (1 if style.blank_rows else 0))
        change = (
            round(s.mean_future - s.mean_now, 2)
            if s.mean_now is not None and s.mean_future is not None
            else None
        )
        values = {
            "area": area if (new_area or not style.area_once) else None,
            "sub_area": sub if (new_area or sub != previous_sub or not style.area_once) else None,
            "code": occ.code_of(s.item),
            "item": s.item.text_in(cycle),
            "kind": KIND_WORDS[style.kinds][s.item.kind],
            "n": number(s.n, style, rng),
            "mean_now": number(s.mean_now, style, rng, 2),
            "mean_future": number(s.mean_future, style, rng, 2),
            "sd_now": number(s.sd_now, style, rng, 2),
            "sd_future": number(s.sd_future, style, rng, 2),
            "change": number(change, style, rng, 2),
        }
        ws.append([values[c] for c in columns])
        if new_area:
            area_start = ws.max_row
        previous_area, previous_sub = area, sub
    if style.merge_area and area_start:
        merge(ws, columns, area_start, ws.max_row)
    if style.footer:
        ws.append(style.footer)
        ws.cell(ws.max_row, 1).font = BOLD
    for line in style.after_footer:
        ws.append([line])


def merge(ws, columns: list[str], start: int, end: int) -> None:
    if "area" in columns and end > start:
        col = columns.index("area") + 1
        ws.merge_cells(start_row=start, start_column=col, end_row=end, end_column=col)
        ws.cell(start, col).alignment = Alignment(vertical="top")


def chart_sheet(
    wb: Workbook, title: str, occ: Occupation, cycle: int, ratings: list[Rating]
) -> None:
    """A visible summary sheet with a bar chart: no header, so not a data sheet."""
    ws = wb.create_sheet(title)
    ws.append([f"{occ.label} – osaamisalueiden keskiarvot {cycle}"])
    ws.cell(1, 1).font = Font(bold=True, size=13)
    ws.append([])
    ws.append(["Kokonaisuus", "Nyt", "3–5 v"])
    by_area: dict[str, list[Rating]] = {}
    for r in ratings:
        by_area.setdefault(area_of(r.item), []).append(r)
    for area, rows in by_area.items():
        now = [r.now for r in rows if r.now is not None]
        fut = [r.future for r in rows if r.future is not None]
        ws.append([area, round(statistics.fmean(now), 2), round(statistics.fmean(fut), 2)])
    chart = BarChart()
    chart.title = "Osaamisalueiden tärkeys nyt ja tulevaisuudessa"
    data = Reference(ws, min_col=2, min_row=3, max_col=3, max_row=ws.max_row)
    cats = Reference(ws, min_col=1, min_row=4, max_row=ws.max_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.width, chart.height = 22, 10
    ws.add_chart(chart, "E3")


def text_sheet(wb: Workbook, title: str, lines: list[str], index: int | None = None) -> None:
    ws = wb.create_sheet(title, index)
    for line in lines:
        ws.append([line])
    ws.column_dimensions["A"].width = 100


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed properties and zip timestamps, so bytes do not depend on the clock."""
    wb.properties.creator = "C&Q osaamiskartoitus (demo)"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.lastModifiedBy = None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------------------
# The files
# --------------------------------------------------------------------------------------

FI_A = {
    "org": "Organisaatio",
    "area": "Osaamisalue",
    "sub_area": "Osa-alue",
    "item": "Osaaminen",
    "kind": "Tyyppi",
    "now": "Nykytarve (1-5)",
    "future": "Tuleva tarve (1-5)",
}
COMMENTS_FI = (
    "Tärkeä sesonkiaikana",
    "Korostuu tulevaisuudessa",
    "Ei koske kaikkia tehtäviä",
    "Asiakkaat kysyvät tätä yhä useammin – ”tärkeä”",
    "Vaaditaan jo rekrytoinnissa",
)


def orgs_for(occ: Occupation, cycle: int, count: int) -> list[str]:
    """Organisations answering one cycle: partly the same across cycles, as in real rounds."""
    rng = random.Random(f"orgs:{cycle}:{occ.slug}")
    return sorted(rng.sample(occ.orgs, count))


def people(rng: random.Random, orgs: list[str], twice: str | None = None) -> dict[str, list[str]]:
    names = [f"{f} {last}" for f in FIRST_NAMES for last in LAST_NAMES]
    chosen = rng.sample(names, len(orgs) + 1)
    out = {org: [chosen[i]] for i, org in enumerate(orgs)}
    if twice:
        out[twice] = [out[twice][0], chosen[-1]]
    return out


def meta_fi(
    occ: Occupation, cycle: int, survey: str, date: str, region: str = "Lappi", field_: bool = True
) -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = [("Kartoitus", survey)]
    if field_:
        rows.append(("Ala", occ.field_label))
    rows += [
        ("Ammatti", occ.label),
        ("Alue", region),
        ("Kierros", cycle),
        ("Ajankohta", date),
        ("Tarkasteluväli", "3–5 vuotta"),
    ]
    return rows


def wb_with(first_title: str) -> Workbook:
    wb = Workbook()
    wb.active.title = first_title
    return wb


def ratings_file(path: Path, title: str, occ, cycle: int, ratings, style, tag: str) -> None:
    """A workbook of one ratings sheet (the common case); ``tag`` seeds its cell variants."""
    wb = wb_with(title)
    write_ratings(wb.active, occ, cycle, ratings, style, tag)
    save(wb, path)


def file_2019_matkailu(out: Path) -> None:
    occ, cycle = TOURISM, 2019
    wb = wb_with("Ohje")
    ohje = wb.active
    for line in (
        "Osaamiskartoituksen vienti: arviot organisaatioittain.",
        "Asteikko 1–5: 1 = ei tarvita, 5 = välttämätön. Merkintä ”-” = ei arvioitu.",
        "Tulevaisuuden tarve arvioidaan 3–5 vuoden päähän.",
    ):
        ohje.append([line])
    ws = wb.create_sheet("Arviot")
    orgs = orgs_for(occ, cycle, 11)
    style = Style(
        headers={
            "org": "Organisaatio",
            "area": "Osaamisalue",
            "sub_area": "Osa-alue",
            "code": "Koodi",
            "item": "Osaaminen",
            "kind": "Tyyppi",
            "now": "Nykytarve (1-5)",
            "future": "Tuleva tarve (1-5)",
            "comment": "Kommentti",
        },
        metadata=meta_fi(
            occ, cycle, "Matkailualan osaamiskartoitus 2019", "12.3.2019", region="Rovaniemi"
        )
        + [("Järjestelmä", "C&Q-osaamiskartoitus")],
        meta_form="one-cell",
        markers=("-",),
        text_numbers=0.2,
        footer=["Yhteensä", None, None, None, f"{len(orgs)} organisaatiota"],
        comments=COMMENTS_FI,
    )
    write_ratings(ws, occ, cycle, simulate(occ, cycle, orgs), style, "sheet:2019:mat")
    save(wb, out / "2019" / "2019_matkailu_matkailupalvelujen-tuottaja.xlsx")


def file_2019_kokki(out: Path) -> None:
    """Layout B: decimal commas, merged areas, blank rows, 'Keskiarvo' footer."""
    occ, cycle = CHEF, 2019
    wb = wb_with("Osaamisluettelo")
    summaries = summarise(simulate(occ, cycle, orgs_for(occ, cycle, 9)))
    style = Style(
        headers={
            "area": "Osaamisalue",
            "sub_area": "Osa-alue",
            "item": "Osaaminen",
            "kind": "Tyyppi",
            "n": "Organisaatioita",
            "mean_now": "Nykytarve ka.\n(1–5)",
            "mean_future": "Tuleva tarve ka.\n(1–5)",
            "sd_now": "Nykytarve kh.",
            "sd_future": "Tuleva tarve kh.",
            "change": "Muutosintensiteetti",
        },
        title=["Osaamisluettelo – ravintola- ja catering-ala"],
        metadata=[
            ("Osaamiskartoitus", "Ravintola- ja catering-alan osaamiskartoitus 2019"),
            ("Toimiala:", occ.field_label),
            ("Ammattiryhmä:", occ.label),
            ("Seutukunta", "Rovaniemen seutukunta"),
            ("Vuosi", "2019"),
            ("Päivämäärä", "3–4/2019"),
            ("Aikajänne", "3–5 vuotta"),
        ],
        meta_form="two-cell",
        decimal_comma=True,
        text_numbers=1.0,
        area_once=True,
        merge_area=True,
        blank_rows=True,
    )
    ws = wb.active
    write_summary(ws, occ, cycle, summaries, style, "sheet:2019:rav")
    means_now = [s.mean_now for s in summaries if s.mean_now is not None]
    means_fut = [s.mean_future for s in summaries if s.mean_future is not None]
    ws.append(
        [
            "Keskiarvo",
            None,
            None,
            None,
            None,
            f"{statistics.fmean(means_now):.2f}".replace(".", ","),
            f"{statistics.fmean(means_fut):.2f}".replace(".", ","),
        ]
    )
    ws.append([])
    ws.append(["Lähde: osaamiskartoitus, vastaajat alueen työnantajia."])
    save(wb, out / "2019" / "2019_ravintola_kokki.xlsx")


def file_2019_puhtaus(out: Path) -> None:
    """No metadata at all: cycle from the folder and name, field/occupation from the name."""
    occ, cycle = CLEANER, 2019
    wb = wb_with("Taulukko1")
    style = Style(headers=dict(FI_A), markers=("",), area_once=True)
    write_ratings(
        wb.active,
        occ,
        cycle,
        simulate(occ, cycle, orgs_for(occ, cycle, 7)),
        style,
        "sheet:2019:puh",
    )
    save(wb, out / "2019" / "2019_puhtaus_toimitilahuoltaja.xlsx")


def file_2019_sote(out: Path) -> None:
    """English metadata keys and headers, English kinds, 'n/a', 'Total' footer."""
    occ, cycle = NURSE, 2019
    wb = wb_with("Ratings")
    style = Style(
        headers={
            "org": "Organisation",
            "area": "Competence area",
            "sub_area": "Sub-area",
            "item": "Competence",
            "kind": "Type",
            "now": "Importance now",
            "future": "Importance future",
            "comment": "Comment",
        },
        title=["Competence survey export"],
        metadata=[
            ("Survey", "Sosiaali- ja terveysalan osaamiskartoitus 2019"),
            ("Field", occ.field_label),
            ("Occupation", occ.label),
            ("Region", "Lappi"),
            ("Year", "2019"),
            ("Date", "20.3.2019"),
            ("Horizon", "3–5 years"),
        ],
        meta_form="one-cell",
        kinds="en",
        markers=("n/a", ""),
        area_once=True,
        footer=["Total"],
        comments=("Korostuu kotihoidossa", "Pula osaajista"),
    )
    write_ratings(
        wb.active,
        occ,
        cycle,
        simulate(occ, cycle, orgs_for(occ, cycle, 12)),
        style,
        "sheet:2019:sote",
    )
    save(wb, out / "2019" / "2019_sote_lahihoitaja.xlsx")


def file_2019_rakennus_logistiikka(out: Path) -> None:
    """Two data sheets (one per occupation), each with its own metadata; 'Notes' sheet."""
    cycle = 2019
    wb = wb_with("Talonrakentaja")
    build = Style(
        headers={
            "item": "Osaaminen",
            "kind": "Tyyppi",
            "area": "Osaamisalue",
            "sub_area": "Osa-alue",
            "org": "Organisaatio",
            "sector": "Toimiala",
            "size": "Henkilöstö",
            "future": "Tuleva tarve",
            "now": "Nykytarve",
            "answer_id": "Vastaus-ID",
        },
        metadata=[
            ("Kartoitus:", "Rakennusalan osaamiskartoitus 2019"),
            ("Ala:", BUILDER.field_label),
            ("Ammatti:", BUILDER.label),
            ("Alue:", "Lappi"),
            ("Kierros:", 2019),
            ("Ajankohta:", "5.2.2019"),
            ("Tarkasteluväli:", "3–5 vuotta"),
        ],
        meta_form="two-cell",
        markers=("0",),
        text_numbers=0.1,
        extras={"answer_id": lambda rng, org: f"V{rng.randrange(10000, 99999)}"},
    )
    write_ratings(
        wb.active,
        BUILDER,
        cycle,
        simulate(BUILDER, cycle, orgs_for(BUILDER, cycle, 8)),
        build,
        "sheet:2019:rak",
    )
    logistics = Style(
        headers={
            "org": "Organisaatio",
            "code": "Koodi",
            "item": "Osaaminen",
            "area": "Osaamisalue",
            "sub_area": "Osa-alue",
            "kind": "Tyyppi",
            "now": "Nykytarve",
            "future": "Tuleva tarve",
        },
        metadata=[
            ("Kartoitus", "Logistiikan osaamiskartoitus 2019"),
            ("Ala", WAREHOUSE.field_label),
            ("Ammatti", WAREHOUSE.label),
            ("Alue", "Kemi-Tornio"),
            ("Kierros", "2019"),
            ("Ajankohta", "14.5.2019"),
            ("Tarkasteluväli", "3–5 vuotta"),
        ],
        meta_form="two-cell",
        markers=(0,),
    )
    write_ratings(
        wb.create_sheet("Varastonhoitaja"),
        WAREHOUSE,
        cycle,
        simulate(WAREHOUSE, cycle, orgs_for(WAREHOUSE, cycle, 7)),
        logistics,
        "sheet:2019:log",
    )
    text_sheet(
        wb,
        "Notes",
        [
            "Two surveys in one export: house building and logistics.",
            "Rating 0 = not assessed. Scale 1–5.",
        ],
    )
    save(wb, out / "2019" / "2019_rakennus-ja-logistiikka.xlsx")


def file_2019_ict(out: Path) -> None:
    """Swedish metadata keys, Swedish headers and kinds, codes."""
    occ, cycle = ICT, 2019
    wb = wb_with("Bedömningar")
    style = Style(
        headers={
            "org": "Organisation",
            "area": "Kompetensområde",
            "code": "Kod",
            "item": "Kompetens",
            "kind": "Typ",
            "now": "Vikt nu",
            "future": "Vikt framtid",
        },
        metadata=[
            ("Kartläggning", "ICT-alan osaamiskartoitus 2019"),
            ("Bransch", occ.field_label),
            ("Yrke", occ.label),
            ("Region", "Lappi"),
            ("Omgång", 2019),
            ("Datum", "9.10.2019"),
            ("Horizon", "3–5 år"),
        ],
        meta_form="two-cell",
        kinds="sv",
        markers=("ei arvioitu",),
        area_once=True,
    )
    write_ratings(
        wb.active,
        occ,
        cycle,
        simulate(occ, cycle, orgs_for(occ, cycle, 8)),
        style,
        "sheet:2019:ict",
    )
    save(wb, out / "2019" / "2019_ict_ict-tukihenkilo.xlsx")


def file_2019_kasvatus(out: Path) -> None:
    """A hidden data sheet behind a visible chart sheet; merged areas; messy item texts."""
    occ, cycle = CHILDCARE, 2019
    ratings = simulate(occ, cycle, orgs_for(occ, cycle, 10))
    wb = wb_with("Data")
    style = Style(
        headers=dict(FI_A),
        metadata=meta_fi(occ, cycle, "Varhaiskasvatuksen osaamiskartoitus 2019", "28.11.2019"),
        meta_form="one-cell",
        markers=("-", ""),
        area_once=True,
        merge_area=True,
        mangle_text=True,
        footer=["Summa"],
    )
    write_ratings(wb.active, occ, cycle, ratings, style, "sheet:2019:kas")
    wb.active.sheet_state = "hidden"
    wb.active.sheet_view.tabSelected = False
    chart_sheet(wb, "Yhteenveto", occ, cycle, ratings)
    wb.move_sheet("Yhteenveto", offset=-1)
    wb.active = 0
    save(wb, out / "2019" / "2019_kasvatus_lastenhoitaja.xlsx")


def file_2019_kauppa(out: Path) -> None:
    """Respondents, unknown extra columns, padded numbers as text, blank rows, partial metadata."""
    occ, cycle = SALES, 2019
    rng = random.Random("people:2019:kauppa")
    orgs = orgs_for(occ, cycle, 9)
    style = Style(
        headers={
            "answer_id": "Vastaus-ID",
            "org": "Organisaatio",
            "respondent": "Vastaaja",
            "postcode": "Postinumero",
            "area": "Osaamisalue",
            "sub_area": "Osa-alue",
            "item": "Osaaminen",
            "kind": "Tyyppi",
            "now": "Nykytarve",
            "future": "Tuleva tarve",
        },
        title=["Kaupan alan osaamiskartoitus – arviot"],
        metadata=[("Alue", "Lappi"), ("Ajankohta", "2.–16.9.2019")],
        meta_form="two-cell",
        markers=("", "-"),
        text_numbers=0.5,
        padded=True,
        blank_rows=True,
        extras={
            "answer_id": lambda r, org: f"{orgs.index(org) + 1:03d}",
            "postcode": lambda r, org: ("96100", "94100", "95400", "99600")[orgs.index(org) % 4],
        },
    )
    ratings_file(
        out / "2019" / "2019_kauppa_myyja.xlsx",
        "Arviot",
        occ,
        cycle,
        simulate(occ, cycle, orgs, respondents=people(rng, orgs)),
        style,
        "sheet:2019:kau",
    )


def file_2022_matkailu(out: Path) -> None:
    """Codes carried over (a reworded item keeps its code), respondents, a 'Notes' sheet."""
    occ, cycle = TOURISM, 2022
    rng = random.Random("people:2022:matkailu")
    orgs = orgs_for(occ, cycle, 13)
    style = Style(
        headers={
            "org": "Organisaatio",
            "respondent": "Vastaaja",
            "area": "Osaamisalue",
            "sub_area": "Osa-alue",
            "code": "Koodi",
            "item": "Osaaminen",
            "kind": "Tyyppi",
            "now": "Nykytarve (1-5)",
            "future": "Tuleva tarve (1-5)",
            "comment": "Kommentti",
        },
        metadata=meta_fi(
            occ, cycle, "Matkailualan osaamiskartoitus 2022", "15.3.2022", region="Rovaniemi"
        ),
        meta_form="one-cell",
        markers=("-", ""),
        text_numbers=0.15,
        footer=["Yhteensä"],
        comments=COMMENTS_FI,
    )
    wb = wb_with("Arviot")
    write_ratings(
        wb.active,
        occ,
        cycle,
        simulate(occ, cycle, orgs, respondents=people(rng, orgs)),
        style,
        "sheet:2022:mat",
    )
    text_sheet(
        wb,
        "Notes",
        [
            "Vastaukset kerätty verkkolomakkeella 1.–15.3.2022.",
            "Koodit (MAT-xxx) säilyvät kierroksesta toiseen.",
        ],
    )
    save(wb, out / "2022" / "2022_matkailu_matkailupalvelujen-tuottaja.xlsx")


def file_2022_kokki(out: Path) -> None:
    """Other Finnish header aliases, English metadata keys in two cells, no footer."""
    occ, cycle = CHEF, 2022
    style = Style(
        headers={
            "org": "Yritys",
            "area": "Pääalue",
            "sub_area": "Alaryhmä",
            "item": "Osaamiskuvaus",
            "kind": "Laji",
            "now": "Painoarvo nyt",
            "future": "Painoarvo tulevaisuudessa",
            "comment": "Huomio",
        },
        metadata=[
            ("Survey", "Ravintola- ja catering-alan osaamiskartoitus 2022"),
            ("Field", occ.field_label),
            ("Occupation", occ.label),
            ("Region", "Lappi"),
            ("Cycle", 2022),
            ("Date", "1.2.2022"),
            ("Horizon", "3–5 vuotta"),
        ],
        meta_form="two-cell",
        markers=("ei arvioitu", ""),
        text_numbers=0.3,
        comments=("Lähiruoka korostuu", "Asiakkaat kysyvät vegaanivaihtoehtoja"),
    )
    ratings_file(
        out / "2022" / "2022_ravintola_kokki.xlsx",
        "Arviot 2022",
        occ,
        cycle,
        simulate(occ, cycle, orgs_for(occ, cycle, 10)),
        style,
        "sheet:2022:rav",
    )


def file_2022_puhtaus(out: Path) -> None:
    """Layout B with English headers, decimal points, numbers as padded text, 'Total' footer."""
    occ, cycle = CLEANER, 2022
    summaries = summarise(simulate(occ, cycle, orgs_for(occ, cycle, 8)))
    style = Style(
        headers={
            "area": "Competence area",
            "sub_area": "Sub-area",
            "item": "Competence",
            "kind": "Kind",
            "n": "N",
            "mean_now": "Mean now (1-5)",
            "mean_future": "Mean future (1-5)",
            "sd_now": "SD now",
            "sd_future": "SD future",
            "change": "Change",
        },
        metadata=[
            ("Survey", "Puhtaus- ja kiinteistöpalvelualan osaamiskartoitus 2022"),
            ("Sector", occ.field_label),
            ("Occupation", occ.label),
            ("Region", "Lappi"),
            ("Cycle", "2022"),
            ("Date", "22.4.2022"),
            ("Horizon", "3–5 vuotta"),
        ],
        meta_form="one-cell",
        kinds="fi",
        text_numbers=0.3,
        padded=True,
    )
    wb = wb_with("Ohje")
    wb.active.append(
        ["Osaamisluettelo: keskiarvot kaikista vastauksista. N = arvioineet organisaatiot."]
    )
    ws = wb.create_sheet("Summary")
    write_summary(ws, occ, cycle, summaries, style, "sheet:2022:puh")
    ws.append(["Total", None, f"{len(summaries)} items"])
    save(wb, out / "2022" / "2022_puhtaus_toimitilahuoltaja.xlsx")


def file_2022_sote(out: Path) -> None:
    """No field in metadata (from the file name); one organisation with two respondents."""
    occ, cycle = NURSE, 2022
    rng = random.Random("people:2022:sote")
    orgs = orgs_for(occ, cycle, 13)
    twice = "Lapin Hoivakoti Oy" if "Lapin Hoivakoti Oy" in orgs else orgs[0]
    style = Style(
        headers={
            "org": "Organisaatio",
            "respondent": "Haastateltava",
            "unit": "Yksikkö",
            "area": "Osaamisalue",
            "sub_area": "Osa-alue",
            "item": "Osaaminen",
            "kind": "Tyyppi",
            "now": "Nykytarve",
            "future": "Tulevaisuuden tarve",
        },
        metadata=meta_fi(
            occ, cycle, "Sosiaali- ja terveysalan osaamiskartoitus 2022", "7.3.2022", field_=False
        ),
        meta_form="two-cell",
        markers=("ei arvioitu",),
        area_once=True,
        footer=["Yhteensä"],
        extras={
            "unit": lambda r, org: ("Kotihoito", "Ympärivuorokautinen hoiva", "Vuodeosasto")[
                len(org) % 3
            ]
        },
    )
    ratings_file(
        out / "2022" / "2022_sote_lahihoitaja.xlsx",
        "Arviot",
        occ,
        cycle,
        simulate(occ, cycle, orgs, respondents=people(rng, orgs, twice=twice)),
        style,
        "sheet:2022:sote",
    )


def file_2022_rakennus(out: Path) -> None:
    """Swedish metadata keys in one cell; 'Kvalifikaatio' header aliases."""
    occ, cycle = BUILDER, 2022
    style = Style(
        headers={
            "org": "Työnantaja",
            "area": "Kvalifikaatioalue",
            "sub_area": "Osa-alue",
            "item": "Kvalifikaatio",
            "kind": "Tyyppi",
            "now": "Tärkeys nyt",
            "future": "Tärkeys 3-5 v",
            "size": "Koko",
        },
        metadata=[
            ("Kartläggning", "Rakennusalan osaamiskartoitus 2022"),
            ("Bransch", occ.field_label),
            ("Yrke", occ.label),
            ("Region", "Lappi"),
            ("Omgång", "2022"),
            ("Datum", "8.2.2022"),
            ("Horizon", "3–5 vuotta"),
        ],
        meta_form="one-cell",
        markers=("-",),
        text_numbers=0.1,
        footer=["Yhteensä"],
    )
    ratings_file(
        out / "2022" / "2022_rakennus_talonrakentaja.xlsx",
        "Arviot",
        occ,
        cycle,
        simulate(occ, cycle, orgs_for(occ, cycle, 9)),
        style,
        "sheet:2022:rak",
    )


def file_2022_logistiikka(out: Path) -> None:
    """Codes, merged area cells, blank rows between organisations."""
    occ, cycle = WAREHOUSE, 2022
    style = Style(
        headers={
            "org": "Organisaatio",
            "area": "Osaamisalue",
            "sub_area": "Osa-alue",
            "code": "Tunniste",
            "item": "Osaaminen",
            "kind": "Tyyppi",
            "now": "Nykytarve",
            "future": "Tuleva tarve",
        },
        metadata=meta_fi(
            occ, cycle, "Logistiikan osaamiskartoitus 2022", "10.5.2022", region="Kemi-Tornio"
        ),
        meta_form="two-cell",
        markers=("",),
        area_once=True,
        merge_area=True,
        blank_rows=True,
        footer=["Yhteensä"],
    )
    ratings_file(
        out / "2022" / "2022_logistiikka_varastonhoitaja.xlsx",
        "Arviot",
        occ,
        cycle,
        simulate(occ, cycle, orgs_for(occ, cycle, 7)),
        style,
        "sheet:2022:log",
    )


def file_2022_ict(out: Path) -> None:
    """English headers in an unusual order, codes, 'n/a', a chart summary sheet."""
    occ, cycle = ICT, 2022
    ratings = simulate(occ, cycle, orgs_for(occ, cycle, 9))
    style = Style(
        headers={
            "code": "Code",
            "item": "Competence",
            "area": "Competence area",
            "kind": "Kind",
            "org": "Organisation",
            "now": "Importance now",
            "future": "Importance future",
            "sector": "Sector",
        },
        metadata=[
            ("Survey", "ICT-alan osaamiskartoitus 2022"),
            ("Field", occ.field_label),
            ("Occupation", occ.label),
            ("Region", "Lappi"),
            ("Year", 2022),
            ("Date", "4.10.2022"),
            ("Horizon", "3–5 years"),
        ],
        meta_form="one-cell",
        markers=("n/a",),
        footer=["Total"],
    )
    wb = wb_with("Ratings")
    write_ratings(wb.active, occ, cycle, ratings, style, "sheet:2022:ict")
    chart_sheet(wb, "Chart", occ, cycle, ratings)
    save(wb, out / "2022" / "2022_ict_ict-tukihenkilo.xlsx")


def file_2022_kasvatus(out: Path) -> None:
    """'0' as not assessed, header far below a long metadata block, messy texts."""
    occ, cycle = CHILDCARE, 2022
    style = Style(
        headers={
            "org": "Organisaatio",
            "area": "Osaamisalue",
            "sub_area": "Osa-alue",
            "item": "Osaamiskuvaus",
            "kind": "Tyyppi",
            "now": "Nykytarve\n(1-5)",
            "future": "Tuleva\ntarve (1-5)",
        },
        title=["OSAAMISKARTOITUS", "Raportti: arviot organisaatioittain"],
        metadata=meta_fi(occ, cycle, "Varhaiskasvatuksen osaamiskartoitus 2022", "23.11.2022")
        + [("Vastausaika", "31.10.–23.11.2022"), ("Vastausprosentti", "64 %")],
        meta_form="one-cell",
        markers=("0", 0, ""),
        mangle_text=True,
        text_numbers=0.2,
        footer=["Keskiarvo"],
    )
    ratings_file(
        out / "2022" / "2022_kasvatus_lastenhoitaja.xlsx",
        "Arviot",
        occ,
        cycle,
        simulate(occ, cycle, orgs_for(occ, cycle, 11)),
        style,
        "sheet:2022:kas",
    )


def file_2022_kauppa(out: Path) -> None:
    """Respondents, org size, Swedish headers in a Finnish file."""
    occ, cycle = SALES, 2022
    rng = random.Random("people:2022:kauppa")
    orgs = orgs_for(occ, cycle, 10)
    style = Style(
        headers={
            "org": "Organisation",
            "respondent": "Respondent",
            "size": "Size",
            "area": "Kompetensområde",
            "sub_area": "Delområde",
            "item": "Kompetens",
            "kind": "Typ",
            "now": "Vikt nu",
            "future": "Vikt framtid",
        },
        metadata=meta_fi(occ, cycle, "Kaupan alan osaamiskartoitus 2022", "14.9.2022"),
        meta_form="two-cell",
        kinds="sv",
        markers=("-", "n/a"),
        area_once=True,
    )
    ratings_file(
        out / "2022" / "2022_kauppa_myyja.xlsx",
        "Arviot",
        occ,
        cycle,
        simulate(occ, cycle, orgs, respondents=people(rng, orgs)),
        style,
        "sheet:2022:kau",
    )


def file_2022_hyvinvointiteknologia(out: Path) -> None:
    occ, cycle = WELFARE_TECH, 2022
    style = Style(
        headers=dict(FI_A) | {"comment": "Kommentti"},
        metadata=meta_fi(
            occ, cycle, "Hyvinvointiteknologian osaamistarpeet 2022", "30.5.2022", field_=False
        ),
        meta_form="one-cell",
        markers=("",),
        area_once=True,
        footer=["Yhteensä"],
        comments=("Uusi tehtävä meillä", "Tarve kasvaa kotihoidossa"),
    )
    ratings_file(
        out / "2022" / "2022_sote_hyvinvointiteknologian-tukihenkilo.xlsx",
        "Arviot",
        occ,
        cycle,
        simulate(occ, cycle, orgs_for(occ, cycle, 6)),
        style,
        "sheet:2022:hvt",
    )


def file_2022_vastuullinen_matkailu(out: Path) -> None:
    occ, cycle = SUSTAINABLE_TOURISM, 2022
    style = Style(
        headers=dict(FI_A),
        metadata=meta_fi(
            occ, cycle, "Vastuullisen matkailun osaamistarpeet 2022", "6.6.2022", region="Rovaniemi"
        ),
        meta_form="two-cell",
        markers=("-",),
        footer=["Yhteensä"],
    )
    ratings_file(
        out / "2022" / "2022_matkailu_vastuullisen-matkailun-koordinaattori.xlsx",
        "Arviot",
        occ,
        cycle,
        simulate(occ, cycle, orgs_for(occ, cycle, 5)),
        style,
        "sheet:2022:vmk",
    )


WRITERS = (
    file_2019_matkailu,
    file_2019_kokki,
    file_2019_puhtaus,
    file_2019_sote,
    file_2019_rakennus_logistiikka,
    file_2019_ict,
    file_2019_kasvatus,
    file_2019_kauppa,
    file_2022_matkailu,
    file_2022_kokki,
    file_2022_puhtaus,
    file_2022_sote,
    file_2022_rakennus,
    file_2022_logistiikka,
    file_2022_ict,
    file_2022_kasvatus,
    file_2022_kauppa,
    file_2022_hyvinvointiteknologia,
    file_2022_vastuullinen_matkailu,
)


def main(out: Path = RAW) -> None:
    for write in WRITERS:
        write(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else RAW)
