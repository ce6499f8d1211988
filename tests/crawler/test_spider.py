"""End-to-end crawls of the fixture portals through the local proxy.

Ground truth is tests/fixtures/portals/manifest.json, written by the script
that built the portals — never the crawler's own earlier output.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import pytest

from crawler.registry import load_registry
from tests.conftest import db_rows as rows, PORTAL_SITES, run_crawl, start_proxy



def test_crawl_exits_zero_and_reports_summary(crawled, manifest):
    result = crawled["result"]
    assert result.returncode == 0, result.stderr
    assert f"{len(manifest['reports'])} new reports" in result.stdout


def test_every_report_archived_recall(crawled, manifest):
    archived = {url for (url,) in rows(crawled["archive"], "select canonical_url from reports")}
    expected = {r["canonical_url"] for r in manifest["reports"]}
    assert expected - archived == set(), "reports missed"


def test_no_lookalike_archived_precision(crawled, manifest):
    archived = {url for (url,) in rows(crawled["archive"], "select canonical_url from reports")}
    expected = {r["canonical_url"] for r in manifest["reports"]}
    assert archived - expected == set(), "pages archived that are not reports"
    lookalikes = {l["url"] for l in manifest["lookalikes"]}
    sources = {url for (url,) in rows(crawled["archive"], "select url from report_sources")}
    assert not lookalikes & sources


def test_report_metadata_matches_ground_truth(crawled, manifest):
    got = {url: (agency, year, title, site) for url, agency, year, title, site in rows(
        crawled["archive"], "select canonical_url, agency, year, title, site_id from reports")}
    for report in manifest["reports"]:
        assert got[report["canonical_url"]] == (report["agency"], report["year"], report["title"], report["site_id"])


def test_template_detected(crawled, manifest):
    got = dict(rows(crawled["archive"], "select canonical_url, template from reports"))
    for report in manifest["reports"]:
        assert got[report["canonical_url"]] == report["template"], report["key"]


def test_all_attachments_captured_with_their_bytes(crawled, manifest):
    from archive.blobs import BlobStore

    blobs = BlobStore.beside(crawled["archive"])
    captured = {url: (sha, fmt) for url, sha, fmt in rows(
        crawled["archive"], "select url, sha256, format from captures where error is null")}
    for report in manifest["reports"]:
        for url in report["attachment_urls"]:
            sha, fmt = captured[url]
            assert fmt in ("pdf", "docx")
            assert blobs.has(sha)
        linked = {u for (u,) in rows(crawled["archive"],
                                     "select s.url from report_sources s join reports r on r.id = s.report_id"
                                     " where r.canonical_url = ?", (report["canonical_url"],))}
        assert set(report["attachment_urls"]) <= linked


def test_report_text_comes_from_the_document_that_holds_it(crawled, manifest):
    got = dict(rows(crawled["archive"], "select canonical_url, format from reports"))
    for report in manifest["reports"]:
        if report["text_in"] == "page":
            assert got[report["canonical_url"]] == "html"
        else:
            assert got[report["canonical_url"]] in ("pdf", "docx")
    texts = dict(rows(crawled["archive"], "select canonical_url, text from reports"))
    for report in manifest["reports"]:
        text = texts[report["canonical_url"]]
        assert "一、总体情况" in text and "六、其他需要报告的事项" in text


def test_only_registered_hosts_requested(crawled):
    hosts = {r["host"] for r in crawled["proxy"].requests()}
    sites = load_registry([PORTAL_SITES])
    assert hosts, "the proxy saw no requests"
    for host in hosts:
        assert any(site.allows_host(host) for site in sites.values()), host


def test_never_fetched_urls(crawled, manifest):
    fetched = set(crawled["proxy"].urls())
    for entry in manifest["never_fetched"]:
        assert entry["url"] not in fetched, entry["why"]


def test_robots_disallowed_recorded_not_fetched(crawled):
    blocked = {url for (url,) in rows(crawled["archive"], "select url from captures where error = 'robots_disallowed'")}
    assert "http://www.yzh.gov.cn/zwgk/ndbg/private/t2016.html" in blocked
    assert "http://www.xunwu.gov.cn/xxgk/gknb/draft/t1.html" in blocked
    assert not blocked & set(crawled["proxy"].urls())


def test_trap_bounded(crawled, manifest):
    trap = manifest["traps"][0]
    hits = [r for r in crawled["proxy"].requests() if r["host"] == trap["host"] and r["path"].startswith(trap["path"])]
    assert 1 <= len(hits) <= 10  # GOVARCHIVE_MAX_QUERY_VARIANTS


def test_fetch_errors_recorded_with_reason(crawled, manifest):
    errors = dict(rows(crawled["archive"], "select url, error from captures where error is not null"))
    for entry in manifest["errors"]:
        assert errors.get(entry["url"]) == entry["error"], entry["url"]
    detail = rows(crawled["archive"], "select error_detail from captures where error = 'offsite_redirect'")[0][0]
    assert "www.offsite-mirror.com" in detail


def test_flaky_attachment_retried_and_kept(crawled):
    requests = [r for r in crawled["proxy"].requests() if r["path"] == "/zwgk/ndbg/202101/P020210125.pdf"]
    assert [r["status"] for r in requests] == [503, 200]
    assert rows(crawled["archive"], "select error from captures where url like '%P020210125.pdf'") == [(None,)]


def test_exhausted_503_retried_then_given_up(crawled):
    requests = [r for r in crawled["proxy"].requests() if r["path"].endswith("P020220121_tables.xls")]
    assert [r["status"] for r in requests] == [503] * 4  # RETRY_TIMES = 3


def test_user_agent_names_project(crawled):
    agents = {r["user_agent"] for r in crawled["proxy"].requests()}
    assert agents and all(a.startswith("govarchive/") and "+http" in a for a in agents)


def test_lying_charset_page_found_and_decoded(crawled):
    """Served as GBK (header and meta) but saved as UTF-8: the bytes win, in the spider and in extraction."""
    (title, agency, encoding, notes), = rows(
        crawled["archive"],
        "select r.title, r.agency, d.encoding, d.notes from reports r join report_sources s on s.report_id = r.id"
        " join documents d on d.capture_id = s.capture_id where r.canonical_url like '%t20230120_105%'")
    assert (title, agency, encoding) == ("盐池县高沙窝镇人民政府2022年政府信息公开工作年度报告", "盐池县高沙窝镇人民政府", "utf-8")
    assert "declared gb18030, decoded as utf-8" in notes


def test_gbk_site_decoded(crawled):
    (text, encoding), = rows(crawled["archive"],
                             "select r.text, c.encoding from reports r join report_sources s on s.report_id = r.id"
                             " join captures c on c.id = s.capture_id where s.url like '%t20220124_101%'")
    assert encoding == "gb18030"
    assert "盐池县人民政府办公室" in text and "\ufffd" not in text


def test_crawl_run_recorded(crawled, manifest):
    (status, reason, new, pages), = rows(crawled["archive"],
                                         "select status, finish_reason, reports_new, pages from crawl_runs")
    assert (status, reason, new) == ("finished", "finished", len(manifest["reports"]))
    assert pages > len(manifest["reports"])


def test_second_crawl_adds_no_rows(tmp_path, proxy, manifest):
    archive = tmp_path / "archive.db"
    assert run_crawl(proxy, archive).returncode == 0
    tables = ("reports", "report_sources", "captures", "figures", "checks", "sites", "report_versions",
              "report_sections", "documents", "report_signatures")
    before = {t: rows(archive, f"select count(*) from {t}")[0][0] for t in tables}
    second = run_crawl(proxy, archive)
    assert second.returncode == 0, second.stderr
    after = {t: rows(archive, f"select count(*) from {t}")[0][0] for t in tables}
    assert after == before
    assert "0 new reports" in second.stdout and f"holds {len(manifest['reports'])} reports" in second.stdout
    assert rows(archive, "select count(*) from crawl_runs")[0][0] == 2


def test_politeness_two_requests_per_host_at_most(tmp_path):
    """Measured at the server: with slow answers, no host ever sees more than 2 requests at once."""
    slow = start_proxy(tmp_path / "proxy.jsonl", delay=0.15)
    try:
        result = run_crawl(slow, tmp_path / "archive.db", "-s", "CONCURRENT_REQUESTS=32")
        assert result.returncode == 0, result.stderr
        peaks = {}
        for r in slow.requests():
            peaks[r["host"]] = max(peaks.get(r["host"], 0), r["peak_in_flight"])
        assert max(peaks.values()) == 2, peaks  # concurrency is used, and capped
    finally:
        slow.process.terminate()


def test_download_size_cap_recorded(tmp_path, proxy):
    archive = tmp_path / "archive.db"
    result = run_crawl(proxy, archive, "--site", "xunwu", "-s", "GOVARCHIVE_MAX_DOWNLOAD_MB=0.02")
    assert result.returncode == 0, result.stderr
    too_large = {url for (url,) in rows(archive, "select url from captures where error = 'too_large'")}
    assert "http://www.xunwu.gov.cn/xxgk/gknb/2021n/202201/P020220118_1001.pdf" in too_large
    # the report page itself is small enough and still archived
    assert rows(archive, "select count(*) from reports where canonical_url like '%t20220118_1001.html'")[0][0] == 1


def test_site_filter_crawls_only_that_site(tmp_path, proxy, manifest):
    archive = tmp_path / "archive.db"
    assert run_crawl(proxy, archive, "--site", "yanchi").returncode == 0
    hosts = {urlsplit(u).hostname for u in proxy.urls()}
    assert hosts == {"www.yanchi.gov.cn"}
    expected = {r["canonical_url"] for r in manifest["reports"] if r["site_id"] == "yanchi"}
    assert {u for (u,) in rows(archive, "select canonical_url from reports")} == expected


@pytest.mark.parametrize("budget", [3])
def test_page_budget_bounds_a_site(tmp_path, proxy, budget):
    archive = tmp_path / "archive.db"
    assert run_crawl(proxy, archive, "--site", "yzh", "--max-pages", str(budget)).returncode == 0
    pages = [r for r in proxy.requests() if r["host"] == "www.yzh.gov.cn" and not r["path"].endswith("robots.txt")]
    assert len(pages) <= budget


def test_figures_archived_equal_ground_truth(crawled, manifest):
    """Every figure of every fixture report, through crawl → extract → parse → store, as generated."""
    conn = sqlite3.connect(crawled["archive"])
    try:
        for report in manifest["reports"]:
            rows_ = conn.execute(
                "select f.table_no, f.row, f.col, f.value from figures f join reports r on r.id = f.report_id"
                " where r.canonical_url = ?", [report["canonical_url"]]).fetchall()
            got: dict = {}
            for table_no, row, col, value in rows_:
                got.setdefault(str(table_no), {}).setdefault(row, {})[col] = value
            assert got == report["figures"], report["key"]
            status, = conn.execute("select parse_status from reports where canonical_url = ?",
                                   [report["canonical_url"]]).fetchone()
            assert status == "ok", report["key"]
            failed = conn.execute("select c.rule, c.scope from checks c join reports r on r.id = c.report_id"
                                  " where r.canonical_url = ? and c.passed = 0 order by 1, 2",
                                  [report["canonical_url"]]).fetchall()
            assert [list(f) for f in failed] == sorted(report["check_failures"]), report["key"]
        assert conn.execute("select count(*) from checks").fetchone()[0] > 300
        levels = dict(conn.execute("select agency, level from reports").fetchall())
        assert levels["寻乌县人民政府办公室"] == "government"
        assert levels["寻乌县教育局"] == "department"
        assert levels["寻乌县长宁镇人民政府"] == "township"
        sections = conn.execute("select count(distinct section_no) from report_sections").fetchone()[0]
        assert sections == 6
    finally:
        conn.close()


def test_carry_over_chain_across_years(crawled):
    """原州区人民政府 has 2019, 2020 and 2021 reports: each year's 上年结转 is checked against the last."""
    rows_ = rows(crawled["archive"],
                 "select r.year, c.passed, c.detail from checks c join reports r on r.id = c.report_id"
                 " where c.rule = 'carry_over_chain' and r.agency = '固原市原州区人民政府' order by r.year")
    assert [y for y, _, _ in rows_] == [2020, 2021]
