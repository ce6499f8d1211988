"""Store stage: write captures and reports to the archive, one report per transaction.

Also owns the ``crawl_runs`` row of the crawl: opened when the spider
starts, closed with its counts when it stops — ``status = 'running'`` left
behind means the crawl was killed.
"""

from __future__ import annotations

import json
import logging

from scrapy import signals

from archive.storage import (Archive, add_version, current_version, finish_run, mark_interrupted_runs,
                             neighbour_report, open_archive,
                             record_capture, refresh_current_version, replace_parsed, report_figures, save_check,
                             save_document, save_report, save_signature, site_regions, start_run, upsert_sites)
from archive.lock import acquire, release
from crawler.items import CaptureItem
from govarchive import __version__
from pipelines.document import blocks_to_json
from pipelines.draft import Document, ReportDraft
from pipelines.dedupe import Decision, signature_bytes
from pipelines.parse.checks import carry_over_check

logger = logging.getLogger(__name__)


def document_row(doc: Document) -> dict:
    return {
        "format": doc.format, "encoding": doc.encoding,
        "blocks": json.dumps(blocks_to_json(doc.norm_blocks), ensure_ascii=False),
        "raw_text": doc.raw_text, "text": doc.text, "error": doc.error, "error_detail": doc.error_detail,
        "notes": "; ".join(doc.notes) or None,
    }


STATUS_SCORE = {"ok": 2, "partial": 1, "failed": 0}


def is_original(region: str | None, agency: str | None) -> bool | None:
    """A copy is on the agency's own portal when the site's place (its region's last part) names the agency.

    寻乌县人民政府办公室's report on the 寻乌县 portal is the original; the same report on the
    赣州市 portal is a repost.
    """
    if not region or not agency:
        return None
    place = region.rsplit("/", 1)[-1]
    short = place[:-1] if len(place) > 2 else place
    return place in agency or short in agency


def copy_rank(original: bool | None, parse_status: str | None, figures: int, has_page: bool) -> tuple:
    """The rule that picks a report's canonical copy: the original portal's copy before reposts,
    then the most completely parsed copy (status, then figures read), then a report page with its
    attachments before a bare document (the page carries the publication metadata).
    Ties keep the copy already chosen."""
    return (bool(original), STATUS_SCORE.get(parse_status or "", 0), figures, has_page)


def _snapshot(draft: ReportDraft) -> dict:
    figures: dict = {}
    for f in draft.figures:
        figures.setdefault(str(f.table_no), {}).setdefault(f.row, {})[f.col] = f.value
    return {"text_sha256": draft.text_sha256, "title": draft.title, "parse_status": draft.parse_status,
            "published_on": draft.published_on, "source_url": draft.canonical_url,
            "figures": json.dumps(figures, ensure_ascii=False, sort_keys=True), "text": draft.text}


def _write_content(archive: Archive, report_id: int, draft: ReportDraft) -> None:
    replace_parsed(
        archive, report_id,
        [{"section_no": n, "heading": s.heading, "text": s.text} for n, s in sorted(draft.sections.items())],
        [{"table_no": f.table_no, "row": f.row, "col": f.col, "value": f.value, "raw": f.raw,
          "label": f.label, "unit": f.unit} for f in draft.figures],
        [{"rule": c.rule, "scope": c.scope, "passed": int(c.passed), "detail": c.detail} for c in draft.checks],
    )
    if draft.signature is not None:
        save_signature(archive, report_id, signature_bytes(draft.signature))


def _existing_rank(archive: Archive, report_id: int, regions: dict[str, str]) -> tuple:
    site_id, agency, status, url = archive.db.execute(
        "select site_id, agency, parse_status, canonical_url from reports where id = ?", [report_id]).fetchone()
    figures = archive.db.execute("select count(*) from figures where report_id = ? and value is not null",
                                 [report_id]).fetchone()[0]
    has_page = archive.db.execute("select 1 from report_sources where report_id = ? and url = ? and role = 'page'",
                                  [report_id, url]).fetchone() is not None
    return copy_rank(is_original(regions.get(site_id), agency), status, figures, has_page)


