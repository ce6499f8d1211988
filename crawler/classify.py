"""Recognise annual disclosure reports, their look-alikes, and the columns that hold them.

Everything here works on titles and link texts, so it is cheap enough to run
on every link of every page.  The rules come from what real portals publish:
report titles vary (年度报告, 年报, 年度…工作报告) and are often broken by a
stray space (``政府信息 公开``); the pages that most resemble reports are the
notices *about* compiling them, 工作要点, 公开指南 and 法治政府建设年度报告.
"""

from __future__ import annotations

import re
from enum import Enum

_SPACE_RE = re.compile(r"[\s\u3000\xa0]+")

# A year written in digits, full-width digits or Chinese numerals (二〇二一).
_CN_DIGITS = "〇○零一二三四五六七八九"
_YEAR_RE = re.compile(r"((?:19|20)\d{2})|([二][〇○零][〇○零一二三四五六七八九]{2})")

_REPORT_CORE_RE = re.compile(
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度报告|年报)"
    r"|年度(?:政府)?(?:信息公开|政务公开)(?:工作)?报告"
)

# Titles that mention the report but are not one.  Checked after the core
# pattern, so e.g. "关于做好2021年政府信息公开工作年度报告编制发布工作的通知" is rejected.
_LOOKALIKE_RE = re.compile(
    r"通知|通报|要点|指南|法治政府|方案|编制|报送|发布工作|培训|考核|评估|评议|检查|解读|图解|"
    r"目录|索引|意见|征求|函$|会议|规定|办法|制度|专栏$"
)

_COLUMN_TEXT_CUES = ("信息公开", "政务公开", "公开年报", "年度报告", "年报")
_ANNUAL_TEXT_CUES = ("年报", "年度报告")
_COLUMN_URL_RE = re.compile(r"(?:^|[/_.-])(?:xxgk|zwgk|zfxxgk|gknb|xxgknb|zfxxgknb|ndbg|gkml|zwgkml)(?:[/_.-]|$)", re.I)
_ANNUAL_URL_RE = re.compile(r"(?:gknb|xxgknb|zfxxgknb|ndbg|xxgkndbg)", re.I)

_YEAR_COLUMN_TEXT_RE = re.compile(r"^(?:(?:19|20)\d{2})\s*年?度?(?:年报|报告)?$")
_YEAR_COLUMN_URL_RE = re.compile(r"/(?:19|20)\d{2}n?/(?:index\.s?html?)?$")
_BODY_TEXT_RE = re.compile(r"部门|乡镇|街道|单位|政府|局$|委$|办$|镇$|乡$|中心$|办公室$|委员会$")

PAGER_TEXTS = ("下一页", "下页", "尾页", "末页", "最后一页", ">", ">>", "»", "›")
_PAGE_NUMBER_RE = re.compile(r"^\[?\d{1,4}\]?$")

DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et")


class LinkKind(str, Enum):
    """What a link on a navigation page leads to, as far as its text and URL tell."""

    REPORT = "report"          # a report page or a report document
    ANNUAL_COLUMN = "annual"   # the 年报 column or one of its sub-columns
    COLUMN = "column"          # a disclosure column that may lead to the 年报 column
    PAGER = "pager"            # pagination of the current listing
    OTHER = "other"


def squash(text: str | None) -> str:
    """Text with every kind of whitespace removed: titles break at random places."""
    return _SPACE_RE.sub("", text or "")


_CN_DIGIT_VALUE = {c: (0 if c in "〇○零" else "一二三四五六七八九".index(c) + 1) for c in _CN_DIGITS}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def title_year(title: str | None) -> int | None:
    """The first plausible year in a title (digits or Chinese numerals), else None."""
    text = squash(title).translate(_FULLWIDTH_DIGITS)
    for m in _YEAR_RE.finditer(text):
        if m.group(1):
            year = int(m.group(1))
        else:
            year = int("".join(str(_CN_DIGIT_VALUE[c]) for c in m.group(2)))
        if 1990 <= year <= 2100:
            return year
    return None


def is_report_title(title: str | None) -> bool:
    """True for the title of an annual disclosure report, False for look-alikes.

    A report title names the report (see ``_REPORT_CORE_RE``) and a year; the
    year may sit before (2021年…) or after (…（2021年）) the name.
    """
    text = squash(title)
    if not _REPORT_CORE_RE.search(text) or title_year(text) is None:
        return False
    return not _LOOKALIKE_RE.search(text)


def is_lookalike_title(title: str | None) -> bool:
    """True for titles that name the report but are something else (a notice, a guide…)."""
    text = squash(title)
    return bool(_REPORT_CORE_RE.search(text) and _LOOKALIKE_RE.search(text))


REPORT_SIGNALS = ("总体情况", "主动公开", "收到和处理", "行政复议", "存在的主要问题")


def report_signal_count(text: str) -> int:
    """How many of the template's section cues a text contains (0–5)."""
    return sum(1 for s in REPORT_SIGNALS if s in text)


def has_annual_cue(text: str | None, url: str) -> bool:
    """The link names the 年报 column itself (by text or by URL), not a sub-column."""
    label = squash(text)
    return any(cue in label for cue in _ANNUAL_TEXT_CUES) or bool(_ANNUAL_URL_RE.search(url))


def is_document_url(url: str) -> bool:
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    return path.endswith(DOCUMENT_EXTENSIONS)


def is_pager_text(text: str) -> bool:
    text = squash(text)
    return text in PAGER_TEXTS or bool(_PAGE_NUMBER_RE.match(text))


def classify_link(text: str | None, url: str, in_annual_column: bool, in_disclosure: bool) -> LinkKind:
    """Decide what a link is, given where the page holding it sits.

    The crawl is focused: outside the disclosure area only links that point
    into it are followed; inside the 年报 column year and body sub-columns and
    pagination are followed too.  Anything else is ignored, which is what keeps
    a crawl of a large portal small.
    """
    label = squash(text)
    if is_report_title(label):
        return LinkKind.REPORT
    if is_lookalike_title(label):
        return LinkKind.OTHER
    if (in_annual_column or in_disclosure) and is_pager_text(label):
        return LinkKind.PAGER
    if has_annual_cue(label, url):
        return LinkKind.ANNUAL_COLUMN
    if in_annual_column:
        if _YEAR_COLUMN_TEXT_RE.match(label) or _YEAR_COLUMN_URL_RE.search(url):
            return LinkKind.ANNUAL_COLUMN
        if len(label) <= 24 and _BODY_TEXT_RE.search(label):
            return LinkKind.ANNUAL_COLUMN
    if any(cue in label for cue in _COLUMN_TEXT_CUES) or _COLUMN_URL_RE.search(url):
        return LinkKind.COLUMN
    return LinkKind.OTHER
