"""Fold shard archives into one archive: the single writer of a multi-machine crawl.

Workers crawl groups of sites into archives of their own (SQLite files are never written by two
processes); ``govarchive merge`` replays each shard's copies — every report page or document with the
files fetched with it, bytes from the shard's blob store — through the same extract → normalize →
parse → dedupe → store stages into the target. Dedupe makes it idempotent: merging a shard twice, or
shards that overlap, adds nothing the second time, and a report reposted on sites crawled by two
workers becomes one report with both sources.

Kept: every current copy and its captures (with their WARC locations and validators), and failed
fetches. Not carried over: a shard's superseded versions (a target sees the versions its merges find).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator

from archive.storage import Archive, finish_run, record_capture, start_run, utcnow
from crawler.items import ReportItem
from govarchive import __version__
from pipelines.dedupe import NearDuplicateIndex, dedupe_report
from pipelines.extract import extract_report
from pipelines.normalize import normalize_report
from pipelines.parse import parse_report
from pipelines.reprocess import capture_from_row
from pipelines.store import store_report


@dataclass
class MergeResult:
    copies: int = 0
    new_reports: int = 0
    failed_captures: int = 0


def copy_groups(shard: Archive) -> Iterator[ReportItem]:
    """Every copy in the shard as the crawler found it: a page with its attachments, or a lone document."""
    sql = ("select s.report_id, coalesce(s.item_url, s.url) as item_url, s.role, c.* from report_sources s"
           " join captures c on c.id = s.capture_id order by s.report_id, item_url, s.role = 'attachment', s.id")
    groups: dict[tuple, ReportItem] = {}
    for row in list(shard.db.query(sql)):
        key = (row["report_id"], row["item_url"])
        item = groups.setdefault(key, ReportItem(site_id=row["site_id"]))
        capture = capture_from_row(shard, row, keep_id=False)
        if row["role"] == "page" and item.page is None and row["url"] == row["item_url"]:
            item.page = capture
            item.listing_title = capture.link_text
        elif capture.url not in {a.url for a in item.attachments}:
            item.attachments.append(capture)
    for item in groups.values():
        if item.page is None and item.attachments:
            item.listing_title = item.attachments[0].link_text
        if item.page is not None or item.attachments:
            yield item


def _copy_sites(shard: Archive, target: Archive) -> list[str]:
    rows = list(shard.db.query("select * from sites"))
    with target.db.atomic():
        for row in rows:
            target.db["sites"].upsert({**row, "updated_at": utcnow()}, pk="id")
    return [r["id"] for r in rows]


def merge(shard: Archive, target: Archive) -> MergeResult:
    result = MergeResult()
    site_ids = _copy_sites(shard, target)
    regions = {r["id"]: r["region"] for r in target.db.query("select id, region from sites")}
    run_id = start_run(target, site_ids, __version__)
    target.db["crawl_runs"].update(run_id, {"finish_reason": "merge", "sites": json.dumps(site_ids)})
    index = NearDuplicateIndex.load(target)
    for item in copy_groups(shard):
        draft = parse_report(normalize_report(extract_report(item, regions.get(item.site_id))))
        draft = dedupe_report(target, draft, index)
        _, created = store_report(target, draft, run_id)
        result.copies += 1
        result.new_reports += int(created)
    orphans = ("select * from captures c where c.error is not null and not exists"
               " (select 1 from report_sources s where s.capture_id = c.id)")
    with target.db.atomic():
        for row in list(shard.db.query(orphans)):
            record_capture(target, capture_from_row(shard, row, keep_id=False), run_id)
            result.failed_captures += 1
    finish_run(target, run_id, {"reports_new": result.new_reports, "reports_seen": result.copies - result.new_reports,
                                "errors": result.failed_captures}, "merge")
    return result
