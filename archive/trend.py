"""Year-by-year trends of key figures for an agency or a region, as a table and as charts.

The series are sums over the reports that match (one agency, or every report in a region), by report
year. Only the current version of each report counts, and a year whose reports lack the figure shows
as missing, not 0. Charts: a PNG (matplotlib, with a CJK font when one is installed) and a
self-contained HTML page (the PNG inlined, the table beside it) that opens offline.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

# figure key: (table_no, row, col, label)
KEY_FIGURES = {
    "received": (3, "new_received", "total", "新收申请 applications received"),
    "granted": (3, "granted", "total", "予以公开 granted"),
    "denied": (3, "denied_*", "total", "不予公开 denied"),
    "reviews": (4, "review", "total", "行政复议 reviews"),
    "lawsuits": (4, "litigation_*", "total", "行政诉讼 lawsuits"),
}
CJK_FONTS = ["WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei"]


@dataclass
class Trend:
    scope: str
    years: list[int]
    series: dict[str, list[float | None]]     # figure key → value per year

    def changes(self, key: str) -> list[float | None]:
        values = self.series[key]
        return [None] + [b - a if a is not None and b is not None else None for a, b in zip(values, values[1:])]


def trend(db: sqlite_utils.Database, agency: str | None = None, region: str | None = None,
          figures: list[str] | None = None) -> Trend:
    keys = figures or list(KEY_FIGURES)
    unknown = [k for k in keys if k not in KEY_FIGURES]
    if unknown:
        raise ValueError(f"unknown figure {unknown[0]!r}; choose from {', '.join(KEY_FIGURES)}")
    where, params, scope = "1", [], "all reports"
    if agency:
        where, params, scope = "r.agency = ?", [agency], agency
    elif region:
        where, params, scope = "r.region like ?", [f"%{region}%"], region
    years = [y for (y,) in db.execute(f"select distinct r.year from reports r where {where} and r.year is not null"
                                      " order by r.year", params)]
    series: dict[str, list] = {}
    for key in keys:
        table, row, col, _ = KEY_FIGURES[key]
        row_sql = "f.row like ?" if row.endswith("*") else "f.row = ?"
        sql = (f"select r.year, sum(f.value), count(f.value) from figures f join reports r on r.id = f.report_id"
               f" where {where} and f.table_no = ? and {row_sql} and f.col = ? group by r.year")
        found = {y: (v if n else None) for y, v, n in db.execute(sql, [*params, table, row.replace("*", "%"), col])}
        series[key] = [found.get(y) for y in years]
    return Trend(scope, years, series)


def _fmt(v) -> str:
    return "—" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))


def table_rows(t: Trend) -> list[tuple]:
    rows = []
    for i, year in enumerate(t.years):
        cells = []
        for key in t.series:
            value, change = t.series[key][i], t.changes(key)[i]
            cells.append(_fmt(value) + ("" if change is None else f" ({change:+g})"))
        rows.append((year, *cells))
    return rows


def render_png(t: Trend, path: Path) -> Path:
    import logging

    import matplotlib

    matplotlib.use("Agg")
    logging.getLogger("matplotlib").setLevel(logging.ERROR)   # font fallback chatter
    from matplotlib import font_manager, pyplot as plt

    available = {f.name for f in font_manager.fontManager.ttflist}
    fonts = [f for f in CJK_FONTS if f in available]
    if fonts:
        plt.rcParams["font.sans-serif"] = fonts + plt.rcParams["font.sans-serif"]
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    for key, values in t.series.items():
        points = [(y, v) for y, v in zip(t.years, values) if v is not None]
        if points:
            label = KEY_FIGURES[key][3] if fonts else key
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    ax.set_title(t.scope if fonts else "trend")
    ax.set_xlabel("report year")
    ax.set_xticks(t.years)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def render_html(t: Trend, png: Path, path: Path) -> Path:
    image = base64.b64encode(png.read_bytes()).decode()
    head = "".join(f"<th>{html.escape(KEY_FIGURES[k][3])}</th>" for k in t.series)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in table_rows(t))
    path.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(t.scope)} — trend</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:4px 8px}"
        "table{border-collapse:collapse}</style></head><body>"
        f"<h1>{html.escape(t.scope)}</h1><img alt='trend chart' src='data:image/png;base64,{image}'>"
        f"<table><tr><th>year</th>{head}</tr>{body}</table>"
        "<p>Sums over the archived reports by report year; (+n) is the change from the year before; — means no report "
        "printed the figure.</p></body></html>", "utf-8")
    return path


def write_chart(t: Trend, folder: Path) -> tuple[Path, Path]:
    """PNG and HTML for a trend, named by a hash of its scope (ASCII names: Datasette's static
    handler does not serve non-ASCII file names), and an index.html listing every chart."""
    import hashlib
    import json

    slug = "trend-" + hashlib.sha1(t.scope.encode("utf-8")).hexdigest()[:10]
    png = render_png(t, folder / f"{slug}.png")
    page = render_html(t, png, folder / f"{slug}.html")
    catalogue_path = folder / "charts.json"
    catalogue = json.loads(catalogue_path.read_text("utf-8")) if catalogue_path.exists() else {}
    catalogue[slug] = {"scope": t.scope, "years": f"{t.years[0]}–{t.years[-1]}" if t.years else ""}
    catalogue_path.write_text(json.dumps(catalogue, ensure_ascii=False, indent=1), "utf-8")
    items = "".join(f"<li><a href='{s}.html'>{html.escape(c['scope'])}</a> ({c['years']})</li>"
                    for s, c in sorted(catalogue.items(), key=lambda kv: kv[1]["scope"]))
    (folder / "index.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Trend charts</title></head><body>"
        f"<h1>Trend charts</h1><ul>{items}</ul><p><a href='/'>Back to the archive</a></p></body></html>", "utf-8")
    return png, page
