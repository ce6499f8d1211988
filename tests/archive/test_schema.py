import sqlite3

import pytest
import sqlite_utils

from archive.schema import SCHEMA_VERSION, SchemaError, migrate
from archive.storage import open_archive

TABLES = {"sites", "crawl_runs", "captures", "reports", "report_sources", "figures", "checks", "schema_migrations",
          "documents"}


def test_new_archive_has_every_table_wal_and_version(tmp_path):
    archive = open_archive(tmp_path / "a.db")
    assert TABLES <= set(archive.db.table_names())
    assert archive.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert archive.db.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    assert archive.db["reports"].detect_fts() == "reports_fts"
    archive.close()


def test_reopening_does_not_migrate_twice(tmp_path):
    open_archive(tmp_path / "a.db").close()
    archive = open_archive(tmp_path / "a.db")
    assert archive.db.execute("select count(*) from schema_migrations").fetchone()[0] == SCHEMA_VERSION
    archive.close()


def test_newer_archive_refused(tmp_path):
    open_archive(tmp_path / "a.db").close()
    conn = sqlite3.connect(tmp_path / "a.db")
    conn.execute("insert into schema_migrations values (?, 'from the future', '2099-01-01')", [SCHEMA_VERSION + 1])
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="newer than this govarchive"):
        migrate(sqlite_utils.Database(tmp_path / "a.db"))


def test_documented_schema_matches_the_database(tmp_path):
    """docs/schema.md is a public API: every table and column in it, and nothing undocumented."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text("utf-8")
    archive = open_archive(tmp_path / "a.db")
    for table in TABLES:
        assert f"### `{table}`" in doc, table
        for column in archive.db[table].columns_dict:
            assert f"| `{column}` |" in doc, f"{table}.{column} is not documented"
    archive.close()


def test_version_1_archive_is_migrated_in_place(tmp_path):
    """An archive written by schema 1 gains the documents table and keeps its rows."""
    from archive.schema import MIGRATIONS

    db = sqlite_utils.Database(tmp_path / "old.db")
    db["schema_migrations"].create({"version": int, "description": str, "applied_at": str}, pk="version")
    MIGRATIONS[0][2](db)
    db["schema_migrations"].insert({"version": 1, "description": "v1", "applied_at": "2026-01-01"})
    db["sites"].insert({"id": "x", "name": "X", "region": "R"})
    db.close()
    archive = open_archive(tmp_path / "old.db")
    assert "documents" in archive.db.table_names()
    assert archive.db.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    assert archive.db["sites"].count == 1
    archive.close()
