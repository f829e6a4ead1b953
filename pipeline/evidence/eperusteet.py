"""A qualification's requirements from ePerusteet's public JSON (``raw/evidence/eperusteet/``).

The files are saved as the public service returns them:
``https://eperusteet.opintopolku.fi/eperusteet-service/api/external/peruste/<id>`` gives a
whole qualification (``PerusteKaikkiDto``): ``id``, ``nimi``, ``diaarinumero``,
``koulutustyyppi``, ``koulutukset[].koulutuskoodiArvo``, ``suoritustavat[]`` (each with
``tutkinnonOsaViitteet[]``: ``{id, laajuus, _tutkinnonOsa}``) and ``tutkinnonOsat[]``
(``TutkinnonOsaKaikkiDto``: ``id``, ``nimi``, ``koodi{uri, arvo, nimi}``, ``tyyppi``,
``ammattitaitovaatimukset2019{kohde, vaatimukset[], kohdealueet[{kuvaus, vaatimukset[]}]}``,
each requirement ``{koodi{uri, arvo, nimi}, vaatimus}``). Texts are localized objects
``{"fi": ..., "sv": ..., "_id": ...}``. docs/evidence.md says where in the service's and
the site's public code this shape comes from.

Fields we do not use are ignored. Every problem names the file and the JSON path.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import Problem

SITE = "https://eperusteet.opintopolku.fi"
API_PATH = "/eperusteet-service/api/external/peruste/"
LANGUAGES = ("fi", "sv", "en")
# The site's route segment per koulutustyyppi (its ``koulutustyyppiTheme``); the vocational
# types all live under "ammatillinen". Other types use their own name, as the site does.
THEME = {
    "koulutustyyppi_1": "ammatillinen",  # ammatillinen perustutkinto
    "koulutustyyppi_11": "ammatillinen",  # ammattitutkinto
    "koulutustyyppi_12": "ammatillinen",  # erikoisammattitutkinto
    "koulutustyyppi_5": "ammatillinen",  # telma
    "koulutustyyppi_18": "ammatillinen",  # valma
}
# Which way of completing the qualification's unit references to link, best first (the site
# prefers the 2018 reform's "reformi").
SUORITUSTAVAT = ("reformi", "ops", "naytto")
COMMON_UNIT_TYPES = ("tutke2", "reformi_tutke2")  # yhteiset tutkinnon osat: no requirements

Localized = dict[str, str]


@dataclass(frozen=True)
class Unit:
    """A tutkinnon osa of the qualification."""

    id: int
    code: str | None  # koodiArvo, e.g. "106729"
    name: Localized
    viite_id: int | None  # its tutkinnonOsaViite: the id in the page URL
    url: str | None
    path: str  # JSON path in the file


@dataclass(frozen=True)
class Requirement:
    """One ammattitaitovaatimus of a unit.

    ``id`` is what the mapping file refers to: the requirement's code when it has one
    (the same code may appear in several units: the same requirement), else
    ``<unit code>-<n>`` with n its running number in the unit.
    """

    id: str
    code: str | None  # koodi arvo ("ammattitaitovaatimukset_1234" -> "1234")
    uri: str | None
    text: Localized  # fi, and sv/en where the qualification has them
    area: Localized | None  # the kohdealue it is listed under
    unit_id: int
    unit_code: str | None
    unit_name: Localized
    url: str | None  # the unit's page on eperusteet.opintopolku.fi (requirements have none)
    file: str
    path: str


@dataclass(frozen=True)
class QualificationRequirements:
    """One saved peruste: the qualification and its units' requirements."""

    peruste_id: int
    diaarinumero: str | None
    name: Localized
    codes: tuple[str, ...]  # koulutuskoodiArvo of its koulutukset, e.g. ("371101",)
    koulutustyyppi: str | None
    url: str  # the qualification's page
    api_url: str  # where the JSON was (or would be) saved from
    file: str
    sha256: str
    units: tuple[Unit, ...]
    requirements: tuple[Requirement, ...]

    def matches(self, ref: str) -> bool:
        """Does a profile's qualification reference (peruste id, diaarinumero or
        qualification code) point at this peruste?"""
        ref = str(ref).strip()
        return ref in {str(self.peruste_id), self.diaarinumero or "", *self.codes}


def peruste_url(peruste_id: int, koulutustyyppi: str | None, lang: str = "fi") -> str:
    """The qualification's page, as the site routes it: #/<lang>/<theme>/<id>/tiedot."""
    return f"{SITE}/#/{lang}/{_theme(koulutustyyppi)}/{peruste_id}/tiedot"


