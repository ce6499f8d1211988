"""Dedupe stage: is this report already in the archive?

For now identity is exact: the same canonical URL (the report page, or the
document when a listing links straight to it), or the same normalised text
found at another URL.  A copy becomes another ``report_sources`` row of the
existing report instead of a new report.
"""

from __future__ import annotations

import hashlib

from archive.storage import Archive, find_report, open_archive
from crawler.items import CaptureItem
from pipelines.draft import ReportDraft


def text_hash(text: str) -> str | None:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


def canonical_url(draft: ReportDraft) -> str:
    if draft.item.page is not None:
        return draft.item.page.url
    return draft.item.attachments[0].url


def dedupe_report(archive: Archive, draft: ReportDraft) -> ReportDraft:
    draft.canonical_url = canonical_url(draft)
    draft.text_sha256 = text_hash(draft.text)
    draft.report_id = find_report(archive, draft.canonical_url, draft.text_sha256)
    return draft


class DedupePipeline:
    def __init__(self, archive_path: str):
        self.archive_path = archive_path
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("GOVARCHIVE_ARCHIVE"))

    def open_spider(self) -> None:
        self.archive = open_archive(self.archive_path)

    def close_spider(self) -> None:
        if self.archive:
            self.archive.close()

    def process_item(self, item):
        return item if isinstance(item, CaptureItem) else dedupe_report(self.archive, item)
