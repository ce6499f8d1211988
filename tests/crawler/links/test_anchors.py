from scrapy.http import HtmlResponse

from crawler.links.anchors import canonical_url, page_links


def test_canonical_url_drops_sessions_and_fragments():
    assert canonical_url("HTTP://WWW.A.gov.cn/x/y.html;jsessionid=ABC123?id=3&sid=99#top") == "http://www.a.gov.cn/x/y.html?id=3"
    assert canonical_url("http://a.gov.cn") == "http://a.gov.cn/"


def test_page_links_prefers_full_title_over_truncated_text():
    body = ('<a href="a.html" title="寻乌县人民政府办公室2022年政府信息公开工作年度报告">寻乌县人民政府办公室2022…</a>'
            '<a href="javascript:void(0)">x</a><a href="a.html#x">dup</a><a href="mailto:a@b">m</a>'
            '<a href="/b.pdf"> 附件 <span>1</span></a>')
    response = HtmlResponse("http://a.gov.cn/col/", body=body.encode(), encoding="utf-8")
    links = page_links(response)
    assert [(l.url, l.text) for l in links] == [
        ("http://a.gov.cn/col/a.html", "寻乌县人民政府办公室2022年政府信息公开工作年度报告"),
        ("http://a.gov.cn/b.pdf", "附件 1"),
    ]
