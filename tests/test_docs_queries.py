"""Every query of the cookbook (docs/queries.md) runs on the demo store and shows its real output."""

from __future__ import annotations

import pytest
from cycle_factories import demo_store

from pipeline import query
from pipeline.project import REPO_ROOT

COOKBOOK = REPO_ROOT / "docs" / "queries.md"
TEXT = COOKBOOK.read_text(encoding="utf-8")
QUERIES = query.cookbook_queries(TEXT)
OUTPUTS = query.cookbook_outputs(TEXT)
REFRESH = (
    "docs/queries.md is out of date; refresh it: osaaja build && "
    ".venv/bin/python -m pipeline.query docs/queries.md --store build/skills.duckdb"
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return demo_store(tmp_path_factory).store_path


def test_the_cookbook_has_the_recipes_the_issue_asks_for():
    assert TEXT.count("```sql") == len(QUERIES) >= 9
    for title in (
        "Items per theme per occupation",
        "Top rising items across all occupations",
        "Items shared by several occupations (cross-cutting skills)",
        "Theme shares per cycle",
        "Profiles resting on the fewest organisations",
    ):
        assert f"### {title}" in TEXT


@pytest.mark.parametrize(
    "index", range(len(QUERIES)), ids=[f"query{i + 1}" for i in range(len(QUERIES))]
)
def test_every_cookbook_query_runs_and_shows_its_real_output(store_path, index):
    result = query.run_query(store_path, QUERIES[index])
    assert result.rows, "a recipe should answer something on the demo data"
    shown = OUTPUTS[index]
    assert shown is not None, f"no output under query {index + 1}; {REFRESH}"
    assert shown.splitlines()[0] == query.as_markdown(result).splitlines()[0], (
        REFRESH
    )  # the columns
    assert shown == query.as_markdown(result), REFRESH
