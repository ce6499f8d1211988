"""Shards crawled separately fold into one archive: the same reports, sources and figures, idempotently."""


from tests.conftest import db_rows as q, run_crawl, run_govarchive



def test_merged_shards_equal_one_crawl(tmp_path, proxy, manifest):
    shard_a, shard_b, target = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "target.db"
    assert run_crawl(proxy, shard_a, "--site", "xunwu", "--site", "ganzhou").returncode == 0
    assert run_crawl(proxy, shard_b, "--site", "yzh", "--site", "yanchi").returncode == 0
    first = run_govarchive(["merge", str(shard_a), str(shard_b), "--archive", str(target)])
    assert first.returncode == 0, first.stderr
    assert {u for (u,) in q(target, "select canonical_url from reports")} == {r["canonical_url"] for r in manifest["reports"]}
    for report in manifest["reports"]:
        sources = {u for (u,) in q(target, "select s.url from report_sources s join reports r on r.id = s.report_id"
                                           " join captures c on c.id = s.capture_id where r.canonical_url = ?"
                                           " and c.error is null", [report["canonical_url"]])}
        assert sources == set(report["source_urls"]), report["key"]
        got = {}
        for t, r, c, v in q(target, "select f.table_no, f.row, f.col, f.value from figures f join reports r"
                                    " on r.id = f.report_id where r.canonical_url = ?", [report["canonical_url"]]):
            got.setdefault(str(t), {}).setdefault(r, {})[c] = v
        assert got == report["figures"], report["key"]
    assert q(target, "select count(*) from captures where error = 'robots_disallowed'") == [(2,)]
    counts = {t: q(target, f"select count(*) from {t}")[0][0]
              for t in ("reports", "report_sources", "captures", "figures", "report_versions")}
    again = run_govarchive(["merge", str(shard_a), str(shard_b), "--archive", str(target)])
    assert again.returncode == 0 and "0 new reports" in again.stdout
    assert {t: q(target, f"select count(*) from {t}")[0][0] for t in counts} == counts
