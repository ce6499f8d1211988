"""PDF reports: paragraphs in reading order and ruled tables as cells (pdfplumber, MIT).

Why pdfplumber: its table finder works from the ruling lines that Word and
WPS exports draw, and it exposes each cell's box, so merged cells can be
expanded exactly; it is MIT-licensed (PyMuPDF is AGPL); pypdfium2 is faster
at plain text but has no table finder (see docs/benchmarks.md).

Page furniture is removed: lines in the top or bottom margin that repeat on
most pages, and page numbers.  A table that ends one page and starts the
next with the same columns is one table (a repeated header row is dropped),
and a sentence cut by a page end is joined.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from pipelines.document import Block, Paragraph, Table, expand_grid
from pipelines.draft import Document

MARGIN = 0.08                  # top/bottom share of the page where headers and footers live
_PAGE_NUMBER_RE = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–\s]*$")
_SENTENCE_END = tuple("。！？；：.!?;:")
_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\s*[一二三四五六七八九十]+\s*\)|\d+[.．、])")
_HAN = re.compile(r"[\u3400-\u9fff]")


class PdfLimitError(ValueError):
    """The PDF is over a configured limit (pages)."""


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if _HAN.search(a[-1:]) or _HAN.search(b[:1]) or a[-1:] in "，。；：、（）“”" or b[:1] in "，。；：、（）“”":
        return a + b
    return a + " " + b


def _cell_text(page, bbox) -> str:
    text = page.crop(bbox, strict=False).extract_text() or ""
    out = ""
    for line in text.split("\n"):
        out = _join(out, line.strip())
    return out


def _table(page, found, page_no: int) -> Table:
    """Expand a pdfplumber table from its cell boxes: a merged cell covers several grid positions."""
    boxes = found.cells
    xs = sorted({round(v, 1) for b in boxes for v in (b[0], b[2])})
    ys = sorted({round(v, 1) for b in boxes for v in (b[1], b[3])})
    xs, ys = _merge_close(xs), _merge_close(ys)

    def index(values, v):
        return min(range(len(values)), key=lambda i: abs(values[i] - v))

    cells = []
    for x0, top, x1, bottom in boxes:
        c0, c1 = index(xs, x0), index(xs, x1)
        r0, r1 = index(ys, top), index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        cells.append((r0, c0, r1 - r0, c1 - c0, _cell_text(page, (x0, top, x1, bottom))))
    table = expand_grid(cells)
    table.page = page_no
    return table


def _merge_close(values: list[float], tolerance: float = 2.0) -> list[float]:
    merged: list[float] = []
    for v in values:
        if merged and v - merged[-1] <= tolerance:
            continue
        merged.append(v)
    return merged


def _page_items(page, page_no: int) -> list[tuple[float, object]]:
    """(top, item) for the page's text lines outside tables and for its tables."""
    found = page.find_tables()
    boxes = [t.bbox for t in found]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj))
    items: list[tuple[float, object]] = [(line["top"], line) for line in rest.extract_text_lines(return_chars=False)]
    items += [(t.bbox[1], _table(page, t, page_no)) for t in found]
    return sorted(items, key=lambda pair: pair[0])


def _furniture(pages_lines: list[list[tuple[float, str]]], heights: list[float]) -> set[str]:
    """Texts in the margins that repeat on at least half of the pages (digits ignored)."""
    counts: Counter = Counter()
    for lines, height in zip(pages_lines, heights):
        seen = {re.sub(r"\d+", "#", text) for top, text in lines if top < height * MARGIN or top > height * (1 - MARGIN)}
        counts.update(seen)
    threshold = max(2, len(pages_lines) // 2 + (len(pages_lines) % 2))
    return {text for text, n in counts.items() if n >= threshold}


def extract(doc: Document, max_pages: int = 300) -> None:
    try:
        pdf = pdfplumber.open(io.BytesIO(doc.capture.body or b""))
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors; a password-protected file is not "corrupt".
        causes = [exc, exc.__cause__, exc.__context__, *(exc.args if exc.args else ())]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            doc.error, doc.error_detail = "encrypted_pdf", "the PDF is encrypted and needs a password"
            return
        raise
    with pdf:
        if len(pdf.pages) > max_pages:
            doc.error, doc.error_detail = "too_many_pages", f"{len(pdf.pages)} pages (limit {max_pages})"
            return
        pages, heights = [], []
        has_chars = False
        for no, page in enumerate(pdf.pages, start=1):
            has_chars = has_chars or bool(page.chars)
            pages.append(_page_items(page, no))
            heights.append(float(page.height))
    if not has_chars:
        doc.error, doc.error_detail = "no_text_layer", f"{len(pages)} pages without extractable text (scanned?)"
        return
    lines_only = [[(top, item["text"]) for top, item in items if isinstance(item, dict)] for items in pages]
    furniture = _furniture(lines_only, heights)
    doc.blocks = assemble(pages, heights, furniture)


def assemble(pages, heights, furniture: set[str]) -> list[Block]:
    """Paragraphs from wrapped lines, tables joined across pages, furniture and page numbers dropped."""
    blocks: list[Block] = []
    open_paragraph = False            # the last block is a paragraph that may continue
    for items, height in zip(pages, heights):
        first_on_page = True
        left = min((item["x0"] for _, item in items if isinstance(item, dict)), default=0.0)
        for top, item in items:
            if isinstance(item, Table):
                last = blocks[-1] if blocks else None
                if first_on_page and isinstance(last, Table) and last.width == item.width:
                    _continue_table(last, item)
                else:
                    blocks.append(item)
                open_paragraph = False
                first_on_page = False
                continue
            text = item["text"].strip()
            in_margin = top < height * MARGIN or top > height * (1 - MARGIN)
            if not text or (in_margin and (re.sub(r"\d+", "#", text) in furniture or _PAGE_NUMBER_RE.match(text))):
                continue
            starts_new = _HEADING_RE.match(text) or not open_paragraph or not isinstance(blocks[-1], Paragraph)
            if not starts_new and blocks[-1].text.endswith(_SENTENCE_END):
                starts_new = True
            if not starts_new and item["x0"] > left + 12:      # an indented first line
                starts_new = True
            if not starts_new and not first_on_page and _is_short_line_break(blocks[-1].text):
                starts_new = True
            if starts_new:
                blocks.append(Paragraph(text))
            else:
                blocks[-1].text = _join(blocks[-1].text, text)
            open_paragraph = True
            first_on_page = False
    return blocks


def _is_short_line_break(previous: str) -> bool:
    """Titles and headings sit alone on short lines; body text wraps at full width."""
    return len(previous) <= 12


def _continue_table(table: Table, more: Table) -> None:
    offset = len(table.rows)
    rows = more.rows
    spans = more.spans
    if rows and table.rows and rows[0] == table.rows[0]:     # a header row repeated on the new page
        rows = rows[1:]
        spans = [(r0 - 1, c0, r1 - 1, c1) for r0, c0, r1, c1 in spans if r0 > 0]
    table.rows.extend(rows)
    table.spans.extend((r0 + offset, c0, r1 + offset, c1) for r0, c0, r1, c1 in spans)
