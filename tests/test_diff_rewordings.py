"""diff pairs each new item with similar dropped items of the same profile (Voikko lemmas
and compound parts) and prints alias lines that raw/item_aliases.yaml accepts as they are."""

from __future__ import annotations

import yaml

from pipeline import diff
from pipeline.morphology import Morphology

M = Morphology()


def change(status: str, item: str) -> diff.ItemChange:
    return diff.ItemChange(
        item_id=f"text:{item.casefold()}",
        item=item,
        previous_item=None,
        theme=None,
        status=status,
        previous_n_organisations=None,
        n_organisations=None,
        previous_mean_future=None,
        mean_future=None,
        future_change=None,
        below_minimum=False,
    )


def test_similarity_reads_inflections_and_compounds():
    assert (
        diff.similarity(
            "Käyttää kassa- ja mobiilimaksujärjestelmiä", "Käyttää kassajärjestelmää", M
        )
        == 3 / 7
    )
    assert diff.similarity("Tekee lisä- ja ristiinmyyntiä", "Tekee lisämyyntiä", M) == 0.4
    assert diff.similarity("Vähentää ruokahävikkiä", "Käyttää sähköpostia", M) == 0.0
    assert (
        diff.similarity("Käyttää mobiililaitteita työtehtävissä", "Käyttää sähköpostia", M)
        < diff.REWORDING_THRESHOLD
    )


def test_rewordings_pair_new_with_dropped_items_and_alias_lines_load():
    changes = [
        change("new", "Tekee lisä- ja ristiinmyyntiä"),
        change("new", "Hyödyntää tekoälyä asiakaspalvelussa"),
        change("dropped", "Tekee lisämyyntiä"),
        change("dropped", "Käsittelee käteistä rahaa"),
        change("steady", "Tekee myyntityötä"),
    ]
    found = diff.rewordings(changes, M)
    assert found == (diff.Rewording("Tekee lisä- ja ristiinmyyntiä", "Tekee lisämyyntiä", 0.4),)
    cycle_diff = diff.CycleDiff(
        2022,
        2025,
        0.3,
        (diff.ProfileDiff("myyja", "Myyjä", 10, 10, tuple(changes), (), found),),
        (),
    )
    lines = diff.alias_lines(cycle_diff)
    assert lines[2:] == [
        "  # myyja: new in 2025 ↔ dropped since 2022",
        '  - item: "Tekee lisä- ja ristiinmyyntiä"',
        '    was: "Tekee lisämyyntiä"',
        '    note: "reworded in 2025, myyja (similarity 0.40)"',
    ]
    assert yaml.safe_load("aliases:\n" + "\n".join(lines[2:])) == {
        "aliases": [
            {
                "item": "Tekee lisä- ja ristiinmyyntiä",
                "was": "Tekee lisämyyntiä",
                "note": "reworded in 2025, myyja (similarity 0.40)",
            }
        ]
    }
    assert diff.alias_lines(cycle_diff, "kokki") == []
