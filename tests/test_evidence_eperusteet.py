"""ePerusteet reader: the public JSON's shape in, requirements with codes, texts and page
URLs out; every problem names the file and the JSON path."""

from __future__ import annotations

from evidence_factories import peruste, req, unit, write_json

from pipeline.evidence.eperusteet import peruste_url, read_folder, read_peruste, unit_url

SITE = "https://eperusteet.opintopolku.fi"


def read(tmp_path, data):
    path = write_json(tmp_path / "p.json", data)
    result, problems = read_peruste(path)
    return result, [str(p).replace(str(path), "p.json") for p in problems]


def good() -> dict:
    return peruste(
        [
            unit(
                11,
                "100001",
                "Asiakaspalvelussa toimiminen",
                vaatimukset=[
                    req("5001", "palvella asiakkaita ystävällisesti", "betjäna kunder vänligt"),
                    req(None, "tehdä lisämyyntiä"),
                ],
            ),
            unit(
                12,
                "100002",
                "Ruokapalvelujen tuottaminen",
                kohdealueet=[("Hygienia", [req("5011", "noudattaa hygieniamääräyksiä")])],
            ),
            # a common unit (yhteinen tutkinnon osa): learning outcomes, no requirements
            {"id": 13, "nimi": {"fi": "Viestintä"}, "tyyppi": "reformi_tutke2", "osaAlueet": []},
        ]
    )


def test_a_saved_peruste_gives_its_requirements_with_codes_texts_and_page_urls(tmp_path):
    q, problems = read(tmp_path, good())
    assert problems == []
    assert (q.peruste_id, q.diaarinumero, q.codes) == (7000001, "OPH-1-2020", ("399999",))
    assert q.name == {"fi": "Testialan perustutkinto", "sv": "Grundexamen i test"}
    assert q.url == f"{SITE}/#/fi/ammatillinen/7000001/tiedot"
    assert q.api_url == f"{SITE}/eperusteet-service/api/external/peruste/7000001"
    assert [u.code for u in q.units] == ["100001", "100002"]  # the common unit is skipped
    first, codeless, in_area = q.requirements
    assert (first.id, first.code, first.uri) == ("5001", "5001", "ammattitaitovaatimukset_5001")
    assert first.text == {
        "fi": "palvella asiakkaita ystävällisesti",
        "sv": "betjäna kunder vänligt",
    }
    assert first.unit_code == "100001" and first.unit_name == {"fi": "Asiakaspalvelussa toimiminen"}
    # the unit's page, by its tutkinnonOsaViite id from the "reformi" way of completing it
    assert first.url == f"{SITE}/#/fi/ammatillinen/7000001/tutkinnonosat/1011"
    assert first.path == "$.tutkinnonOsat[0].ammattitaitovaatimukset2019.vaatimukset[0]"
    assert (codeless.id, codeless.code) == ("100001-2", None)
    assert in_area.area == {"fi": "Hygienia"}
    assert in_area.path == (
        "$.tutkinnonOsat[1].ammattitaitovaatimukset2019.kohdealueet[0].vaatimukset[0]"
    )
    assert q.matches("399999") and q.matches("OPH-1-2020") and q.matches(7000001)
    assert not q.matches("371101")


def test_the_code_name_is_shown_where_there_is_one_as_the_site_does(tmp_path):
    data = good()
    first = data["tutkinnonOsat"][0]["ammattitaitovaatimukset2019"]["vaatimukset"][0]
    first["koodi"]["nimi"] = {"fi": "palvella asiakkaita (koodiston teksti)"}
    first["koodi"].pop("arvo")  # the code then comes from the uri, as the site splits it
    q, problems = read(tmp_path, data)
    assert problems == []
    assert q.requirements[0].id == "5001"
    # fi from the code's name, sv from the written requirement
    assert q.requirements[0].text == {
        "fi": "palvella asiakkaita (koodiston teksti)",
        "sv": "betjäna kunder vänligt",
    }


