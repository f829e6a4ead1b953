"""Profiles and themes built by code with a fixed seed, for render/publish tests and the bench.

``make_profile`` draws item figures from ``random.Random(seed)``: the same arguments give
the same profile. Nothing here carries an organisation name; ``ORGANISATIONS`` are the
names a raw/ folder would hold, so confidentiality scans have something to look for.
"""

from __future__ import annotations

import random
from dataclasses import replace

from pipeline.model import Profile, ProfileItem, Qualification, SurveyRef, ThemeInfo

ORGANISATIONS = ("Revontuli Safarit Oy", "Kemijoen Kylpylä Ky", "Tunturihotelli Aurora Oy")

THEMES = (
    ThemeInfo(
        "perusosaaminen",
        {"fi": "Ammatillinen perusosaaminen", "en": "Vocational core competence"},
        {"fi": "Alan perustaidot", "en": "Core skills of the field"},
        "#1d4e89",
        "#ffffff",
        "AP",
        1,
    ),
    ThemeInfo(
        "digitaidot",
        {"fi": "Digitaidot", "en": "Digital skills"},
        {"fi": "Digitaaliset työkalut", "en": "Digital tools"},
        "#0b6e4f",
        "#ffffff",
        "DG",
        2,
    ),
    ThemeInfo(
        "kielitaito",
        {"fi": "Kielitaito", "en": "Language skills"},
        {"fi": "Kielet", "en": "Languages"},
        "#7a3e9d",
        "#ffffff",
        "KT",
        3,
    ),
    ThemeInfo(
        "asiakaspalvelu",
        {"fi": "Asiakaspalveluosaaminen", "en": "Customer service"},
        {"fi": "Asiakkaat", "en": "Customers"},
        "#b35900",
        "#ffffff",
        "AS",
        4,
    ),
    ThemeInfo(
        "itsensa-johtaminen",
        {"fi": "Itsensä johtaminen", "en": "Self-management"},
        {"fi": "Oma työ", "en": "Own work"},
        "#9b1d46",
        "#ffffff",
        "IJ",
        5,
    ),
)

ITEM_TEXTS = {
    "perusosaaminen": [
        "Hygieniaosaaminen ja omavalvonta",
        "Työturvallisuuden perusteet",
        "Ohjelmapalvelujen suunnittelu ja toteutus",
        "Luonto-oppaana toimiminen",
        "Ensiapuvalmiudet (EA1)",
    ],
    "digitaidot": [
        "Sähköisten varausjärjestelmien käyttö",
        "Sosiaalisen median markkinointi",
        "Tietoturvan perusteet",
        "Verkkokaupan ylläpito",
    ],
    "kielitaito": [
        "Palvelee asiakkaita englanniksi",
        "Saksan kielen perusteet",
        "Kiinan kielen alkeet",
    ],
    "asiakaspalvelu": [
        "Monikulttuurinen asiakaspalvelu",
        "Asiakkaan tarpeiden tunnistaminen",
        "Palautteen käsittely ja reklamaatiot",
    ],
    "itsensa-johtaminen": [
        "Oman työn suunnittelu",
        "Stressinhallinta ja palautuminen",
        "Muutosvalmius ja joustavuus",
    ],
    None: ["Vastuullisen matkailun periaatteet", "Kestävän kehityksen huomioiminen"],
}
KINDS = ("knowledge", "skill", "attitude", None)


def make_item(
    text: str,
    theme: str | None,
    rng: random.Random,
    *,
    suppressed: bool = False,
    trend: str | None = None,
    code: str | None = None,
) -> ProfileItem:
    now = round(rng.uniform(1.8, 4.3), 2)
    future = round(min(5.0, now + rng.uniform(-0.4, 1.2)), 2)
    n = rng.randint(1, 2) if suppressed else rng.randint(3, 14)
    return ProfileItem(
        item_id=f"code:{code}" if code else f"text:{text.casefold()}",
        item=text,
        kind=rng.choice(KINDS),
        area="Matkailupalvelut",
        theme=theme,
        tags=(),
        n_organisations=n,
        n_now=n,
        n_future=n,
        # The store withholds a figure that rests on too few organisations (docs/figures.md).
        mean_now=None if suppressed else now,
        mean_future=None if suppressed else future,
        change=None if suppressed else round(future - now, 2),
        suppressed=suppressed,
        trend=trend,
        previous_mean_future=round(future - rng.uniform(0.3, 0.8), 2)
        if trend == "rising" and not suppressed
        else None,
    )


