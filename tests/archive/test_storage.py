from archive.storage import capture_key, open_archive, record_capture, save_report, upsert_sites
from crawler.items import Capture
from crawler.registry import load_registry


def make_capture(**kw):
    base = dict(url="http://www.xunwu.gov.cn/a.pdf", site_id="xunwu", kind="attachment",
                fetched_at="2026-01-01T00:00:00+00:00", status=200, body=b"%PDF-1.4 test")
    base.update(kw)
    return Capture(**base)


def fresh(tmp_path):
    archive = open_archive(tmp_path / "a.db")
    upsert_sites(archive, load_registry().values())
    return archive


def test_same_bytes_twice_is_one_capture_and_one_blob(tmp_path):
    archive = fresh(tmp_path)
    with archive.db.atomic():
        first = record_capture(archive, make_capture(), run_id=None)
        second = record_capture(archive, make_capture(fetched_at="2026-02-01T00:00:00+00:00"), run_id=None)
    assert first == second
    row = archive.db["captures"].get(first)
    assert (row["fetch_count"], row["fetched_at"], row["size"]) == (2, "2026-02-01T00:00:00+00:00", 13)
    assert archive.blobs.get(row["sha256"]) == b"%PDF-1.4 test"


def test_changed_bytes_and_errors_are_new_captures(tmp_path):
    archive = fresh(tmp_path)
    with archive.db.atomic():
        a = record_capture(archive, make_capture(), run_id=None)
        b = record_capture(archive, make_capture(body=b"%PDF-1.4 corrected"), run_id=None)
        c = record_capture(archive, make_capture(body=None, status=503, error="http_503"), run_id=None)
    assert len({a, b, c}) == 3
    assert capture_key("u", None, "http_503") != capture_key("u", None, "http_404")


def test_save_report_is_idempotent_and_updates_changed_fields(tmp_path):
    archive = fresh(tmp_path)
    report = {"title": "t", "site_id": "xunwu", "canonical_url": "http://www.xunwu.gov.cn/r.html",
              "parse_status": "partial", "year": 2021}
    sources = [{"url": "http://www.xunwu.gov.cn/r.html", "site_id": "xunwu", "format": "html",
                "role": "page", "capture_id": None}]
    with archive.db.atomic():
        rid, created = save_report(archive, report, sources, None)
    with archive.db.atomic():
        rid2, created2 = save_report(archive, {**report, "year": 2022}, sources, rid)
    assert (created, created2, rid2) == (True, False, rid)
    assert archive.db["reports"].count == 1 and archive.db["report_sources"].count == 1
    assert archive.db["reports"].get(rid)["year"] == 2022


def test_a_failed_transaction_leaves_nothing(tmp_path):
    archive = fresh(tmp_path)
    try:
        with archive.db.atomic():
            record_capture(archive, make_capture(), run_id=None)
            raise RuntimeError("crash in the middle of a report")
    except RuntimeError:
        pass
    assert archive.db["captures"].count == 0
