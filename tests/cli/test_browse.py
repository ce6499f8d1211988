"""Export, trend charts and the Datasette UI, on the archive crawled from the fixture portals."""

import csv
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import REPO, run_govarchive


def copy_archive(crawled, tmp_path):
    dst = tmp_path / "archive.db"
    src = sqlite3.connect(crawled["archive"])
    out = sqlite3.connect(dst)
    src.backup(out)
    src.close()
    out.close()
    return dst


def test_export_csv_jsonl_and_wide(crawled):
    archive = str(crawled["archive"])
    rows = list(csv.DictReader(io.StringIO(run_govarchive(["export", "--archive", archive]).stdout)))
    assert len(rows) == 17 and {"id", "title", "agency", "year", "parse_status"} <= set(rows[0])
    figures = [json.loads(l) for l in run_govarchive(
        ["export", "--archive", archive, "--table", "figures", "--format", "jsonl"]).stdout.splitlines()]
    conn = sqlite3.connect(archive)
    assert len(figures) == conn.execute("select count(*) from figures").fetchone()[0]
    wide = list(csv.DictReader(io.StringIO(run_govarchive(
        ["export", "--archive", archive, "--table", "figures", "--wide"]).stdout)))
    assert len(wide) == 17
    rid, value = conn.execute("select report_id, value from figures where table_no = 3 and row = 'granted'"
                              " and col = 'total' order by report_id limit 1").fetchone()
    assert next(r for r in wide if r["report_id"] == str(rid))["t3.granted.total"] == str(value)
    conn.close()


def test_trend_writes_a_real_chart(crawled, tmp_path):
    archive = copy_archive(crawled, tmp_path)
    result = run_govarchive(["trend", "--archive", str(archive), "--agency", "固原市原州区人民政府", "--json"])
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["years"] == [2019, 2020, 2021]
    png = data["png"]
    assert os.path.getsize(png) > 10_000
    from matplotlib import image

    pixels = image.imread(png)
    assert pixels.shape[0] > 300 and pixels.shape[1] > 600
    assert pixels.std() > 0.05                     # not blank
    page = open(data["html"], encoding="utf-8").read()
    assert "固原市原州区人民政府" in page and "data:image/png;base64," in page
    text = run_govarchive(["trend", "--archive", str(archive), "--agency", "固原市原州区人民政府"]).stdout
    assert "2020" in text and ("(-" in text or "(+" in text)     # year-on-year changes are printed
    bad = run_govarchive(["trend", "--archive", str(archive), "--figure", "nonsense"])
    assert bad.returncode != 0 and "unknown figure" in bad.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(crawled, tmp_path):
    archive = copy_archive(crawled, tmp_path)
    run_govarchive(["trend", "--archive", str(archive), "--agency", "固原市原州区人民政府"])
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    env["PYTHONPATH"] = str(REPO)
    process = subprocess.Popen([sys.executable, "-m", "govarchive.cli", "serve", "--archive", str(archive),
                                "--port", str(port)], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for _ in range(150):
        try:
            opener.open(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            assert process.poll() is None, "govarchive serve exited"
            time.sleep(0.2)
    else:
        pytest.fail("govarchive serve did not answer within 30 s")
    yield base, opener
    process.terminate()
    process.wait(10)


def test_served_metadata_facets_and_canned_queries(served):
    base, opener = served
    meta = json.load(opener.open(base + "/-/metadata.json"))
    reports = meta["databases"]["archive"]["tables"]["reports"]
    assert "year" in reports["facets"] and "the year the report is about" in reports["columns"]["year"]
    failing = json.load(opener.open(base + "/archive/failing_checks.json?_shape=array"))
    assert {row["agency"] for row in failing} == {"固原市原州区卫生健康局"}
    per_region = json.load(opener.open(base + "/archive/applications_per_year_region.json?_shape=array"))
    assert per_region and all(row["applications_received"] is not None for row in per_region)
    assert opener.open(base + "/charts/index.html").status == 200
    # read-only: Datasette refuses writes
    with pytest.raises(urllib.error.HTTPError):
        opener.open(urllib.request.Request(base + "/archive/-/query", data=b"sql=delete+from+reports", method="POST"))


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is installed by `make test` (apt-deps)")
def test_search_and_open_a_report_in_a_real_browser(served, tmp_path):
    from playwright.sync_api import sync_playwright

    base, _ = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page()
        page.goto(base + "/archive/reports")
        page.fill("input[name=_search]", "依申请公开")
        page.press("input[name=_search]", "Enter")
        page.wait_for_url("**_search=*")
        rows = page.locator("table.rows-and-columns tbody tr")
        assert rows.count() >= 10
        assert "依申请公开" in page.url or "%E4%BE%9D" in page.url
        page.locator("table.rows-and-columns tbody tr td.col-id a").first.click()
        page.wait_for_load_state()
        body = page.inner_text("body")
        assert "政府信息公开工作年度报告" in body and "canonical_url" in body
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.stat().st_size > 20_000
