"""Build the offline fixture portals used by the demo and the tests.

Writes ``tests/fixtures/portals/``:

* one folder per hostname with the portal's files (HTML, PDF, DOCX, robots.txt)
  and ``_portal.json`` (its charset and its misbehaving routes, read by
  ``tests/portalproxy.py``);
* ``sites.toml``: the registry entries for these portals (http start URLs);
* ``manifest.json``: the ground truth — every report with its URLs and every
  figure, the look-alikes that must not be archived, the URLs that must never
  be fetched, and the errors a crawl must record.

Three CMS styles on the portals our users named:

* www.xunwu.gov.cn — TRS WCM: year sub-columns, ``createPageHTML`` script
  pagination, truncated link texts with the full title in ``title=``;
* www.yzh.gov.cn — a plain list with 下一页/尾页 links, body sub-columns
  (部门单位, 乡镇街道), files on files.yzh.gov.cn, and every kind of trouble:
  a 404, an exhausted 503, a 503 that recovers, an offsite redirect, an
  endless pager, a robots.txt-disallowed folder;
* www.yanchi.gov.cn — a GBK-encoded site (charset in header and meta).

Run: ``python scripts/build_fixture_portals.py`` (needs reportlab, python-docx
and fonts-wqy-zenhei).  The output is committed; rerun after editing this file.
"""

from __future__ import annotations

import copy
import html
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path


sys.path.insert(0, str(Path(__file__).parent))
from fixture_render import report_docx, report_html_body, report_pdf  # noqa: E402
from fixture_reports import Report, make_report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "portals"


# --- portal pages -----------------------------------------------------------------

