from crawler.links.trs import MAX_PAGES, page_urls


def test_create_page_html_implies_every_page():
    html = '<script>createPageHTML(4, 0, "index", "html");</script>'
    assert page_urls(html, "http://www.xunwu.gov.cn/xxgk/gknb/2022n/") == [
        "http://www.xunwu.gov.cn/xxgk/gknb/2022n/index_1.html",
        "http://www.xunwu.gov.cn/xxgk/gknb/2022n/index_2.html",
        "http://www.xunwu.gov.cn/xxgk/gknb/2022n/index_3.html",
    ]


def test_relative_to_a_later_page_and_quoted_numbers():
    html = "createPageHTML('3','2','index','shtml')"
    assert page_urls(html, "http://a.gov.cn/col/index_2.shtml") == [
        "http://a.gov.cn/col/index_1.shtml", "http://a.gov.cn/col/index_2.shtml"]


def test_single_page_and_absent_call():
    assert page_urls('createPageHTML(1, 0, "index", "html")', "http://a.gov.cn/") == []
    assert page_urls("<p>no pager</p>", "http://a.gov.cn/") == []


def test_absurd_page_count_is_bounded():
    urls = page_urls('createPageHTML(99999, 0, "index", "html")', "http://a.gov.cn/c/")
    assert len(urls) == MAX_PAGES - 1
