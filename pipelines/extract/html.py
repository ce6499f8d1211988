"""HTML report pages: the article text and the page's metadata block.

trafilatura finds the article body and drops the portal furniture; when it
finds nothing (very short pages, odd templates), the text of <body> is used.
Scrapy has already decoded the page (header, then meta, then bytes); the
encoding it used is kept on the capture.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura

from pipelines.draft import Document

_META_LABELS = ("索引号", "发布机构", "所属机构", "信息来源", "来源", "发文机关", "发布日期", "成文日期", "发布时间", "公开日期")
_META_RE = re.compile(r"(" + "|".join(_META_LABELS) + r")\s*[:：]\s*([^\s|｜]{1,60}(?: \d{1,2}:\d{2}(?::\d{2})?)?)")


def decode(body: bytes, declared: str | None) -> str:
    for encoding in filter(None, (declared, "utf-8", "gb18030")):
        try:
            return body.decode("gb18030" if encoding.lower() in ("gbk", "gb2312") else encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("utf-8", errors="replace")


def extract(doc: Document) -> None:
    html = decode(doc.capture.body or b"", doc.capture.encoding)
    text = trafilatura.extract(html, include_tables=True, include_comments=False, favor_recall=True) or ""
    tree = lxml.html.fromstring(html) if html.strip() else None
    if not text.strip() and tree is not None:
        body = tree.find("body")
        text = (body if body is not None else tree).text_content()
    doc.raw_text = text
    if tree is not None:
        doc.meta = page_meta(tree)
    if not text.strip():
        doc.error = "no_text"


def page_meta(tree) -> dict[str, str]:
    """The metadata a portal prints about an article: <meta> tags and the 索引号/发布机构 block."""
    meta: dict[str, str] = {}
    for name in ("ArticleTitle", "PubDate", "ContentSource", "SiteName", "ColumnName"):
        node = tree.find(f".//meta[@name='{name}']")
        if node is not None and node.get("content"):
            meta[name] = node.get("content").strip()
    # Join text nodes with spaces: the block is usually a table, and its cells
    # would otherwise run together (发布机构：X发布日期：Y).
    for label, value in _META_RE.findall(" ".join(tree.itertext())):
        meta.setdefault(label, value.strip())
    return meta