@dataclass
class Portal:
    host: str
    site_id: str
    name: str
    region: str
    charset: str = "utf-8"
    routes: dict = field(default_factory=dict)
    files: dict[str, bytes | str] = field(default_factory=dict)
    utf8_paths: set[str] = field(default_factory=set)   # pages whose bytes contradict the portal's charset

    def page(self, path: str, title: str, body: str, meta: dict[str, str] | None = None) -> None:
        charset_meta = "gb2312" if self.charset == "gbk" else self.charset
        metas = "".join(f'<meta name="{k}" content="{html.escape(v)}">' for k, v in (meta or {}).items())
        self.files[path] = (
            f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset_meta}">'
            f"<title>{html.escape(title)}</title>{metas}</head>\n<body>\n"
            f'<div class="header"><a href="/">{self.name}</a> <a href="/xwzx/">新闻中心</a> '
            f'<a href="/bsfw/">办事服务</a> <a href="/hdjl/">互动交流</a></div>\n'
            f'<div class="main">\n{body}\n</div>\n<div class="footer">主办：{self.name}办公室 备案号：示例ICP备00000000号</div>\n'
            "</body></html>\n"
        )

    def write(self, root: Path) -> None:
        base = root / self.host
        for path, content in self.files.items():
            target = base / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                gbk = self.charset == "gbk" and path.endswith((".html", "/")) and path not in self.utf8_paths
                content = content.encode("gbk" if gbk else "utf-8")
            target.write_bytes(content)
        (base / "_portal.json").write_text(
            json.dumps({"charset": self.charset, "routes": self.routes}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")


@dataclass
class Manifest:
    reports: list[dict] = field(default_factory=list)
    lookalikes: list[dict] = field(default_factory=list)
    never_fetched: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    traps: list[dict] = field(default_factory=list)
    js_reports: list[dict] = field(default_factory=list)

    def add_report(self, portal: Portal, report: Report, page: str | None, attachments: list[str],
                   text_in: str, failures: list[list[str]] | None = None) -> None:
        base = f"http://{portal.host}"
        urls = [a if a.startswith("http") else base + a for a in attachments]
        self.reports.append({
            "key": report.key, "site_id": portal.site_id, "host": portal.host, "title": report.title,
            "agency": report.agency, "year": report.year, "template": report.template,
            "page_url": base + page if page else None, "attachment_urls": urls,
            "canonical_url": base + page if page else urls[0], "text_in": text_in,
            "figures": report.figures, "check_failures": failures or [],
            "source_urls": sorted(([base + page] if page else []) + urls), "versions": 1,
        })

    def report(self, key: str) -> dict:
        return next(r for r in self.reports if r["key"] == key)


def report_page(portal: Portal, path: str, report: Report, published: str, full_text: bool,
                attachments: list[tuple[str, str]], extra_links: str = "") -> None:
    meta_block = (f'<table class="xxgk-meta"><tr><td>索引号：{portal.site_id}-{report.year}-0001</td>'
                  f"<td>发布机构：{report.agency}</td></tr><tr><td>发布日期：{published}</td><td>主题分类：政务公开</td></tr></table>")
    if full_text:
        content = report_html_body(report)
    else:
        content = (f"<p>根据《中华人民共和国政府信息公开条例》要求，现将{report.agency}{report.year}年政府信息公开工作"
                   "年度报告予以公布，全文见附件。</p>")
    links = "".join(f'<p>附件：<a href="{href}">{html.escape(text)}</a></p>' for href, text in attachments)
    body = f'{meta_block}\n<h1 class="title">{html.escape(report.title)}</h1>\n<div class="TRS_Editor">\n{content}\n</div>\n{links}{extra_links}'
    portal.page(path, f"{report.title}_{portal.name}", body,
                {"ArticleTitle": report.title, "PubDate": published + " 09:00", "ContentSource": report.agency})


def notice_page(portal: Portal, path: str, title: str) -> None:
    portal.page(path, title, f'<h1 class="title">{html.escape(title)}</h1><div class="TRS_Editor"><p>各单位：现就有关事项通知如下，'
                "请按时报送材料，逐项对照落实。</p><p>一、总体要求。二、时间安排。三、工作要求。</p></div>",
                {"ArticleTitle": title})


def listing(items: list[tuple[str, str]], truncate: bool = False) -> str:
    out = ['<ul class="list">']
    for href, text in items:
        shown = text if not truncate or len(text) <= 18 else text[:18] + "…"
        out.append(f'<li><a href="{href}" title="{html.escape(text)}" target="_blank">{html.escape(shown)}</a><span>2022-01-20</span></li>')
    out.append("</ul>")
    return "\n".join(out)


# --- the three portals --------------------------------------------------------------

def build_xunwu(m: Manifest) -> Portal:
    p = Portal("www.xunwu.gov.cn", "xunwu", "寻乌县人民政府", "江西省/赣州市/寻乌县")
    p.files["/robots.txt"] = "User-agent: *\nDisallow: /xxgk/gknb/draft/\n"
    p.page("/", "寻乌县人民政府", '<div class="nav"><a href="/xxgk/">政府信息公开</a> <a href="/xwzx/tzgg/">通知公告</a></div>'
           '<div class="news"><a href="/xwzx/2022/t1.html">寻乌县召开春耕生产推进会</a></div>')
    p.page("/xxgk/", "政府信息公开_寻乌县人民政府",
           '<div class="xxgk-nav"><a href="/xxgk/gkzn/">政府信息公开指南</a> <a href="/xxgk/jgzn/">机构职能</a> '
           '<a href="/xxgk/gknb/">政府信息公开年报</a> <a href="/xxgk/zcwj/">政策文件</a></div>')
    p.page("/xxgk/gkzn/", "政府信息公开指南", '<h1>寻乌县人民政府信息公开指南</h1><p>一、主动公开。二、依申请公开。</p>')
    years = {2021: "2021n", 2022: "2022n", 2023: "2023n"}
    p.page("/xxgk/gknb/", "政府信息公开年报_寻乌县人民政府",
           '<div class="sub-columns">' + " ".join(f'<a href="/xxgk/gknb/{d}/">{y}年度</a>' for y, d in years.items())
           + '</div><p>本栏目发布寻乌县各级行政机关政府信息公开工作年度报告。</p>'
           + listing([("/xxgk/gknb/draft/t1.html", "寻乌县2024年政府信息公开工作年度报告")]))

    office: dict[int, Report] = {}
    for y in years:   # one agency's consecutive years: 上年结转 chains to last year's 结转下年度
        office[y] = make_report(f"xunwu-office-{y}", "寻乌县人民政府办公室", y, "2021", seed=100 + y,
                                previous=office.get(y - 1))
    # 2021: full page plus a PDF copy of the same report
    report_page(p, "/xxgk/gknb/2021n/202201/t20220118_1001.html", office[2021], "2022-01-18", True,
                [("./P020220118_1001.pdf", office[2021].title + ".pdf")])
    p.files["/xxgk/gknb/2021n/202201/P020220118_1001.pdf"] = report_pdf(office[2021])
    m.add_report(p, office[2021], "/xxgk/gknb/2021n/202201/t20220118_1001.html",
                 ["/xxgk/gknb/2021n/202201/P020220118_1001.pdf"], "page")
    notice = "关于做好2021年度政府信息公开工作年度报告编制发布工作的通知"
    notice_page(p, "/xxgk/gknb/2021n/202112/t20211220_900.html", notice)
    m.lookalikes.append({"title": notice, "url": "http://www.xunwu.gov.cn/xxgk/gknb/2021n/202112/t20211220_900.html"})
    p.page("/xxgk/gknb/2021n/", "2021年度_政府信息公开年报", listing([
        ("./202201/t20220118_1001.html", office[2021].title),
        ("./202112/t20211220_900.html", notice),
    ], truncate=True))

    # 2022: TRS pagination over three listing pages
    dept = {
        "fgw": make_report("xunwu-fgw-2022", "寻乌县发展和改革委员会", 2022, "2021", seed=7),
        "jyj": make_report("xunwu-jyj-2022", "寻乌县教育局", 2022, "2021", seed=8),
    }
    report_page(p, "/xxgk/gknb/2022n/202301/t20230116_2001.html", office[2022], "2023-01-16", True, [])
    m.add_report(p, office[2022], "/xxgk/gknb/2022n/202301/t20230116_2001.html", [], "page")
    for i, (code, report) in enumerate(dept.items()):
        path = f"/xxgk/gknb/2022n/202301/t20230120_20{i + 2}0.html"
        report_page(p, path, report, "2023-01-20", True, [])
        m.add_report(p, report, path, [], "page")
    fazhi = "寻乌县2022年法治政府建设年度报告"
    notice_page(p, "/xxgk/gknb/2022n/202302/t20230210_2100.html", fazhi)
    yaodian = "寻乌县2022年政务公开工作要点"
    notice_page(p, "/xxgk/gknb/2022n/202203/t20220310_2200.html", yaodian)
    m.lookalikes += [{"title": fazhi, "url": "http://www.xunwu.gov.cn/xxgk/gknb/2022n/202302/t20230210_2100.html"},
                     {"title": yaodian, "url": "http://www.xunwu.gov.cn/xxgk/gknb/2022n/202203/t20220310_2200.html"}]
    pages = [
        [("./202301/t20230116_2001.html", office[2022].title), ("./202302/t20230210_2100.html", fazhi)],
        [("./202301/t20230120_2020.html", dept["fgw"].title), ("./202203/t20220310_2200.html", yaodian)],
        [("./202301/t20230120_2030.html", dept["jyj"].title)],
    ]
    for n, items in enumerate(pages):
        name = "index.html" if n == 0 else f"index_{n}.html"
        p.page(f"/xxgk/gknb/2022n/{name}", "2022年度_政府信息公开年报",
               listing(items, truncate=True) + f'<div class="page"><script>createPageHTML({len(pages)}, {n}, "index", "html");</script></div>')

    # 2023: intro page + DOCX; a township report linked straight as a PDF
    report_page(p, "/xxgk/gknb/2023n/202401/t20240119_3001.html", office[2023], "2024-01-19", False,
                [("/xxgk/gknb/2023n/202401/W020240119_3001.docx", "附件：2023年政府信息公开工作年度报告.docx")])
    p.files["/xxgk/gknb/2023n/202401/W020240119_3001.docx"] = report_docx(office[2023])
    m.add_report(p, office[2023], "/xxgk/gknb/2023n/202401/t20240119_3001.html",
                 ["/xxgk/gknb/2023n/202401/W020240119_3001.docx"], "attachment")
    town = make_report("xunwu-changning-2023", "寻乌县长宁镇人民政府", 2023, "2021", seed=9)
    p.files["/xxgk/gknb/2023n/202401/P020240125_3100.pdf"] = report_pdf(town)
    m.add_report(p, town, None, ["/xxgk/gknb/2023n/202401/P020240125_3100.pdf"], "attachment")
    p.page("/xxgk/gknb/2023n/", "2023年度_政府信息公开年报", listing([
        ("./202401/t20240119_3001.html", office[2023].title),
        ("./202401/P020240125_3100.pdf", town.title),
    ]))
    m.never_fetched.append({"url": "http://www.xunwu.gov.cn/xxgk/gknb/draft/t1.html", "why": "robots.txt"})
    return p


def build_yzh(m: Manifest) -> list[Portal]:
    p = Portal("www.yzh.gov.cn", "yzh", "固原市原州区人民政府", "宁夏回族自治区/固原市/原州区")
    files = Portal("files.yzh.gov.cn", "yzh", "固原市原州区人民政府", "宁夏回族自治区/固原市/原州区")
    p.files["/robots.txt"] = "User-agent: *\nDisallow: /zwgk/ndbg/private/\n"
    files.files["/robots.txt"] = "User-agent: *\nAllow: /\n"
    p.page("/", "固原市原州区人民政府", '<a href="/zwgk/">政务公开</a> <a href="http://www.nx.gov.cn/zwgk/">宁夏回族自治区政务公开</a>')
    p.page("/zwgk/", "政务公开", '<a href="/zwgk/fdzdgknr/">法定主动公开内容</a> <a href="/zwgk/ndbg/">政府信息公开年度报告</a>')
    p.page("/zwgk/fdzdgknr/", "法定主动公开内容", '<a href="/zwgk/fdzdgknr/ghjh/">规划计划</a>')
    p.page("/zwgk/fdzdgknr/ghjh/", "规划计划", "<p>暂无信息</p>")
    gov: dict[int, Report] = {}
    for y in (2019, 2020, 2021):
        gov[y] = make_report(f"yzh-gov-{y}", "固原市原州区人民政府", y, "2019" if y < 2021 else "2021",
                             seed=200 + y, previous=gov.get(y - 1))
    report_page(p, "/zwgk/ndbg/202001/t20200120_1.html", gov[2019], "2020-01-20", True, [])
    m.add_report(p, gov[2019], "/zwgk/ndbg/202001/t20200120_1.html", [], "page")
    # 2020: page + PDF that fails once with 503 and then succeeds
    report_page(p, "/zwgk/ndbg/202101/t20210125_2.html", gov[2020], "2021-01-25", True,
                [("/zwgk/ndbg/202101/P020210125.pdf", "原州区2020年政府信息公开工作年度报告.pdf")])
    p.files["/zwgk/ndbg/202101/P020210125.pdf"] = report_pdf(gov[2020])
    p.routes["/zwgk/ndbg/202101/P020210125.pdf"] = {"fail_times": 1, "status": 503}
    m.add_report(p, gov[2020], "/zwgk/ndbg/202101/t20210125_2.html", ["/zwgk/ndbg/202101/P020210125.pdf"], "page")
    # 2021: page whose extra attachment is always 503
    report_page(p, "/zwgk/ndbg/202201/t20220121_3.html", gov[2021], "2022-01-21", True,
                [("/zwgk/ndbg/202201/P020220121_tables.xls", "附表.xls")])
    p.routes["/zwgk/ndbg/202201/P020220121_tables.xls"] = {"status": 503}
    m.add_report(p, gov[2021], "/zwgk/ndbg/202201/t20220121_3.html", [], "page")
    m.errors.append({"url": "http://www.yzh.gov.cn/zwgk/ndbg/202201/P020220121_tables.xls", "error": "http_503"})
    m.errors.append({"url": "http://www.yzh.gov.cn/zwgk/ndbg/2018/t2018.html", "error": "http_404"})
    p.routes["/zwgk/ndbg/2017/t2017.html"] = {"status": 302, "redirect": "http://www.offsite-mirror.com/yzh/2017.html"}
    m.errors.append({"url": "http://www.yzh.gov.cn/zwgk/ndbg/2017/t2017.html", "error": "offsite_redirect"})
    m.never_fetched += [{"url": "http://www.offsite-mirror.com/yzh/2017.html", "why": "offsite redirect"},
                        {"url": "http://www.nx.gov.cn/zwgk/", "why": "offsite link"},
                        {"url": "http://www.yzh.gov.cn/zwgk/ndbg/private/t2016.html", "why": "robots.txt"}]
    p.routes["/zwgk/ndbg/search"] = {"endless_pager": True}
    m.traps.append({"host": "www.yzh.gov.cn", "path": "/zwgk/ndbg/search"})
    sub = '<div class="sub"><a href="/zwgk/ndbg/bmdw/">部门单位</a> <a href="/zwgk/ndbg/xzjd/">乡镇街道</a> <a href="/zwgk/ndbg/search?page=1">年报检索</a></div>'
    p.page("/zwgk/ndbg/", "政府信息公开年度报告", sub + listing([
        ("/zwgk/ndbg/202201/t20220121_3.html", gov[2021].title),
        ("/zwgk/ndbg/2018/t2018.html", "原州区2018年政府信息公开工作年度报告"),
        ("/zwgk/ndbg/private/t2016.html", "原州区2016年政府信息公开工作年度报告"),
    ]) + '<div class="pager"><a href="/zwgk/ndbg/">首页</a> <a href="/zwgk/ndbg/index_2.html">下一页</a> <a href="/zwgk/ndbg/index_2.html">尾页</a></div>')
    p.page("/zwgk/ndbg/index_2.html", "政府信息公开年度报告", sub + listing([
        ("/zwgk/ndbg/202101/t20210125_2.html", gov[2020].title),
        ("/zwgk/ndbg/202001/t20200120_1.html", gov[2019].title),
        ("/zwgk/ndbg/2017/t2017.html", "原州区2017年政府信息公开工作年度报告"),
    ]) + '<div class="pager"><a href="/zwgk/ndbg/">首页</a> <a href="/zwgk/ndbg/">上一页</a></div>')
    edu = make_report("yzh-edu-2021", "固原市原州区教育局", 2021, "2021", seed=11)
    report_page(p, "/zwgk/ndbg/bmdw/202201/t20220126_11.html", edu, "2022-01-26", False,
                [("http://files.yzh.gov.cn/upload/2022/edu_2021_nb.docx", "原州区教育局2021年政府信息公开工作年度报告.docx")])
    files.files["/upload/2022/edu_2021_nb.docx"] = report_docx(edu)
    m.add_report(p, edu, "/zwgk/ndbg/bmdw/202201/t20220126_11.html",
                 ["http://files.yzh.gov.cn/upload/2022/edu_2021_nb.docx"], "attachment")
    # A report that contradicts itself: its printed （七）总计 for natural persons is one too high.
    health = make_report("yzh-health-2021", "固原市原州区卫生健康局", 2021, "2021", seed=13)
    health.figures["3"]["total_processed"]["natural_person"] += 1
    report_page(p, "/zwgk/ndbg/bmdw/202201/t20220127_12.html", health, "2022-01-27", True, [])
    m.add_report(p, health, "/zwgk/ndbg/bmdw/202201/t20220127_12.html", [], "page",
                 failures=[["t3_balance", "natural_person"], ["t3_results_sum", "natural_person"],
                           ["t3_row_sum", "total_processed"]])
    p.page("/zwgk/ndbg/bmdw/", "部门单位", listing([("/zwgk/ndbg/bmdw/202201/t20220126_11.html", edu.title),
                                                ("/zwgk/ndbg/bmdw/202201/t20220127_12.html", health.title)]))
    town = make_report("yzh-sanying-2021", "固原市原州区三营镇人民政府", 2021, "2021", seed=12)
    p.files["/upload/2022/sanying_2021.pdf"] = report_pdf(town)
    m.add_report(p, town, None, ["/upload/2022/sanying_2021.pdf"], "attachment")
    p.page("/zwgk/ndbg/xzjd/", "乡镇街道", listing([("/upload/2022/sanying_2021.pdf", town.title)]))
    return [p, files]


def build_yanchi(m: Manifest) -> Portal:
    p = Portal("www.yanchi.gov.cn", "yanchi", "盐池县人民政府", "宁夏回族自治区/吴忠市/盐池县", charset="gbk")
    p.files["/robots.txt"] = "User-agent: *\nDisallow: /search/\n"
    p.page("/", "盐池县人民政府", '<a href="/xxgk/">信息公开</a> <a href="/search/?q=年报">站内搜索</a>')
    p.page("/xxgk/", "信息公开", '<a href="/xxgk/xxgkzn/">信息公开指南</a> <a href="/xxgk/xxgknb/">信息公开年报</a>')
    p.page("/xxgk/xxgkzn/", "信息公开指南", "<p>盐池县人民政府信息公开指南（2022年修订）</p>")
    office = make_report("yanchi-office-2021", "盐池县人民政府办公室", 2021, "2021", seed=31)
    eco = make_report("yanchi-eco-2020", "吴忠市生态环境局盐池分局", 2020, "2019", seed=32)
    culture = make_report("yanchi-culture-2020", "盐池县文化旅游广电局", 2020, "2019", seed=33)
    town = make_report("yanchi-huamachi-2022", "盐池县花马池镇人民政府", 2022, "2021", seed=34)
    report_page(p, "/xxgk/xxgknb/202201/t20220124_101.html", office, "2022-01-24", True, [])
    report_page(p, "/xxgk/xxgknb/202101/t20210128_102.html", eco, "2021-01-28", True, [])
    report_page(p, "/xxgk/xxgknb/202101/t20210129_103.html", culture, "2021-01-29", False,
                [("/xxgk/xxgknb/202101/W020210129_103.docx", "盐池县文化旅游广电局2020年政府信息公开工作年度报告.docx")])
    p.files["/xxgk/xxgknb/202101/W020210129_103.docx"] = report_docx(culture)
    report_page(p, "/xxgk/xxgknb/202301/t20230118_104.html", town, "2023-01-18", True, [])
    m.add_report(p, office, "/xxgk/xxgknb/202201/t20220124_101.html", [], "page")
    # A corrected republication: same agency and year, one application moved from 予以公开 to 部分公开.
    corrected = copy.deepcopy(office)
    for row, delta in (("granted", -1), ("partially_granted", +1)):
        corrected.figures["3"][row]["natural_person"] += delta
        corrected.figures["3"][row]["total"] += delta
    report_page(p, "/xxgk/xxgknb/202202/t20220215_110.html", corrected, "2022-02-15", True, [])
    truth = m.report("yanchi-office-2021")
    truth.update(canonical_url="http://www.yanchi.gov.cn/xxgk/xxgknb/202202/t20220215_110.html",
                 figures=corrected.figures, versions=2,
                 source_urls=sorted(truth["source_urls"] + ["http://www.yanchi.gov.cn/xxgk/xxgknb/202202/t20220215_110.html"]))
    m.add_report(p, eco, "/xxgk/xxgknb/202101/t20210128_102.html", [], "page")
    m.add_report(p, culture, "/xxgk/xxgknb/202101/t20210129_103.html",
                 ["/xxgk/xxgknb/202101/W020210129_103.docx"], "attachment")
    m.add_report(p, town, "/xxgk/xxgknb/202301/t20230118_104.html", [], "page")
    # A page saved as UTF-8 on this GBK portal: the header and <meta> say GBK, the bytes do not.
    gaoshawo = make_report("yanchi-gaoshawo-2022", "盐池县高沙窝镇人民政府", 2022, "2021", seed=35)
    report_page(p, "/xxgk/xxgknb/202301/t20230120_105.html", gaoshawo, "2023-01-20", True, [])
    p.utf8_paths.add("/xxgk/xxgknb/202301/t20230120_105.html")
    m.add_report(p, gaoshawo, "/xxgk/xxgknb/202301/t20230120_105.html", [], "page")
    guide = "盐池县2021年政府信息公开工作年度报告编制工作培训会议通知"
    notice_page(p, "/xxgk/xxgknb/202112/t20211210_99.html", guide)
    m.lookalikes.append({"title": guide, "url": "http://www.yanchi.gov.cn/xxgk/xxgknb/202112/t20211210_99.html"})
    p.page("/xxgk/xxgknb/", "信息公开年报", listing([
        ("/xxgk/xxgknb/202202/t20220215_110.html", corrected.title + "（更正）"),
        ("/xxgk/xxgknb/202101/W020210129_103.docx", culture.title),   # the page's attachment, linked directly too
        ("/xxgk/xxgknb/202301/t20230118_104.html", town.title),
        ("/xxgk/xxgknb/202201/t20220124_101.html", office.title),
        ("/xxgk/xxgknb/202112/t20211210_99.html", guide),
    ]) + '<div class="pager"><a href="/xxgk/xxgknb/index_2.html">下一页</a></div>')
    p.page("/xxgk/xxgknb/index_2.html", "信息公开年报", listing([
        ("/xxgk/xxgknb/202301/t20230120_105.html", gaoshawo.title),
        ("/xxgk/xxgknb/202101/t20210128_102.html", eco.title),
        ("/xxgk/xxgknb/202101/t20210129_103.html", culture.title),
    ]) + '<div class="pager"><a href="/xxgk/xxgknb/">上一页</a></div>')
    m.never_fetched.append({"url": "http://www.yanchi.gov.cn/search/?q=年报", "why": "robots.txt"})
    return p


def build_ganzhou(m: Manifest, xunwu: Portal) -> Portal:
    """The city portal reposts county reports: other furniture, spacing and punctuation width."""
    p = Portal("www.ganzhou.gov.cn", "ganzhou", "赣州市人民政府", "江西省/赣州市")
    p.files["/robots.txt"] = "User-agent: *\nDisallow:\n"
    p.page("/", "赣州市人民政府", '<a href="/zwgk/">政务公开</a>')
    p.page("/zwgk/", "政务公开", '<a href="/zwgk/gknb/">政府信息公开年报</a>')
    original = m.report("xunwu-office-2022")
    page = xunwu.files["/xxgk/gknb/2022n/202301/t20230116_2001.html"]
    body = page[page.index('<h1'):page.index('</div>\n<div class="footer">')]
    body = (body.replace("（", "(").replace("）", ")").replace("：", ":")       # half-width punctuation
            .replace("。", "。 ").replace("，", "， "))                        # and stray spaces
    p.page("/zwgk/gknb/xsq/202301/t20230201_5001.html", original["title"] + "_赣州市人民政府",
           '<div class="source">来源：寻乌县人民政府 发布时间：2023-02-01</div>' + body,
           {"ArticleTitle": original["title"], "PubDate": "2023-02-01 10:00"})
    original["source_urls"] = sorted(original["source_urls"] + ["http://www.ganzhou.gov.cn/zwgk/gknb/xsq/202301/t20230201_5001.html"])
    pdf = "/xxgk/gknb/2021n/202201/P020220118_1001.pdf"
    p.files["/zwgk/gknb/files/xunwu_2021.pdf"] = xunwu.files[pdf]        # the same file, re-hosted
    first = m.report("xunwu-office-2021")
    first["source_urls"] = sorted(first["source_urls"] + ["http://www.ganzhou.gov.cn/zwgk/gknb/files/xunwu_2021.pdf"])
    p.page("/zwgk/gknb/", "政府信息公开年报", listing([
        ("/zwgk/gknb/xsq/202301/t20230201_5001.html", original["title"]),
        ("/zwgk/gknb/files/xunwu_2021.pdf", first["title"]),
    ]))
    return p


def build_js_portals(m: Manifest) -> list[Portal]:
    """Three portals whose report listings are built in the browser (render_js = "auto")."""
    portals = []
    # (a) Hanweb: the records sit in a <script type="text/xml"> datastore that a script renders.
    p = Portal("www.tongxin.gov.cn", "tongxin", "同心县人民政府", "宁夏回族自治区/吴忠市/同心县")
    p.files["/robots.txt"] = "User-agent: *\nDisallow:\n"
    p.page("/", "同心县人民政府", '<a href="/col/col101/index.html">政府信息公开</a>')
    p.page("/col/col101/index.html", "政府信息公开", '<a href="/col/col102/index.html">政府信息公开年报</a>')
    reports = [make_report("js-tongxin-2022", "同心县人民政府办公室", 2022, "2021", seed=61),
               make_report("js-tongxin-edu-2022", "同心县教育局", 2022, "2021", seed=62)]
    records = ""
    for i, report in enumerate(reports):
        path = f"/art/2023/1/{18 + i}/art_102_{500 + i}.html"
        report_page(p, path, report, f"2023-01-{18 + i}", True, [])
        m.add_report(p, report, path, [], "page")
        records += (f'<record><![CDATA[<li><a href="{path}" title="{report.title}" target="_blank">{report.title}</a>'
                    f'<span>2023-01-{18 + i}</span></li>]]></record>\n')
    p.page("/col/col102/index.html", "政府信息公开年报",
           '<div id="div102"></div><script type="text/xml"><datastore><nextgroup><![CDATA[]]></nextgroup>'
           f'<recordset>\n{records}</recordset></datastore></script>'
           '<script>var d=document.querySelector("script[type=\'text/xml\']").textContent;'
           'document.getElementById("div102").innerHTML=d.replace(/<[^>]*CDATA\\[|\\]\\]>/g,"");</script>')
    portals.append(p)
    # (b) XHR: the page fetches a JSON endpoint, two pages of it.
    p = Portal("www.longde.gov.cn", "longde", "隆德县人民政府", "宁夏回族自治区/固原市/隆德县")
    p.files["/robots.txt"] = "User-agent: *\nDisallow:\n"
    p.page("/", "隆德县人民政府", '<a href="/zwgk/">政务公开</a>')
    p.page("/zwgk/", "政务公开", '<a href="/zwgk/ndbg/">政府信息公开年度报告</a>')
    reports = [make_report(f"js-longde-{y}", "隆德县人民政府办公室", y, "2021", seed=70 + y % 10) for y in (2021, 2022, 2023)]
    items = []
    for i, report in enumerate(reports):
        path = f"/zwgk/ndbg/{report.year + 1}01/t{report.year + 1}0120_{i}.html"
        report_page(p, path, report, f"{report.year + 1}-01-20", True, [])
        m.add_report(p, report, path, [], "page")
        items.append({"docTitle": report.title, "docUrl": path, "pubDate": f"{report.year + 1}-01-20"})
    p.files["/zwgk/ndbg/data/list.json"] = json.dumps({"page": 1, "totalPages": 2, "data": items[:2],
                                                       "next": "/zwgk/ndbg/data/list_2.json"}, ensure_ascii=False)
    p.files["/zwgk/ndbg/data/list_2.json"] = json.dumps({"page": 2, "totalPages": 2, "data": items[2:], "next": ""},
                                                        ensure_ascii=False)
    p.page("/zwgk/ndbg/", "政府信息公开年度报告",
           '<ul id="list"></ul><script>fetch("/zwgk/ndbg/data/list.json").then(r => r.json()).then(j => {'
           'document.getElementById("list").innerHTML = j.data.map(d => `<li><a href="${d.docUrl}">${d.docTitle}</a></li>`).join("");'
           '});</script>')
    portals.append(p)
    # (c) A script writes the links after a delay, from values only it knows: only a browser sees them.
    p = Portal("www.pengyang.gov.cn", "pengyang", "彭阳县人民政府", "宁夏回族自治区/固原市/彭阳县")
    p.files["/robots.txt"] = "User-agent: *\nDisallow:\n"
    p.page("/", "彭阳县人民政府", '<a href="/xxgk/">信息公开</a>')
    p.page("/xxgk/", "信息公开", '<a href="/xxgk/nb/">信息公开年报</a>')
    reports = [make_report("js-pengyang-2022", "彭阳县人民政府办公室", 2022, "2021", seed=81),
               make_report("js-pengyang-town-2022", "彭阳县白阳镇人民政府", 2022, "2021", seed=82)]
    parts = []
    for i, report in enumerate(reports):
        path = f"/xxgk/nb/202301/t20230125_{800 + i}.html"
        report_page(p, path, report, "2023-01-25", True, [])
        m.add_report(p, report, path, [], "page")
        parts.append(f'["{800 + i}", "{report.agency}"]')
    p.page("/xxgk/nb/", "信息公开年报",
           '<ul id="nb"></ul><script>setTimeout(function () { var rows = [' + ", ".join(parts) + '], h = "";'
           'rows.forEach(function (r) { h += "<li><a href=\\"/xxgk/nb/202301/t20230125_" + r[0] + ".ht" + "ml\\">" + r[1]'
           ' + "2022年政府信息公开工作年度报告</a></li>"; });'
           'document.getElementById("nb").innerHTML = h; }, 800);</script>')
    portals.append(p)
    for portal in portals:
        for r in m.reports:
            if r["site_id"] == portal.site_id:
                r["js"] = True
    return portals


JS_SITES_TOML = """\
# Fixture portals whose listings are built by script (tests/crawler/test_render.py).

[[site]]
id = "tongxin"
name = "同心县人民政府"
region = "宁夏回族自治区/吴忠市/同心县"
start_urls = ["http://www.tongxin.gov.cn/"]
allowed_domains = ["tongxin.gov.cn"]
render_js = "auto"

[[site]]
id = "longde"
name = "隆德县人民政府"
region = "宁夏回族自治区/固原市/隆德县"
start_urls = ["http://www.longde.gov.cn/"]
allowed_domains = ["longde.gov.cn"]
render_js = "auto"

[[site]]
id = "pengyang"
name = "彭阳县人民政府"
region = "宁夏回族自治区/固原市/彭阳县"
start_urls = ["http://www.pengyang.gov.cn/"]
allowed_domains = ["pengyang.gov.cn"]
render_js = "auto"
"""


SITES_TOML = """\
# The offline fixture portals (tests/fixtures/portals), served by tests/portalproxy.py.
# Generated by scripts/build_fixture_portals.py. Same hostnames as the real portals, plain http.

[[site]]
id = "xunwu"
name = "寻乌县人民政府"
region = "江西省/赣州市/寻乌县"
start_urls = ["http://www.xunwu.gov.cn/"]
allowed_domains = ["xunwu.gov.cn"]

[[site]]
id = "yzh"
name = "固原市原州区人民政府"
region = "宁夏回族自治区/固原市/原州区"
start_urls = ["http://www.yzh.gov.cn/"]
allowed_domains = ["yzh.gov.cn"]

[[site]]
id = "yanchi"
name = "盐池县人民政府"
region = "宁夏回族自治区/吴忠市/盐池县"
start_urls = ["http://www.yanchi.gov.cn/"]
allowed_domains = ["yanchi.gov.cn"]

[[site]]
id = "ganzhou"
name = "赣州市人民政府"
region = "江西省/赣州市"
start_urls = ["http://www.ganzhou.gov.cn/"]
allowed_domains = ["ganzhou.gov.cn"]
"""


def main() -> None:
    manifest = Manifest()
    xunwu = build_xunwu(manifest)
    portals = [xunwu, *build_yzh(manifest), build_yanchi(manifest), build_ganzhou(manifest, xunwu)]
    js_manifest = Manifest()
    portals += build_js_portals(js_manifest)
    if ROOT.exists():
        shutil.rmtree(ROOT)
    ROOT.mkdir(parents=True)
    for portal in portals:
        portal.write(ROOT)
    (ROOT / "sites.toml").write_text(SITES_TOML, encoding="utf-8")
    (ROOT / "js-sites.toml").write_text(JS_SITES_TOML, encoding="utf-8")
    manifest.js_reports = js_manifest.reports
    (ROOT / "manifest.json").write_text(
        json.dumps(manifest.__dict__, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(portals)} portals with {len(manifest.reports)} reports to {ROOT}")


if __name__ == "__main__":
    main()
