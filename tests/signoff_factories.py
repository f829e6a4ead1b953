"""Profiles built by code for the sign-off and checks tests (fixed seeds, no store needed)."""

from __future__ import annotations

import dataclasses
import random

from pipeline.model import Profile, ProfileItem, SurveyRef

THEMES = ("ammatillinen", "digitaidot", "kielitaito", "asiakaspalvelu", "itsensa-johtaminen")
WORDS = (
    "asiakkaiden",
    "palvelee",
    "englanniksi",
    "käyttää",
    "digitaalisia",
    "työvälineitä",
    "ymmärtää",
    "turvallisuus",
    "hygienia",
    "yhteistyö",
    "vastuullisuus",
    "ratkaisee",
    "ongelmia",
)


def make_item(
    rng: random.Random,
    index: int,
    *,
    n_organisations: int | None = None,
    theme: str | None = "",
    min_organisations: int = 3,
) -> ProfileItem:
    n = rng.randint(3, 12) if n_organisations is None else n_organisations
    now = round(rng.uniform(1.5, 4.5), 2)
    future = round(min(5.0, max(1.0, now + rng.uniform(-0.5, 1.2))), 2)
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize() + f" {index}"
    return ProfileItem(
        item_id=f"code:K{index:03d}",
        item=text,
        kind=rng.choice(("knowledge", "skill", "attitude", None)),
        area=rng.choice(("Asiakaspalvelu", "Työturvallisuus", None)),
        theme=THEMES[index % len(THEMES)] if theme == "" else theme,
        tags=tuple(sorted(rng.sample(("digi", "kieli", "vastuu", "asiakas"), rng.randint(0, 2)))),
        n_organisations=n,
        n_now=n,
        n_future=n,
        # The store withholds a figure that rests on too few organisations (docs/figures.md).
        mean_now=now if n >= min_organisations else None,
        mean_future=future if n >= min_organisations else None,
        change=round(future - now, 2) if n >= min_organisations else None,
        suppressed=n < min_organisations,
    )


def make_profile(
    seed: int = 7,
    n_items: int = 12,
    *,
    profile_id: str = "lahihoitaja",
    n_organisations: int = 12,
    cycle: int = 2022,
) -> Profile:
    rng = random.Random(seed)
    items = tuple(make_item(rng, i) for i in range(n_items))
    return Profile(
        id=profile_id,
        title={"fi": "Lähihoitaja", "en": "Practical nurse"},
        description={
            "fi": "Lähihoitaja hoitaa ja tukee asiakkaita.",
            "en": "A practical nurse cares for clients.",
        },
        cycle=cycle,
        region="Pohjois-Savo",
        horizon="3–5 vuotta",
        survey_period="3-5/2022",
        n_organisations=n_organisations,
        surveys=(SurveyRef(cycle, "sote", profile_id),),
        items=items,
    )


def replace_item(profile: Profile, index: int, **changes) -> Profile:
    """The profile with item ``index`` changed (e.g. a new mean after a rating changed)."""
    items = list(profile.items)
    items[index] = dataclasses.replace(items[index], **changes)
    return dataclasses.replace(profile, items=tuple(items))


def write_signoff(
    signoffs_dir,
    profile: Profile,
    reviewer: str = "Aino Virtanen",
    *,
    role: str = "head_of_field",
    decision: str = "approved",
    date: str = "2024-05-02",
    comments: str = "",
):
    """A filled sign-off file for the current version of ``profile``, where it belongs."""
    from pipeline.signoff import reviewer_slug, signoff_yaml

    path = signoffs_dir / profile.id / f"{reviewer_slug(reviewer)}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        signoff_yaml(
            profile, reviewer=reviewer, role=role, decision=decision, date=date, comments=comments
        ),
        encoding="utf-8",
    )
    return path
