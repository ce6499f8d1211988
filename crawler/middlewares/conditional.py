"""Conditional requests: archived report pages and attachments are only downloaded if they changed.

For a URL the archive holds, the request carries ``If-None-Match`` / ``If-Modified-Since`` from its last
capture. A ``304 Not Modified`` answer is turned back into the stored response (bytes from the blob
store), flagged ``not_modified``, so the spider and pipelines treat it like any fetch and nothing is
downloaded twice — after a crash as after a quiet night. ``--full`` (GOVARCHIVE_FULL) turns this off.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Headers, Response

CONDITIONAL_KINDS = ("report_page", "attachment")


class ConditionalRequestMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.enabled = not crawler.settings.getbool("GOVARCHIVE_FULL")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _stored(self, request: Request):
        state = getattr(self.crawler.spider, "state", None)
        if not self.enabled or state is None or request.meta.get("ga_kind") not in CONDITIONAL_KINDS:
            return None
        return state.documents.get(request.url)

    def process_request(self, request: Request) -> None:
        stored = self._stored(request)
        if stored is None or not (stored.etag or stored.last_modified):
            return None
        if stored.etag:
            request.headers["If-None-Match"] = stored.etag
        if stored.last_modified:
            request.headers["If-Modified-Since"] = stored.last_modified
        request.meta.setdefault("handle_httpstatus_list", []).append(304)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 304:
            return response
        stored = self._stored(request)
        body = self.crawler.spider.state.body(request.url) if stored else None
        if body is None:
            return response            # nothing to stand in with: the spider records the 304 as an error
        headers = Headers({"Content-Type": stored.content_type or "application/octet-stream"})
        if stored.etag:
            headers["ETag"] = stored.etag
        if stored.last_modified:
            headers["Last-Modified"] = stored.last_modified
        self.crawler.stats.inc_value("govarchive/not_modified")
        return response.replace(status=200, body=body, headers=headers, flags=[*response.flags, "not_modified"])
