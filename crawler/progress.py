"""Progress lines a person can read while a long crawl runs.

Replaces Scrapy's LogStats ("Crawled 120 pages (at 30 pages/min)") with the
numbers our users ask about: pages, reports, attachments, errors, and rate.
"""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task

logger = logging.getLogger("govarchive.progress")


class Progress:
    def __init__(self, crawler: Crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "Progress":
        ext = cls(crawler, crawler.settings.getfloat("GOVARCHIVE_PROGRESS_INTERVAL"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        stats = self.crawler.stats
        get = lambda key: stats.get_value(f"govarchive/{key}", 0)  # noqa: E731
        elapsed = max(time.monotonic() - self.started, 1e-6)
        return (
            f"{get('pages')} pages, {get('reports_new')} new reports, {get('reports_seen')} already archived, "
            f"{get('attachments')} attachments, {get('errors')} errors, {get('pages') / elapsed:.1f} pages/s"
        )

    def spider_opened(self, spider) -> None:
        self.started = time.monotonic()
        if self.interval > 0:
            self._loop = task.LoopingCall(lambda: logger.info("Progress: %s", self.line()))
            self._loop.start(self.interval, now=False)

    def spider_closed(self, spider, reason: str) -> None:
        if self._loop and self._loop.running:
            self._loop.stop()
        logger.info("Finished (%s): %s", reason, self.line())
