"""HTML report pages: article paragraphs and tables, in order, with the page's metadata.

trafilatura is good at finding the article and bad at tables (it flattens
them and loses row/column spans), so it is used only to *locate* the
article: the DOM element that holds most of the paragraphs trafilatura kept
is walked in document order, paragraphs and tables alike, and tables are
read from the DOM with rowspan/colspan expanded.

The encoding is decided from the bytes (:mod:`crawler.encoding`), so a page
that declares GBK but is UTF-8 (or the reverse) still reads correctly.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura

from crawler.encoding import declared_encoding, decode
from pipelines.document import Block, Paragraph, Table, expand_grid
from pipelines.draft import Document

_META_LABELS = ("索引号", "发布机构", "所属机构", "信息来源", "来源", "发文机关", "发布日期", "成文日期", "发布时间", "公开日期")
_META_RE = re.compile(r"(" + "|".join(_META_LABELS) + r")\s*[:：]\s*([^\s|｜]{1,60}(?: \d{1,2}:\d{2}(?::\d{2})?)?)")
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote", "section",
               "article", "pre", "center", "ul", "ol", "dl", "form", "header", "footer", "br", "tr"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "iframe", "select", "option", "button"}
_HAN = re.compile(r"[\u3400-\u9fff，。；：、（）“”]")
_WS = re.compile(r"[ \t\r\n\f\u3000\xa0]+")


def _join(a: str, b: str) -> str:
    """Join two pieces of one line: no space between Chinese characters."""
    if not a or not b:
        return a + b
    if _HAN.match(a[-1]) or _HAN.match(b[0]):
        return a + b
    return a + " " + b


def element_lines(el) -> list[str]:
    """Visible text of an element as lines: block tags and <br> break lines, inline tags do not.

    Inline text is concatenated as the browser would (whitespace collapsed, not
    inserted), so Word-pasted markup that splits one word or number over many
    <span>s (<span>结果维</span><span>持</span>, <span>2</span><span>8</span>) reads whole.
    """
    lines: list[str] = [""]

    def add(text: str | None) -> None:
        if text:
            lines[-1] += _WS.sub(" ", text)

    def walk(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS or not tag:
            return
        block = tag in _BLOCK_TAGS or tag in ("td", "th")
        if block and lines[-1].strip():
            lines.append("")
        add(node.text)
        for child in node:
            walk(child)
            add(child.tail)
        if block and lines[-1].strip():
            lines.append("")

    walk(el)
    return [l for l in (l.strip() for l in lines) if l]


def cell_text(el) -> str:
    lines = element_lines(el)
    text = ""
    for line in lines:
        text = _join(text, line)
    return text


def html_table(table_el) -> Table:
    """A <table> as an expanded grid (rowspan/colspan honoured, nested tables ignored)."""
    cells: list[tuple[int, int, int, int, str]] = []
    occupied: set[tuple[int, int]] = set()
    rows = [tr for tr in table_el.iter("tr") if _nearest_table(tr) is table_el]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in occupied:
                c += 1
            rowspan = _span(td.get("rowspan"))
            colspan = _span(td.get("colspan"))
            rowspan = min(rowspan, len(rows) - r)
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    occupied.add((rr, cc))
            cells.append((r, c, rowspan, colspan, cell_text(td)))
            c += colspan
    return expand_grid(cells)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _nearest_table(el):
    parent = el.getparent()
    while parent is not None and (not isinstance(parent.tag, str) or parent.tag.lower() != "table"):
        parent = parent.getparent()
    return parent


def _is_data_table(table_el) -> bool:
    """Leaf tables with at least two rows and two columns; layout tables hold other tables."""
    if any(True for _ in table_el.iterdescendants("table")):
        return False
    rows = [tr for tr in table_el.iter("tr")]
    return len(rows) >= 2 and max((len([c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]) for tr in rows), default=0) >= 2


def article_root(tree, kept_text: str):
    """The element holding most of the paragraphs trafilatura kept (else <body>)."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    if not kept_text.strip():
        return root
    wanted = {_WS.sub("", l) for l in kept_text.split("\n") if len(_WS.sub("", l)) >= 6}
    hits = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag.lower() in _SKIP_TAGS:
            continue
        own = _WS.sub("", "".join(element_lines(el)) if el.tag.lower() in ("p", "td", "h1", "h2", "h3", "li") else "")
        if own and own in wanted:
            hits.append(el)
    if len(hits) < 2:
        return root
    best = root
    for candidate in hits[0].iterancestors():
        inside = sum(1 for h in hits if candidate in h.iterancestors())
        if inside >= 0.8 * len(hits):
            best = candidate
            break
    return best


def walk_blocks(root) -> list[Block]:
    blocks: list[Block] = []

    def walk(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "table":
            if _is_data_table(node):
                blocks.append(html_table(node))
            else:
                for child in node:
                    walk(child)
            return
        has_block_child = any(isinstance(c.tag, str) and (c.tag.lower() in _BLOCK_TAGS or c.tag.lower() == "table")
                              for c in node)
        if not has_block_child and tag:
            for line in element_lines(node):
                blocks.append(Paragraph(line))
            return
        if node.text and node.text.strip():
            blocks.append(Paragraph(_WS.sub(" ", node.text).strip()))
        for child in node:
            walk(child)
            if child.tail and child.tail.strip():
                blocks.append(Paragraph(_WS.sub(" ", child.tail).strip()))

    walk(root)
    return blocks


def extract(doc: Document) -> None:
    body = doc.capture.body or b""
    declared = declared_encoding(body, doc.capture.content_type) or doc.capture.encoding
    html, encoding = decode(body, declared)
    doc.encoding = encoding
    if declared and encoding != declared:
        doc.notes.append(f"declared {declared}, decoded as {encoding}")
    if not html.strip():
        doc.error = "no_text"
        return
    tree = lxml.html.fromstring(html)
    kept = trafilatura.extract(html, include_tables=False, include_comments=False, favor_recall=True) or ""
    doc.blocks = walk_blocks(article_root(tree, kept))
    doc.meta = page_meta(tree)
    if not any(isinstance(b, Table) or b.text for b in doc.blocks):
        doc.error = "no_text"


def page_meta(tree) -> dict[str, str]:
    """The metadata a portal prints about an article: <meta> tags and the 索引号/发布机构 block."""
    meta: dict[str, str] = {}
    for name in ("ArticleTitle", "PubDate", "ContentSource", "SiteName", "ColumnName"):
        node = tree.find(f".//meta[@name='{name}']")
        if node is not None and node.get("content"):
            meta[name] = node.get("content").strip()
    for tag in ("h1", "title"):   # title candidates outside the article body
        node = tree.find(f".//{tag}")
        if node is not None:
            text = cell_text(node)
            if text:
                meta[f"<{tag}>"] = text
    # Join text nodes with spaces: the block is usually a table, and its cells
    # would otherwise run together (发布机构：X发布日期：Y).
    for label, value in _META_RE.findall(" ".join(tree.itertext())):
        meta.setdefault(label, value.strip())
    return meta
