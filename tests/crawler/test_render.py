"""Script-built listings with render_js = "auto": a datastore, an XHR JSON endpoint, a delayed script.

The first two are read without a browser; the third needs Debian's chromium (through scrapy-playwright,
behind the same proxy). A static portal must not start a browser at all.
"""

import os
import shutil
import sqlite3
from collections import Counter

import pytest

from tests.conftest import PORTALS, run_crawl

JS_SITES = PORTALS / "js-sites.toml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="`make test` installs Debian's chromium")


def archived(archive):
    conn = sqlite3.connect(archive)
    try:
        return {u for (u,) in conn.execute("select canonical_url from reports")}
    finally:
        conn.close()


@needs_chromium
def test_every_report_found_on_script_built_listings(tmp_path, proxy, manifest):
    archive = tmp_path / "archive.db"
    result = run_crawl(proxy, archive, "-v", sites=JS_SITES)
    assert result.returncode == 0, result.stderr[-2000:]
    expected = {r["canonical_url"] for r in manifest["js_reports"]}
    assert archived(archive) == expected
    listings = Counter(r["path"] for r in proxy.requests())
    # datastore and JSON listings are read without rendering: fetched once
    assert listings["/col/col102/index.html"] == 1 and listings["/zwgk/ndbg/"] == 1
    assert listings["/zwgk/ndbg/data/list.json"] >= 1 and listings["/zwgk/ndbg/data/list_2.json"] >= 1
    # the delayed-script listing is fetched plainly, then rendered in the browser (through the proxy)
    assert listings["/xxgk/nb/"] >= 2
    assert "'playwright/browser_count': 1" in result.stderr
    assert "'govarchive/js/rendered_pages': 1" in result.stderr


def test_static_portal_starts_no_browser(tmp_path, proxy):
    result = run_crawl(proxy, tmp_path / "archive.db", "--site", "yanchi", "-v")
    assert result.returncode == 0
    assert "playwright/browser_count" not in result.stderr
    assert "govarchive/js/rendered_pages" not in result.stderr


@needs_chromium
def test_rendered_dom_is_a_conversion_record(tmp_path, proxy):
    from warcio.archiveiterator import ArchiveIterator

    archive = tmp_path / "archive.db"
    assert run_crawl(proxy, archive, "--site", "pengyang", sites=JS_SITES).returncode == 0
    kinds = []
    for path in sorted(archive.with_name("archive.warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_headers.get_header("WARC-Target-URI") == "http://www.pengyang.gov.cn/xxgk/nb/":
                    kinds.append(record.rec_type)
                    if record.rec_type == "conversion":
                        assert "t20230125_800.html" in record.content_stream().read().decode("utf-8")
    assert "response" in kinds and "conversion" in kinds