def unit_url(peruste_id: int, koulutustyyppi: str | None, viite_id: int, lang: str = "fi") -> str:
    """A unit's page: #/<lang>/<theme>/<peruste id>/tutkinnonosat/<tutkinnonOsaViite id>."""
    return f"{SITE}/#/{lang}/{_theme(koulutustyyppi)}/{peruste_id}/tutkinnonosat/{viite_id}"


def _theme(koulutustyyppi: str | None) -> str:
    return THEME.get(koulutustyyppi or "", koulutustyyppi or "muu")


def read_folder(folder: Path) -> tuple[list[QualificationRequirements], list[Problem]]:
    """Every ``*.json`` in the folder, in name order; a peruste saved twice is a problem."""
    found, problems, seen = [], [], {}
    for path in sorted(Path(folder).glob("*.json")):
        qualification, file_problems = read_peruste(path)
        problems += file_problems
        if qualification is None:
            continue
        if qualification.peruste_id in seen:
            problems.append(
                Problem(
                    str(path),
                    sheet="$.id",
                    message=f"peruste {qualification.peruste_id} is also saved in "
                    f"{seen[qualification.peruste_id]}; keep one file per peruste",
                    code="eperusteet.duplicate",
                )
            )
            continue
        seen[qualification.peruste_id] = path.name
        found.append(qualification)
    return found, problems


