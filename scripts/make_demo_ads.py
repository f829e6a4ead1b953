"""Write the demo job ads in raw/evidence/ads/: 240 fictional ads, 2022-2025, mostly Lapland.

Run: ``.venv/bin/python scripts/make_demo_ads.py [OUT_DIR]``.

Two exports with the same columns, as a job-ad service might deliver them: a semicolon CSV
with Finnish dates for 2022-2023 and a JSON list with ISO dates for 2024-2025. Columns:
ilmoitus_id, otsikko, kuvaus, julkaistu, maakunta, kunta, ammatti, ammattikoodi
(Statistics Finland's occupation code), tyonantaja, tyoaika. Employers are fictional; their
names appear in the export and in the ad texts, as in real ads, and osaaja never publishes
them. Each ad is built from sentences an employer in the trade would write; which
sentences, and how many, come from a fixed seed, so the same script writes the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "raw" / "evidence" / "ads"
SEED = 16
PLACES = [  # (region, municipality, weight)
    ("Lappi", "Rovaniemi", 6),
    ("Lappi", "Kemi", 3),
    ("Lappi", "Tornio", 3),
    ("Lappi", "Kittilä", 2),
    ("Lappi", "Inari", 2),
    ("Lappi", "Sodankylä", 1),
    ("Lappi", "Kemijärvi", 1),
    ("Lappi", "Kolari", 1),
    ("Pohjois-Pohjanmaa", "Oulu", 2),
    ("Uusimaa", "Helsinki", 1),
]
HOURS = ["kokoaikainen", "osa-aikainen", "kausityö"]

OCCUPATIONS = {
    "myyja": {
        "ammatti": "Myyjä",
        "koodi": "5223",
        "count": 60,
        "titles": [
            "Myyjä",
            "Myyjä, osa-aikainen",
            "Myyjä sesonkiin",
            "Myyjä, vakituinen",
            "Kassamyyjä",
        ],
        "employers": [
            "Tunturikauppa Oy",
            "Pohjolan Vaate Oy",
            "Kaamosmarket Oy",
            "Lapin Kenkä ja Laukku Ky",
            "Revontulikeskuksen Urheilu Oy",
            "Napapiirin Lahjatalo Oy",
        ],
        "intro": "{employer} etsii {town} myymäläänsä asiakaspalveluhenkistä myyjää.",
        "sentences": [
            "Työtehtäviisi kuuluu asiakaspalvelu, kassatyöskentely sekä tuotteiden hyllyttäminen.",
            "Hallitset kassajärjestelmän ja mobiilimaksut tai opit ne nopeasti.",
            "Palvelet asiakkaita myös verkkokaupan noutopisteessä ja käsittelet verkkotilaukset.",
            "Käytämme mobiililaitteita tilausten ja saldojen tarkistamiseen.",
            "Arvostamme ruotsin ja englannin kielen taitoa, sillä asiakkainamme on paljon matkailijoita.",
            "Englannin kielen taito on välttämätön.",
            "Olet oma-aloitteinen, täsmällinen ja luotettava.",
            "Vastuullisuus näkyy arjessamme: lajittelemme jätteet ja vähennämme hävikkiä.",
            "Osaat kertoa asiakkaille tuotteiden alkuperästä ja vastuullisuudesta.",
            "Päivität myymälän sosiaalisen median kanavia yhdessä tiimin kanssa.",
            "Rakennat näyttäviä esillepanoja ja huolehdit hinnoittelusta.",
            "Teet luontevasti lisämyyntiä ja tunnistat asiakkaan tarpeet.",
            "Sesonkiaikoina työ on vauhdikasta, joten kiireen sietokyky on eduksi.",
            "Käsittelet asiakaspalautteet ja reklamaatiot ystävällisesti.",
            "Työvuorot vaihtelevat, ja joustavuus työajoissa on tärkeää.",
        ],
    },
    "kokki": {
        "ammatti": "Kokki",
        "koodi": "5120",
        "count": 60,
        "titles": [
            "Kokki",
            "Kokki talvikaudelle",
            "Kokki lounasravintolaan",
            "Kokki, vakituinen",
            "À la carte -kokki",
        ],
        "employers": [
            "Ravintola Tunturikukka Oy",
            "Kelohonka Catering Oy",
            "Hotelli Aurora Borealis Oy",
            "Lounaskeittiö Ahma Ky",
            "Jängän Ravintolat Oy",
            "Kuukkeli Catering Oy",
        ],
        "intro": "{employer} hakee {town} toimipisteeseensä ammattitaitoista kokkia.",
        "sentences": [
            "Valmistat lounaan ja à la carte -annokset reseptien mukaan.",
            "Hygieniapassi on edellytys, ja noudatat omavalvontasuunnitelmaa.",
            "Kirjaat omavalvonnan lämpötilat sähköiseen järjestelmään.",
            "Huomioit erityisruokavaliot ja allergeenit.",
            "Keittiössämme käytetään sähköistä tilaus- ja ohjausjärjestelmää.",
            "Haluamme vähentää ruokahävikkiä ja suosimme lähiruokaa sekä Lapin luonnontuotteita.",
            "Kasvis- ja vegaaniruokien osaaminen on vahvuus.",
            "Talvisesonkina asiakkaat ovat kansainvälisiä, joten englannin kielen taito on tarpeen.",
            "Toimit kustannustietoisesti ja lasket annosten raaka-ainekustannukset.",
            "Työskentelet suunnitelmallisesti myös ruuhka-aikoina.",
            "Lajittelemme jätteet ja säästämme energiaa ja vettä.",
            "Perehdytät kausityöntekijöitä.",
            "Tunnet raaka-aineet ja niiden käsittelyn.",
            "Käytät ammattikeittiön laitteita ja koneita sujuvasti.",
            "Arvostamme vastuullisuutta ja kiertotalouden periaatteita.",
        ],
    },
    "lahihoitaja": {
        "ammatti": "Lähihoitaja",
        "koodi": "5321",
        "count": 60,
        "titles": [
            "Lähihoitaja",
            "Lähihoitaja kotihoitoon",
            "Lähihoitaja, vakituinen",
            "Lähihoitaja palvelutaloon",
            "Lähihoitaja, sijaisuus",
        ],
        "employers": [
            "Hoivakoti Kuukkeli Oy",
            "Kotihoito Ruijanpolku Oy",
            "Palvelutalo Kielo ry",
            "Hoiva-Aapa Oy",
            "Lapin Kotipalvelu Jänkä Oy",
            "Vanhustentalo Tunturikoivu ry",
        ],
        "intro": "{employer} etsii {town} yksikköönsä lähihoitajaa.",
        "sentences": [
            "Työskentelet kotihoidossa, jossa käytössämme on mobiilikirjaaminen.",
            "Kirjaat hoitotyön rakenteisesti potilastietojärjestelmään.",
            "Lääkehoidon osaaminen ja voimassa oleva lääkelupa ovat edellytyksiä.",
            "Tuet asiakkaan toimintakykyä kuntouttavalla työotteella.",
            "Ohjaat asiakkaita etäpalvelujen ja hyvinvointiteknologian käytössä.",
            "Toteutamme osan käynneistä etähoitona videoyhteydellä.",
            "Ruotsin kielen taito katsotaan eduksi.",
            "Käytät turvarannekkeita ja lääkeautomaatteja osana asiakastyötä.",
            "Osallistut etäpalavereihin ja verkkokoulutuksiin.",
            "Arvostamme selkokielen käyttöä ja kulttuurisensitiivistä työotetta.",
            "Muistisairaiden asiakkaiden hoitotyön kokemus on eduksi.",
            "Toimit moniammatillisessa tiimissä.",
            "Huolehdit tietosuojasta ja tietoturvasta.",
            "Noudatat aseptisia työtapoja.",
            "Kohtaat asiakkaan ystävällisesti ja arvostavasti.",
        ],
    },
    "varastonhoitaja": {
        "ammatti": "Varastotyöntekijä",
        "koodi": "4321",
        "count": 30,
        "titles": [
            "Varastotyöntekijä",
            "Varastonhoitaja",
            "Keräilijä",
            "Trukinkuljettaja-varastotyöntekijä",
        ],
        "employers": [
            "Lapin Logistiikkakeskus Oy",
            "Perämeren Terminaali Oy",
            "Tunturikuljetus Oy",
        ],
        "intro": "{employer} hakee {town} terminaaliinsa varastotyöntekijää.",
        "sentences": [
            "Työ sisältää tavaran vastaanottoa, keräilyä ja lähettämistä.",
            "Trukkikortti on edellytys.",
            "Käytät toiminnanohjausjärjestelmää ja viivakoodilukijaa.",
            "Kylmäketjun hallinta on tärkeää elintarvikevarastossamme.",
            "Automatisoitu varasto ja RFID-tekniikka ovat meillä arkea.",
            "Olet tarkka ja noudatat työturvallisuusohjeita.",
        ],
    },
    "toimitilahuoltaja": {
        "ammatti": "Siivooja",
        "koodi": "9112",
        "count": 30,
        "titles": [
            "Toimitilahuoltaja",
            "Siivooja",
            "Laitoshuoltaja",
            "Kiinteistöhuoltaja-siivooja",
        ],
        "employers": ["Puhdas Pohjola Oy", "Kiiltokuva Siivous Ky", "Lapin Toimitilapalvelut Oy"],
        "intro": "{employer} etsii {town} kohteisiinsa toimitilahuoltajaa.",
        "sentences": [
            "Teet ylläpito- ja perussiivousta toimistoissa ja kouluissa.",
            "Valitset oikeat puhdistusaineet ja -menetelmät eri pinnoille.",
            "Kirjaat tehdyt työt mobiilisovellukseen.",
            "Käytämme siivousrobotteja ja ympäristömerkittyjä puhdistusaineita.",
            "Arvostamme kiertotalouden ja vastuullisuuden osaamista.",
            "Olet oma-aloitteinen ja luotettava.",
        ],
    },
}


def ads() -> list[dict]:
    rng = random.Random(SEED)
    places = [(r, t) for r, t, w in PLACES for _ in range(w)]
    start, days = date(2022, 1, 3), (date(2025, 12, 19) - date(2022, 1, 3)).days
    out = []
    for slug, occ in OCCUPATIONS.items():
        for _ in range(occ["count"]):
            region, town = rng.choice(places)
            employer = rng.choice(occ["employers"])
            chosen = rng.sample(occ["sentences"], rng.randint(3, 6))
            body = " ".join([occ["intro"].format(employer=employer, town=GENITIVE[town]), *chosen])
            body += f" Lisätietoja antaa {employer}:n esihenkilö. Hae viimeistään kahden viikon kuluessa."
            out.append(
                {
                    "otsikko": rng.choice(occ["titles"]),
                    "kuvaus": body,
                    "julkaistu": start + timedelta(days=rng.randrange(days)),
                    "maakunta": region,
                    "kunta": town,
                    "ammatti": occ["ammatti"],
                    "ammattikoodi": occ["koodi"],
                    "tyonantaja": employer,
                    "tyoaika": rng.choice(HOURS),
                    "_slug": slug,
                }
            )
    out.sort(key=lambda a: (a["julkaistu"], a["_slug"], a["otsikko"], a["kuvaus"]))
    for n, ad in enumerate(out, start=1):
        ad["ilmoitus_id"] = f"TM-{ad['julkaistu'].year}-{n:05d}"
    return out


GENITIVE = {  # "Rovaniemen myymälään": the templates need the place in the genitive
    "Rovaniemi": "Rovaniemen",
    "Kemi": "Kemin",
    "Tornio": "Tornion",
    "Kittilä": "Kittilän",
    "Inari": "Inarin",
    "Sodankylä": "Sodankylän",
    "Kemijärvi": "Kemijärven",
    "Kolari": "Kolarin",
    "Oulu": "Oulun",
    "Helsinki": "Helsingin",
}


COLUMNS = [
    "ilmoitus_id",
    "otsikko",
    "kuvaus",
    "julkaistu",
    "maakunta",
    "kunta",
    "ammatti",
    "ammattikoodi",
    "tyonantaja",
    "tyoaika",
]


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = ads()
    early = [a for a in rows if a["julkaistu"].year <= 2023]
    late = [a for a in rows if a["julkaistu"].year >= 2024]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for a in early:
        d = a["julkaistu"]
        writer.writerow(
            [f"{d.day}.{d.month}.{d.year}" if c == "julkaistu" else a[c] for c in COLUMNS]
        )
    (out / "ilmoitukset_2022_2023.csv").write_text(buffer.getvalue(), encoding="utf-8")
    records = [{c: (a[c].isoformat() if c == "julkaistu" else a[c]) for c in COLUMNS} for a in late]
    (out / "ilmoitukset_2024_2025.json").write_text(
        json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(early)} + {len(late)} ads to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
