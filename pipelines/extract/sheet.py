"""Spreadsheet attachments (XLSX; XLS via conversion): each sheet as a table.

Merged ranges are expanded; numbers are printed as the sheet shows them
(integers without ``.0``) so a cell is compared as the report printed it.
"""

from __future__ import annotations

import io

import openpyxl

from pipelines.document import Block, Paragraph, expand_grid
from pipelines.draft import Document
from pipelines.extract.docx import check_zip


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def extract(doc: Document, max_inflated: int = 200 * 1024 * 1024) -> None:
    body = doc.capture.body or b""
    check_zip(body, max_inflated)
    book = openpyxl.load_workbook(io.BytesIO(body), data_only=True)
    blocks: list[Block] = []
    for sheet in book.worksheets:
        merged = {}
        for rng in sheet.merged_cells.ranges:
            merged[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        covered = {(r, c) for (r0, c0), (rs, cs) in merged.items()
                   for r in range(r0, r0 + rs) for c in range(c0, c0 + cs) if (r, c) != (r0, c0)}
        cells = []
        for row in sheet.iter_rows():
            for cell in row:
                if (cell.row, cell.column) in covered:
                    continue
                rs, cs = merged.get((cell.row, cell.column), (1, 1))
                text = _cell(cell.value)
                if text or (rs, cs) != (1, 1):
                    cells.append((cell.row - 1, cell.column - 1, rs, cs, text))
        if cells:
            blocks.append(Paragraph(sheet.title))
            blocks.append(expand_grid(cells))
    doc.blocks = blocks
    if not blocks:
        doc.error = "no_text"
