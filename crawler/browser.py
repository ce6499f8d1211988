"""The real browser, only where a listing is built by script: Debian's chromium via scrapy-playwright.

`playwright install` cannot download here (or on many servers); the system's chromium is launched by
path instead, headless, without background networking, behind the same proxy as plain requests.
Images, fonts and media are never loaded: listings need the DOM, not the pixels.
"""

from __future__ import annotations

import os
import re
import shutil

SCRIPT_SIGNS = re.compile(r"innerHTML|document\.write|appendChild|insertAdjacentHTML|fetch\s*\(|XMLHttpRequest|"
                          r"\$\.ajax|getJSON|createElement|datastore", re.I)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def looks_script_built(html: str) -> bool:
    """A page whose list is probably written by its scripts (no report links in the static HTML)."""
    return bool(SCRIPT_SIGNS.search(html))


def abort_request(request) -> bool:
    return request.resource_type in ("image", "font", "media")


def chromium_path(configured: str | None) -> str | None:
    return configured or shutil.which("chromium") or shutil.which("chromium-browser")


def launch_options(executable: str | None) -> dict:
    options: dict = {"headless": True, "args": CHROMIUM_ARGS}
    if executable:
        options["executable_path"] = executable
    proxy = os.environ.get("http_proxy") or os.environ.get("HTTP_PROXY")
    if proxy:
        options["proxy"] = {"server": proxy}
        bypass = os.environ.get("no_proxy") or os.environ.get("NO_PROXY")
        if bypass:
            options["proxy"]["bypass"] = bypass
    return options
