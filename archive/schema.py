"""The archive's SQLite schema, versioned, with a forward-only migration path.

The schema is a public API: downstream tools open the file directly.  Rules
that keep it stable (see docs/schema.md):

* every change is a new numbered migration appended to ``MIGRATIONS``;
* a migration adds tables, columns or indexes — it never renames or drops
  something a reader may use;
* ``schema_migrations`` records which migrations ran and when, and
  ``PRAGMA user_version`` mirrors the highest, so a reader can check it with
  one statement.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import sqlite_utils

SCHEMA_VERSION = 5


class SchemaError(RuntimeError):
    """The archive was written by a newer govarchive than this one."""


def _v1_initial(db: sqlite_utils.Database) -> None:
    db["sites"].create(
        {"id": str, "name": str, "region": str, "start_urls": str, "allowed_domains": str,
         "render_js": str, "source": str, "updated_at": str},
        pk="id", not_null={"name", "region"}, if_not_exists=True,
    )
    db["crawl_runs"].create(
        {"id": int, "started_at": str, "finished_at": str, "status": str, "sites": str,
         "pages": int, "reports_new": int, "reports_seen": int, "attachments": int, "errors": int,
         "finish_reason": str, "govarchive_version": str},
        pk="id", not_null={"started_at", "status"}, if_not_exists=True,
    )
    db["captures"].create(
        {"id": int, "capture_key": str, "url": str, "final_url": str, "site_id": str, "kind": str,
         "http_status": int, "content_type": str, "encoding": str, "format": str, "sha256": str,
         "size": int, "error": str, "error_detail": str, "referer": str, "link_text": str,
         "first_fetched_at": str, "fetched_at": str, "fetch_count": int,
         "first_run_id": int, "last_run_id": int},
        pk="id", not_null={"capture_key", "url", "site_id", "kind", "fetched_at"},
        foreign_keys=[("site_id", "sites", "id"), ("first_run_id", "crawl_runs", "id"),
                      ("last_run_id", "crawl_runs", "id")],
        if_not_exists=True,
    )
    db["captures"].create_index(["capture_key"], unique=True, if_not_exists=True)
    db["captures"].create_index(["url"], if_not_exists=True)
    db["captures"].create_index(["sha256"], if_not_exists=True)
    db["captures"].create_index(["site_id", "error"], if_not_exists=True)

    db["reports"].create(
        {"id": int, "title": str, "agency": str, "region": str, "year": int, "template": str,
         "published_on": str, "site_id": str, "canonical_url": str, "format": str, "text": str,
         "text_sha256": str, "parse_status": str, "parse_notes": str,
         "first_seen_at": str, "updated_at": str},
        pk="id", not_null={"site_id", "canonical_url", "parse_status"},
        foreign_keys=[("site_id", "sites", "id")], if_not_exists=True,
    )
    db["reports"].create_index(["canonical_url"], unique=True, if_not_exists=True)
    db["reports"].create_index(["text_sha256"], if_not_exists=True)
    db["reports"].create_index(["year"], if_not_exists=True)
    db["reports"].create_index(["agency"], if_not_exists=True)

    db["report_sources"].create(
        {"id": int, "report_id": int, "url": str, "site_id": str, "format": str, "role": str,
         "capture_id": int, "first_seen_at": str, "last_seen_at": str},
        pk="id", not_null={"report_id", "url", "role"},
        foreign_keys=[("report_id", "reports", "id"), ("capture_id", "captures", "id"),
                      ("site_id", "sites", "id")],
        if_not_exists=True,
    )
    db["report_sources"].create_index(["report_id", "url"], unique=True, if_not_exists=True)

    # NUMERIC affinity, so 4 stays the integer 4 and 8246.37 stays a decimal (sqlite-utils only offers REAL).
    db.execute(
        "create table if not exists figures (report_id integer not null references reports(id),"
        " table_no integer not null, row text not null, col text not null, value numeric,"
        " raw text, label text, unit text, primary key (report_id, table_no, row, col))"
    )
    db["checks"].create(
        {"report_id": int, "rule": str, "scope": str, "passed": int, "detail": str},
        pk=("report_id", "rule", "scope"),
        foreign_keys=[("report_id", "reports", "id")], if_not_exists=True,
    )
    if db["reports"].detect_fts() is None:
        db["reports"].enable_fts(["title", "agency", "text"], tokenize="trigram", create_triggers=True)


def _v2_documents(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {"capture_id": int, "format": str, "encoding": str, "blocks": str, "raw_text": str, "text": str,
         "error": str, "error_detail": str, "notes": str, "extracted_at": str},
        pk="capture_id", foreign_keys=[("capture_id", "captures", "id")], if_not_exists=True,
    )
    db["documents"].create_index(["error"], if_not_exists=True)


def _v3_parser(db: sqlite_utils.Database) -> None:
    if "level" not in db["reports"].columns_dict:
        db["reports"].add_column("level", str)
    db["report_sections"].create(
        {"report_id": int, "section_no": int, "heading": str, "text": str},
        pk=("report_id", "section_no"), foreign_keys=[("report_id", "reports", "id")], if_not_exists=True,
    )
    db["figures"].create_index(["table_no", "row", "col"], if_not_exists=True)
    db["checks"].create_index(["passed"], if_not_exists=True)


def _v4_provenance(db: sqlite_utils.Database) -> None:
    db["report_versions"].create(
        {"report_id": int, "version": int, "current": int, "text_sha256": str, "title": str, "parse_status": str,
         "published_on": str, "source_url": str, "figures": str, "text": str,
         "first_seen_at": str, "superseded_at": str},
        pk=("report_id", "version"), foreign_keys=[("report_id", "reports", "id")], if_not_exists=True,
    )
    db["report_versions"].create_index(["text_sha256"], if_not_exists=True)
    db["report_signatures"].create(
        {"report_id": int, "minhash": bytes}, pk="report_id",
        foreign_keys=[("report_id", "reports", "id")], if_not_exists=True,
    )
    if "item_url" not in db["report_sources"].columns_dict:
        db["report_sources"].add_column("item_url", str)
    if "relation" not in db["report_sources"].columns_dict:
        db["report_sources"].add_column("relation", str)
    if "text_sha256" not in db["report_sources"].columns_dict:
        db["report_sources"].add_column("text_sha256", str)
    db["report_sources"].create_index(["url"], if_not_exists=True)


def _v5_operations(db: sqlite_utils.Database) -> None:
    for column in ("warc_file", "etag", "last_modified"):
        if column not in db["captures"].columns_dict:
            db["captures"].add_column(column, str)
    if "warc_offset" not in db["captures"].columns_dict:
        db["captures"].add_column("warc_offset", int)
    for column in ("reports_changed", "not_modified"):
        if column not in db["crawl_runs"].columns_dict:
            db["crawl_runs"].add_column(column, int)


MIGRATIONS: list[tuple[int, str, Callable[[sqlite_utils.Database], None]]] = [
    (1, "initial schema: sites, crawl_runs, captures, reports, report_sources, figures, checks", _v1_initial),
    (2, "documents: each capture's extracted blocks, raw and normalised text, extraction errors", _v2_documents),
    (3, "parser: reports.level, report_sections, indexes on figures and checks", _v3_parser),
    (4, "provenance: report_versions, report_signatures, report_sources.item_url, relation, text_sha256",
     _v4_provenance),
    (5, "operations: captures.warc_file, warc_offset, etag, last_modified; crawl_runs.reports_changed, not_modified",
     _v5_operations),
]


def current_version(db: sqlite_utils.Database) -> int:
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.execute("select max(version) from schema_migrations").fetchone()
    return row[0] or 0


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the archive up to ``SCHEMA_VERSION``; return the version it is at.

    Each migration runs in one transaction with its ``schema_migrations`` row,
    so a crash leaves the archive at the previous version; migrations are also
    written to be re-runnable (``if_not_exists`` throughout) as a second guard.
    """
    if "schema_migrations" not in db.table_names():
        db["schema_migrations"].create(
            {"version": int, "description": str, "applied_at": str}, pk="version", if_not_exists=True,
        )
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"this archive is at schema version {version}, newer than this govarchive "
            f"understands ({SCHEMA_VERSION}); upgrade govarchive to use it"
        )
    for number, description, apply in MIGRATIONS:
        if number <= version:
            continue
        with db.atomic():
            apply(db)
            db["schema_migrations"].insert(
                {"version": number, "description": description,
                 "applied_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            )
            db.execute(f"PRAGMA user_version = {number}")
        version = number
    return version
