"""Basic full-text search over reports (FTS5 trigram, with a path for short queries).

The trigram tokenizer cannot match queries shorter than three characters
(复议, 诉讼), and silently returns nothing for them, so such queries are
answered by a LIKE scan of the reports table instead.  Every user query is
quoted before it reaches FTS5, so its syntax characters are just text.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import sqlite_utils

SNIPPET_CHARS = 40


@dataclass
class Hit:
    report_id: int
    title: str | None
    agency: str | None
    region: str | None
    year: int | None
    url: str
    snippet: str

    def to_dict(self) -> dict:
        return asdict(self)


def terms(query: str) -> list[str]:
    return [t for t in re.split(r"\s+", query.strip()) if t]


def _fts_expression(words: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def _like_snippet(text: str, word: str) -> str:
    at = text.find(word)
    if at < 0:
        return text[: SNIPPET_CHARS * 2].replace("\n", " ")
    start = max(0, at - SNIPPET_CHARS)
    return ("…" if start else "") + text[start:at] + "[" + word + "]" + text[at + len(word): at + len(word) + SNIPPET_CHARS] + "…"


FILTER_COLUMNS = ("year", "region", "agency", "template", "parse_status", "level", "site_id")


def _filters(filters: dict | None) -> tuple[str, list]:
    """SQL conditions on the reports table (aliased r). Region and agency match as substrings:
    a region filter of 宁夏 or 吴忠市 finds every report below it."""
    where, params = [], []
    for key, value in (filters or {}).items():
        if value is None or key not in FILTER_COLUMNS:
            continue
        if key in ("region", "agency"):
            where.append(f"r.{key} like ?")
            params.append(f"%{value}%")
        else:
            where.append(f"r.{key} = ?")
            params.append(value)
    return "".join(f" and {w}" for w in where), params


def search(db: sqlite_utils.Database, query: str, limit: int = 20, year: int | None = None,
           filters: dict | None = None) -> list[Hit]:
    """Reports matching every term of ``query``, best first (bm25), with a highlighted snippet.

    Terms of three or more characters use the FTS5 trigram index; a query with a shorter term is
    answered by a LIKE scan (trigram cannot match under three characters). Every term is quoted,
    so FTS5 syntax in a user's query is just text.
    """
    words = terms(query)
    if not words:
        return []
    where, params = _filters({**(filters or {}), **({"year": year} if year is not None else {})})
    if all(len(w) >= 3 for w in words):
        sql = (
            "select r.id, r.title, r.agency, r.region, r.year, r.canonical_url,"
            " snippet(reports_fts, 2, '[', ']', '…', 16) from reports_fts"
            " join reports r on r.rowid = reports_fts.rowid"
            f" where reports_fts match ?{where} order by bm25(reports_fts, 10.0, 5.0, 1.0) limit ?"
        )
        rows = db.execute(sql, [_fts_expression(words), *params, limit]).fetchall()
        return [Hit(*row) for row in rows]
    likes = " and ".join("(r.title like ? or r.agency like ? or r.text like ?)" for _ in words)
    like_params = [p for w in words for p in (f"%{w}%",) * 3]
    sql = (f"select r.id, r.title, r.agency, r.region, r.year, r.canonical_url, r.text from reports r"
           f" where {likes}{where} order by r.year desc, r.id limit ?")
    rows = db.execute(sql, [*like_params, *params, limit]).fetchall()
    return [Hit(*row[:6], snippet=_like_snippet(row[6] or "", words[0])) for row in rows]
