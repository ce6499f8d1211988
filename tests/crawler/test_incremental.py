"""WARC captures, incremental recrawls, resume after kill -9, and one crawl per archive at a time."""

import json
import os
import signal
import subprocess
import sys
import time

from warcio.archiveiterator import ArchiveIterator

from archive.warc import check
from tests.conftest import db_rows as q, FAST, PORTAL_SITES, REPO, crawl_env, run_crawl, run_govarchive, start_proxy



def warc_records(folder):
    records = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                records.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                                record.http_headers.get_statuscode() if record.http_headers else None))
    return records


def test_warc_holds_a_response_for_every_captured_report_url(crawled, manifest):
    folder = crawled["archive"].with_name("archive.warc")
    records = warc_records(folder)
    responses = {url for kind, url, status in records if kind == "response"}
    for report in manifest["reports"]:
        for url in report["source_urls"]:
            assert url in responses, url
    assert {"warcinfo", "request", "response"} <= {kind for kind, _, _ in records}
    result = check(folder)
    assert result.problems == [] and result.records == len(records)
    # captures point at their response record
    file, offset, url = q(crawled["archive"], "select warc_file, warc_offset, url from captures"
                          " where kind = 'attachment' and error is null limit 1")[0]
    with open(folder / file, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == url
    assert (folder / "index.cdxj").read_text("utf-8").count("\n") >= len(records) - len(list(folder.glob("*.warc.gz")))


def test_warc_check_command(crawled, tmp_path):
    folder = crawled["archive"].with_name("archive.warc")
    ok = run_govarchive(["warc", "check", str(folder)])
    assert ok.returncode == 0 and "0 problems" in ok.stdout
    broken = tmp_path / "broken"
    broken.mkdir()
    first = sorted(folder.glob("*.warc.gz"))[0]
    data = first.read_bytes()
    (broken / first.name).write_bytes(data[: len(data) // 2] + b"garbage")
    bad = run_govarchive(["warc", "check", str(broken)])
    assert bad.returncode != 0 and first.name in bad.stdout


def test_second_crawl_is_conditional_and_downloads_no_attachment(tmp_path, proxy, manifest):
    archive = tmp_path / "archive.db"
    assert run_crawl(proxy, archive).returncode == 0
    proxy.clear()
    counts = {t: q(archive, f"select count(*) from {t}")[0][0] for t in ("reports", "report_versions", "report_sources")}
    second = run_crawl(proxy, archive)
    assert second.returncode == 0, second.stderr
    assert {t: q(archive, f"select count(*) from {t}")[0][0] for t in counts} == counts
    log = proxy.requests()
    attachments = {u.split("/", 3)[3] for r in manifest["reports"] for u in r["attachment_urls"]}
    fetched = [r for r in log if r["path"].lstrip("/") in attachments]
    assert fetched and all(r["status"] == 304 and r["conditional"] for r in fetched)
    assert not [r for r in log if r["path"].lstrip("/") in attachments and r["status"] == 200]
    revisits = [r for r in warc_records(archive.with_name("archive.warc")) if r[0] == "revisit"]
    assert len(revisits) >= len(fetched)
    run = q(archive, "select reports_new, not_modified from crawl_runs order by id desc limit 1")[0]
    assert run[0] == 0 and run[1] > 0


def test_full_backfill_fetches_unconditionally(tmp_path, proxy):
    archive = tmp_path / "archive.db"
    assert run_crawl(proxy, archive, "--site", "yanchi").returncode == 0
    proxy.clear()
    assert run_crawl(proxy, archive, "--site", "yanchi", "--full").returncode == 0
    assert not any(r["conditional"] for r in proxy.requests())


def crawl_process(proxy, archive):
    return subprocess.Popen([sys.executable, "-m", "govarchive.cli", "crawl", "--sites", str(PORTAL_SITES),
                             "--archive", str(archive), *FAST, "-q"], cwd=REPO, env=crawl_env(proxy.url),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill_9_at_several_points_then_resume(tmp_path, manifest):
    expected = {r["canonical_url"] for r in manifest["reports"]}
    for n, delay in enumerate((0.8, 1.6, 2.6)):
        run_dir = tmp_path / f"kill{n}"
        run_dir.mkdir()
        proxy = start_proxy(run_dir / "proxy.jsonl", delay=0.03)
        archive = run_dir / "archive.db"
        try:
            process = crawl_process(proxy, archive)
            time.sleep(delay)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            if archive.exists():
                assert q(archive, "pragma integrity_check") == [("ok",)]
                finished = {u for (u,) in q(archive, "select url from captures where kind = 'attachment'"
                                                     " and error is null")}
                # no half-written report: every report has its sources and a current version
                assert q(archive, "select count(*) from reports r where not exists (select 1 from report_versions v"
                                  " where v.report_id = r.id and v.current = 1)") == [(0,)]
            else:
                finished = set()
            proxy.clear()
            result = run_crawl(proxy, archive)
            assert result.returncode == 0, result.stderr
            assert q(archive, "pragma integrity_check") == [("ok",)]
            assert {u for (u,) in q(archive, "select canonical_url from reports")} == expected
            refetched = [r for r in proxy.requests() if f"http://{r['host']}{r['path']}" in finished and r["status"] == 200]
            assert refetched == [], "finished attachments were downloaded again"
            assert check(archive.with_name("archive.warc")).problems == []
            statuses = [s for (s,) in q(archive, "select status from crawl_runs order by id")]
            assert statuses[-1] == "finished"
        finally:
            proxy.process.terminate()


def test_second_crawl_on_the_same_archive_refuses(tmp_path):
    proxy = start_proxy(tmp_path / "proxy.jsonl", delay=0.05)
    archive = tmp_path / "archive.db"
    try:
        first = crawl_process(proxy, archive)
        time.sleep(1.0)
        second = run_crawl(proxy, archive)
        assert second.returncode != 0
        assert "already being crawled" in second.stderr and "Traceback" not in second.stderr
        first.wait(120)
        assert first.returncode == 0
    finally:
        proxy.process.terminate()


def test_warc_files_rotate_by_size(tmp_path, proxy):
    archive = tmp_path / "archive.db"
    assert run_crawl(proxy, archive, "--site", "xunwu", "-s", "GOVARCHIVE_WARC_MAX_MB=0.05").returncode == 0
    folder = archive.with_name("archive.warc")
    files = sorted(folder.glob("*.warc.gz"))
    assert len(files) >= 3
    assert all(f.stat().st_size < 0.05 * 1024 * 1024 + 600_000 for f in files)   # rotation happens between records
    assert check(folder).problems == []
    indexed = {line.split(" ", 2)[2] for line in (folder / "index.cdxj").read_text("utf-8").splitlines()}
    assert {json.loads(e)["filename"] for e in indexed} == {f.name for f in files}
