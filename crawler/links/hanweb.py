"""Hanweb (大汉) listings: the records sit in the page as a ``<script type="text/xml">`` datastore.

The browser turns ``<record><![CDATA[<li><a href=…>…</a></li>]]></record>`` into the visible list; the
records are already in the HTML, so reading them directly is the same list without a browser.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html

from crawler.links.anchors import Link, canonical_url

_RECORD_RE = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)


def datastore_links(html: str, base_url: str) -> list[Link]:
    links: list[Link] = []
    for fragment in _RECORD_RE.findall(html):
        try:
            tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except Exception:   # a broken record must not hide the others
            continue
        for a in tree.iter("a"):
            href = (a.get("href") or "").strip()
            if href:
                text = (a.get("title") or a.text_content() or "").strip()
                links.append(Link(canonical_url(urljoin(base_url, href)), text))
    return links
