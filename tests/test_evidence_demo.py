"""The demo evidence under raw/evidence/: it reads without problems, the committed files are
what the generators write, and the hand-made files agree with the generated ones."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.evidence.eperusteet import read_folder
from pipeline.evidence.interviews import read_interviews
from pipeline.evidence.jobads import Occupation, Period, load_terms, profile_ads, read_ads
from pipeline.evidence.mapping import check_map, load_requirement_map
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = ROOT / "raw" / "evidence"
THEMES = {
    "ammatillinen",
    "asiakaspalvelu",
    "digitaidot",
    "kieli-ja-viestinta",
    "yhteistyo",
    "itsensa-johtaminen",
    "turvallisuus",
    "vastuullisuus",
    "yrittajyys",
}


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        return module
    finally:
        sys.modules.pop(name, None)


def survey_organisations() -> list[str]:
    spec = importlib.util.spec_from_file_location("make_demo", ROOT / "scripts" / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module
    try:
        spec.loader.exec_module(module)
        return sorted({org for occ in module.OCCUPATIONS for org in occ.orgs})
    finally:
        sys.modules.pop("make_demo", None)


@pytest.mark.parametrize(
    ("script", "folder"), [("make_demo_perusteet", "eperusteet"), ("make_demo_ads", "ads")]
)
def test_committed_files_are_what_the_generators_write(tmp_path, script, folder):
    load_script(script).main(tmp_path)
    committed = sorted(p.name for p in (EVIDENCE / folder).iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (EVIDENCE / folder / name).read_bytes(), name


def test_the_demo_qualifications_and_the_reviewed_map_agree():
    qualifications, problems = read_folder(EVIDENCE / "eperusteet")
    assert problems == []
    assert {q.name["fi"]: (q.codes, len(q.requirements)) for q in qualifications} == {
        "Liiketoiminnan perustutkinto": (("361101",), 19),
        "Logistiikan perustutkinto": (("381408",), 19),
        "Puhtaus- ja kiinteistöpalvelualan perustutkinto": (("381141",), 20),
        "Ravintola- ja catering-alan perustutkinto": (("381204",), 17),
        "Sosiaali- ja terveysalan perustutkinto": (("371101",), 21),
    }
    assert all("sv" in r.text and r.url for q in qualifications for r in q.requirements)
    rmap, problems = load_requirement_map(EVIDENCE / "requirement_map.yaml")
    assert problems == [] and check_map(rmap, qualifications) == []
    statuses = [d.status for d in rmap.decisions]
    assert statuses.count("confirmed") == 87 and statuses.count("rejected") == 17


def test_the_demo_settings_count_ads_for_five_profiles():
    setup = Config.load(Project.at(raw=ROOT / "raw", themes=ROOT / "themes.yaml")).evidence
    config = setup.config
    assert config.qualifications == {
        "kokki": "381204",
        "lahihoitaja": "371101",
        "myyja": "361101",
        "varastonhoitaja": "381408",
        "toimitilahuoltaja": "381141",
    }
    ads_config = config.job_ads
    ads, problems = read_ads(ROOT / "raw" / ads_config.folder, ads_config.columns)
    assert problems == [] and len(ads) == 240
    assert {a.date.year for a in ads} == {2022, 2023, 2024, 2025}
    assert len(setup.ad_terms) == 42 and setup.ad_terms == load_terms(EVIDENCE / "ad_terms.yaml")[0]
    period = ads_config.period
    assert period == Period(date(2024, 1, 1), date(2025, 12, 31))
    counts = {
        pid: len(profile_ads(ads, occ, period, ads_config.regions))
        for pid, occ in ads_config.occupations.items()
    }
    assert counts == {
        "myyja": 31,
        "kokki": 28,
        "lahihoitaja": 28,
        "varastonhoitaja": 14,
        "toimitilahuoltaja": 13,
    }
    assert ads_config.occupations["kokki"] == Occupation((), ("5120",))


def test_the_demo_interviews_publish_only_clean_quotes():
    names = survey_organisations()
    assert "Hoivapalvelut Kaamos Oy" in names
    interviews, quotes, problems = read_interviews(EVIDENCE / "interviews", names, THEMES)
    assert problems == []
    assert sorted({i.profile_id for i in interviews}) == [
        "kokki",
        "lahihoitaja",
        "myyja",
        "toimitilahuoltaja",
    ]
    assert (len(interviews), len(quotes)) == (6, 12)
    assert sum(i.n_quotes - i.n_published for i in interviews) == 5  # marked not publishable
