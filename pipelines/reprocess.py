"""Re-run the pipeline stages on stored captures, without fetching anything.

When an extractor or the parser improves, ``govarchive reprocess`` rebuilds
each report from the raw bytes kept in the blob store and runs the very same
stage functions the crawl ran.  Reports keep their ids; running it twice
changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from archive.storage import Archive
from crawler.items import Capture, ReportItem
from pipelines.dedupe import Decision, dedupe_report
from pipelines.extract import extract_report
from pipelines.normalize import normalize_report
from pipelines.parse import parse_report
from pipelines.store import store_report


@dataclass
class ReprocessResult:
    reports: int = 0
    changed: int = 0
    missing_blobs: int = 0


def capture_from_row(archive: Archive, row: dict, keep_id: bool = True) -> Capture:
    """A stored capture as the spider made it, bytes from the blob store.

    ``keep_id`` (reprocessing) ties it to its existing row; without it (merging into another archive)
    the store stage records it anew there.
    """
    body = archive.blobs.get(row["sha256"]) if row["sha256"] and archive.blobs.has(row["sha256"]) else None
    return Capture(
        url=row["url"], site_id=row["site_id"], kind=row["kind"], fetched_at=row["fetched_at"],
        final_url=row["final_url"], status=row["http_status"], content_type=row["content_type"],
        encoding=row["encoding"], body=body, error=row["error"], error_detail=row["error_detail"],
        referer=row["referer"], link_text=row["link_text"], sha256=row["sha256"] if keep_id else None,
        size=row["size"] if keep_id else None, capture_id=row["id"] if keep_id else None,
        etag=row.get("etag"), last_modified=row.get("last_modified"),
        warc_file=row.get("warc_file"), warc_offset=row.get("warc_offset"),
    )


def stored_items(archive: Archive) -> Iterator[tuple[dict, ReportItem, int]]:
    """Each report row with a ReportItem rebuilt from its sources, and how many blobs were missing."""
    # Read the rows first: writing while a cursor over the same table is open locks it.
    for report in list(archive.db.query("select * from reports order by id")):
        item = ReportItem(site_id=report["site_id"])
        missing = 0
        # The canonical copy's own group: its page and the attachments fetched with it.
        sql = ("select c.* from report_sources s join captures c on c.id = s.capture_id"
               " where s.report_id = ? and coalesce(s.item_url, ?) = ? order by s.role = 'attachment', s.id")
        for row in list(archive.db.query(sql, [report["id"], report["canonical_url"], report["canonical_url"]])):
            capture = capture_from_row(archive, row)
            missing += int(row["sha256"] is not None and capture.body is None)
            if capture.kind == "report_page" and item.page is None:
                item.page = capture
            else:
                item.attachments.append(capture)
        first = item.page or (item.attachments[0] if item.attachments else None)
        item.listing_title = first.link_text if first else None
        yield report, item, missing


def reprocess(archive: Archive, regions: dict[str, str], progress: Callable[[int], None] | None = None) -> ReprocessResult:
    result = ReprocessResult()
    for report, item, missing in stored_items(archive):
        result.reports += 1
        result.missing_blobs += missing
        draft = parse_report(normalize_report(extract_report(item, regions.get(item.site_id) or report["region"])))
        draft = dedupe_report(archive, draft)
        draft.report_id = report["id"]
        draft.decision = Decision("seen", report["id"], "reprocessing")
        before = archive.db["reports"].get(report["id"])
        store_report(archive, draft, run_id=None, seen=False)
        after = archive.db["reports"].get(report["id"])
        result.changed += int({k: v for k, v in before.items() if k != "updated_at"}
                              != {k: v for k, v in after.items() if k != "updated_at"})
        if progress:
            progress(result.reports)
    return result
