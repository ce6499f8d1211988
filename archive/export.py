"""Exports for spreadsheets and scripts: any archive table as CSV or JSON lines, figures also wide.

Wide figures are one row per report and one column per figure key (``t3.granted.total``), the shape a
spreadsheet or a pandas user wants. Values are written as stored: integers stay integers, a blank
cell is empty, never 0.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Iterator

import sqlite_utils

from archive.keys import APPLICANT_COLUMNS, T2_COLUMNS, T2_ROWS, T3_ROWS, T4_COLUMNS, T4_ROWS

TABLES = {
    "reports": "select id, title, agency, level, region, year, template, published_on, site_id, canonical_url,"
               " format, parse_status, parse_notes, first_seen_at, updated_at from reports order by id",
    "figures": "select f.report_id, r.agency, r.year, f.table_no, f.row, f.col, f.value, f.raw, f.unit"
               " from figures f join reports r on r.id = f.report_id order by f.report_id, f.table_no, f.row, f.col",
    "checks": "select c.report_id, r.agency, r.year, c.rule, c.scope, c.passed, c.detail"
              " from checks c join reports r on r.id = c.report_id order by c.report_id, c.rule, c.scope",
}


def wide_columns() -> list[str]:
    cols = [f"t2.{r}.{c}" for r in T2_ROWS for c, _, _ in T2_COLUMNS]
    cols += [f"t3.{r}.{c}" for r, _, _ in T3_ROWS for c in APPLICANT_COLUMNS]
    cols += [f"t4.{r}.{c}" for r in T4_ROWS for c in T4_COLUMNS]
    return cols


def wide_figures(db: sqlite_utils.Database) -> tuple[list[str], Iterator[dict]]:
    """One row per report; only figure columns that occur in the archive are included."""
    present = {f"t{t}.{r}.{c}" for t, r, c in db.execute("select distinct table_no, row, col from figures")}
    columns = [c for c in wide_columns() if c in present] + sorted(present - set(wide_columns()))
    head = ["report_id", "agency", "region", "year", "template"]

    def rows() -> Iterator[dict]:
        current: dict | None = None
        sql = ("select r.id, r.agency, r.region, r.year, r.template, f.table_no, f.row, f.col, f.value"
               " from reports r join figures f on f.report_id = r.id order by r.id")
        for rid, agency, region, year, template, t, r, c, value in db.execute(sql):
            if current is None or current["report_id"] != rid:
                if current is not None:
                    yield current
                current = {"report_id": rid, "agency": agency, "region": region, "year": year, "template": template}
            current[f"t{t}.{r}.{c}"] = value
        if current is not None:
            yield current

    return head + columns, rows()


def export(db: sqlite_utils.Database, table: str, fmt: str, out: IO[str], wide: bool = False) -> int:
    """Write ``table`` to ``out`` as ``csv`` or ``jsonl``; return the number of rows."""
    if wide:
        columns, rows = wide_figures(db)
    else:
        cursor = db.execute(TABLES[table])
        columns = [d[0] for d in cursor.description]
        rows = (dict(zip(columns, row)) for row in cursor)
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    else:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
