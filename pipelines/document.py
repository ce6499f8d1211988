"""The document model every later stage reads: ordered paragraphs and tables.

Extraction turns any format into a list of blocks.  A :class:`Table` is a
full grid: a merged cell's text is repeated in every grid position it covers
("expanded"), and ``spans`` remembers the merged regions so the table can be
printed, or compared with its source, cell for cell.  Text for search and
for prose rules is derived from the blocks, each merged cell printed once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Union


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass
class Table:
    rows: list[list[str]]
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)   # (r0, c0, r1, c1), inclusive
    page: int | None = None      # first page (PDF) the table is on
    kind: str = "table"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def covered(self) -> set[tuple[int, int]]:
        hidden = set()
        for r0, c0, r1, c1 in self.spans:
            hidden.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
        return hidden

    def text_rows(self) -> list[list[str]]:
        """Rows with each merged cell once (covered positions left out)."""
        hidden = self.covered()
        return [[cell for c, cell in enumerate(row) if (r, c) not in hidden] for r, row in enumerate(self.rows)]


Block = Union[Paragraph, Table]


def blocks_text(blocks: list[Block]) -> str:
    """Plain text: paragraphs as lines, table rows as tab-separated lines."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines.extend("\t".join(row) for row in block.text_rows())
        else:
            lines.append(block.text)
    return "\n".join(lines)


def blocks_from_text(text: str) -> list[Block]:
    """Flattened text (one line a paragraph or a table row) as blocks; for text-only sources."""
    return [Paragraph(line) for line in text.split("\n")]


def blocks_to_json(blocks: list[Block]) -> list[dict]:
    return [asdict(b) for b in blocks]


def blocks_from_json(data: list[dict]) -> list[Block]:
    out: list[Block] = []
    for item in data:
        if item.get("kind") == "table":
            out.append(Table(rows=item["rows"], spans=[tuple(s) for s in item.get("spans", [])], page=item.get("page")))
        else:
            out.append(Paragraph(text=item["text"]))
    return out


def expand_grid(cells: list[tuple[int, int, int, int, str]]) -> Table:
    """Build an expanded table from (row, col, rowspan, colspan, text) cells in reading order.

    Positions are given explicitly, so any source (HTML rowspan/colspan, PDF
    cell boxes, DOCX grid spans) can use the same expansion.  Grid columns and
    rows at which no cell starts are dropped: converters and PDF rulings leave
    such slivers (a DOC round-tripped through LibreOffice gains a 16th column
    under a 15-column table), and they carry no cell of their own.
    """
    if not cells:
        return Table(rows=[])
    col_starts = sorted({c for _, c, _, _, _ in cells})
    row_starts = sorted({r for r, _, _, _, _ in cells})
    col_index = {c: i for i, c in enumerate(col_starts)}
    row_index = {r: i for i, r in enumerate(row_starts)}

    def count(starts: list[int], begin: int, length: int) -> int:
        return max(1, sum(1 for s in starts if begin <= s < begin + length))

    rows = [[""] * len(col_starts) for _ in row_starts]
    spans = []
    for r, c, rs, cs, text in cells:
        r0, c0 = row_index[r], col_index[c]
        nr, nc = count(row_starts, r, rs), count(col_starts, c, cs)
        for rr in range(r0, r0 + nr):
            for cc in range(c0, c0 + nc):
                rows[rr][cc] = text
        if nr > 1 or nc > 1:
            spans.append((r0, c0, r0 + nr - 1, c0 + nc - 1))
    return Table(rows=rows, spans=spans)
