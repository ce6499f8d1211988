"""The discovery spider: from a portal's home page to its annual reports.

How a crawl moves, in order:

1. Start at each site's ``start_urls`` (and ``column_urls`` hints, which are
   taken to be inside the 年报 column already).
2. On a navigation page, classify every link (:mod:`crawler.classify`):
   disclosure columns (信息公开, 政务公开 …) and the 年报 column are followed;
   inside the 年报 column, year and body sub-columns and pagination are too
   (plain pager links and TRS ``createPageHTML`` calls).  Other links are not
   followed — the crawl is focused, which keeps large portals cheap.
3. A page whose title is a report title, and which is not itself a listing of
   reports, is a report page: it is captured with every document it links
   to, fetched one after the other, and handed on as one :class:`ReportItem`.
4. A report link that leads straight to a document makes a report of its own.

Per-site budgets (:mod:`crawler.frontier`) bound depth, pages and query
variants; :mod:`crawler.middlewares.sitescope` keeps every request, and every
redirect, on the site's own domains.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy import Request
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler import browser, classify, encoding
from crawler.classify import LinkKind
from crawler.errors import reason_for
from crawler.frontier import Frontier
from crawler.items import Capture, CaptureItem, ReportItem
from crawler.links import trs
from crawler.links.hanweb import datastore_links
from crawler.links.jsonapi import endpoints, json_links, next_page
from crawler.links.anchors import Link, canonical_url, page_links
from crawler.registry import Site, load_registry, select
from crawler.state import ArchiveState
from crawler.sniff import DOCUMENT_KINDS, sniff

logger = logging.getLogger(__name__)

# The smallest download delay we run with; see ReportsSpider.update_settings.
MIN_DOWNLOAD_DELAY = 0.001

# Where a page sits, which decides which of its links are followed.
NAV, DISCLOSURE, ANNUAL = "nav", "disclosure", "annual"

_DOWNLOAD_HINTS = ("download", "attach", "fileid", "getfile", "/files/", "/upload")
_HEADING_SELECTORS = (
    "meta[name=ArticleTitle]::attr(content)",
    "h1 ::text",
    ".article-title ::text, .title ::text, #title ::text",
    "title::text",
)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _text(values: list[str]) -> str:
    return " ".join(v.strip() for v in values if v.strip())


def page_title(response: TextResponse) -> str:
    """The page's own title: the first of the usual title places that is set.

    A report title found in any of them wins, because many portals put the
    portal name in <h1> and the article title elsewhere.
    """
    candidates = [_text(response.css(sel).getall()) for sel in _HEADING_SELECTORS]
    candidates = [c for c in candidates if c]
    for candidate in candidates:
        if classify.is_report_title(candidate):
            return candidate
    return candidates[0] if candidates else ""


def is_attachment_link(link: Link) -> bool:
    if classify.is_document_url(link.url):
        return True
    text = link.text.lower()
    if text.endswith(classify.DOCUMENT_EXTENSIONS):
        return True
    return "附件" in link.text and any(h in link.url.lower() for h in _DOWNLOAD_HINTS)


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, site: str | None = None, sites_file: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._site_arg = [s for s in (site or "").split(",") if s]
        self._sites_file_arg = [f for f in (sites_file or "").split(",") if f]
        self.sites: dict[str, Site] = {}
        self.frontier = Frontier()
        self.max_pages_override = 0
        self.full = False
        self.state: ArchiveState | None = None
        self.render_sites: set[str] = set()   # sites whose listings needed the browser

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        contact = settings.get("GOVARCHIVE_CONTACT_URL")
        settings.set("USER_AGENT", f"govarchive/0.1 (+{contact})", priority="spider")
        settings.set("DOWNLOAD_MAXSIZE", int(float(settings.get("GOVARCHIVE_MAX_DOWNLOAD_MB")) * 1024 * 1024), priority="spider")
        executable = browser.chromium_path(settings.get("GOVARCHIVE_BROWSER"))
        settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", browser.launch_options(executable), priority="spider")
        if float(settings.get("DOWNLOAD_DELAY") or 0) < MIN_DOWNLOAD_DELAY:
            # Scrapy 2.19's downloader, with a zero delay, hands a host's whole queue to
            # coroutines that only count themselves as "transferring" once they run, so
            # CONCURRENT_REQUESTS_PER_DOMAIN is exceeded (measured: 7 at once, cap 2).
            # Any non-zero delay dispatches one request at a time and keeps the cap.
            settings.set("DOWNLOAD_DELAY", MIN_DOWNLOAD_DELAY, priority=settings.getpriority("DOWNLOAD_DELAY"))

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> "ReportsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        files = spider._sites_file_arg or settings.getlist("GOVARCHIVE_SITES_FILES")
        ids = spider._site_arg or settings.getlist("GOVARCHIVE_SITE_IDS")
        registry = load_registry(files or None)
        spider.sites = {s.id: s for s in select(registry, ids)}
        spider.allowed_domains = sorted({d for s in spider.sites.values() for d in s.allowed_domains})
        spider.frontier = Frontier(max_query_variants=settings.getint("GOVARCHIVE_MAX_QUERY_VARIANTS"))
        spider.max_pages_override = settings.getint("GOVARCHIVE_MAX_PAGES")
        spider.full = settings.getbool("GOVARCHIVE_FULL")
        spider.state = ArchiveState.load(settings.get("GOVARCHIVE_ARCHIVE"))
        return spider

    # --- requests -------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for site in self.sites.values():
            logger.info("Crawling %s (%s) from %s", site.name, site.id, ", ".join(site.start_urls))
            for url in site.start_urls:
                request = self._follow(site, url, "", NAV, depth=0, kind="listing")
                if request:
                    yield request
            for url in site.column_urls:
                request = self._follow(site, url, "", ANNUAL, depth=0, kind="listing")
                if request:
                    yield request

    def _follow(self, site: Site, url: str, text: str, ctx: str, depth: int, kind: str,
                referer: str | None = None, root: str | None = None) -> Request | None:
        """A request for ``url`` if the site's budgets admit it."""
        if not site.allows_host(urlsplit(url).hostname):
            self.crawler.stats.inc_value("govarchive/refused/offsite")
            return None
        max_pages = min(site.max_pages, self.max_pages_override or site.max_pages)
        why = self.frontier.admit(site.id, url, depth, site.max_depth, max_pages)
        if why:
            logger.debug("Budget (%s) stops %s for site %s", why, url, site.id)
            self.crawler.stats.inc_value(f"govarchive/refused/{why}")
            return None
        meta = {"ga_site": site.id, "ga_ctx": ctx, "ga_depth": depth, "ga_kind": kind,
                "ga_link_text": text, "ga_referer": referer, "ga_root": root}
        if kind == "listing" and ctx in (ANNUAL, DISCLOSURE) and site.id in self.render_sites:
            return self._render_request(site, url, meta)      # this site's listings need the browser
        return Request(url, callback=self.parse_page, errback=self.on_error,
                       priority=10 if kind == "report_page" else 0, meta=meta)

    # --- responses ------------------------------------------------------

    def parse_page(self, response: Response) -> Iterator[Any]:
        site = self.sites[response.meta["ga_site"]]
        self.crawler.stats.inc_value("govarchive/pages")
        kind = sniff(response.body, response.url)
        if kind in DOCUMENT_KINDS:
            # A report link that serves a document directly (download.jsp?id=…).
            yield self._document_report(response)
            return
        if not isinstance(response, TextResponse):
            return
        response = _trust_the_bytes(response)
        links = page_links(response)
        title = page_title(response)
        if self._is_report_page(response, title, links):
            yield from self._report_page(site, response, title, links)
            return
        yield from self._navigate(site, response, links)

    def _only_known_reports(self, links: list[Link]) -> bool:
        """Incremental crawls stop paging a listing once a page lists reports and all are archived
        (listings are newest first). Not after a crawl that did not finish — it may have stopped before
        the older pages — and not with ``--full``."""
        if self.full or self.state is None or not self.state.last_run_finished:
            return False
        reports = [l.url for l in links if classify.is_report_title(l.text)]
        return bool(reports) and all(u in self.state.known_report_urls for u in reports)

    @staticmethod
    def _is_report_page(response: TextResponse, title: str, links: list[Link]) -> bool:
        """A report title, content that is a report (section cues or attachments), and not a listing.

        Titles alone are ambiguous: a year column is often named like a report
        (2021年度政府信息公开年报) but holds only links.
        """
        titled = classify.is_report_title(title) or (
            not title and classify.is_report_title(response.meta.get("ga_link_text")))
        if not titled:
            return False
        body = " ".join(response.css("body ::text").getall())
        if classify.report_signal_count(body) >= 2:
            return True
        # A short page: a report only if it carries the report as an attachment — not
        # a listing whose document links name *other* reports.
        return any(is_attachment_link(l) and _same_report(title, l.text) for l in links)

    def _navigate(self, site: Site, response: TextResponse, links: list[Link]) -> Iterator[Request]:
        ctx = response.meta["ga_ctx"]
        yield from self._follow_links(site, response, links)
        if ctx in (ANNUAL, DISCLOSURE) and not self._only_known_reports(links):
            for url in trs.page_urls(response.text, response.url):
                request = self._follow(site, canonical_url(url), "", ctx, response.meta["ga_depth"], "listing",
                                       response.url, root=response.meta.get("ga_root"))
                if request:
                    yield request
        if ctx in (ANNUAL, DISCLOSURE):
            yield from self._script_built(site, response, links)

    def _follow_links(self, site: Site, response: TextResponse, links: list[Link]) -> Iterator[Request]:
        ctx, depth = response.meta["ga_ctx"], response.meta["ga_depth"]
        root = response.meta.get("ga_root") or _column_root(response.url)
        for link in links:
            kind = classify.classify_link(link.text, link.url, ctx == ANNUAL, ctx in (ANNUAL, DISCLOSURE))
            if any(re.search(p, link.url) for p in site.link_patterns):
                kind = LinkKind.ANNUAL_COLUMN
            elif kind is LinkKind.ANNUAL_COLUMN and ctx == ANNUAL and not classify.has_annual_cue(link.text, link.url):
                # A year or body sub-column: only below the 年报 column, never the site header's links.
                if not urlsplit(link.url).path.startswith(root):
                    continue
            if kind is LinkKind.OTHER:
                continue
            if kind is LinkKind.REPORT:
                request = self._follow(site, link.url, link.text, ctx, depth + 1, "report_page", response.url)
            elif kind is LinkKind.ANNUAL_COLUMN:
                request = self._follow(site, link.url, link.text, ANNUAL, depth + 1, "listing", response.url,
                                       root=root if ctx == ANNUAL else _column_root(link.url))
            elif kind is LinkKind.PAGER:
                if self._only_known_reports(links):
                    self.crawler.stats.inc_value("govarchive/listing_stops")
                    continue
                request = self._follow(site, link.url, link.text, ctx, depth, "listing", response.url, root=root)
            else:  # a disclosure column
                new_ctx = ANNUAL if ctx == ANNUAL else DISCLOSURE
                request = self._follow(site, link.url, link.text, new_ctx, depth + 1, "listing", response.url)
            if request:
                yield request

    # --- script-built listings ------------------------------------------------

    def _script_built(self, site: Site, response: TextResponse, links: list[Link]) -> Iterator[Request]:
        """Listings without report links in their HTML: read the data the scripts use, else render.

        Cheap first: a Hanweb datastore in the page, or the JSON endpoint its scripts call. The
        browser is the general fallback, used with ``render_js = "auto"`` only when the page shows
        script-built content, and remembered for the site once it pays off.
        """
        if site.render_js is False or any(classify.is_report_title(l.text) for l in links):
            if response.meta.get("playwright") and any(classify.is_report_title(l.text) for l in links):
                self.render_sites.add(site.id)
            return
        html = response.text
        stored = datastore_links(html, response.url)
        if stored:
            self.crawler.stats.inc_value("govarchive/js/datastore_pages")
            yield from self._follow_links(site, response, stored)
            return
        apis = endpoints(html, response.url)
        if apis:
            for url in apis:
                self.crawler.stats.inc_value("govarchive/js/json_endpoints")
                yield self._json_request(site, response, url)
            return
        if response.meta.get("playwright") or not (site.render_js is True or browser.looks_script_built(html)):
            return
        yield self._render_request(site, response.url, response.meta)

    def _render_request(self, site: Site, url: str, meta: dict) -> Request:
        from scrapy_playwright.page import PageMethod

        self.crawler.stats.inc_value("govarchive/js/rendered_pages")
        wait = self.crawler.settings.getint("GOVARCHIVE_RENDER_WAIT_MS")
        keep = {k: v for k, v in meta.items() if k.startswith("ga_")}
        return Request(url, callback=self.parse_page, errback=self.on_error, dont_filter=True, meta={
            **keep, "playwright": True,
            "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle"),
                                        PageMethod("wait_for_timeout", wait)]})

    def _json_request(self, site: Site, response: Response, url: str) -> Request:
        keep = {k: v for k, v in response.meta.items() if k.startswith("ga_")}
        return Request(url, callback=self.parse_json, errback=self.on_error,
                       meta={**keep, "ga_kind": "listing", "ga_listing_url": response.url})

    def parse_json(self, response: Response) -> Iterator[Any]:
        site = self.sites[response.meta["ga_site"]]
        try:
            data = json.loads(response.text)
        except (ValueError, AttributeError) as exc:
            logger.warning("Listing data at %s is not JSON: %s", response.url, exc)
            return
        links = json_links(data, response.url)
        listing = response.replace(url=response.meta.get("ga_listing_url") or response.url)
        yield from self._follow_links(site, listing, links)
        following = next_page(data, response.url, bool(links))
        if following and not self._only_known_reports(links):
            yield self._json_request(site, response, following)

    def _report_page(self, site: Site, response: TextResponse, title: str, links: list[Link]) -> Iterator[Any]:
        self.crawler.stats.inc_value("govarchive/report_pages")
        item = ReportItem(
            site_id=site.id,
            page=self._capture(response, "report_page"),
            listing_title=response.meta.get("ga_link_text") or title,
            listing_url=response.meta.get("ga_referer"),
        )
        pending = [l for l in links if is_attachment_link(l) and site.allows_host(_host(l.url))]
        # Links to other reports (相关链接) are worth following; nothing else on a report page is.
        for link in links:
            if classify.is_report_title(link.text) and not is_attachment_link(link):
                request = self._follow(site, link.url, link.text, response.meta["ga_ctx"],
                                       response.meta["ga_depth"] + 1, "report_page", response.url)
                if request:
                    yield request
        yield self._next_attachment(item, pending)

    def _next_attachment(self, item: ReportItem, pending: list[Link]) -> Request | ReportItem:
        """Fetch the report's attachments one by one; hand on the item after the last."""
        if not pending:
            return item
        link, rest = pending[0], pending[1:]
        return Request(
            link.url,
            callback=self.parse_attachment,
            errback=self.attachment_failed,
            dont_filter=True,  # two reports may share one file; each needs its capture
            priority=20,
            meta={"ga_site": item.site_id, "ga_item": item, "ga_pending": rest, "ga_kind": "attachment",
                  "ga_link_text": link.text, "ga_referer": item.page.url if item.page else None},
        )

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        item: ReportItem = response.meta["ga_item"]
        capture = self._capture(response, "attachment")
        if sniff(response.body, response.url) not in DOCUMENT_KINDS:
            capture.error = "not_a_document"
            capture.error_detail = f"expected a document, got {sniff(response.body, response.url)} content"
        item.attachments.append(capture)
        self.crawler.stats.inc_value("govarchive/attachments")
        yield self._next_attachment(item, response.meta["ga_pending"])

    def attachment_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        item: ReportItem = request.meta["ga_item"]
        capture = self._failed_capture(failure, "attachment")
        logger.warning("Could not fetch attachment %s: %s", request.url, capture.error_detail)
        item.attachments.append(capture)
        yield self._next_attachment(item, request.meta["ga_pending"])

    def _document_report(self, response: Response) -> ReportItem:
        self.crawler.stats.inc_value("govarchive/attachments")
        return ReportItem(
            site_id=response.meta["ga_site"],
            attachments=[self._capture(response, "attachment")],
            listing_title=response.meta.get("ga_link_text"),
            listing_url=response.meta.get("ga_referer"),
        )

    def on_error(self, failure: Failure) -> Iterator[CaptureItem]:
        request = failure.request
        capture = self._failed_capture(failure, request.meta.get("ga_kind", "listing"))
        logger.warning("Could not fetch %s: %s", request.url, capture.error_detail)
        yield CaptureItem(capture)

    # --- captures -------------------------------------------------------

    def _capture(self, response: Response, kind: str) -> Capture:
        meta = response.meta
        first_url = (meta.get("redirect_urls") or [response.url])[0]
        return Capture(
            url=first_url,
            final_url=response.url,
            site_id=meta["ga_site"],
            kind=kind,
            fetched_at=now(),
            status=response.status,
            content_type=(response.headers.get("Content-Type") or b"").decode("latin-1") or None,
            encoding=response.encoding if isinstance(response, TextResponse) else None,
            body=response.body,
            referer=meta.get("ga_referer"),
            link_text=meta.get("ga_link_text") or None,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            warc_file=(meta.get("ga_warc") or (None, None))[0],
            warc_offset=(meta.get("ga_warc") or (None, None))[1],
            not_modified="not_modified" in response.flags,
        )

    def _failed_capture(self, failure: Failure, kind: str) -> Capture:
        request = failure.request
        code, detail = reason_for(failure)
        self.crawler.stats.inc_value("govarchive/errors")
        response = getattr(failure.value, "response", None)
        return Capture(
            url=(request.meta.get("redirect_urls") or [request.url])[0],
            final_url=request.url,
            site_id=request.meta["ga_site"],
            kind=kind,
            fetched_at=now(),
            status=response.status if response is not None else None,
            error=code,
            error_detail=detail,
            referer=request.meta.get("ga_referer"),
            link_text=request.meta.get("ga_link_text") or None,
        )


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _host(url: str) -> str | None:
    return urlsplit(url).hostname


def _trust_the_bytes(response: TextResponse) -> TextResponse:
    """Re-decode a page whose declared charset is contradicted by its bytes (see crawler.encoding)."""
    used = encoding.normalise_label(response.encoding)
    actual = encoding.detect(response.body, used)
    if actual != used:
        logger.debug("%s declares %s but its bytes are %s", response.url, used, actual)
        return response.replace(encoding=actual)
    return response


def _same_report(page_title: str, link_text: str) -> bool:
    """Could this attachment link be the page's own report (not another one)?

    True for neutral texts (附件1.pdf) and for texts naming the same report,
    possibly shortened (附件：2023年政府信息公开工作年度报告.docx).
    """
    text = classify.squash(re.sub(r"\.(pdf|docx?|wps|xlsx?|et)$", "", link_text.strip(), flags=re.I))
    text = re.sub(r"^附件\d*[:：]?", "", text)
    if not classify.is_report_title(text):
        return True
    title = classify.squash(page_title)
    return text in title or title in text


def _column_root(url: str) -> str:
    """The folder of a column page: ``/xxgk/gknb/index_1.html`` → ``/xxgk/gknb/``."""
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
