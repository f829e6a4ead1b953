"""The store: bulk load, views, idempotence and all-or-nothing rebuilds."""

from __future__ import annotations

import pytest
from factories import minimal_themes
from workbooks import HEADER_A, HEADER_B, META, write

from pipeline import ingest, stages, store
from pipeline.errors import DataError
from pipeline.project import Project
from pipeline.stages import Run


def tables(path) -> dict:
    con = store.connect(path, read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("files", "sources", "ratings", "summary_raw", "item_scores")
        }
    finally:
        con.close()


@pytest.fixture
def project(tmp_path):
    rows = [
        *META,
        [*HEADER_A, "Vastaaja"],
        ["Org A", "Palvelu", "Palvelee asiakkaita", "Taito", 4, 5, "Anna"],
        ["Org A", None, "Palvelee asiakkaita", "Taito", 2, 3, "Ben"],
        ["Org B", None, "Palvelee asiakkaita", "Taito", "-", 4, None],
        ["Org C", None, "Palvelee asiakkaita", "Taito", "ei arvioitu", "n/a", None],
        ["Org A", "Digi", "Käyttää järjestelmiä", "Tieto", 3, 3, None],
    ]
    write(tmp_path / "raw" / "2022_matkailu_opas.xlsx", {"S": rows})
    write(
        tmp_path / "raw" / "2022_sote_hoitaja.xlsx",
        {"S": [HEADER_B, ["Hoito", "Toteuttaa lääkehoitoa", "Taito", 6, "4,2", "5,0"]]},
    )
    themes = minimal_themes(tmp_path / "themes.yaml")
    return Project.at(raw=tmp_path / "raw", build=tmp_path / "build", themes=themes)


def test_item_scores_for_layout_a_count_organisations_once_and_skip_not_assessed(project):
    stages.run_ingest(Run.of(project))
    con = store.open_store(project.store_path)
    row = con.execute("""SELECT n_organisations, n_ratings_now, n_ratings_future, mean_now, mean_future, change,
                                layout, item_id, kind
                         FROM item_scores WHERE item = 'Palvelee asiakkaita'""").fetchone()
    # Org A answered twice (two respondents) and counts once; Org C assessed nothing.
    assert row == (2, 2, 3, 3.0, 4.0, 1.0, "A", "text:palvelee asiakkaita", "skill")
    b = con.execute(
        "SELECT n_organisations, n_ratings_now, mean_now, mean_future, layout FROM item_scores "
        "WHERE survey_id = '2022_sote_hoitaja'"
    ).fetchone()
    assert b == (6, None, 4.2, 5.0, "B")


def test_the_same_raw_twice_gives_the_same_store(project):
    stages.run_ingest(Run.of(project))
    first = tables(project.store_path)
    stages.run_ingest(Run.of(project))
    assert tables(project.store_path) == first
    assert first["ratings"]  # not vacuously equal


def test_a_failed_run_leaves_the_old_store_readable_and_unchanged(project):
    stages.run_ingest(Run.of(project))
    before = project.store_path.read_bytes()
    (project.raw / "broken.xlsx").write_text("not a workbook")
    with pytest.raises(DataError):
        stages.run_ingest(Run.of(project))
    assert project.store_path.read_bytes() == before
    assert tables(project.store_path)["ratings"]
    assert sorted(p.name for p in project.build.iterdir()) == [
        "skills.duckdb"
    ]  # no temp files left


def test_failure_while_loading_keeps_old_store(project, monkeypatch):
    stages.run_ingest(Run.of(project))
    before = project.store_path.read_bytes()

    def explode(con, result):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "load", explode)
    with pytest.raises(RuntimeError):
        stages.run_ingest(Run.of(project))
    assert project.store_path.read_bytes() == before
    assert sorted(p.name for p in project.build.iterdir()) == ["skills.duckdb"]


def test_store_is_offline_no_extension_autoinstall(tmp_path):
    con = store.connect(tmp_path / "x.duckdb")
    settings = dict(
        con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name LIKE 'auto%extensions'"
        ).fetchall()
    )
    assert settings == {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }


def test_open_store_without_a_store_is_a_clear_error(tmp_path):
    with pytest.raises(DataError) as err:
        store.open_store(tmp_path / "skills.duckdb")
    assert "no store yet; run `osaaja ingest`" in str(err.value.problems[0])


def test_distinct_items_across_files(project):
    result = ingest.ingest(project.raw)
    con = store.connect()
    store.load(con, result)
    assert store.distinct_item_texts(con) == [
        ("käyttää järjestelmiä", None, "Käyttää järjestelmiä"),
        ("palvelee asiakkaita", None, "Palvelee asiakkaita"),
        ("toteuttaa lääkehoitoa", None, "Toteuttaa lääkehoitoa"),
    ]


def test_atomic_dir_output_is_readable_by_others(tmp_path):
    """Published folders must be readable by a web server, unlike mkdtemp's private 0700."""
    import os

    from pipeline.fsutil import atomic_dir

    with atomic_dir(tmp_path / "site") as tmp:
        (tmp / "index.html").write_text("x")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o777 & ~umask
