"""`osaaja query` within time, memory and row limits (issue 11)."""

from __future__ import annotations

import time

import duckdb
import pytest

from pipeline import query
from pipeline.errors import UsageError
from pipeline.store import adhoc


@pytest.fixture
def con():
    connection = duckdb.connect(
        ":memory:", config={"enable_external_access": False, **adhoc.QUERY_CONFIG}
    )
    connection.execute("CREATE TABLE t AS SELECT range AS x FROM range(200000)")
    yield connection
    connection.close()


def test_a_cross_join_is_stopped_at_the_time_limit(con) -> None:
    start = time.perf_counter()
    with pytest.raises(UsageError) as caught:
        adhoc.execute_limited(
            con, "SELECT count(*) FROM t a, t b WHERE a.x + b.x = 17", timeout=0.5
        )
    assert time.perf_counter() - start < 5
    assert str(caught.value) == "query stopped after 0.5 s (--timeout to raise it)"
    assert caught.value.exit_code == 2
    # the connection is usable afterwards
    assert adhoc.execute_limited(con, "SELECT count(*) FROM t") == (["count_star()"], [(200000,)])


def test_memory_limit(con) -> None:
    with pytest.raises(UsageError) as caught:
        adhoc.execute_limited(
            con,
            "SELECT string_agg(md5(a.x::VARCHAR), ',') FROM t a, (FROM range(50)) b",
            memory_limit="20MB",
        )
    assert str(caught.value) == "query needs more than 20MB of memory (--memory-limit to raise it)"


def test_row_limit(con) -> None:
    with pytest.raises(UsageError) as caught:
        adhoc.execute_limited(con, "FROM t", max_rows=1000)
    assert str(caught.value) == (
        "query returns more than 1,000 rows; add a LIMIT, or --max-rows to raise it"
    )
    columns, rows = adhoc.execute_limited(con, "FROM t LIMIT 1000", max_rows=1000)
    assert columns == ["x"] and len(rows) == 1000


@pytest.mark.parametrize(
    "text, accepted", [("512MB", "512MB"), ("2 gb", "2GB"), ("1.5GiB", "1.5GiB")]
)
def test_memory_sizes(text: str, accepted: str) -> None:
    assert adhoc.parse_memory_limit(text) == accepted


@pytest.mark.parametrize("text", ["1GB'; DROP TABLE t; --", "lots", "0MB", "-1GB"])
def test_bad_memory_sizes_are_refused_before_any_sql(text: str) -> None:
    with pytest.raises(UsageError, match="is not a memory size; write e.g. 512MB, 2GB or 1.5GiB"):
        adhoc.parse_memory_limit(text)


def test_csv_output_neutralises_formulas() -> None:
    result = query.QueryResult(("item", "n"), (('=HYPERLINK("http://x")', 3), ("@SUM(1)", -2)))
    assert query.as_csv(result) == 'item,n\n"\'=HYPERLINK(""http://x"")",3\n\'@SUM(1),-2\n'
