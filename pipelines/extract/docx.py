"""DOCX reports: paragraphs and tables in document order (python-docx).

Tables are read from the WordprocessingML grid itself: ``w:gridSpan`` gives a
cell's width in grid columns and ``w:vMerge`` marks cells that continue the
one above, so merged cells are expanded to exactly the positions they cover.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from pipelines.document import Block, Paragraph, Table, expand_grid
from pipelines.draft import Document

_HAN = re.compile(r"[\u3400-\u9fff]")


class ZipBombError(ValueError):
    """A zip container that would inflate beyond the configured limit."""


def check_zip(body: bytes, max_inflated: int, max_ratio: int = 200) -> None:
    """Refuse containers that inflate to absurd sizes before anything opens them."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(body)).infolist()
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a valid zip container: {exc}") from None
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > max_inflated or total / packed > max_ratio and total > 10 * 1024 * 1024:
        raise ZipBombError(f"inflates to {total} bytes from {len(body)} (limit {max_inflated})")


def _tc_text(tc) -> str:
    lines = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
    out = ""
    for line in (l.strip() for l in lines):
        if not line:
            continue
        out = out + line if (not out or _HAN.search(out[-1]) or _HAN.search(line[0])) else out + " " + line
    return out


SLIVER_TWIPS = 20    # grid columns narrower than this (about 0.35 mm) are converter artefacts


def _logical_columns(tbl) -> list[int]:
    """Map each w:gridCol to a logical column; a sliver column folds into the next real one.

    LibreOffice, saving a DOC as DOCX, splits a column when two rows' cell
    borders differ by a hair (a 1-twip w:gridCol between two 576-twip ones).
    """
    grid = tbl.find(qn("w:tblGrid"))
    widths = [int(g.get(qn("w:w"), "0") or 0) for g in grid.findall(qn("w:gridCol"))] if grid is not None else []
    mapping, real = [], 0
    for width in widths:
        mapping.append(real)
        if width >= SLIVER_TWIPS or width == 0 and not any(widths):
            real += 1
    return mapping


def docx_table(tbl) -> Table:
    cells: list[list] = []                    # [row, col, rowspan, colspan, text]
    top_of: dict[int, list] = {}              # grid column → the cell a vMerge continues
    logical = _logical_columns(tbl)

    def to_logical(c: int, span: int) -> tuple[int, int]:
        if not logical or c + span > len(logical):
            return c, span
        start = logical[c]
        end = logical[c + span] if c + span < len(logical) else logical[-1] + 1
        return start, max(1, end - start)

    for r, tr in enumerate(tbl.iter(qn("w:tr"))):
        if tr.getparent() is not tbl:        # rows of nested tables
            continue
        c = 0
        for tc in tr.findall(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span = 1
            merge = None
            if pr is not None:
                gs = pr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = max(1, int(gs.get(qn("w:val"), "1")))
                vm = pr.find(qn("w:vMerge"))
                if vm is not None:
                    merge = vm.get(qn("w:val"), "continue")
            if merge == "continue" and c in top_of:
                top_of[c][2] += 1
            else:
                lc, lspan = to_logical(c, span)
                cell = [r, lc, 1, lspan, _tc_text(tc)]
                cells.append(cell)
                for cc in range(c, c + span):
                    top_of[cc] = cell
            c += span
    return expand_grid([tuple(cell) for cell in cells])


def extract(doc: Document, max_inflated: int = 200 * 1024 * 1024) -> None:
    body = doc.capture.body or b""
    check_zip(body, max_inflated)
    document = docx.Document(io.BytesIO(body))
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            text = item.text.strip()
            if text:
                blocks.append(Paragraph(text))
        elif isinstance(item, DocxTable):
            blocks.append(docx_table(item._tbl))
    doc.blocks = blocks
    if not blocks:
        doc.error = "no_text"
