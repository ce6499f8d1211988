"""Dedupe stage: one report row per distinct report, every copy a source, every change a version.

The same report turns up as a page and its PDF, reposted by the city and
province portals with other whitespace, punctuation width and furniture, and
corrected and republished.  Meanwhile one agency's reports for different
years share most of their prose.  So similarity only *proposes*; identity
decides:

1. **Same URL** as an archived copy: the same report — seen again if its text
   is unchanged, a new **version** if it changed (a corrected figure, a
   replaced PDF).
2. **Same text** (normalised-text hash) or **same bytes** (a capture's sha256)
   as an archived report: another copy.
3. **Near-duplicate** text (MinHash LSH over character shingles of the text
   with whitespace and punctuation removed): a candidate, accepted only with
   the same agency and the same report year.  With figures that agree (or
   none to compare) it is another copy; with figures that disagree it is a
   corrected **version** when it comes from the same site, or a copy whose
   disagreement is recorded as a ``copies_agree`` check when it is a repost.
4. Otherwise: a new report.

Two years of one agency (same prose, other year) and two departments of one
county (same template, other agency) therefore stay apart.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from archive.storage import Archive, open_archive
from crawler.items import CaptureItem
from pipelines.draft import ReportDraft

NUM_PERM = 64
SCHEME = "affine32"     # datasketch 2.x's default; stored signatures are only comparable within one scheme
SHINGLE = 5
THRESHOLD = 0.7
_NOISE_RE = re.compile(r"[\s\u3000\xa0\W_]+", re.UNICODE)
_FULLWIDTH = {0xFF01 + i: 0x21 + i for i in range(94)}


# --- fingerprints -----------------------------------------------------------------

def fingerprint_text(text: str) -> str:
    """Text reduced to what survives reposting: no whitespace, no punctuation of either width."""
    return _NOISE_RE.sub("", text.translate(_FULLWIDTH)).lower()


def signature(text: str) -> MinHash:
    core = fingerprint_text(text)
    shingles = {core[i:i + SHINGLE] for i in range(max(1, len(core) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def signature_bytes(m: MinHash) -> bytes:
    return m.hashvalues.astype(np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


def text_hash(text: str) -> str | None:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


class NearDuplicateIndex:
    """MinHash LSH over archived reports' current text, loaded once from the archive."""

    def __init__(self, threshold: float = THRESHOLD):
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.keys: set[int] = set()
        self.last_rowid = 0

    @classmethod
    def load(cls, archive: Archive) -> "NearDuplicateIndex":
        index = cls()
        index.refresh(archive)
        return index

    def refresh(self, archive: Archive) -> None:
        """Pick up signatures stored since the last look (the store stage writes them)."""
        rows = archive.db.execute("select rowid, report_id, minhash from report_signatures where rowid > ? order by rowid",
                                  [self.last_rowid]).fetchall()
        for rowid, report_id, data in rows:
            self.add(report_id, signature_from_bytes(data))
            self.last_rowid = rowid

    def add(self, report_id: int, m: MinHash) -> None:
        if report_id in self.keys:
            self.lsh.remove(report_id)
        self.lsh.insert(report_id, m)
        self.keys.add(report_id)

    def candidates(self, m: MinHash) -> list[int]:
        return sorted(self.lsh.query(m))


# --- decisions ---------------------------------------------------------------------

@dataclass
class Decision:
    kind: str                      # new, seen, copy, version
    report_id: int | None = None
    reason: str = ""
    disagreements: list[str] = field(default_factory=list)


def figure_map(figures) -> dict[tuple, float | int | None]:
    return {(f.table_no, f.row, f.col): f.value for f in figures}


def disagreements(mine: dict, theirs: dict) -> list[str]:
    """Cells both copies print as numbers, with different values."""
    out = []
    for key in sorted(set(mine) & set(theirs)):
        a, b = mine[key], theirs[key]
        if a is not None and b is not None and a != b:
            out.append(f"table {key[0]} {key[1]}.{key[2]}: {b:g} vs {a:g}")
    return out


