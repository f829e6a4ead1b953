"""``osaaja query``: read-only, one statement, four output formats."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from click.testing import CliRunner
from cycle_factories import survey
from factories import minimal_themes

from pipeline import query, stages
from pipeline.cli import cli
from pipeline.project import Project

ITEMS = [("Palvelee asiakkaita | englanniksi", "K-1", 5, 3), ("Käyttää kassaa", None, 4, 2)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("query")
    survey(root / "raw" / "2022_matkailu_opas.xlsx", 2022, "Matkailu", "Opas", ITEMS)
    project = Project.at(
        raw=root / "raw", build=root / "build", themes=minimal_themes(root / "themes.yaml")
    )
    stages.run_ingest(stages.Run.of(project))
    return project


def run(project: Project, *args: str, stdin: str | None = None):
    return CliRunner().invoke(
        cli,
        ["--raw", str(project.raw), "--build", str(project.build), "query", *args],
        input=stdin,
    )


SQL = (
    "SELECT item, item_code, n_organisations, mean_future, mean_future > 4 AS high "
    "FROM item_scores ORDER BY item"
)


def test_default_output_is_an_aligned_table(project):
    result = run(project, SQL)
    assert result.exit_code == 0, result.output
    # widths from the widest cell of each column; text left-aligned, numbers right-aligned
    assert result.stdout.splitlines() == [
        "item                               item_code  n_organisations  mean_future  high",
        "---------------------------------  ---------  ---------------  -----------  -----",
        "Käyttää kassaa                                              2         4.00  false",
        "Palvelee asiakkaita | englanniksi  K-1                      3         5.00  true",
        "(2 rows)",
    ]


def test_csv_and_json_keep_full_precision_and_nulls(project):
    sql = "SELECT item, item_code, mean_now, 2.0 / 3 AS third FROM item_scores ORDER BY item"
    rows = list(csv.reader(io.StringIO(run(project, "--csv", sql).stdout)))
    assert rows == [
        ["item", "item_code", "mean_now", "third"],
        ["Käyttää kassaa", "", "3.0", str(2.0 / 3)],
        ["Palvelee asiakkaita | englanniksi", "K-1", "3.0", str(2.0 / 3)],
    ]
    records = json.loads(run(project, "--json", sql).stdout)
    assert records[0] == {
        "item": "Käyttää kassaa",
        "item_code": None,
        "mean_now": 3.0,
        "third": 2.0 / 3,
    }


def test_markdown_escapes_pipes_and_right_aligns_numbers(project):
    result = run(
        project, "--markdown", "SELECT item, n_organisations FROM item_scores ORDER BY item"
    )
    assert result.stdout == (
        "| item | n_organisations |\n|---|---:|\n| Käyttää kassaa | 2 |\n"
        "| Palvelee asiakkaita \\| englanniksi | 3 |\n"
    )


def test_sql_from_standard_input(project):
    result = run(
        project,
        "--csv",
        "-",
        stdin="SELECT count(*) AS n FROM ratings WHERE importance_future > 0\n",
    )
    assert (result.exit_code, result.stdout) == (0, "n\n5\n")  # 3 + 2 organisations rated


@pytest.mark.parametrize(
    "sql",
    [
        "SHOW TABLES",
        "DESCRIBE item_scores",
        "FROM sources SELECT cycle",
        "SUMMARIZE item_scores",
        "WITH x AS (SELECT 1 AS a) SELECT * FROM x",
        "PRAGMA table_info('sources')",
        "-- a note first\nSELECT 1",
        "PIVOT (SELECT item, cycle FROM item_scores) ON cycle USING count(*)",
        "EXPLAIN SELECT * FROM item_scores",
    ],
)
def test_read_statements_run(project, sql):
    result = run(project, "--", sql)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("sql", "word"),
    [
        ("INSERT INTO meta VALUES ('x', 'y')", "INSERT"),
        ("DELETE FROM ratings_raw", "DELETE"),
        ("UPDATE meta SET value = 'x'", "UPDATE"),
        ("DROP VIEW item_scores", "DROP"),
        ("CREATE TABLE t AS SELECT 1", "CREATE"),
        ("CREATE TABLE t AS PIVOT (SELECT 1 AS a) ON a", "CREATE"),
        ("ALTER TABLE meta ADD COLUMN x INTEGER", "ALTER"),
        ("COPY sources TO 'leak.csv'", "COPY"),
        ("ATTACH 'other.duckdb' AS other", "ATTACH"),
        ("INSTALL httpfs", "LOAD"),
        ("SET threads = 1", "SET"),
        ("CHECKPOINT", "CALL"),
        ("PRAGMA threads = 1", "SET"),  # DuckDB parses a setting pragma as SET
    ],
)
def test_writes_and_other_statements_are_refused_with_exit_2(project, sql, word):
    before = hashlib.sha256(project.store_path.read_bytes()).hexdigest()
    result = run(project, sql)
    assert result.exit_code == 2
    assert f"query: refused a {word} statement: the store is read-only here" in result.stderr
    assert hashlib.sha256(project.store_path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in project.build.iterdir()) == ["skills.duckdb"]


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT 1; SELECT 2", "give exactly one statement (got 2)"),
        ("SELEC 1", "Parser Error"),
        ("SELECT * FROM no_such_view", "does not exist"),
        ("SELECT * FROM read_csv('/etc/hostname')", "file system operations are disabled"),
    ],
)
def test_bad_or_outside_queries_exit_2_with_a_message(project, sql, message):
    result = run(project, sql)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_no_store_exits_1(tmp_path):
    result = run(Project.at(raw=tmp_path, build=tmp_path / "build"), "SELECT 1")
    assert result.exit_code == 1
    assert "no store yet" in result.stderr


def test_display_values():
    result = query.QueryResult(("a", "b", "c"), ((None, [1, "x"], True), (1.005, [], False)))
    assert query.as_markdown(result).splitlines()[2:] == [
        "|  | [1, x] | true |",
        "| 1.00 | [] | false |",
    ]
    assert json.loads(query.as_json(result)) == [
        {"a": None, "b": [1, "x"], "c": True},
        {"a": 1.005, "b": [], "c": False},
    ]
    assert query.as_csv(result).splitlines() == ["a,b,c", ',"[1, ""x""]",true', "1.005,[],false"]
    assert query.as_table(query.QueryResult(("n",), ())).splitlines() == ["n", "-", "(0 rows)"]


def test_cookbook_refresh_puts_real_output_under_each_query():
    text = "# T\n\n```sql\nSELECT 1 AS one\n```\n\nmore\n\n```sql\nSELECT 'a' AS x\n```\n"

    def fake(sql: str) -> query.QueryResult:
        return query.QueryResult(("q",), ((sql.strip(),),))

    fresh = query.refresh_cookbook(text, fake)
    assert fresh == (
        "# T\n\n```sql\nSELECT 1 AS one\n```\n\n<!-- output -->\n| q |\n|---|\n| SELECT 1 AS one |\n"
        "<!-- /output -->\n\nmore\n\n```sql\nSELECT 'a' AS x\n```\n\n<!-- output -->\n| q |\n|---|\n"
        "| SELECT 'a' AS x |\n<!-- /output -->\n"
    )
    assert query.refresh_cookbook(fresh, fake) == fresh  # output replaced, not added again
    assert query.cookbook_queries(fresh) == ["SELECT 1 AS one", "SELECT 'a' AS x"]
