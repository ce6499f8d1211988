"""Report metadata: title, report year, agency and its level, template, publication date.

The report year is the year the report is *about* (2021年…年度报告 published
in January 2022 is a 2021 report).  Nothing is guessed: a field that cannot
be read from the report or its page stays empty and ``parse_notes`` says
which.
"""

from __future__ import annotations

import re

from crawler import classify
from pipelines.draft import ReportDraft
from pipelines.normalize import normalize_text

_AGENCY_END_RE = re.compile(r"(?:人民政府|政府办公室|办公室|局|委员会|委|办|中心|分局|街道办事处|街道|镇|乡|院|所|队|站|会)$")
_PLACE_RE = re.compile(r"[\u4e00-\u9fff]{1,12}(?:省|自治区|市|州|盟|县|区|旗)")
_TEXT_YEAR_RE = re.compile(r"(?:统计数据|统计期限|统计时限)[^。\n]{0,12}?((?:19|20)\d{2})年")
_PUBLISHED_KEYS = ("PubDate", "发布日期", "发布时间", "公开日期", "成文日期")
_AGENCY_KEYS = ("发布机构", "所属机构", "发文机关", "ContentSource", "信息来源", "来源")
_DATE_RE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")

TEMPLATE_2021_CUES = ("国办公开办函〔2021〕30号", "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量",
                      "本年收费金额")
TEMPLATE_2019_CUES = ("国办公开办函〔2019〕60号", "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量")


def _title_from_lines(text: str) -> str | None:
    """The report title printed at the top of the text.

    Reports often print the agency on one line and "2021年政府信息公开工作年度报告"
    on the next; the two are joined back into one title.
    """
    lines = [l.strip() for l in text.split("\n")[:12] if l.strip()]
    for i, line in enumerate(lines):
        if not classify.is_report_title(line):
            continue
        previous = classify.squash(lines[i - 1]) if i else ""
        if re.match(r"(?:19|20)\d{2}", classify.squash(line)) and _AGENCY_END_RE.search(previous) and len(previous) <= 30:
            return previous + line
        return line
    return None


def find_title(draft: ReportDraft) -> str | None:
    candidates: list[str | None] = [doc.meta.get("ArticleTitle") for doc in draft.documents]
    candidates.append(draft.item.listing_title)
    if draft.primary:
        candidates.append(_title_from_lines(draft.primary.text))
    candidates += [doc.meta.get(tag) for doc in draft.documents for tag in ("<h1>", "<title>")]
    for candidate in candidates:
        if candidate and classify.is_report_title(candidate):
            return clean_title(candidate)
    return None


def clean_title(title: str) -> str:
    """Titles carry no meaningful spaces: "政府信息 公开" → "政府信息公开"."""
    return classify.squash(normalize_text(title))


def find_agency(title: str | None, draft: ReportDraft) -> str | None:
    if title:
        year_at = re.search(r"(?:19|20)\d{2}|[二][〇○零]", title)
        prefix = title[: year_at.start()].strip(" 《》-—:：") if year_at else ""
        if prefix and _AGENCY_END_RE.search(prefix):
            return prefix
        if prefix and _PLACE_RE.fullmatch(prefix):
            # "原州区2020年…年度报告" is the report of the place's government as a whole.
            return prefix + "人民政府"
    if draft.primary:
        m = re.search(r"现(?:予)?发布《([^《》]{2,40}?)\s*(?:19|20)\d{2}\s*年", draft.primary.text)
        if m and _AGENCY_END_RE.search(m.group(1).strip()):
            return m.group(1).strip()
    for doc in draft.documents:
        for key in _AGENCY_KEYS:
            value = doc.meta.get(key)
            if value and _AGENCY_END_RE.search(value):
                return value
    return None


def find_year(title: str | None, text: str) -> int | None:
    year = classify.title_year(title)
    if year:
        return year
    m = _TEXT_YEAR_RE.search(text)
    return int(m.group(1)) if m else None


def find_template(text: str) -> str | None:
    new = any(c in text for c in TEMPLATE_2021_CUES[1:])
    old = any(c in text for c in TEMPLATE_2019_CUES[1:])
    if new and old:
        return "hybrid"
    if new or (TEMPLATE_2021_CUES[0] in text and not old):
        return "2021"
    if old or TEMPLATE_2019_CUES[0] in text:
        return "2019"
    return None


def find_published_on(draft: ReportDraft) -> str | None:
    for doc in draft.documents:
        for key in _PUBLISHED_KEYS:
            m = _DATE_RE.search(doc.meta.get(key, ""))
            if m:
                return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def agency_level(agency: str | None) -> str | None:
    """``government`` (a county/district/city government or its office), ``township``, or ``department``."""
    if not agency:
        return None
    if re.search(r"(?:镇|乡|街道)(?:人民政府|办事处)?$|街道办事处$", agency):
        return "township"
    if re.search(r"(?:县|区|市|旗|州)人民政府(?:办公室)?$", agency):
        return "government"
    return "department"


def parse_metadata(draft: ReportDraft) -> ReportDraft:
    draft.title = find_title(draft) or (clean_title(draft.item.listing_title or "") or None)
    draft.agency = find_agency(draft.title, draft)
    draft.year = find_year(draft.title, draft.text)
    draft.template = find_template(draft.text)
    draft.published_on = find_published_on(draft)
    draft.level = agency_level(draft.agency)
    notes = []
    if not draft.text:
        reasons = sorted({d.error for d in draft.documents if d.error} | {c.error for c in draft.captures if c.error})
        notes.append("no_text" + (f" ({', '.join(reasons)})" if reasons else ""))
    for field in ("title", "agency", "year", "template"):
        if getattr(draft, field) is None and draft.text:
            notes.append(f"{field}_not_found")
    draft.parse_notes = notes
    draft.parse_status = "failed" if not draft.text else "partial"
    return draft


