"""TRS WCM listing pagination.

TRS-built portals do not print their pager as links: the listing page calls
``createPageHTML(total, current, "index", "html")`` and a script writes the
pager in the browser.  The call alone tells us every page: page 0 is
``index.html`` and page *n* is ``index_n.html`` in the same directory.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_CALL_RE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)

# A safety bound: a typo in a page count must not turn into thousands of requests.
MAX_PAGES = 500


def page_urls(html: str, base_url: str) -> list[str]:
    """URLs of every page of a TRS listing other than page 0, in order.

    Returns an empty list when the page holds no ``createPageHTML`` call.
    """
    m = _CALL_RE.search(html)
    if not m:
        return []
    total, _current, stem, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
    total = min(total, MAX_PAGES)
    return [urljoin(base_url, f"{stem}_{n}.{ext}") for n in range(1, total)]
