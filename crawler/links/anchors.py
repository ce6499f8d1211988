"""Pull the links of an HTML page with the text a reader sees for each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit, parse_qsl, urlencode

from scrapy.http import HtmlResponse

# Query parameters that only identify a visitor's session: dropping them keeps
# the same page from being fetched once per session id.
SESSION_PARAMS = frozenset({"jsessionid", "sid", "sessionid", "phpsessid", "aspsessionid", "token", "_t", "timestamp"})
_PATH_SESSION_RE = re.compile(r";jsessionid=[^/?#]*", re.I)


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def canonical_url(url: str) -> str:
    """The URL without fragment, session ids, or a trailing ';jsessionid=…'."""
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    path = _PATH_SESSION_RE.sub("", parts.path) or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in SESSION_PARAMS]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def page_links(response: HtmlResponse) -> list[Link]:
    """Every followable http(s) link of the page, canonicalised, first occurrence wins.

    The visible text is used, falling back to the ``title`` attribute, because
    listings often truncate long titles (``2021年政府信息公开工作…``) and keep the
    full one in ``title``.
    """
    seen: set[str] = set()
    links: list[Link] = []
    for a in response.css("a[href]"):
        href = (a.attrib.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = canonical_url(urljoin(response.url, href))
        if urlsplit(url).scheme not in ("http", "https") or url in seen:
            continue
        seen.add(url)
        text = " ".join(t.strip() for t in a.css("::text").getall() if t.strip())
        title = (a.attrib.get("title") or "").strip()
        if title and (not text or len(title) > len(text) or text.endswith(("…", "...", ".."))):
            text = title
        links.append(Link(url=url, text=text))
    return links
