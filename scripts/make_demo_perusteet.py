"""Write the demo qualifications in raw/evidence/eperusteet/ in ePerusteet's public JSON shape.

Run: ``.venv/bin/python scripts/make_demo_perusteet.py [OUT_DIR]``.

Each file has the shape the public service returns for
``/eperusteet-service/api/external/peruste/<id>`` (see docs/evidence.md): the fields the
reader uses and, as in the real answers, some it ignores. The unit names and requirement
texts are demo texts written in the style of the real qualifications (Finnish and Swedish),
shaped like ePerusteet but not copied from it. The qualifications' Finnish names and
koulutuskoodit are the real ones (361101, 371101, 381141, 381204, 381408); the ids, unit and
requirement codes and diaarinumerot are fictional (9xxxxxx), so the demo never points at a
real peruste.
Deterministic: the same script writes the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "raw" / "evidence" / "eperusteet"
KOHDE = {"fi": "Opiskelija osaa", "sv": "Den studerande kan"}
# 2018-08-01 and its last update, as epoch milliseconds (how the service writes dates)
VOIMASSA = 1533081600000
MUOKATTU = 1672531200000

# (unit code, fi, sv, [(area fi, area sv) | None, [(requirement code | None, fi, sv)]])
QUALIFICATIONS = [
    {
        "file": "sosiaali-ja-terveysalan-perustutkinto.json",
        "id": 9000101,
        "diaarinumero": "OPH-9101-2017",
        "nimi": {
            "fi": "Sosiaali- ja terveysalan perustutkinto",
            "sv": "Grundexamen inom social- och hälsovårdsbranschen",
            "en": "Vocational Qualification in Health and Social Care",
        },
        "koulutuskoodi": "371101",
        "units": [
            (
                "910101",
                "Kasvun ja osallisuuden edistäminen",
                "Främjande av uppväxt och delaktighet",
                [
                    (
                        None,
                        [
                            (
                                "91001",
                                "toimia sosiaali- ja terveysalan eettisten periaatteiden ja lainsäädännön mukaisesti",
                                "arbeta enligt de etiska principerna och lagstiftningen inom social- och hälsovårdsbranschen",
                            ),
                            (
                                "91002",
                                "kohdata asiakkaan arvostavasti ja edistää hänen osallisuuttaan",
                                "bemöta klienten respektfullt och främja hens delaktighet",
                            ),
                            (
                                "91003",
                                "viestiä selkeästi ja käyttää selkokieltä asiakkaan tarpeen mukaan",
                                "kommunicera tydligt och använda lättläst språk enligt klientens behov",
                            ),
                            (
                                "91004",
                                "toimia monikulttuurisessa työympäristössä ja ottaa huomioon kulttuurien väliset erot",
                                "arbeta i en mångkulturell arbetsmiljö och beakta kulturella skillnader",
                            ),
                            (
                                "91005",
                                "tunnistaa kaltoinkohtelun ja väkivallan merkit ja puuttua niihin",
                                "känna igen tecken på vanvård och våld och ingripa",
                            ),
                            (
                                "91006",
                                "toimia moniammatillisessa työryhmässä",
                                "arbeta i en multiprofessionell arbetsgrupp",
                            ),
                        ],
                    )
                ],
            ),
            (
                "910102",
                "Hyvinvoinnin ja toimintakyvyn edistäminen",
                "Främjande av välbefinnande och funktionsförmåga",
                [
                    (
                        ("Toimintakyvyn tukeminen", "Stöd för funktionsförmågan"),
                        [
                            (
                                "91011",
                                "tukea asiakkaan toimintakykyä kuntouttavalla työotteella",
                                "stödja klientens funktionsförmåga med ett rehabiliterande arbetssätt",
                            ),
                            (
                                "91012",
                                "avustaa asiakasta päivittäisissä toiminnoissa",
                                "assistera klienten i dagliga aktiviteter",
                            ),
                            (
                                "91013",
                                "käyttää apuvälineitä ja nostolaitteita ja siirtää asiakasta ergonomisesti",
                                "använda hjälpmedel och lyftanordningar och förflytta klienten ergonomiskt",
                            ),
                        ],
                    ),
                    (
                        ("Turvallisuus", "Säkerhet"),
                        [
                            (
                                "91014",
                                "noudattaa aseptiikkaa ja hygieniaohjeita",
                                "följa aseptik och hygienanvisningar",
                            ),
                            ("91015", "antaa ensiapua", "ge första hjälpen"),
                            (
                                "91016",
                                "toimia työturvallisuusohjeiden ja pelastussuunnitelman mukaisesti",
                                "arbeta enligt arbetarskyddsanvisningarna och räddningsplanen",
                            ),
                            (
                                "91017",
                                "huolehtia omasta työhyvinvoinnistaan ja työkyvystään",
                                "ta hand om sitt eget arbetsvälbefinnande och sin arbetsförmåga",
                            ),
                        ],
                    ),
                ],
            ),
            (
                "910103",
                "Ikääntyvien asiakkaiden hoito ja kuntoutumisen tukeminen",
                "Vård av äldre klienter och stöd för rehabilitering",
                [
                    (
                        None,
                        [
                            (
                                "91021",
                                "toteuttaa lääkehoitoa turvallisesti lääkehoitosuunnitelman mukaisesti",
                                "genomföra läkemedelsbehandling säkert enligt planen för läkemedelsbehandling",
                            ),
                            (
                                "91022",
                                "tarkkailla asiakkaan vointia ja mitata elintoimintoja",
                                "observera klientens tillstånd och mäta vitala funktioner",
                            ),
                            (
                                "91023",
                                "hoitaa yleisimpiä sairauksia sairastavia asiakkaita",
                                "vårda klienter med de vanligaste sjukdomarna",
                            ),
                            (
                                "91024",
                                "tukea muistisairaan asiakkaan arkea ja turvallisuutta",
                                "stödja vardagen och säkerheten för en klient med minnessjukdom",
                            ),
                            (
                                "91025",
                                "toimia saattohoito- ja palliatiivisen hoidon tilanteissa",
                                "arbeta i situationer med vård i livets slutskede och palliativ vård",
                            ),
                            (
                                "91026",
                                "kirjata hoitotyön tiedot asiakas- ja potilastietojärjestelmään rakenteisesti",
                                "dokumentera vårdarbetet strukturerat i klient- och patientdatasystemet",
                            ),
                            (
                                "91027",
                                "noudattaa tietosuojaa ja tietoturvaa",
                                "följa dataskydd och informationssäkerhet",
                            ),
                            (
                                "91028",
                                "käyttää hyvinvointiteknologiaa asiakkaan turvallisuuden ja omatoimisuuden tukena",
                                "använda välfärdsteknologi för att stödja klientens säkerhet och självständighet",
                            ),
                        ],
                    )
                ],
            ),
        ],
    },
    {
        "file": "liiketoiminnan-perustutkinto.json",
        "id": 9000102,
        "diaarinumero": "OPH-9102-2017",
        "nimi": {
            "fi": "Liiketoiminnan perustutkinto",
            "sv": "Grundexamen i affärsverksamhet",
            "en": "Vocational Qualification in Business",
        },
        "koulutuskoodi": "361101",
        "units": [
            (
                "920101",
                "Asiakaspalvelussa toimiminen",
                "Kundbetjäning",
                [
                    (
                        None,
                        [
                            (
                                "92001",
                                "palvella asiakkaita asiakaslähtöisesti ja kohdata heidät ystävällisesti",
                                "betjäna kunder kundorienterat och bemöta dem vänligt",
                            ),
                            (
                                "92002",
                                "tunnistaa asiakkaan tarpeet ja ostomotiivit",
                                "identifiera kundens behov och köpmotiv",
                            ),
                            (
                                "92003",
                                "käsitellä asiakaspalautteen ja reklamaatiot",
                                "hantera kundrespons och reklamationer",
                            ),
                            (
                                "92004",
                                "palvella asiakkaita suomeksi sekä ruotsiksi tai englanniksi",
                                "betjäna kunder på finska samt på svenska eller engelska",
                            ),
                            (
                                "92005",
                                "toimia palvelun laatutekijöiden mukaisesti",
                                "arbeta enligt servicens kvalitetsfaktorer",
                            ),
                        ],
                    )
                ],
            ),
            (
                "920102",
                "Myynnissä toimiminen",
                "Försäljning",
                [
                    (
                        None,
                        [
                            (
                                "92011",
                                "esitellä ja myydä tuotteita asiakkaan tarpeiden mukaan",
                                "presentera och sälja produkter enligt kundens behov",
                            ),
                            ("92012", "tehdä lisämyyntiä", "göra merförsäljning"),
                            (
                                "92013",
                                "käyttää kassajärjestelmää ja käsitellä maksutapahtumat",
                                "använda kassasystemet och hantera betalningar",
                            ),
                            (
                                "92014",
                                "käsitellä käteistä rahaa ja tehdä kassatilityksen",
                                "hantera kontanter och göra kassaredovisning",
                            ),
                            (
                                "92015",
                                "noudattaa kuluttajansuojalainsäädäntöä",
                                "följa konsumentskyddslagstiftningen",
                            ),
                            (
                                "92016",
                                "toimia kustannustietoisesti ja ymmärtää yrityksen kannattavuuden perusteet",
                                "arbeta kostnadsmedvetet och förstå grunderna för företagets lönsamhet",
                            ),
                        ],
                    )
                ],
            ),
            (
                "920103",
                "Myymälässä toimiminen",
                "Arbete i butik",
                [
                    (
                        None,
                        [
                            (
                                "92021",
                                "vastaanottaa ja tarkastaa tavaraa sekä täyttää hyllyt",
                                "ta emot och kontrollera varor samt fylla på hyllor",
                            ),
                            (
                                "92022",
                                "hinnoitella ja merkitä tuotteet",
                                "prissätta och märka produkter",
                            ),
                            (
                                "92023",
                                "rakentaa myymälän esillepanoja",
                                "bygga exponeringar i butiken",
                            ),
                            (
                                "92024",
                                "käsitellä hävikkiä ja palautuksia",
                                "hantera svinn och returer",
                            ),
                            (
                                "92025",
                                "ehkäistä myymälävarkauksia ja toimia turvallisesti",
                                "förebygga snatteri och arbeta säkert",
                            ),
                            (
                                "92026",
                                "tuntea myymälän tuotevalikoiman",
                                "känna till butikens sortiment",
                            ),
                        ],
                    )
                ],
            ),
            (
                "920104",
                "Verkkokaupassa toimiminen",
                "Arbete inom e-handel",
                [
                    (
                        None,
                        [
                            (
                                "92031",
                                "palvella asiakkaita verkkokaupan asiakaspalvelukanavissa",
                                "betjäna kunder i e-handelns kundtjänstkanaler",
                            ),
                            (
                                "92032",
                                "käsitellä verkkotilaukset ja noutopalvelun tilaukset",
                                "hantera webbeställningar och beställningar för avhämtning",
                            ),
                        ],
                    )
                ],
            ),
        ],
    },
    {
        "file": "ravintola-ja-catering-alan-perustutkinto.json",
        "id": 9000103,
        "diaarinumero": "OPH-9103-2017",
        "nimi": {
            "fi": "Ravintola- ja catering-alan perustutkinto",
            "sv": "Grundexamen inom restaurang- och cateringbranschen",
            "en": "Vocational Qualification in Restaurant and Catering Services",
        },
        "koulutuskoodi": "381204",
        "units": [
            (
                "930101",
                "Ruokapalvelujen tuottaminen",
                "Produktion av kosttjänster",
                [
                    (
                        ("Ruoanvalmistus", "Matlagning"),
                        [
                            (
                                "93001",
                                "valmistaa ruokia ja leivonnaisia reseptien ja työohjeiden mukaan",
                                "tillreda mat och bakverk enligt recept och arbetsinstruktioner",
                            ),
                            (
                                "93002",
                                "käsitellä raaka-aineita niiden ominaisuuksien mukaisesti",
                                "hantera råvaror enligt deras egenskaper",
                            ),
                            ("93003", "valmistaa kasvisruokia", "tillreda vegetariska rätter"),
                            (
                                "93004",
                                "käyttää ammattikeittiön laitteita ja koneita turvallisesti",
                                "använda storköksapparater och maskiner säkert",
                            ),
                        ],
                    ),
                    (
                        ("Hygienia ja omavalvonta", "Hygien och egenkontroll"),
                        [
                            (
                                "93011",
                                "noudattaa elintarvikehygieniaa ja hygieniamääräyksiä",
                                "följa livsmedelshygien och hygienbestämmelser",
                            ),
                            (
                                "93012",
                                "toteuttaa omavalvontaa ja seurata lämpötiloja",
                                "genomföra egenkontroll och följa upp temperaturer",
                            ),
                            (
                                "93013",
                                "kirjata omavalvonnan tiedot",
                                "dokumentera uppgifter om egenkontroll",
                            ),
                            (
                                "93014",
                                "toimia elintarvikelainsäädännön mukaisesti",
                                "arbeta enligt livsmedelslagstiftningen",
                            ),
                        ],
                    ),
                ],
            ),
            (
                "930102",
                "Asiakaslähtöinen ruokapalvelu",
                "Kundorienterad kostservice",
                [
                    (
                        None,
                        [
                            (
                                "93021",
                                "huomioida erityisruokavaliot ja allergeenit ja kertoa niistä asiakkaalle",
                                "beakta specialdieter och allergener och informera kunden om dem",
                            ),
                            ("93022", "kattaa ja tarjoilla annokset", "duka och servera portioner"),
                            (
                                "93023",
                                "palvella asiakkaita ystävällisesti ja tunnistaa heidän tarpeensa",
                                "betjäna kunder vänligt och identifiera deras behov",
                            ),
                            (
                                "93024",
                                "toimia ravitsemussuositusten mukaisesti",
                                "arbeta enligt näringsrekommendationerna",
                            ),
                        ],
                    )
                ],
            ),
            (
                "930103",
                "Ruokapalvelun taloudellisuus ja vastuullisuus",
                "Ekonomi och hållbarhet i kostservicen",
                [
                    (
                        None,
                        [
                            (
                                "93031",
                                "laskea annosten raaka-ainekustannukset",
                                "beräkna råvarukostnaderna för portioner",
                            ),
                            (
                                "93032",
                                "toimia kustannustietoisesti ja taloudellisesti",
                                "arbeta kostnadsmedvetet och ekonomiskt",
                            ),
                            ("93033", "vähentää ruokahävikkiä", "minska matsvinnet"),
                            (
                                "93034",
                                "lajitella jätteet ohjeiden mukaisesti",
                                "sortera avfall enligt anvisningarna",
                            ),
                            # Written without a code, as some requirements in real perusteet are.
                            (
                                None,
                                "suunnitella työnsä ja toimia suunnitelmallisesti myös kiireessä",
                                "planera sitt arbete och arbeta planmässigt även när det är bråttom",
                            ),
                        ],
                    )
                ],
            ),
        ],
    },
    {
        "file": "logistiikan-perustutkinto.json",
        "id": 9000104,
        "diaarinumero": "OPH-9104-2017",
        "nimi": {
            "fi": "Logistiikan perustutkinto",
            "sv": "Grundexamen i logistik",
            "en": "Vocational Qualification in Logistics",
        },
        "koulutuskoodi": "381408",
        "units": [
            (
                "940101",
                "Logistiikan työtehtävissä toimiminen",
                "Arbete med logistikuppgifter",
                [
                    (
                        None,
                        [
                            (
                                "94001",
                                "noudattaa työturvallisuusohjeita ja toimia turvallisesti logistiikan työympäristössä",
                                "följa arbetarskyddsanvisningarna och arbeta säkert i logistikens arbetsmiljö",
                            ),
                            (
                                "94002",
                                "käyttää henkilösuojaimia ja työskennellä ergonomisesti",
                                "använda personlig skyddsutrustning och arbeta ergonomiskt",
                            ),
                            (
                                "94003",
                                "palvella sisäisiä ja ulkoisia asiakkaita ja tunnistaa heidän tarpeensa",
                                "betjäna interna och externa kunder och identifiera deras behov",
                            ),
                            (
                                "94004",
                                "toimia kustannustietoisesti ja ymmärtää oman työnsä vaikutuksen kannattavuuteen",
                                "arbeta kostnadsmedvetet och förstå hur det egna arbetet påverkar lönsamheten",
                            ),
                            (
                                "94005",
                                "lajitella jätteet ja kierrättää pakkausmateriaalit ohjeiden mukaisesti",
                                "sortera avfall och återvinna förpackningsmaterial enligt anvisningarna",
                            ),
                            (
                                "94006",
                                "toimia yhteistyössä työyhteisön ja sidosryhmien kanssa",
                                "samarbeta med arbetsgemenskapen och intressentgrupperna",
                            ),
                        ],
                    )
                ],
            ),
            (
                "940102",
                "Varastotoiminnoissa toimiminen",
                "Arbete med lagerfunktioner",
                [
                    (
                        ("Tavaran vastaanotto ja varastointi", "Mottagning och lagring av varor"),
                        [
                            (
                                "94011",
                                "vastaanottaa ja tarkastaa saapuvat tavarat ja niiden asiakirjat",
                                "ta emot och kontrollera inkommande varor och deras dokument",
                            ),
                            (
                                "94012",
                                "sijoittaa tavarat varastoon tilankäytön ja turvallisuuden mukaan",
                                "placera varor i lagret med hänsyn till utrymme och säkerhet",
                            ),
                            (
                                "94013",
                                "tehdä inventaarion ja selvittää saldoerot",
                                "göra inventering och utreda saldodifferenser",
                            ),
                            (
                                "94014",
                                "käsitellä kylmäketjua vaativia tuotteita lämpötilavaatimusten mukaisesti",
                                "hantera produkter som kräver obruten kylkedja enligt temperaturkraven",
                            ),
                        ],
                    ),
                    (
                        ("Keräily ja lähettäminen", "Plockning och utsändning"),
                        [
                            (
                                "94021",
                                "kerätä tilaukset keräilylistan tai keräilypäätteen mukaan",
                                "plocka beställningar enligt plocklistan eller plockterminalen",
                            ),
                            (
                                "94022",
                                "pakata ja merkitä lähetykset kuljetusta varten",
                                "packa och märka försändelser för transport",
                            ),
                            (
                                "94023",
                                "laatia rahtikirjat ja muut lähetysasiakirjat",
                                "upprätta fraktsedlar och andra försändelsedokument",
                            ),
                            (
                                "94024",
                                "käyttää varastonhallintajärjestelmää ja viivakoodinlukijaa",
                                "använda lagerhanteringssystemet och streckkodsläsaren",
                            ),
                            (
                                "94025",
                                "tuntea vaarallisten aineiden käsittelyn ja kuljetuksen määräykset",
                                "känna till bestämmelserna om hantering och transport av farliga ämnen",
                            ),
                        ],
                    ),
                ],
            ),
            (
                "940103",
                "Trukinkuljettajana toimiminen",
                "Arbete som truckförare",
                [
                    (
                        None,
                        [
                            (
                                "94031",
                                "kuljettaa trukkia turvallisesti ja käsitellä kuormia",
                                "köra truck säkert och hantera laster",
                            ),
                            (
                                "94032",
                                "tehdä trukin ja varastokoneiden päivittäiset tarkastukset",
                                "göra dagliga kontroller av trucken och lagermaskinerna",
                            ),
                        ],
                    )
                ],
            ),
            (
                "940104",
                "Kuljetuspalveluissa toimiminen",
                "Arbete med transporttjänster",
                [
                    (
                        None,
                        [
                            (
                                "94041",
                                "suunnitella kuljetusten ja kuormien järjestyksen",
                                "planera ordningsföljden för transporter och laster",
                            ),
                            (
                                "94042",
                                "tuntea tullauksen ja kansainvälisen kaupan asiakirjat",
                                "känna till tullklareringen och dokumenten inom internationell handel",
                            ),
                        ],
                    )
                ],
            ),
        ],
    },
    {
        "file": "puhtaus-ja-kiinteistopalvelualan-perustutkinto.json",
        "id": 9000105,
        "diaarinumero": "OPH-9105-2017",
        "nimi": {
            "fi": "Puhtaus- ja kiinteistöpalvelualan perustutkinto",
            "sv": "Grundexamen inom rengörings- och fastighetsservicebranschen",
            "en": "Vocational Qualification in Cleaning and Property Services",
        },
        "koulutuskoodi": "381141",
        "units": [
            (
                "950101",
                "Asiakaskohteessa toimiminen",
                "Arbete i kundobjektet",
                [
                    (
                        None,
                        [
                            (
                                "95001",
                                "toimia asiakaskohteessa palvelusopimuksen ja työohjeiden mukaisesti",
                                "arbeta i kundobjektet enligt serviceavtalet och arbetsinstruktionerna",
                            ),
                            (
                                "95002",
                                "kohdata asiakkaat ystävällisesti ja käsitellä asiakaspalautteen",
                                "bemöta kunderna vänligt och hantera kundrespons",
                            ),
                            (
                                "95003",
                                "noudattaa työturvallisuusohjeita ja käyttää henkilönsuojaimia",
                                "följa arbetarskyddsanvisningarna och använda personlig skyddsutrustning",
                            ),
                            (
                                "95004",
                                "työskennellä ergonomisesti ja huolehtia työkyvystään",
                                "arbeta ergonomiskt och ta hand om sin arbetsförmåga",
                            ),
                            (
                                "95005",
                                "toimia työyhteisössä sekä antaa ja vastaanottaa palautetta",
                                "arbeta i arbetsgemenskapen samt ge och ta emot respons",
                            ),
                            (
                                "95006",
                                "kirjata tehdyt työtehtävät ja poikkeamat asiakaskohteen järjestelmään",
                                "dokumentera utförda arbetsuppgifter och avvikelser i kundobjektets system",
                            ),
                        ],
                    )
                ],
            ),
            (
                "950102",
                "Puhtauspalveluissa toimiminen",
                "Arbete med rengöringstjänster",
                [
                    (
                        ("Puhdistusmenetelmät", "Rengöringsmetoder"),
                        [
                            (
                                "95011",
                                "tehdä ylläpitosiivousta erilaisissa tiloissa",
                                "utföra underhållsstädning i olika utrymmen",
                            ),
                            (
                                "95012",
                                "valita puhdistusaineet ja -menetelmät pintamateriaalin ja lian mukaan",
                                "välja rengöringsmedel och -metoder enligt ytmaterialet och smutsen",
                            ),
                            (
                                "95013",
                                "tuntea puhdistusaineiden pH-arvot ja vaikutukset pintamateriaaleihin",
                                "känna till rengöringsmedlens pH-värden och deras inverkan på ytmaterial",
                            ),
                            (
                                "95014",
                                "käyttää siivouskoneita ja -laitteita turvallisesti",
                                "använda städmaskiner och -apparater säkert",
                            ),
                            (
                                "95015",
                                "tehdä perussiivouksen ja lattianhoitotöitä",
                                "utföra grundstädning och golvvård",
                            ),
                        ],
                    ),
                    (
                        ("Laatu ja ympäristö", "Kvalitet och miljö"),
                        [
                            (
                                "95021",
                                "arvioida siivouksen laatua INSTA 800 -standardin mukaisesti",
                                "bedöma städkvaliteten enligt standarden INSTA 800",
                            ),
                            (
                                "95022",
                                "annostella puhdistusaineet oikein ja toimia ympäristöä säästäen",
                                "dosera rengöringsmedel rätt och arbeta miljövänligt",
                            ),
                            (
                                "95023",
                                "lajitella jätteet ja ohjata asiakkaita lajitteluun",
                                "sortera avfall och handleda kunderna i sortering",
                            ),
                        ],
                    ),
                ],
            ),
            (
                "950103",
                "Terveydenhuollon tilojen puhtauspalvelut",
                "Rengöringstjänster i vårdmiljöer",
                [
                    (
                        None,
                        [
                            (
                                "95031",
                                "siivota terveydenhuollon tiloja aseptisesti ja infektioiden torjunnan ohjeiden mukaan",
                                "städa vårdutrymmen aseptiskt och enligt anvisningarna för infektionsbekämpning",
                            ),
                            (
                                "95032",
                                "noudattaa hygieniaohjeita ja hyvää käsihygieniaa",
                                "följa hygienanvisningarna och god handhygien",
                            ),
                        ],
                    )
                ],
            ),
            (
                "950104",
                "Kiinteistönhoitopalveluissa toimiminen",
                "Arbete med fastighetsskötsel",
                [
                    (
                        None,
                        [
                            (
                                "95041",
                                "tehdä kiinteistön ulkoalueiden hoitotöitä vuodenajan mukaan",
                                "utföra skötsel av fastighetens utomhusområden enligt årstiden",
                            ),
                            (
                                "95042",
                                "huolehtia kiinteistön jätehuollosta ja jätetilojen puhtaudesta",
                                "sköta fastighetens avfallshantering och renligheten i avfallsutrymmena",
                            ),
                            (
                                "95043",
                                "tehdä kiinteistön pieniä huolto- ja korjaustöitä",
                                "utföra mindre service- och reparationsarbeten i fastigheten",
                            ),
                            (
                                "95044",
                                "tuntea kiinteistön talotekniikan perusteet ja seurata sen toimintaa",
                                "känna till grunderna i fastighetens husteknik och följa upp dess funktion",
                            ),
                        ],
                    )
                ],
            ),
        ],
    },
]

# Every basic qualification also has the common units (yhteiset tutkinnon osat); they carry
# learning outcomes, not requirements, and the reader skips them by their tyyppi.
COMMON_UNIT = (
    "106727",
    "Viestintä- ja vuorovaikutusosaaminen",
    "Kunnande i kommunikation och interaktion",
)


def text(fi: str, sv: str | None = None, text_id: int | None = None) -> dict:
    out = {"fi": fi}
    if sv:
        out["sv"] = sv
    if text_id is not None:
        out["_id"] = str(text_id)  # the service sends each text's own id; the reader ignores it
    return out


def koodi(koodisto: str, arvo: str, fi: str, sv: str) -> dict:
    return {
        "uri": f"{koodisto}_{arvo}",
        "arvo": arvo,
        "koodisto": koodisto,
        "versio": None,
        "nimi": {"fi": fi, "sv": sv},
    }


def peruste(q: dict) -> dict:
    base = q["id"] * 10  # ids of units, references and texts, derived so they stay stable
    units, refs = [], []
    for n, (code, fi, sv, groups) in enumerate(q["units"], start=1):
        unit_id = base + n
        vaatimukset, kohdealueet = [], []
        for area, reqs in groups:
            listed = [
                {
                    "koodi": koodi("ammattitaitovaatimukset", rc, rfi, rsv) if rc else None,
                    "vaatimus": text(rfi, rsv),
                }
                for rc, rfi, rsv in reqs
            ]
            if area is None:
                vaatimukset += listed
            else:
                kohdealueet.append({"kuvaus": text(*area), "vaatimukset": listed})
        units.append(
            {
                "id": unit_id,
                "luotu": VOIMASSA,
                "muokattu": MUOKATTU,
                "nimi": text(fi, sv, unit_id * 10),
                "tila": "valmis",
                "osanTyyppi": "tutkinnonosa",
                "koodi": koodi("tutkinnonosat", code, fi, sv),
                "koodiUri": f"tutkinnonosat_{code}",
                "koodiArvo": code,
                "tyyppi": "normaali",
                "ammattitaitovaatimukset2019": {
                    "id": unit_id * 10 + 1,
                    "kohde": KOHDE,
                    "vaatimukset": vaatimukset,
                    "kohdealueet": kohdealueet,
                },
                "ammattitaidonOsoittamistavat": text(
                    "Opiskelija osoittaa ammattitaitonsa näytössä käytännön työtehtävissä.",
                    "Den studerande visar sitt yrkeskunnande i ett yrkesprov i praktiska arbetsuppgifter.",
                ),
            }
        )
        refs.append(
            {"id": base + 100 + n, "laajuus": 25, "jarjestys": n, "_tutkinnonOsa": str(unit_id)}
        )
    common_id = base + 99
    code, fi, sv = COMMON_UNIT
    units.append(
        {
            "id": common_id,
            "nimi": text(fi, sv),
            "tila": "valmis",
            "koodi": koodi("tutkinnonosat", code, fi, sv),
            "tyyppi": "reformi_tutke2",
            "osaAlueet": [
                {
                    "nimi": text(
                        "Viestintä ja vuorovaikutus äidinkielellä",
                        "Kommunikation och interaktion på modersmålet",
                    )
                }
            ],
        }
    )
    refs.append({"id": base + 199, "laajuus": 11, "jarjestys": 99, "_tutkinnonOsa": str(common_id)})
    return {
        "id": q["id"],
        "globalVersion": {"aikaleima": MUOKATTU},
        "nimi": dict(q["nimi"]),
        "koulutustyyppi": "koulutustyyppi_1",
        "toteutus": "ammatillinen",
        "koulutukset": [
            {
                "nimi": text(q["nimi"]["fi"], q["nimi"]["sv"]),
                "koulutuskoodiArvo": q["koulutuskoodi"],
                "koulutuskoodiUri": f"koulutus_{q['koulutuskoodi']}",
            }
        ],
        "kielet": ["fi", "sv"],
        "diaarinumero": q["diaarinumero"],
        "voimassaoloAlkaa": VOIMASSA,
        "luotu": VOIMASSA,
        "muokattu": MUOKATTU,
        "tila": "valmis",
        "tyyppi": "normaali",
        "suoritustavat": [
            {
                "suoritustapakoodi": "reformi",
                "laajuusYksikko": "OSAAMISPISTE",
                "tutkinnonOsaViitteet": refs,
            }
        ],
        "tutkinnonOsat": units,
    }


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for q in QUALIFICATIONS:
        data = json.dumps(peruste(q), ensure_ascii=False, indent=2) + "\n"
        (out / q["file"]).write_text(data, encoding="utf-8")
        print(f"wrote {out / q['file']}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