def read_peruste(path: Path) -> tuple[QualificationRequirements | None, list[Problem]]:
    """One saved peruste; None when it cannot be read at all."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(str(path), message=f"cannot read: {err.strerror}", code="io")]
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, [
            _p(path, None, "is not UTF-8 text; save the service's JSON as it came", "encoding")
        ]
    except json.JSONDecodeError as err:
        return None, [
            Problem(
                str(path),
                row=err.lineno,
                message=f"not valid JSON: {err.msg} (column {err.colno})",
                code="eperusteet.json",
            )
        ]
    reader = _Reader(path, hashlib.sha256(raw).hexdigest())
    result = reader.peruste(data)
    return (result if not reader.fatal else None), reader.problems


def _p(path: Path, at: str | None, message: str, kind: str) -> Problem:
    return Problem(str(path), sheet=at, message=message, code=f"eperusteet.{kind}")


class _Reader:
    def __init__(self, path: Path, sha256: str):
        self.path = path
        self.sha256 = "sha256:" + sha256
        self.problems: list[Problem] = []
        self.fatal = False

    def problem(self, at: str, message: str, kind: str, fatal: bool = False) -> None:
        self.problems.append(_p(self.path, at, message, kind))
        self.fatal = self.fatal or fatal

    def peruste(self, data: Any) -> QualificationRequirements | None:
        if not isinstance(data, dict):
            self.problem(
                "$",
                f"expected a peruste object (the service's {API_PATH}<id> answer), "
                f"found {_kind(data)}",
                "shape",
                fatal=True,
            )
            return None
        peruste_id = _int(data.get("id"))
        if peruste_id is None:
            self.problem("$.id", "the peruste has no numeric id", "missing", fatal=True)
        name = self.localized(data.get("nimi"), "$.nimi", required=True)
        koulutustyyppi = data.get("koulutustyyppi")
        if koulutustyyppi is not None and not isinstance(koulutustyyppi, str):
            self.problem("$.koulutustyyppi", "expected a text like 'koulutustyyppi_1'", "type")
            koulutustyyppi = None
        diaari = data.get("diaarinumero")
        if diaari is not None and not isinstance(diaari, str):
            self.problem("$.diaarinumero", "expected a text like 'OPH-2629-2017'", "type")
            diaari = None
        codes = self.codes(data.get("koulutukset"))
        viitteet = self.viitteet(data.get("suoritustavat"))
        units_data = data.get("tutkinnonOsat")
        if not isinstance(units_data, list) or not units_data:
            self.problem(
                "$.tutkinnonOsat",
                "the peruste has no tutkinnonOsat; save the whole peruste from "
                f"{API_PATH}<id>, not a summary",
                "missing",
                fatal=True,
            )
            units_data = []
        if peruste_id is None or name is None:
            self.fatal = True
            return None
        units, requirements = [], []
        for i, unit_data in enumerate(units_data):
            at = f"$.tutkinnonOsat[{i}]"
            unit = self.unit(unit_data, at, peruste_id, koulutustyyppi, viitteet)
            if unit is None:
                continue
            units.append(unit)
            requirements += self.requirements(unit_data, at, unit)
        return QualificationRequirements(
            peruste_id=peruste_id,
            diaarinumero=diaari,
            name=name,
            codes=codes,
            koulutustyyppi=koulutustyyppi,
            url=peruste_url(peruste_id, koulutustyyppi),
            api_url=f"{SITE}{API_PATH}{peruste_id}",
            file=str(self.path),
            sha256=self.sha256,
            units=tuple(units),
            requirements=tuple(requirements),
        )

    def codes(self, koulutukset: Any) -> tuple[str, ...]:
        if koulutukset is None:
            return ()
        if not isinstance(koulutukset, list):
            self.problem("$.koulutukset", f"expected a list, found {_kind(koulutukset)}", "type")
            return ()
        found = []
        for i, k in enumerate(koulutukset):
            code = k.get("koulutuskoodiArvo") if isinstance(k, dict) else None
            if isinstance(code, str | int) and str(code).strip():
                found.append(str(code).strip())
            else:
                self.problem(
                    f"$.koulutukset[{i}]", "has no koulutuskoodiArvo (e.g. '371101')", "missing"
                )
        return tuple(found)

    def viitteet(self, suoritustavat: Any) -> dict[int, int]:
        """Unit id -> its tutkinnonOsaViite id, from the preferred suoritustapa."""
        if not isinstance(suoritustavat, list) or not suoritustavat:
            self.problem(
                "$.suoritustavat",
                "the peruste has no suoritustavat, so its units' page URLs cannot be built",
                "missing",
            )
            return {}
        ranked = sorted(
            enumerate(suoritustavat),
            key=lambda e: _rank(e[1].get("suoritustapakoodi") if isinstance(e[1], dict) else None),
        )
        found: dict[int, int] = {}
        for i, tapa in ranked:
            refs = tapa.get("tutkinnonOsaViitteet") if isinstance(tapa, dict) else None
            for j, ref in enumerate(refs if isinstance(refs, list) else []):
                unit_id = _int(ref.get("_tutkinnonOsa")) if isinstance(ref, dict) else None
                viite_id = _int(ref.get("id")) if isinstance(ref, dict) else None
                if unit_id is None or viite_id is None:
                    self.problem(
                        f"$.suoritustavat[{i}].tutkinnonOsaViitteet[{j}]",
                        "a unit reference needs a numeric 'id' and '_tutkinnonOsa'",
                        "missing",
                    )
                    continue
                found.setdefault(unit_id, viite_id)
        return found

    def unit(self, data, at, peruste_id, koulutustyyppi, viitteet) -> Unit | None:
        if not isinstance(data, dict):
            self.problem(at, f"expected a tutkinnon osa object, found {_kind(data)}", "shape")
            return None
        if data.get("tyyppi") in COMMON_UNIT_TYPES:
            return None  # common units have learning outcomes, not ammattitaitovaatimukset
        unit_id = _int(data.get("id"))
        if unit_id is None:
            self.problem(f"{at}.id", "the tutkinnon osa has no numeric id", "missing")
            return None
        koodi = data.get("koodi") if isinstance(data.get("koodi"), dict) else {}
        code = _code(koodi.get("arvo"), koodi.get("uri")) or _code(
            data.get("koodiArvo"), data.get("koodiUri")
        )
        # The site shows the code's name where the unit has a code (TutkinnonOsaKaikkiDto.getNimi).
        name = self.localized(koodi.get("nimi"), f"{at}.koodi.nimi", required=False) or {}
        own = self.localized(data.get("nimi"), f"{at}.nimi", required=not name) or {}
        name = {**own, **name}
        if not name:
            return None
        viite_id = viitteet.get(unit_id)
        if viite_id is None and viitteet:
            self.problem(
                at,
                f"tutkinnon osa {unit_id} is not referenced by any suoritustapa's "
                "tutkinnonOsaViitteet, so its page URL cannot be built",
                "unreferenced",
            )
        url = unit_url(peruste_id, koulutustyyppi, viite_id) if viite_id is not None else None
        return Unit(unit_id, code, name, viite_id, url, at)

    def requirements(self, data: dict, at: str, unit: Unit) -> list[Requirement]:
        block = data.get("ammattitaitovaatimukset2019")
        if block is None:
            self.problem(
                at,
                f"tutkinnon osa {unit.code or unit.id} has no ammattitaitovaatimukset2019 (the "
                "structured requirements of perusteet since the 2018 reform); older perusteet "
                "are not supported",
                "unstructured",
            )
            return []
        at = f"{at}.ammattitaitovaatimukset2019"
        if not isinstance(block, dict):
            self.problem(at, f"expected an object, found {_kind(block)}", "shape")
            return []
        groups = [(None, block.get("vaatimukset"), f"{at}.vaatimukset")]
        areas = block.get("kohdealueet") or []
        if not isinstance(areas, list):
            self.problem(f"{at}.kohdealueet", f"expected a list, found {_kind(areas)}", "type")
            areas = []
        for k, area in enumerate(areas):
            where = f"{at}.kohdealueet[{k}]"
            if not isinstance(area, dict):
                self.problem(where, f"expected a kohdealue object, found {_kind(area)}", "shape")
                continue
            label = self.localized(area.get("kuvaus"), f"{where}.kuvaus", required=False)
            groups.append((label, area.get("vaatimukset"), f"{where}.vaatimukset"))
        found: list[Requirement] = []
        for label, items, where in groups:
            if items is None:
                continue
            if not isinstance(items, list):
                self.problem(where, f"expected a list, found {_kind(items)}", "type")
                continue
            for v, item in enumerate(items):
                req = self.requirement(item, f"{where}[{v}]", label, unit, len(found) + 1)
                if req is not None:
                    found.append(req)
        if not found:
            self.problem(at, f"tutkinnon osa {unit.code or unit.id} lists no requirements", "empty")
        return found

    def requirement(self, data, at, area, unit: Unit, n: int) -> Requirement | None:
        if not isinstance(data, dict):
            self.problem(at, f"expected a requirement object, found {_kind(data)}", "shape")
            return None
        koodi = data.get("koodi") if isinstance(data.get("koodi"), dict) else {}
        # The site shows the code's name, else the written requirement (EpAmmattitaitovaatimukset).
        by_code = self.localized(koodi.get("nimi"), f"{at}.koodi.nimi", required=False) or {}
        written = self.localized(data.get("vaatimus"), f"{at}.vaatimus", required=False) or {}
        text = {**written, **by_code}
        if "fi" not in text:
            self.problem(
                at,
                "the requirement has no Finnish text (koodi.nimi.fi or vaatimus.fi)",
                "missing",
            )
            return None
        code = _code(koodi.get("arvo"), koodi.get("uri"))
        uri = koodi.get("uri") if isinstance(koodi.get("uri"), str) else None
        return Requirement(
            id=code or f"{unit.code or unit.id}-{n}",
            code=code,
            uri=uri,
            text=text,
            area=area,
            unit_id=unit.id,
            unit_code=unit.code,
            unit_name=unit.name,
            url=unit.url,
            file=str(self.path),
            path=at,
        )

    def localized(self, value: Any, at: str, required: bool) -> Localized | None:
        """A localized text's fi/sv/en values, tags stripped; ``_id`` and the rest ignored."""
        if value is None:
            if required:
                self.problem(at, 'missing; expected {"fi": "...", "sv": "..."}', "missing")
            return None
        if not isinstance(value, dict):
            self.problem(at, f'expected {{"fi": "...", "sv": "..."}}, found {_kind(value)}', "type")
            return None
        texts = {
            k.lower(): _plain(v)
            for k, v in value.items()
            if isinstance(k, str) and k.lower() in LANGUAGES and isinstance(v, str) and _plain(v)
        }
        if required and "fi" not in texts:
            self.problem(at, "has no Finnish text ('fi')", "missing")
            return None
        return {lang: texts[lang] for lang in LANGUAGES if lang in texts} or None


def _plain(text: str) -> str:
    """Requirement texts are plain, but some fields carry editor HTML; keep the words."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _code(arvo: Any, uri: Any) -> str | None:
    if isinstance(arvo, str | int) and str(arvo).strip():
        return str(arvo).strip()
    if isinstance(uri, str) and "_" in uri:
        return uri.split("_", 1)[1].strip() or None  # as the site shows it: uri.split('_')[1]
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _rank(code: Any) -> int:
    code = str(code).lower()
    return SUORITUSTAVAT.index(code) if code in SUORITUSTAVAT else len(SUORITUSTAVAT)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a text", type(None): "null"}.get(
        type(value), type(value).__name__
    )
