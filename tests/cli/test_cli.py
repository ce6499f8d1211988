"""The `govarchive` command as users and schedulers call it."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys

from tests.conftest import PORTAL_SITES, REPO, crawl_env, run_govarchive


def test_help_everywhere():
    for command in ([], ["crawl"], ["sites"], ["search"], ["stats"], ["reprocess"], ["show"], ["check"], ["eval"],
                    ["merge"], ["export"], ["trend"], ["serve"], ["warc", "check"]):
        result = run_govarchive([*command, "--help"])
        assert result.returncode == 0 and "Usage:" in result.stdout


def test_sites_lists_builtin_registry():
    result = run_govarchive(["sites"])
    assert result.returncode == 0
    for text in ("xunwu", "寻乌县人民政府", "yzh", "yanchi", "3 sites"):
        assert text in result.stdout


def test_sites_json_from_user_file():
    result = run_govarchive(["sites", "--sites", str(PORTAL_SITES), "--json"])
    sites = [json.loads(line) for line in result.stdout.splitlines()]
    assert [s["id"] for s in sites] == ["xunwu", "yzh", "yanchi", "ganzhou"]
    assert sites[0]["start_urls"] == ["http://www.xunwu.gov.cn/"]


def test_bad_site_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[site]]\nid = "x"\nname = "X"\nregion = "R"\nstart_urls = ["ftp://x"]\nallowed_domains = ["x"]\n')
    for command in (["sites"], ["crawl", "--archive", str(tmp_path / "a.db")]):
        result = run_govarchive([*command, "--sites", str(bad)])
        assert result.returncode != 0
        assert "field 'start_urls'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "a.db").exists()


def test_unknown_site_id(tmp_path):
    result = run_govarchive(["crawl", "--site", "atlantis", "--archive", str(tmp_path / "a.db")])
    assert result.returncode != 0 and "unknown site id 'atlantis'" in result.stderr


def test_search_table_and_json(crawled):
    archive = str(crawled["archive"])
    table = run_govarchive(["search", "依申请公开", "--archive", archive])
    assert table.returncode == 0 and "report(s)" in table.stdout
    lines = run_govarchive(["search", "总体情况", "--archive", archive, "--json", "--limit", "50"]).stdout.splitlines()
    hits = [json.loads(line) for line in lines]
    assert len(hits) == 17
    assert set(hits[0]) == {"report_id", "title", "agency", "region", "year", "url", "snippet"}
    short = [json.loads(l) for l in run_govarchive(["search", "诉讼", "--archive", archive, "--json", "--limit", "50"]).stdout.splitlines()]
    assert len(short) == 17   # every report has table 4 (行政诉讼)


def test_search_with_env_archive_and_hostile_query(crawled):
    env = {**os.environ, "PYTHONPATH": str(REPO), "GOVARCHIVE_ARCHIVE": str(crawled["archive"])}
    for query in ['"', "NEAR(", "AND OR", "*"]:
        result = run_govarchive(["search", query], env=env)
        assert result.returncode == 0 and "Traceback" not in result.stderr


def test_search_missing_archive(tmp_path):
    result = run_govarchive(["search", "复议", "--archive", str(tmp_path / "none.db")])
    assert result.returncode != 0 and "no archive at" in result.stderr


def test_stats(crawled):
    result = run_govarchive(["stats", "--archive", str(crawled["archive"]), "--json"])
    data = json.loads(result.stdout)
    assert data["reports"] == 17
    assert data["reports_by_site"] == {"xunwu": 6, "yanchi": 5, "yzh": 6}
    assert data["errors_by_reason"]["robots_disallowed"] == 2
    assert data["last_run"]["status"] == "finished"


def test_reprocess_is_idempotent_and_needs_no_network(crawled, tmp_path):
    archive = tmp_path / "copy.db"
    src = sqlite3.connect(crawled["archive"])
    dst = sqlite3.connect(archive)
    src.backup(dst)
    src.close()
    dst.close()
    shutil.copytree(str(crawled["archive"]).replace(".db", ".blobs"), str(archive).replace(".db", ".blobs"))

    def snapshot():
        conn = sqlite3.connect(archive)
        try:
            return {t: conn.execute(f"select * from {t} order by 1").fetchall()
                    for t in ("reports", "report_sources", "captures", "report_versions", "figures", "checks")}
        finally:
            conn.close()

    before = snapshot()
    env = {**os.environ, "PYTHONPATH": str(REPO), "http_proxy": "http://127.0.0.1:9"}  # nothing to fetch from
    first = run_govarchive(["reprocess", "--archive", str(archive)], env=env)
    assert first.returncode == 0, first.stderr
    assert "Reprocessed 17 reports: 0 changed" in first.stdout
    assert snapshot() == before


def test_scrapy_crawl_command_works_too(tmp_path, proxy):
    env = {**crawl_env(proxy.url), "GOVARCHIVE_ARCHIVE": str(tmp_path / "a.db")}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "reports", "-a", "site=yanchi", "-a", f"sites_file={PORTAL_SITES}",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("select count(*) from reports").fetchone()[0] == 5
    conn.close()


def test_show_prints_tables_and_checks(crawled):
    conn = sqlite3.connect(crawled["archive"])
    rid, = conn.execute("select id from reports where agency = '固原市原州区卫生健康局'").fetchone()
    conn.close()
    out = run_govarchive(["show", str(rid), "--archive", str(crawled["archive"])]).stdout
    for text in ("固原市原州区卫生健康局2021年政府信息公开工作年度报告", "Table 3", "total_processed",
                 "FAILED t3_balance [natural_person]", "3 failed"):
        assert text in out
    record = json.loads(run_govarchive(["show", str(rid), "--archive", str(crawled["archive"]), "--json"]).stdout)
    assert record["tables"]["3"]["new_received"]["total"]["value"] >= 0
    assert run_govarchive(["show", "99999", "--archive", str(crawled["archive"])]).returncode != 0


def test_check_lists_exactly_the_inconsistent_report(crawled):
    lines = run_govarchive(["check", "--archive", str(crawled["archive"]), "--json"]).stdout.splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["agency"] for e in entries] == ["固原市原州区卫生健康局"]
    assert {(f["rule"], f["scope"]) for f in entries[0]["failures"]} == {
        ("t3_balance", "natural_person"), ("t3_results_sum", "natural_person"), ("t3_row_sum", "total_processed")}
    text = run_govarchive(["check", "--archive", str(crawled["archive"])]).stdout
    assert "1 of 17 checked reports have failing checks." in text


def test_eval_gate():
    result = run_govarchive(["eval", "--min-accuracy", "0.995"])
    assert result.returncode == 0, result.stderr
    assert "cells exactly right" in result.stdout and "= 100.0000%" in result.stdout
    data = json.loads(run_govarchive(["eval", "tests/fixtures/seeds", "--json"]).stdout)
    assert data["reports"] == 5 and data["cells"] == 981 and data["cell_accuracy"] == 1.0
