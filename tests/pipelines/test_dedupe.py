"""One report row per distinct report, every copy a source, every change a version.

Ground truth: tests/fixtures/portals/manifest.json (source_urls, versions), written by the portal builder.
"""

import json
import shutil

from pipelines.dedupe import fingerprint_text, signature
from tests.conftest import db_rows as q, PORTALS, run_crawl, run_govarchive, start_proxy



def test_every_copy_is_a_source_of_exactly_the_right_report(crawled, manifest):
    for report in manifest["reports"]:
        urls = {u for (u,) in q(crawled["archive"],
                                "select s.url from report_sources s join reports r on r.id = s.report_id"
                                " left join captures c on c.id = s.capture_id"
                                " where r.canonical_url = ? and c.error is null", [report["canonical_url"]])}
        assert urls == set(report["source_urls"]), report["key"]
    # and no URL is a source of two reports
    assert q(crawled["archive"], "select url from report_sources group by url having count(distinct report_id) > 1") == []


def test_reposts_are_copies_not_reports(crawled):
    rows = dict(q(crawled["archive"], "select url, relation from report_sources where site_id = 'ganzhou'"))
    assert set(rows.values()) == {"repost"} and len(rows) == 2
    agree = q(crawled["archive"], "select passed from checks where rule = 'copies_agree'")
    assert agree and all(p == 1 for (p,) in agree)
    # the canonical copy is the county's own page, not the city's repost
    assert q(crawled["archive"], "select count(*) from reports where canonical_url like '%ganzhou%'") == [(0,)]


def test_years_and_departments_stay_apart(crawled):
    years = q(crawled["archive"], "select year from reports where agency = '寻乌县人民政府办公室' order by year")
    assert years == [(2021,), (2022,), (2023,)]
    assert q(crawled["archive"], "select count(*) from reports where agency in ('寻乌县发展和改革委员会', '寻乌县教育局')") == [(2,)]


def test_corrected_republication_is_a_version(crawled, manifest):
    truth = next(r for r in manifest["reports"] if r["key"] == "yanchi-office-2021")
    (report_id,), = q(crawled["archive"], "select id from reports where canonical_url = ?", [truth["canonical_url"]])
    versions = q(crawled["archive"], "select current, published_on from report_versions where report_id = ?"
                 " order by published_on", [report_id])
    assert versions == [(0, "2022-01-24"), (1, "2022-02-15")]
    out = run_govarchive(["show", str(report_id), "--history", "--archive", str(crawled["archive"])]).stdout
    assert "2 version(s)" in out
    assert "changed table 3 granted.natural_person" in out and "changed table 3 partially_granted.total" in out


def test_changed_content_on_recrawl_becomes_a_new_version(tmp_path):
    root = tmp_path / "portals"
    shutil.copytree(PORTALS, root)
    proxy = start_proxy(tmp_path / "proxy.jsonl", root=root)
    archive = tmp_path / "archive.db"
    try:
        assert run_crawl(proxy, archive, "--site", "xunwu").returncode == 0
        # the newest report of its listing page: an incremental crawl looks at it again
        page = root / "www.xunwu.gov.cn/xxgk/gknb/2022n/202301/t20230116_2001.html"   # 寻乌县人民政府办公室 2022
        html = page.read_text("utf-8")
        truth = json.loads((PORTALS / "manifest.json").read_text("utf-8"))
        penalty = next(r for r in truth["reports"] if r["key"] == "xunwu-office-2022")["figures"]["2"]["administrative_penalty"]["decisions"]
        old = f'<td>行政处罚</td>\n<td colspan="3">{penalty}</td>'
        assert old in html
        page.write_text(html.replace(old, f'<td>行政处罚</td>\n<td colspan="3">{penalty + 5}</td>'), "utf-8")
        assert run_crawl(proxy, archive, "--site", "xunwu").returncode == 0
        assert run_crawl(proxy, archive, "--site", "xunwu").returncode == 0   # unchanged now: no third version
    finally:
        proxy.process.terminate()
    (rid,), = q(archive, "select id from reports where agency = '寻乌县人民政府办公室' and year = 2022")
    assert q(archive, "select version, current from report_versions where report_id = ? order by version", [rid]) == [(1, 0), (2, 1)]
    assert q(archive, "select value from figures where report_id = ? and row = 'administrative_penalty'", [rid]) == [(penalty + 5,)]
    history = json.loads(run_govarchive(["show", str(rid), "--history", "--json", "--archive", str(archive)]).stdout)
    assert history[1]["changed_figures"] == [f"table 2 administrative_penalty.decisions: {penalty} → {penalty + 5}"]
    assert q(archive, "select count(*) from reports") == [(6,)]


def test_fingerprint_ignores_whitespace_and_punctuation_width():
    assert fingerprint_text("（一）主动公开， 全年 2021年。") == fingerprint_text("(一)主动公开,全年２０２１年.")


def test_near_duplicate_similarity():
    """A repost (other punctuation width, spacing, an added source line) is near; another report is not."""
    seeds = PORTALS.parent / "seeds"
    base = (seeds / "003_1a7172332732daca.txt").read_text("utf-8")
    repost = "来源：赣州市人民政府\n" + base.replace("，", ", ").replace("。", ". ").replace("（", "(").replace("）", ")")
    other = (seeds / "001_2e5524cc18545b14.txt").read_text("utf-8")
    assert signature(base).jaccard(signature(repost)) > 0.9
    assert signature(base).jaccard(signature(other)) < 0.5
