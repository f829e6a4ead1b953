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
