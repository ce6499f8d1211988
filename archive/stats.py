"""Summaries of what the archive holds, for `govarchive stats` and the end of a crawl."""

from __future__ import annotations

import sqlite_utils


def summary(db: sqlite_utils.Database) -> dict:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "reports": one("select count(*) from reports"),
        "report_sources": one("select count(*) from report_sources"),
        "captures": one("select count(*) from captures"),
        "capture_errors": one("select count(*) from captures where error is not null"),
        "sites": one("select count(*) from sites"),
        "crawl_runs": one("select count(*) from crawl_runs"),
        "reports_by_site": dict(db.execute(
            "select site_id, count(*) from reports group by site_id order by site_id").fetchall()),
        "reports_by_year": {str(k): v for k, v in db.execute(
            "select year, count(*) from reports group by year order by year").fetchall()},
        "reports_by_status": dict(db.execute(
            "select parse_status, count(*) from reports group by parse_status order by parse_status").fetchall()),
        "errors_by_reason": dict(db.execute(
            "select error, count(*) from captures where error is not null group by error order by 2 desc").fetchall()),
    }


def last_run(db: sqlite_utils.Database) -> dict | None:
    rows = list(db.query("select * from crawl_runs order by id desc limit 1"))
    return rows[0] if rows else None
