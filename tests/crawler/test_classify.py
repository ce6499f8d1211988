import pytest

from crawler.classify import LinkKind, classify_link, is_lookalike_title, is_report_title, title_year

REPORTS = [
    ("盐池县人民政府办公室2021年政府信息公开工作年度报告", 2021),
    ("盐池县文化旅游广电局 2020 年政府信息 公开工作年度报告", 2020),   # seed 002: split by spaces
    ("原州区 2020 年政府信息公开工作年度报告", 2020),
    ("寻乌县2021年度政府信息公开工作报告", 2021),
    ("政府信息公开工作年度报告（二〇二一年）", 2021),
    ("２０２２年政府信息公开工作年度报告", 2022),
    ("吴忠市生态环境局盐池分局2020年政府信息公开年报", 2020),
]
LOOKALIKES = [
    "关于做好2021年政府信息公开工作年度报告编制发布工作的通知",
    "盐池县2021年政府信息公开工作年度报告编制工作培训会议通知",
    "图解：2021年政府信息公开工作年度报告",
    "2021年政府信息公开工作年度报告目录",
]
NOT_REPORTS = ["2022年政务公开工作要点", "寻乌县人民政府信息公开指南", "盐池县2021年法治政府建设年度报告",
               "某公司2021年度报告", "政府信息公开年报"]


@pytest.mark.parametrize("title, year", REPORTS)
def test_report_titles(title, year):
    assert is_report_title(title)
    assert title_year(title) == year


@pytest.mark.parametrize("title", LOOKALIKES)
def test_lookalikes_rejected(title):
    assert not is_report_title(title)
    assert is_lookalike_title(title)


@pytest.mark.parametrize("title", NOT_REPORTS)
def test_other_titles_rejected(title):
    assert not is_report_title(title)


@pytest.mark.parametrize("text, url, annual, disclosure, kind", [
    ("政府信息公开", "http://x.gov.cn/xxgk/", False, False, LinkKind.COLUMN),
    ("法定主动公开内容", "http://x.gov.cn/zwgk/fdzdgknr/", False, False, LinkKind.COLUMN),   # by URL cue
    ("政府信息公开年报", "http://x.gov.cn/xxgk/gknb/", False, True, LinkKind.ANNUAL_COLUMN),
    ("更多", "http://x.gov.cn/col/zfxxgknb/", False, True, LinkKind.ANNUAL_COLUMN),
    ("2023年度", "http://x.gov.cn/xxgk/gknb/2023n/", True, True, LinkKind.ANNUAL_COLUMN),
    ("乡镇街道", "http://x.gov.cn/ndbg/xzjd/", True, True, LinkKind.ANNUAL_COLUMN),
    ("下一页", "http://x.gov.cn/xxgk/gknb/index_1.html", True, True, LinkKind.PAGER),
    ("3", "http://x.gov.cn/list_3.html", True, True, LinkKind.PAGER),
    ("下一页", "http://x.gov.cn/news/index_1.html", False, False, LinkKind.OTHER),
    ("新闻中心", "http://x.gov.cn/xwzx/", True, True, LinkKind.ANNUAL_COLUMN),   # the spider scopes it to the column
    ("新闻中心", "http://x.gov.cn/xwzx/", False, True, LinkKind.OTHER),
    ("2021年政府信息公开工作年度报告", "http://x.gov.cn/a.html", False, False, LinkKind.REPORT),
    ("关于做好2021年政府信息公开工作年度报告编制发布工作的通知", "http://x.gov.cn/gknb/b.html", True, True, LinkKind.OTHER),
])
def test_classify_link(text, url, annual, disclosure, kind):
    assert classify_link(text, url, annual, disclosure) is kind
