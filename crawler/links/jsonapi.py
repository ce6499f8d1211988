"""Listings a page fills from a JSON endpoint (XHR / fetch): find the endpoint, read its items.

The endpoint is taken from the page's scripts (``fetch('…')``, ``$.getJSON('…')``, ``url: '…'``); its
JSON is searched for objects carrying a title and a URL, whatever the keys' exact names. Pagination
follows a ``next`` URL in the JSON, or increments a ``page`` parameter while pages still hold items.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from crawler.links.anchors import Link, canonical_url

_ENDPOINT_RE = re.compile(r"""(?:fetch|getJSON|\.get|\.post|open)\s*\(\s*(?:['"]GET['"]\s*,\s*)?['"]([^'"]+)['"]"""
                          r"""|url\s*:\s*['"]([^'"]+)['"]""")
_TITLE_KEYS = ("title", "name", "text", "subject", "doctitle", "vc_title")
_URL_KEYS = ("url", "link", "href", "path", "docurl", "vc_url")
_NEXT_KEYS = ("next", "nextpage", "next_url", "nexturl")
MAX_PAGES = 50


def endpoints(html: str, base_url: str) -> list[str]:
    found = []
    for script in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S | re.I):
        for a, b in _ENDPOINT_RE.findall(script):
            url = a or b
            if url and not url.endswith((".js", ".css")) and (".json" in url or "api" in url or "list" in url):
                found.append(urljoin(base_url, url))
    return list(dict.fromkeys(found))


def _walk(data, out: list[tuple[str, str]]) -> None:
    if isinstance(data, dict):
        lower = {k.lower(): v for k, v in data.items()}
        title = next((lower[k] for k in _TITLE_KEYS if isinstance(lower.get(k), str)), None)
        url = next((lower[k] for k in _URL_KEYS if isinstance(lower.get(k), str)), None)
        if title and url:
            out.append((url, title))
        for value in data.values():
            _walk(value, out)
    elif isinstance(data, list):
        for value in data:
            _walk(value, out)


def json_links(data, base_url: str) -> list[Link]:
    pairs: list[tuple[str, str]] = []
    _walk(data, pairs)
    return [Link(canonical_url(urljoin(base_url, url)), title.strip()) for url, title in pairs]


def next_page(data, url: str, page_had_items: bool) -> str | None:
    """The URL of the next page of results, or None."""
    if isinstance(data, dict):
        lower = {k.lower(): v for k, v in data.items()}
        for key in _NEXT_KEYS:
            if isinstance(lower.get(key), str) and lower[key]:
                return urljoin(url, lower[key])
        total = lower.get("totalpages") or lower.get("pagecount") or lower.get("pages")
    else:
        total = None
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    for key in ("page", "pageNo", "pageIndex", "p"):
        if key in query and query[key].isdigit():
            current = int(query[key])
            if not page_had_items or current >= MAX_PAGES or (isinstance(total, int) and current >= total):
                return None
            query[key] = str(current + 1)
            return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    return None