def store_report(archive: Archive, draft: ReportDraft, run_id: int | None, seen: bool = True) -> tuple[int, bool]:
    """Write the draft's captures, then act on the dedupe decision, all in one transaction.

    ``new``: a report with its first version.  ``seen``: the same copy again; its content is refreshed
    when it is the canonical copy (reprocessing).  ``copy``: another source of a report; it becomes
    the canonical copy if it ranks higher (``copy_rank``), and a ``copies_agree`` check records whether
    the figures agree.  ``version``: the report changed; the newer publication becomes current.
    ``seen=False`` (reprocessing) leaves capture rows and sources' last-seen times alone.
    """
    decision = draft.decision or Decision("new")
    with archive.db.atomic():
        regions = site_regions(archive)
        sources = []
        for doc in draft.documents:
            capture_id = doc.capture.capture_id or record_capture(archive, doc.capture, run_id, fmt=doc.format)
            if doc.capture.body is not None or doc.blocks or doc.error not in (None, doc.capture.error):
                save_document(archive, capture_id, document_row(doc))
            sources.append({
                "url": doc.capture.url, "site_id": doc.capture.site_id, "format": doc.format,
                "role": "page" if doc.capture.kind == "report_page" else "attachment",
                "capture_id": capture_id, "item_url": draft.canonical_url, "text_sha256": draft.text_sha256,
                "relation": {True: "original", False: "repost", None: None}[
                    is_original(regions.get(doc.capture.site_id), draft.agency)],
            })
        report = {
            "title": draft.title, "agency": draft.agency, "region": draft.region, "year": draft.year,
            "template": draft.template, "published_on": draft.published_on, "site_id": draft.item.site_id,
            "canonical_url": draft.canonical_url, "format": draft.primary.format if draft.primary else None,
            "text": draft.text, "text_sha256": draft.text_sha256, "parse_status": draft.parse_status,
            "parse_notes": "; ".join(draft.parse_notes) or None, "level": draft.level,
        }
        report_id, kind = decision.report_id, decision.kind
        if kind == "new":
            report_id, _ = save_report(archive, report, sources, None, seen=seen)
            _write_content(archive, report_id, draft)
            add_version(archive, report_id, _snapshot(draft), make_current=True)
        elif kind == "seen":
            canonical = archive.db.execute("select canonical_url from reports where id = ?", [report_id]).fetchone()[0]
            is_canonical = canonical == draft.canonical_url
            save_report(archive, report if is_canonical else None, sources, report_id, seen=seen)
            if is_canonical:
                _write_content(archive, report_id, draft)
                refresh_current_version(archive, report_id, _snapshot(draft))
        elif kind == "copy":
            mine = copy_rank(is_original(regions.get(draft.item.site_id), draft.agency), draft.parse_status,
                             sum(1 for f in draft.figures if f.value is not None), draft.item.page is not None)
            better = mine > _existing_rank(archive, report_id, regions)
            save_report(archive, report if better else None, sources, report_id, seen=seen, move_canonical=better)
            if better:
                _write_content(archive, report_id, draft)
                refresh_current_version(archive, report_id, _snapshot(draft))
            if draft.figures:
                save_check(archive, report_id, "copies_agree", draft.canonical_url, not decision.disagreements,
                           "; ".join(decision.disagreements) or f"the copy at {draft.canonical_url} gives the same figures")
        else:  # version
            current = current_version(archive, report_id)
            newer = not current or (draft.published_on or "9999") >= (current["published_on"] or "")
            save_report(archive, report if newer else None, sources, report_id, seen=seen, move_canonical=newer)
            if newer:
                _write_content(archive, report_id, draft)
            add_version(archive, report_id, _snapshot(draft), make_current=newer)
        chain_checks(archive, report_id)
        return report_id, kind == "new"


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
        acquire(self.archive_path)      # a no-op when `govarchive crawl` already holds it
        self.archive = open_archive(self.archive_path)
        interrupted = mark_interrupted_runs(self.archive)
        if interrupted:
            logger.warning("Crawl run(s) %s stopped without finishing (killed?); this run resumes their work",
                           ", ".join(map(str, interrupted)))
        sites = self.crawler.spider.sites
        upsert_sites(self.archive, sites.values())
        self.run_id = start_run(self.archive, list(sites), __version__)
        logger.info("Archiving into %s (crawl run %s)", self.archive_path, self.run_id)

    def spider_closed(self, spider, reason: str) -> None:
        if not self.archive:
            return
        stats = self.crawler.stats
        counts = {k: stats.get_value(f"govarchive/{k}", 0)
                  for k in ("pages", "reports_new", "reports_seen", "attachments", "errors", "reports_changed",
                            "not_modified")}
        finish_run(self.archive, self.run_id, counts, reason)
        self.archive.close()
        release(self.archive_path)

    def process_item(self, item):
        if isinstance(item, CaptureItem):
            with self.archive.db.atomic():
                record_capture(self.archive, item.capture, self.run_id)
            return item
        report_id, created = store_report(self.archive, item, self.run_id)
        kind = item.decision.kind if item.decision else "new"
        self.crawler.stats.inc_value("govarchive/reports_new" if created else "govarchive/reports_seen")
        if kind == "version":
            self.crawler.stats.inc_value("govarchive/reports_changed")
            logger.info("Report %s changed: %s (%s)", report_id, item.decision.reason, item.canonical_url)
        elif kind == "copy":
            logger.info("Another copy of report %s: %s (%s)", report_id, item.decision.reason, item.canonical_url)
        if created:
            logger.info("New report %s: %s (%s)", report_id, item.title or item.canonical_url, item.canonical_url)
        for doc in item.documents:
            doc.capture.body = None  # the bytes are in the blob store now; free the memory
        return {"report_id": report_id, "created": created, "url": item.canonical_url, "title": item.title}