def test_urls_follow_the_sites_routes():
    assert peruste_url(1, "koulutustyyppi_11", "sv") == f"{SITE}/#/sv/ammatillinen/1/tiedot"
    assert unit_url(1, "koulutustyyppi_2", 5) == f"{SITE}/#/fi/koulutustyyppi_2/1/tutkinnonosat/5"


def test_bad_shapes_are_reported_with_their_json_paths(tmp_path):
    data = good()
    data["koulutukset"] = [{"nimi": {"fi": "x"}}]
    units = data["tutkinnonOsat"]
    units[0]["ammattitaitovaatimukset2019"]["vaatimukset"][1] = req(None, "")  # no Finnish
    units[1].pop("ammattitaitovaatimukset2019")
    units[1]["ammattitaitovaatimukset"] = {"fi": "<p>vanha muoto</p>"}
    units.append(unit(14, "100004", "Ylimääräinen", vaatimukset=[req("5099", "x")]))
    units.append("tutkinnon osa")
    q, problems = read(tmp_path, data)
    assert problems == [
        "p.json › $.koulutukset[0]: has no koulutuskoodiArvo (e.g. '371101')",
        "p.json › $.tutkinnonOsat[0].ammattitaitovaatimukset2019.vaatimukset[1]: the requirement "
        "has no Finnish text (koodi.nimi.fi or vaatimus.fi)",
        "p.json › $.tutkinnonOsat[1]: tutkinnon osa 100002 has no ammattitaitovaatimukset2019 (the "
        "structured requirements of perusteet since the 2018 reform); older perusteet are not "
        "supported",
        "p.json › $.tutkinnonOsat[3]: tutkinnon osa 14 is not referenced by any suoritustapa's "
        "tutkinnonOsaViitteet, so its page URL cannot be built",
        "p.json › $.tutkinnonOsat[4]: expected a tutkinnon osa object, found a text",
    ]
    # what could be read still is: the caller decides whether problems stop the run
    assert [r.id for r in q.requirements] == ["5001", "5099"]
    assert q.requirements[1].url is None
    assert [p.code for p in read_peruste(tmp_path / "p.json")[1]] == [
        "eperusteet.missing",
        "eperusteet.missing",
        "eperusteet.unstructured",
        "eperusteet.unreferenced",
        "eperusteet.shape",
    ]


def test_a_file_that_is_not_a_peruste_is_refused(tmp_path):
    assert read(tmp_path, [1, 2]) == (
        None,
        [
            "p.json › $: expected a peruste object (the service's "
            "/eperusteet-service/api/external/peruste/<id> answer), found a list"
        ],
    )
    summary = {"id": "x", "nimi": {"sv": "Bara svenska"}, "suoritustavat": []}
    assert read(tmp_path, summary) == (
        None,
        [
            "p.json › $.id: the peruste has no numeric id",
            "p.json › $.nimi: has no Finnish text ('fi')",
            "p.json › $.suoritustavat: the peruste has no suoritustavat, so its units' page URLs "
            "cannot be built",
            "p.json › $.tutkinnonOsat: the peruste has no tutkinnonOsat; save the whole peruste "
            "from /eperusteet-service/api/external/peruste/<id>, not a summary",
        ],
    )


def test_invalid_json_names_its_line(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{\n  "id": 1\n  "nimi": {"fi": "x"}\n}\n', encoding="utf-8")
    q, problems = read_peruste(path)
    assert q is None
    assert [str(p).replace(str(path), "p.json") for p in problems] == [
        "p.json › row 3: not valid JSON: Expecting ',' delimiter (column 3)"
    ]


def test_a_folder_is_read_in_name_order_and_a_peruste_saved_twice_is_a_problem(tmp_path):
    write_json(tmp_path / "a.json", good())
    write_json(tmp_path / "b.json", good())
    found, problems = read_folder(tmp_path)
    assert [q.file for q in found] == [str(tmp_path / "a.json")]
    assert [str(p).replace(str(tmp_path) + "/", "") for p in problems] == [
        "b.json › $.id: peruste 7000001 is also saved in a.json; keep one file per peruste"
    ]
