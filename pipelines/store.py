"""Store stage: write captures and reports to the archive, one report per transaction.

Also owns the ``crawl_runs`` row of the crawl: opened when the spider
starts, closed with its counts when it stops — ``status = 'running'`` left
behind means the crawl was killed.
"""

from __future__ import annotations

import json
import logging

from scrapy import signals

from archive.storage import (Archive, finish_run, neighbour_report, open_archive, record_capture, replace_parsed,
                             report_figures, save_check, save_document, save_report, start_run, upsert_sites)
from crawler.items import CaptureItem
from govarchive import __version__
from pipelines.document import blocks_to_json
from pipelines.draft import Document, ReportDraft
from pipelines.parse.checks import carry_over_check

logger = logging.getLogger(__name__)


def document_row(doc: Document) -> dict:
    return {
        "format": doc.format, "encoding": doc.encoding,
        "blocks": json.dumps(blocks_to_json(doc.norm_blocks), ensure_ascii=False),
        "raw_text": doc.raw_text, "text": doc.text, "error": doc.error, "error_detail": doc.error_detail,
        "notes": "; ".join(doc.notes) or None,
    }


def store_report(archive: Archive, draft: ReportDraft, run_id: int | None, seen: bool = True) -> tuple[int, bool]:
    """Write the draft's captures, the report and its sources in one transaction.

    ``seen=False`` (reprocessing) leaves capture rows and sources' last-seen
    times alone: nothing was fetched.
    """
    with archive.db.atomic():
        sources = []
        for doc in draft.documents:
            capture_id = doc.capture.capture_id or record_capture(archive, doc.capture, run_id, fmt=doc.format)
            if doc.capture.body is not None or doc.blocks or doc.error not in (None, doc.capture.error):
                save_document(archive, capture_id, document_row(doc))
            sources.append({
                "url": doc.capture.url, "site_id": doc.capture.site_id, "format": doc.format,
                "role": "page" if doc.capture.kind == "report_page" else "attachment",
                "capture_id": capture_id,
            })
        report = {
            "title": draft.title, "agency": draft.agency, "region": draft.region, "year": draft.year,
            "template": draft.template, "published_on": draft.published_on, "site_id": draft.item.site_id,
            "canonical_url": draft.canonical_url, "format": draft.primary.format if draft.primary else None,
            "text": draft.text, "text_sha256": draft.text_sha256, "parse_status": draft.parse_status,
            "parse_notes": "; ".join(draft.parse_notes) or None, "level": draft.level,
        }
        report_id, created = save_report(archive, report, sources, draft.report_id, seen=seen)
        replace_parsed(
            archive, report_id,
            [{"section_no": n, "heading": s.heading, "text": s.text} for n, s in sorted(draft.sections.items())],
            [{"table_no": f.table_no, "row": f.row, "col": f.col, "value": f.value, "raw": f.raw,
              "label": f.label, "unit": f.unit} for f in draft.figures],
            [{"rule": c.rule, "scope": c.scope, "passed": int(c.passed), "detail": c.detail} for c in draft.checks],
        )
        chain_checks(archive, report_id)
        return report_id, created


def chain_checks(archive: Archive, report_id: int) -> None:
    """carry_over_chain for this report against last year's, and for next year's against this one."""
    for this_id, previous_id in ((report_id, neighbour_report(archive, report_id, -1)),
                                 (neighbour_report(archive, report_id, +1), report_id)):
        if this_id is None or previous_id is None:
            continue
        check = carry_over_check(report_figures(archive, this_id), report_figures(archive, previous_id), previous_id)
        if check:
            save_check(archive, this_id, check.rule, check.scope, check.passed, check.detail)


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.archive_path = crawler.settings.get("GOVARCHIVE_ARCHIVE")
        self.archive: Archive | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        # The close reason (finished, shutdown, …) is only known with this signal.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.archive = open_archive(self.archive_path)
        sites = self.crawler.spider.sites
        upsert_sites(self.archive, sites.values())
        self.run_id = start_run(self.archive, list(sites), __version__)
        logger.info("Archiving into %s (crawl run %s)", self.archive_path, self.run_id)

    def spider_closed(self, spider, reason: str) -> None:
        if not self.archive:
            return
        stats = self.crawler.stats
        counts = {k: stats.get_value(f"govarchive/{k}", 0)
                  for k in ("pages", "reports_new", "reports_seen", "attachments", "errors")}
        finish_run(self.archive, self.run_id, counts, reason)
        self.archive.close()

    def process_item(self, item):
        if isinstance(item, CaptureItem):
            with self.archive.db.atomic():
                record_capture(self.archive, item.capture, self.run_id)
            return item
        report_id, created = store_report(self.archive, item, self.run_id)
        self.crawler.stats.inc_value("govarchive/reports_new" if created else "govarchive/reports_seen")
        if created:
            logger.info("New report %s: %s (%s)", report_id, item.title or item.canonical_url, item.canonical_url)
        for doc in item.documents:
            doc.capture.body = None  # the bytes are in the blob store now; free the memory
        return {"report_id": report_id, "created": created, "url": item.canonical_url, "title": item.title}
