"""Reading one report back, whole: metadata, figures as tables, checks, sources, sections."""

from __future__ import annotations

import sqlite_utils



def keys_in_order() -> dict[int, tuple[list[str], list[str]]]:
    """Row and column keys of each table in template order (the parser's data dictionary)."""
    from archive.keys import APPLICANT_COLUMNS, T2_COLUMNS, T2_ROWS, T3_ROWS, T4_COLUMNS, T4_ROWS

    return {2: (list(T2_ROWS), [k for k, _, _ in T2_COLUMNS]),
            3: ([k for k, _, _ in T3_ROWS], APPLICANT_COLUMNS),
            4: (T4_ROWS, T4_COLUMNS)}


def load_report(db: sqlite_utils.Database, report_id: int) -> dict | None:
    rows = list(db.query("select * from reports where id = ?", [report_id]))
    if not rows:
        return None
    report = rows[0]
    report.pop("text", None)
    tables: dict[int, dict[str, dict[str, dict]]] = {}
    for f in db.query("select table_no, row, col, value, raw, unit from figures where report_id = ?", [report_id]):
        tables.setdefault(f["table_no"], {}).setdefault(f["row"], {})[f["col"]] = {
            "value": f["value"], "raw": f["raw"], "unit": f["unit"]}
    report["tables"] = tables
    report["checks"] = list(db.query(
        "select rule, scope, passed, detail from checks where report_id = ? order by passed, rule, scope", [report_id]))
    report["sources"] = list(db.query(
        "select s.role, s.format, s.url, c.error from report_sources s left join captures c on c.id = s.capture_id"
        " where s.report_id = ? order by s.role = 'attachment', s.id", [report_id]))
    report["sections"] = list(db.query(
        "select section_no, heading from report_sections where report_id = ? order by section_no", [report_id]))
    return report


def failing_reports(db: sqlite_utils.Database) -> list[dict]:
    """Reports with at least one failed check, with the failures."""
    sql = ("select r.id, r.year, r.agency, r.title, c.rule, c.scope, c.detail from checks c"
           " join reports r on r.id = c.report_id where c.passed = 0 order by r.id, c.rule, c.scope")
    out: dict[int, dict] = {}
    for row in db.query(sql):
        entry = out.setdefault(row["id"], {"report_id": row["id"], "year": row["year"], "agency": row["agency"],
                                           "title": row["title"], "failures": []})
        entry["failures"].append({"rule": row["rule"], "scope": row["scope"], "detail": row["detail"]})
    return list(out.values())


def versions(db: sqlite_utils.Database, report_id: int) -> list[dict]:
    """The report's versions, oldest first, each with what changed since the one before."""
    import json

    rows = list(db.query("select version, current, published_on, source_url, first_seen_at, superseded_at,"
                         " text_sha256, figures, length(text) as text_length from report_versions"
                         " where report_id = ? order by coalesce(published_on, first_seen_at), version", [report_id]))
    previous: dict | None = None
    previous_hash: str | None = None
    for row in rows:
        figures = json.loads(row.pop("figures") or "{}")
        cells = {(t, r, c): v for t, rows_ in figures.items() for r, cols in rows_.items() for c, v in cols.items()}
        if previous is not None:
            row["changed_figures"] = [f"table {t} {r}.{c}: {previous.get((t, r, c))} → {v}"
                                      for (t, r, c), v in sorted(cells.items()) if previous.get((t, r, c)) != v]
            row["text_changed"] = row["text_sha256"] != previous_hash
        previous, previous_hash = cells, row["text_sha256"]
    return rows
