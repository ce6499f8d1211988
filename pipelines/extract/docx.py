"""DOCX attachments: paragraphs and tables in document order (python-docx)."""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipelines.draft import Document


def extract(doc: Document) -> None:
    document = docx.Document(io.BytesIO(doc.capture.body or b""))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                # A horizontally merged cell is returned once per grid column it
                # spans; keep it once (by identity, never by equal text: "0 0" is two cells).
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text.strip())
                lines.append("\t".join(cells))
    doc.raw_text = "\n".join(lines)
    if not doc.raw_text.strip():
        doc.error = "no_text"
