"""Writing to the archive: sites, crawl runs, captures and reports.

All writes are idempotent.  A capture is identified by (url, content hash,
error): fetching the same bytes again only bumps ``fetch_count`` and
``fetched_at``.  A report is identified by its canonical URL; its sources by
(report, url).  Each report is written in a single transaction together with
its captures and sources, so a crash leaves either all of it or none.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import sqlite_utils

from archive.blobs import BlobStore
from archive.schema import migrate


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Archive:
    """An open archive: the SQLite database and the blob store beside it."""

    path: Path
    db: sqlite_utils.Database
    blobs: BlobStore

    def close(self) -> None:
        self.db.close()


def open_archive(path: str | Path, *, create: bool = True) -> Archive:
    """Open (and if needed create or migrate) the archive at ``path``.

    WAL mode lets readers (``govarchive search``, Datasette) work while a
    crawl writes; ``synchronous=NORMAL`` in WAL mode is still crash-safe for
    the database file — a power cut may lose the last transactions, never
    corrupt earlier ones.
    """
    path = Path(path)
    if not create and not path.exists():
        raise FileNotFoundError(f"no archive at {path} (run `govarchive crawl` first)")
    conn = sqlite3.connect(path, timeout=30)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    migrate(db)
    return Archive(path=path, db=db, blobs=BlobStore.beside(path))


# --- sites and runs ----------------------------------------------------------

def upsert_sites(archive: Archive, sites: Iterable[Any]) -> None:
    rows = [
        {"id": s.id, "name": s.name, "region": s.region,
         "start_urls": json.dumps(list(s.start_urls)), "allowed_domains": json.dumps(list(s.allowed_domains)),
         "render_js": json.dumps(s.render_js), "source": s.source, "updated_at": utcnow()}
        for s in sites
    ]
    with archive.db.atomic():
        archive.db["sites"].upsert_all(rows, pk="id")


def start_run(archive: Archive, site_ids: list[str], version: str) -> int:
    with archive.db.atomic():
        table = archive.db["crawl_runs"].insert(
            {"started_at": utcnow(), "status": "running", "sites": json.dumps(site_ids),
             "pages": 0, "reports_new": 0, "reports_seen": 0, "attachments": 0, "errors": 0,
             "govarchive_version": version}
        )
    return table.last_pk


def mark_interrupted_runs(archive: Archive) -> list[int]:
    """Runs still 'running' when a new crawl starts were killed: say so (the lock proves no one runs them)."""
    ids = [i for (i,) in archive.db.execute("select id from crawl_runs where status = 'running'")]
    if ids:
        with archive.db.atomic():
            archive.db.execute("update crawl_runs set status = 'interrupted' where status = 'running'")
    return ids


def finish_run(archive: Archive, run_id: int, counts: dict[str, int], reason: str) -> None:
    status = "finished" if reason == "finished" else "stopped"
    with archive.db.atomic():
        archive.db["crawl_runs"].update(
            run_id, {**counts, "finished_at": utcnow(), "status": status, "finish_reason": reason}
        )


# --- captures ----------------------------------------------------------------

def capture_key(url: str, sha256: str | None, error: str | None) -> str:
    return hashlib.sha256(f"{url}\0{sha256 or ''}\0{error or ''}".encode()).hexdigest()


def record_capture(archive: Archive, capture: Any, run_id: int | None, fmt: str | None = None) -> int:
    """Keep a capture's bytes and its row; return the row id.

    Must be called inside the caller's transaction (see :func:`save_report`).
    """
    if capture.body is not None:
        capture.sha256 = archive.blobs.put(capture.body)
        capture.size = len(capture.body)
    key = capture_key(capture.url, capture.sha256, capture.error)
    existing = archive.db.execute("select id from captures where capture_key = ?", [key]).fetchone()
    if existing:
        archive.db.execute(
            "update captures set fetched_at = ?, fetch_count = fetch_count + 1, last_run_id = ?,"
            " http_status = coalesce(?, http_status), etag = coalesce(?, etag),"
            " last_modified = coalesce(?, last_modified) where id = ?",
            [capture.fetched_at, run_id, capture.status, capture.etag, capture.last_modified, existing[0]],
        )
        capture.capture_id = existing[0]
        return existing[0]
    row = {
        "capture_key": key, "url": capture.url, "final_url": capture.final_url, "site_id": capture.site_id,
        "kind": capture.kind, "http_status": capture.status, "content_type": capture.content_type,
        "encoding": capture.encoding, "format": fmt, "sha256": capture.sha256, "size": capture.size,
        "error": capture.error, "error_detail": capture.error_detail, "referer": capture.referer,
        "link_text": capture.link_text, "first_fetched_at": capture.fetched_at,
        "fetched_at": capture.fetched_at, "fetch_count": 1, "first_run_id": run_id, "last_run_id": run_id,
        "etag": capture.etag, "last_modified": capture.last_modified,
        "warc_file": capture.warc_file, "warc_offset": capture.warc_offset,
    }
    capture.capture_id = archive.db["captures"].insert(row).last_pk
    return capture.capture_id


# --- documents -----------------------------------------------------------------

def save_document(archive: Archive, capture_id: int, row: dict[str, Any]) -> None:
    """What extraction made of a capture; replaced when a capture is extracted again."""
    values = {"capture_id": capture_id, **row, "extracted_at": utcnow()}
    columns = ", ".join(values)
    updates = ", ".join(f"{k} = excluded.{k}" for k in values if k != "capture_id")
    archive.db.execute(
        f"insert into documents ({columns}) values ({', '.join('?' for _ in values)})"
        f" on conflict (capture_id) do update set {updates}", list(values.values()))


# --- reports -------------------------------------------------------------------

REPORT_FIELDS = ("title", "agency", "region", "year", "template", "published_on", "site_id",
                 "canonical_url", "format", "text", "text_sha256", "parse_status", "parse_notes", "level")


def find_report(archive: Archive, canonical_url: str, text_sha256: str | None) -> int | None:
    """The id of the report this one is a copy of, by URL first, then by identical text."""
    row = archive.db.execute("select id from reports where canonical_url = ?", [canonical_url]).fetchone()
    if row:
        return row[0]
    if text_sha256:
        row = archive.db.execute(
            "select id from reports where text_sha256 = ? order by id limit 1", [text_sha256]
        ).fetchone()
        if row:
            return row[0]
    return None


def save_report(archive: Archive, report: dict[str, Any] | None, sources: list[dict[str, Any]],
                report_id: int | None, seen: bool = True, move_canonical: bool = False) -> tuple[int, bool]:
    """Insert or refresh one report with its sources; return (id, created).

    ``report`` holds the :data:`REPORT_FIELDS`; each source dict holds
    ``url, site_id, format, role, capture_id``.  Call inside a transaction.
    ``seen=False`` keeps existing sources' ``last_seen_at`` (used when reprocessing).
    ``report=None`` only adds sources; ``move_canonical`` lets the canonical URL change
    (a better copy of the report was found).
    """
    now = utcnow()
    created = report_id is None
    if created:
        values = {k: report.get(k) for k in REPORT_FIELDS}
        report_id = archive.db["reports"].insert({**values, "first_seen_at": now, "updated_at": now}).last_pk
    elif report is not None:
        values = {k: report.get(k) for k in REPORT_FIELDS}
        current = archive.db["reports"].get(report_id)
        changed = {k: v for k, v in values.items()
                   if (k != "canonical_url" or move_canonical) and current.get(k) != v}
        if changed:
            archive.db["reports"].update(report_id, {**changed, "updated_at": now})
    for source in sources:
        archive.db.execute(
            "insert into report_sources (report_id, url, site_id, format, role, capture_id, first_seen_at, last_seen_at,"
            " item_url, relation, text_sha256) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " on conflict (report_id, url) do update set"
            " last_seen_at = case when ? then excluded.last_seen_at else last_seen_at end,"
            " capture_id = excluded.capture_id, format = excluded.format, relation = excluded.relation,"
            " text_sha256 = excluded.text_sha256,"
            # a document found both alone and attached to its page belongs with the page
            " item_url = case when excluded.item_url != excluded.url then excluded.item_url else item_url end",
            [report_id, source["url"], source["site_id"], source["format"], source["role"],
             source["capture_id"], now, now, source.get("item_url"), source.get("relation"),
             source.get("text_sha256"), seen],
        )
    return report_id, created


# --- parsed content ------------------------------------------------------------

def replace_parsed(archive: Archive, report_id: int, sections: list[dict], figures: list[dict],
                   checks: list[dict]) -> None:
    """Swap in a report's sections, figures and own checks (cross-report checks are kept).

    Call inside the report's transaction: readers see the old set or the new one.
    """
    db = archive.db
    db.execute("delete from report_sections where report_id = ?", [report_id])
    db.execute("delete from figures where report_id = ?", [report_id])
    db.execute("delete from checks where report_id = ? and rule not in ('carry_over_chain', 'copies_agree')", [report_id])
    if sections:
        db["report_sections"].insert_all([{"report_id": report_id, **s} for s in sections])
    if figures:
        db["figures"].insert_all([{"report_id": report_id, **f} for f in figures])
    if checks:
        db["checks"].insert_all([{"report_id": report_id, **c} for c in checks], replace=True)


def report_figures(archive: Archive, report_id: int) -> dict:
    out: dict = {}
    for table_no, row, col, value in archive.db.execute(
            "select table_no, row, col, value from figures where report_id = ?", [report_id]).fetchall():
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out.setdefault(table_no, {}).setdefault(row, {})[col] = value
    return out


def neighbour_report(archive: Archive, report_id: int, offset: int) -> int | None:
    """The same agency's report for the year ``offset`` away (−1: previous year), if archived."""
    row = archive.db.execute(
        "select n.id from reports r join reports n on n.agency = r.agency and n.year = r.year + ? and n.id != r.id"
        " where r.id = ? and r.agency is not null order by n.id limit 1", [offset, report_id]).fetchone()
    return row[0] if row else None


