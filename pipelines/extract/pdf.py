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

import bisect
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


def _chars_text(chars: list[dict]) -> str:
    """Characters of one cell as text: lines by position, wrapped lines joined."""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(lines[-1][0]["top"] - ch["top"]) <= 3:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    out = ""
    for line in lines:
        out = _join(out, "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])).strip())
    return out


def _table(page, found, page_no: int) -> Table:
    """Expand a pdfplumber table from its cell boxes: a merged cell covers several grid positions.

    Characters are assigned to cells in one pass (by grid lookup), not by
    cropping the page once per cell, which was the slowest part of extraction.
    """
    boxes = found.cells
    xs = _merge_close(sorted({round(v, 1) for b in boxes for v in (b[0], b[2])}))
    ys = _merge_close(sorted({round(v, 1) for b in boxes for v in (b[1], b[3])}))

    def index(values, v):
        return min(range(len(values)), key=lambda i: abs(values[i] - v))

    placed = []
    owner: dict[tuple[int, int], int] = {}
    for x0, top, x1, bottom in boxes:
        c0, c1 = index(xs, x0), index(xs, x1)
        r0, r1 = index(ys, top), index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[(r, c)] = len(placed)
        placed.append([r0, c0, r1 - r0, c1 - c0, []])
    x0, top, x1, bottom = found.bbox
    for ch in page.chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        c = bisect.bisect_right(xs, cx) - 1
        r = bisect.bisect_right(ys, cy) - 1
        if (r, c) in owner:
            placed[owner[(r, c)]][4].append(ch)
    table = expand_grid([(r, c, rs, cs, _chars_text(chars)) for r, c, rs, cs, chars in placed])
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