def make_profile(
    id: str = "matkailupalvelujen-tuottaja",
    *,
    seed: int = 1,
    n_suppressed: int = 2,
    previous_cycle: int | None = None,
    extra_items: tuple[ProfileItem, ...] = (),
    title: dict[str, str] | None = None,
    unthemed: bool = True,
    n_items: int | None = None,
) -> Profile:
    """A tourism profile with every theme, ``n_suppressed`` suppressed items and, when
    ``previous_cycle`` is given, trends (new, rising, falling) and dropped items.
    ``n_items`` keeps only the first items (small PDFs for tests)."""
    rng = random.Random(seed)
    items = []
    counter = 0
    for theme, texts in ITEM_TEXTS.items():
        if theme is None and not unthemed:
            continue
        for text in texts:
            counter += 1
            trend = None
            if previous_cycle is not None:
                trend = ("new", "rising", "falling", "steady", "steady")[counter % 5]
            items.append(
                make_item(
                    text,
                    theme,
                    rng,
                    suppressed=counter <= n_suppressed,
                    trend=trend,
                    code=f"MP{counter:03d}" if counter % 3 else None,
                )
            )
    items = items[:n_items] if n_items is not None else items
    items.extend(extra_items)
    return Profile(
        id=id,
        title=title or {"fi": "Matkailupalvelujen tuottaja", "en": "Tourism service producer"},
        description={
            "fi": "Matkailupalvelujen tuottaja suunnittelee ja toteuttaa elämyksiä Lapin "
            "luonnossa kotimaisille ja kansainvälisille asiakkaille.",
            "en": "A tourism service producer designs and delivers experiences in Lapland's "
            "nature for domestic and international customers.",
        },
        cycle=2022,
        region="Lappi",
        horizon="3–5 vuotta",
        survey_period="3–5/2022",
        n_organisations=14,
        surveys=(SurveyRef(2022, "Matkailu", "Matkailupalvelujen tuottaja"),),
        items=tuple(items),
        qualification=Qualification(
            {"fi": "Matkailualan perustutkinto", "en": "Vocational qualification in tourism"},
            code="351201",
            url="https://eperusteet.opintopolku.fi/",
        ),
        notes=None,
        emerging=False,
        min_organisations=3,
        rules_version="sha256:" + "3f2a9c" * 10 + "abcd",
        previous_cycle=previous_cycle,
        dropped_items=("Faksin käyttö", "Matkatoimistojen painetut esitteet")
        if previous_cycle
        else (),
    )


def make_profiles(n: int = 3, seed: int = 7) -> list[Profile]:
    """``n`` distinct profiles (different ids, titles and figures)."""
    names = [
        ("kokki", "Kokki", "Cook"),
        ("matkailuopas", "Matkailuopas", "Tourist guide"),
        ("rakennusmestari", "Rakennusmestari", "Site manager"),
        ("lahihoitaja", "Lähihoitaja", "Practical nurse"),
        ("kiinteistonhoitaja", "Kiinteistönhoitaja", "Property caretaker"),
        ("elamysmatkailun-tuottaja", "Elämysmatkailun tuottaja", "Experience tourism producer"),
        ("asentaja", "Asentaja", "Installer"),
        ("myyja", "Myyjä", "Salesperson"),
        ("digimarkkinoija", "Digimarkkinoija", "Digital marketer"),
        ("ohjaaja", "Ohjaaja", "Instructor"),
    ]
    profiles = []
    for k in range(n):
        pid, fi, en = names[k % len(names)]
        if k >= len(names):
            pid = f"{pid}-{k}"
        profile = make_profile(
            pid, seed=seed + k, previous_cycle=2019 if k % 2 else None, title={"fi": fi, "en": en}
        )
        profiles.append(replace(profile, emerging=(k == 5)))
    return profiles


# --- a small HTML tree for assertions on rendered pages (stdlib only) ----------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class Node:
    """An element: tag, attrs, children (Nodes and strings)."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None = None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Elements by tag and attribute values (``class_`` matches one of the classes)."""
        found = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            ok = True
            for key, value in attrs.items():
                if key == "class_":
                    ok = ok and value in (node.attrs.get("class") or "").split()
                else:
                    ok = ok and node.attrs.get(key) == value
            if ok:
                found.append(node)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Node | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child.text() if isinstance(child, Node) else child)
        return " ".join(" ".join(parts).split())


def parse_html(text: str) -> Node:
    from html.parser import HTMLParser

    root = Node("#document", {})

    class Builder(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.current = root

        def handle_starttag(self, tag, attrs):
            node = Node(tag, dict(attrs), self.current)
            self.current.children.append(node)
            if tag not in VOID:
                self.current = node

        def handle_startendtag(self, tag, attrs):
            self.current.children.append(Node(tag, dict(attrs), self.current))

        def handle_endtag(self, tag):
            node = self.current
            while node is not root and node.tag != tag:
                node = node.parent
            if node is not root:
                self.current = node.parent

        def handle_data(self, data):
            self.current.children.append(data)

    Builder().feed(text)
    return root


MINIMAL_THEMES = """\
version: 2
themes:
  - id: muu
    label: {fi: Muu, en: Other, sv: Annat}
    description: {fi: Ei vastaa mitään, en: Matches nothing}
    colour: "#dbe9f6"
    text_colour: "#1b1b1b"
    marker: MU
    order: 1
    priority: 10
    rules:
      - id: ei-mitaan
        mode: whole
        match: {fi: [zzyzx]}
    examples:
      match: [zzyzx]
"""


def minimal_themes(path):
    """A valid rule set whose one rule matches no survey text: every item stays unthemed
    (for tests about ingest, identity and cycles that do not care about themes)."""
    path.write_text(MINIMAL_THEMES, encoding="utf-8")
    return path


def run_cli(project, *args: str, **kwargs):
    """``osaaja --raw … --build … --themes … ARGS`` on ``project`` through click's CliRunner
    (``kwargs`` go to ``invoke``, e.g. ``input=``)."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    return CliRunner().invoke(
        cli,
        [
            "--raw",
            str(project.raw),
            "--build",
            str(project.build),
            "--themes",
            str(project.themes_file),
            *args,
        ],
        **kwargs,
    )
