"""Never fetch outside the site a request belongs to — redirects included.

Scrapy's own OffsiteMiddleware lets ``dont_filter`` requests through and
knows only one domain list per spider.  Here every request carries its site
id (``meta["ga_site"]``), and the request's host must belong to *that* site.
Redirects come back through this middleware as new requests, so a report link
that redirects to another host is stopped before it is fetched.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.httpobj import urlparse_cached

from crawler.errors import OffsiteRedirect

logger = logging.getLogger(__name__)


class SiteScopeMiddleware:
    def __init__(self, crawler: Crawler | None = None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SiteScopeMiddleware":
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        site_id = request.meta.get("ga_site")
        if site_id is None:
            if request.url.endswith("/robots.txt"):
                return None  # Scrapy's own robots.txt fetch, for a host a site request is waiting on
            raise OffsiteRedirect(f"request without a site refused: {request.url}")
        site = self.crawler.spider.sites[site_id]
        host = urlparse_cached(request).hostname
        if not site.allows_host(host):
            first = (request.meta.get("redirect_urls") or [request.url])[0]
            via = f" (redirected from {first})" if first != request.url else ""
            logger.info("Not following %s%s: %s is outside the domains of site %s", request.url, via, host, site_id)
            raise OffsiteRedirect(f"{host} is outside the registered domains of site {site_id}{via}")
        return None