def save_check(archive: Archive, report_id: int, rule: str, scope: str, passed: bool, detail: str) -> None:
    archive.db.execute(
        "insert into checks (report_id, rule, scope, passed, detail) values (?, ?, ?, ?, ?)"
        " on conflict (report_id, rule, scope) do update set passed = excluded.passed, detail = excluded.detail",
        [report_id, rule, scope, int(passed), detail])


# --- versions and signatures ----------------------------------------------------

def current_version(archive: Archive, report_id: int) -> dict | None:
    rows = list(archive.db.query(
        "select * from report_versions where report_id = ? and current = 1", [report_id]))
    return rows[0] if rows else None


def add_version(archive: Archive, report_id: int, snapshot: dict[str, Any], make_current: bool) -> int:
    """Store a version of a report; the current one (if replaced) is marked superseded."""
    now = utcnow()
    number = (archive.db.execute("select max(version) from report_versions where report_id = ?",
                                 [report_id]).fetchone()[0] or 0) + 1
    if make_current:
        archive.db.execute("update report_versions set current = 0, superseded_at = ? where report_id = ? and current = 1",
                           [now, report_id])
    archive.db["report_versions"].insert({
        "report_id": report_id, "version": number, "current": int(make_current), "first_seen_at": now,
        "superseded_at": None if make_current else now, **snapshot})
    return number


def refresh_current_version(archive: Archive, report_id: int, snapshot: dict[str, Any]) -> None:
    """Re-parsed, not re-published: the current version's snapshot follows the report."""
    if current_version(archive, report_id) is None:
        add_version(archive, report_id, snapshot, make_current=True)
        return
    sets = ", ".join(f"{k} = ?" for k in snapshot)
    archive.db.execute(f"update report_versions set {sets} where report_id = ? and current = 1",
                       [*snapshot.values(), report_id])


def save_signature(archive: Archive, report_id: int, minhash: bytes) -> None:
    # delete + insert, so the row gets a new rowid and the near-duplicate index sees it as new
    archive.db.execute("delete from report_signatures where report_id = ?", [report_id])
    archive.db.execute("insert into report_signatures (report_id, minhash) values (?, ?)", [report_id, minhash])


def site_regions(archive: Archive) -> dict[str, str]:
    return dict(archive.db.execute("select id, region from sites").fetchall())
