"""Theming on the labelled evaluation set: coverage, precision and the wrong items.

The set (``bench/themes_eval.yaml``) holds competence items from fields the demo data
does not cover, labelled before any rule was run on them. An item is *covered* when the
rules give it a theme; a covered item is *right* when that theme is its label or one of
its accepted alternatives (an item labelled null is right only when left unthemed or
given an accepted alternative). Targets (issue 12): precision >= 97%, coverage >= 80%.

Run: python bench/themes_eval.py [--rules themes.yaml] [--set bench/themes_eval.yaml]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import themes, yamlfile  # noqa: E402
from pipeline.contract import item_key  # noqa: E402

PRECISION_TARGET, COVERAGE_TARGET = 0.97, 0.80


@dataclass(frozen=True)
class Labelled:
    text: str
    field: str
    occupation: str
    label: str | None
    accept: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Outcome:
    item: Labelled
    theme: str | None
    doubtful: bool

    @property
    def right(self) -> bool:
        return self.theme in (self.item.label, *self.item.accept)


def load_set(path: Path) -> list[Labelled]:
    data, _ = yamlfile.read(path, path.read_text(encoding="utf-8"))
    return [
        Labelled(
            raw["text"],
            raw["field"],
            raw["occupation"],
            raw["label"],
            tuple(raw.get("accept", ())),
            raw.get("note", ""),
        )
        for raw in data["items"]
    ]


def run(rules: themes.RuleSet, items: list[Labelled]) -> list[Outcome]:
    """Theme every item the way a build does (field and occupation known)."""
    texts = [
        themes.ItemText(
            item_key(i.text), None, i.text, fields=(i.field,), occupations=(i.occupation,)
        )
        if hasattr(themes, "ItemText")
        else (item_key(i.text), None, i.text)
        for i in items
    ]
    assignments, _ = themes.classify(rules, texts)
    out = []
    for i in items:
        a = assignments[item_key(i.text)]
        out.append(Outcome(i, a.rule_theme, bool(getattr(a, "doubtful", ()))))
    return out


def report(outcomes: list[Outcome], rules: themes.RuleSet, show_right: bool = False) -> list[str]:
    covered = [o for o in outcomes if o.theme is not None]
    right = [o for o in covered if o.right]
    exact = [o for o in covered if o.theme == o.item.label]
    wrong = [o for o in covered if not o.right]
    doubtful = [o for o in covered if o.doubtful]
    n = len(outcomes)
    coverage = len(covered) / n if n else 0.0
    precision = len(right) / len(covered) if covered else 1.0
    lines = [
        f"evaluation set: {n} items, {len({o.item.field for o in outcomes})} fields; "
        f"rules {rules.path} ({rules.sha256[:19]}…)",
        f"coverage : {len(covered)}/{n} = {coverage:.1%} (target >= {COVERAGE_TARGET:.0%}) "
        + ("OK" if coverage >= COVERAGE_TARGET else "BELOW"),
        f"precision: {len(right)}/{len(covered)} = {precision:.1%} (target >= {PRECISION_TARGET:.0%}) "
        + ("OK" if precision >= PRECISION_TARGET else "BELOW")
        + f"; label itself {len(exact)}/{len(covered)} = "
        f"{len(exact) / len(covered) if covered else 1:.1%}",
        f"doubtful : {len(doubtful)} themed item(s) in the review queue, "
        f"{sum(not o.right for o in doubtful)} of them wrong; "
        f"wrong and not doubtful (published unseen): {sum(not o.doubtful for o in wrong)}",
    ]
    by_field: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_field[o.item.field].append(o)
    lines.append(
        "by field: "
        + ", ".join(
            f"{f} {sum(o.theme is not None for o in os_)}/{len(os_)}"
            + (
                f" ({sum(o.theme is not None and not o.right for o in os_)} wrong)"
                if any(o.theme is not None and not o.right for o in os_)
                else ""
            )
            for f, os_ in sorted(by_field.items())
        )
    )
    confusion = Counter((o.item.label, o.theme) for o in wrong)
    if wrong:
        lines.append(f"wrong ({len(wrong)}):")
        for o in wrong:
            d = themes.decide(
                rules,
                themes.ItemText("", None, o.item.text, (o.item.field,), (o.item.occupation,)),
            )
            why = f"rule {d.rule.id}" if d.rule else ""
            flag = " [doubtful]" if o.doubtful else ""
            lines.append(
                f"  {o.item.text!r} ({o.item.field}): got {o.theme} by {why}, "
                f"label {o.item.label}{flag}"
            )
        lines.append(
            "confusions (label -> got): "
            + ", ".join(f"{a}->{b} {n}" for (a, b), n in confusion.most_common())
        )
    unthemed = [o for o in outcomes if o.theme is None]
    lines.append(f"unthemed ({len(unthemed)}):")
    lines += [f"  {o.item.text!r} ({o.item.field}, label {o.item.label})" for o in unthemed]
    if show_right:
        lines.append("right:")
        lines += [f"  {o.item.text!r}: {o.theme}" for o in right]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=ROOT / "themes.yaml")
    parser.add_argument("--set", type=Path, default=ROOT / "bench" / "themes_eval.yaml")
    parser.add_argument("--show-right", action="store_true", help="also list the right items")
    args = parser.parse_args()
    rules = themes.load_rules(args.rules)
    outcomes = run(rules, load_set(args.set))
    print("\n".join(report(outcomes, rules, args.show_right)))


if __name__ == "__main__":
    main()
