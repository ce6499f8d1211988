"""What the archive already holds, read once when a crawl starts (read-only).

The archive is the record of finished work (Scrapy's JOBDIR is not reliable after a crash), so an
incremental crawl or a crawl restarted after ``kill -9`` asks it: which report URLs are archived (to
stop walking listings that only hold known reports), and each document's validators and bytes (to send
conditional requests and to stand in for a 304's empty body).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archive.blobs import BlobStore
from archive.storage import open_archive


@dataclass
class Stored:
    sha256: str
    etag: str | None
    last_modified: str | None
    content_type: str | None


@dataclass
class ArchiveState:
    known_report_urls: set[str] = field(default_factory=set)
    last_run_finished: bool = False     # False after a crash: listings must be walked in full again
    documents: dict[str, Stored] = field(default_factory=dict)
    blobs: BlobStore | None = None

    @classmethod
    def load(cls, archive_path: str | Path) -> "ArchiveState":
        archive = open_archive(archive_path)
        try:
            known = {u for (u,) in archive.db.execute("select url from report_sources")}
            documents = {}
            sql = ("select url, sha256, etag, last_modified, content_type from captures"
                   " where error is null and sha256 is not null and kind in ('report_page', 'attachment')"
                   " order by fetched_at")
            for url, sha, etag, modified, ctype in archive.db.execute(sql):
                documents[url] = Stored(sha, etag, modified, ctype)
            last = archive.db.execute("select status from crawl_runs order by id desc limit 1").fetchone()
            return cls(known, last is not None and last[0] == "finished", documents, archive.blobs)
        finally:
            archive.close()

    def body(self, url: str) -> bytes | None:
        stored = self.documents.get(url)
        if stored and self.blobs and self.blobs.has(stored.sha256):
            return self.blobs.get(stored.sha256)
        return None
