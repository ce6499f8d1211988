"""Serve the archive read-only in Datasette, described by metadata rather than custom pages.

Titles and column descriptions come from the data dictionary (docs/schema.md, the archive's public
API); facets and canned queries answer the questions users ask most. Charts written by
``govarchive trend`` are served as static files under /charts/.
"""

from __future__ import annotations

import re
from pathlib import Path

SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
STATIC_DIR = Path(__file__).resolve().parent / "static"

TABLE_FACETS = {
    "reports": ["year", "region", "agency", "template", "parse_status", "level"],
    "figures": ["table_no", "row", "col"],
    "checks": ["rule", "passed"],
    "captures": ["site_id", "kind", "error", "format"],
    "report_sources": ["site_id", "role", "relation", "format"],
}

CANNED_QUERIES = {
    "applications_per_year_region": {
        "title": "Applications received per year per region (依申请公开 新收)",
        "sql": "select r.region, r.year, sum(f.value) as applications_received, count(distinct r.id) as reports"
               " from figures f join reports r on r.id = f.report_id"
               " where f.table_no = 3 and f.row = 'new_received' and f.col = 'total'"
               " group by r.region, r.year order by r.region, r.year",
    },
    "failing_checks": {
        "title": "Reports whose arithmetic fails (勾稽关系)",
        "sql": "select r.id as report_id, r.year, r.agency, r.title, c.rule, c.scope, c.detail"
               " from checks c join reports r on r.id = c.report_id where c.passed = 0 order by r.id, c.rule",
    },
    "agencies_without_applications": {
        "title": "Agencies that received no applications in a year",
        "sql": "select r.agency, r.year, r.region, r.id as report_id from figures f join reports r on r.id = f.report_id"
               " where f.table_no = 3 and f.row = 'new_received' and f.col = 'total' and f.value = 0"
               " order by r.year desc, r.agency",
    },
    "agency_trend": {
        "title": "Year by year for one agency (received, granted, reviews, lawsuits)",
        "sql": "select r.year,"
               " sum(case when f.table_no = 3 and f.row = 'new_received' and f.col = 'total' then f.value end) as received,"
               " sum(case when f.table_no = 3 and f.row = 'granted' and f.col = 'total' then f.value end) as granted,"
               " sum(case when f.table_no = 4 and f.row = 'review' and f.col = 'total' then f.value end) as reviews,"
               " sum(case when f.table_no = 4 and f.row like 'litigation%' and f.col = 'total' then f.value end) as lawsuits"
               " from reports r join figures f on f.report_id = r.id where r.agency = :agency group by r.year order by r.year",
    },
}


def column_descriptions(doc: Path = SCHEMA_DOC) -> dict[str, dict[str, str]]:
    """{table: {column: meaning}} from the tables of docs/schema.md (empty when the docs are absent)."""
    if not doc.exists():
        return {}
    out: dict[str, dict[str, str]] = {}
    table = None
    for line in doc.read_text("utf-8").splitlines():
        m = re.match(r"^### `(\w+)`", line)
        if m:
            table = m.group(1)
            continue
        m = re.match(r"^\| `(\w+)` \| [^|]* \| (.+) \|$", line)
        if table and m:
            out.setdefault(table, {})[m.group(1)] = re.sub(r"`|\*\*", "", m.group(2)).strip()
    return out


def metadata(database: str, charts_url: str | None = None) -> dict:
    columns = column_descriptions()
    tables = {}
    for table, cols in columns.items():
        entry: dict = {"columns": cols}
        if table in TABLE_FACETS:
            entry["facets"] = TABLE_FACETS[table]
        tables[table] = entry
    tables.setdefault("reports", {}).update({"sort_desc": "year", "label_column": "title",
                                             "description": "One row per distinct report (政府信息公开工作年度报告)."})
    charts = f" Trend charts: <a href='{charts_url}'>{charts_url}</a>." if charts_url else ""
    return {
        "title": "govarchive — 政府信息公开工作年度报告",
        "extra_css_urls": ["/assets/govarchive.css"],
        "description_html": "Chinese government information disclosure annual reports, their figures and "
                            "arithmetic checks. Columns are described in the archive's data dictionary." + charts,
        "databases": {database: {"tables": tables, "queries": CANNED_QUERIES}},
    }
