"""Per-site crawl budgets that keep trap links from running away.

Portals are full of links that never end: calendars with a "next month"
link, search pages with endless query strings, session ids in URLs.  Three
bounds stop them without knowing the trap in advance: a depth limit per
site, a page budget per site, and a cap on how many query-string variants of
one path are followed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Frontier:
    max_query_variants: int = 10
    pages: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    _variants: dict = field(default_factory=lambda: defaultdict(set))

    def admit(self, site_id: str, url: str, depth: int, max_depth: int, max_pages: int) -> str | None:
        """Count the URL against its site's budgets; return why it is refused, or None."""
        why = self._why_refused(site_id, url, depth, max_depth, max_pages)
        if why:
            self.refused[(site_id, why)] += 1
            return why
        self.pages[site_id] += 1
        return None

    def _why_refused(self, site_id: str, url: str, depth: int, max_depth: int, max_pages: int) -> str | None:
        if depth > max_depth:
            return "depth"
        if self.pages[site_id] >= max_pages:
            return "pages"
        parts = urlsplit(url)
        if parts.query:
            variants = self._variants[(site_id, parts.netloc, parts.path)]
            if parts.query not in variants and len(variants) >= self.max_query_variants:
                return "query_variants"
            variants.add(parts.query)
        return None
