from crawler.frontier import Frontier


def test_depth_and_page_budget():
    f = Frontier()
    assert f.admit("s", "http://a/1", depth=9, max_depth=8, max_pages=10) == "depth"
    assert [f.admit("s", f"http://a/{i}", 1, 8, 3) for i in range(4)] == [None, None, None, "pages"]
    assert f.admit("other", "http://b/1", 1, 8, 3) is None  # budgets are per site


def test_query_variants_capped_per_path():
    f = Frontier(max_query_variants=2)
    got = [f.admit("s", f"http://a/search?page={i}", 1, 8, 100) for i in range(4)]
    assert got == [None, None, "query_variants", "query_variants"]
    assert f.admit("s", "http://a/search?page=1", 1, 8, 100) is None  # a known variant is not new
    assert f.admit("s", "http://a/other?page=9", 1, 8, 100) is None