def archived_figures(archive: Archive, report_id: int) -> dict:
    return {(t, r, c): v for t, r, c, v in archive.db.execute(
        "select table_no, row, col, value from figures where report_id = ?", [report_id])}


def canonical_url(draft: ReportDraft) -> str:
    return draft.item.page.url if draft.item.page is not None else draft.item.attachments[0].url


def decide(archive: Archive, draft: ReportDraft, index: NearDuplicateIndex | None) -> Decision:
    db = archive.db
    url = draft.canonical_url
    row = db.execute("select s.report_id, s.text_sha256, s.site_id, r.canonical_url, r.site_id from report_sources s"
                     " join reports r on r.id = s.report_id where s.url = ? order by s.report_id limit 1", [url]).fetchone()
    if row:
        report_id, stored_hash, source_site, report_url, report_site = row
        if stored_hash == draft.text_sha256 or not draft.text_sha256:
            return Decision("seen", report_id, f"{url} is archived, unchanged")
        if url == report_url or source_site == report_site:
            return Decision("version", report_id, f"the content at {url} changed",
                            disagreements(figure_map(draft.figures), archived_figures(archive, report_id)))
        return Decision("copy", report_id, f"the repost at {url} changed",
                        disagreements(figure_map(draft.figures), archived_figures(archive, report_id)))
    if draft.text_sha256:
        row = db.execute("select id from reports where text_sha256 = ? order by id limit 1", [draft.text_sha256]).fetchone()
        if row:
            return Decision("copy", row[0], "identical text")
    hashes = [c.sha256 for c in draft.captures if c.sha256]
    for sha in hashes:
        row = db.execute("select s.report_id from captures c join report_sources s on s.capture_id = c.id"
                         " where c.sha256 = ? order by s.report_id limit 1", [sha]).fetchone()
        if row:
            return Decision("copy", row[0], "identical file")
    if index is None or not draft.text or not draft.agency or not draft.year:
        return Decision("new", reason="no match")
    index.refresh(archive)
    for candidate in index.candidates(draft.signature):
        other = db.execute("select agency, year, site_id from reports where id = ?", [candidate]).fetchone()
        if not other or other[0] != draft.agency or other[1] != draft.year:
            continue
        differ = disagreements(figure_map(draft.figures), archived_figures(archive, candidate))
        if not differ:
            return Decision("copy", candidate, "near-identical text, same agency and year, figures agree")
        if other[2] == draft.item.site_id:
            return Decision("version", candidate, "republished by the same site with other figures", differ)
        return Decision("copy", candidate, "repost with figures that disagree", differ)
    return Decision("new", reason="no archived report matches")


def dedupe_report(archive: Archive, draft: ReportDraft, index: NearDuplicateIndex | None = None) -> ReportDraft:
    draft.canonical_url = canonical_url(draft)
    draft.text_sha256 = text_hash(draft.text)
    for capture in draft.captures:
        if capture.body is not None and capture.sha256 is None:
            capture.sha256 = hashlib.sha256(capture.body).hexdigest()
    draft.signature = signature(draft.text) if draft.text else None
    draft.decision = decide(archive, draft, index)
    draft.report_id = draft.decision.report_id
    return draft


class DedupePipeline:
    def __init__(self, archive_path: str):
        self.archive_path = archive_path
        self.archive: Archive | None = None
        self.index: NearDuplicateIndex | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("GOVARCHIVE_ARCHIVE"))

    def open_spider(self) -> None:
        self.archive = open_archive(self.archive_path)
        self.index = NearDuplicateIndex.load(self.archive)

    def close_spider(self) -> None:
        if self.archive:
            self.archive.close()

    def process_item(self, item):
        if isinstance(item, CaptureItem):
            return item
        return dedupe_report(self.archive, item, self.index)
