"""Normalize stage: the text every later stage reads.

Layout leaves marks in extracted text that are not part of what the report
says: full-width digits, spaces inside Chinese words (结果维 持), export
artefacts (``[bookmark: _GoBack]``, ``**bold**``).  Chinese punctuation is
kept as printed.  Tabs are kept: they separate table cells.  The raw text
stays on each Document, so every change made here can be audited.
"""

from __future__ import annotations

import re

from crawler.classify import report_signal_count
from crawler.items import CaptureItem
from pipelines.document import Block, Paragraph, Table, blocks_text
from pipelines.draft import Document, ReportDraft

_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update({0xFF21 + i: ord("A") + i for i in range(26)})
_FULLWIDTH.update({0xFF41 + i: ord("a") + i for i in range(26)})
_FULLWIDTH.update({0x3000: ord(" "), 0xA0: ord(" ")})

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_SPACE_IN_HAN_RE = re.compile(rf"(?<=[{_HAN}]) +(?=[{_HAN}])")
_SPACE_BEFORE_UNIT_RE = re.compile(r"(?<=\d) +(?=[年月日])|(?<=[年月]) +(?=\d)")
_ARTEFACT_RE = re.compile(r"\[bookmark: [^\]]*\]")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*", re.S)
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_TRAILING_SPACE_RE = re.compile(r" +$", re.M)

def normalize_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_FULLWIDTH)
    text = _ARTEFACT_RE.sub("", text)
    text = _BOLD_RE.sub(r"\1", text)
    text = _SPACE_IN_HAN_RE.sub("", text)
    text = _SPACE_BEFORE_UNIT_RE.sub("", text)
    text = _TRAILING_SPACE_RE.sub("", text)
    # Tabs are kept, leading and trailing too: they are the cell boundaries of
    # flattened tables, and a row's leading blank cells carry its columns' positions.
    return _BLANK_LINES_RE.sub("\n\n", text).strip(" \n")


def choose_primary(documents: list[Document]) -> Document | None:
    """The document whose text stands for the report.

    The page when it carries the report itself; otherwise the attachment that
    looks most like a report (most section cues, then longest).  A page that
    only says "see the attachment" loses to its PDF.
    """
    usable = [d for d in documents if d.text and not d.error]
    if not usable:
        return None
    return max(usable, key=lambda d: (min(report_signal_count(d.text), 3), len(d.text)))


def normalize_blocks(blocks: list[Block]) -> list[Block]:
    """Normalised copies; a table keeps its shape, each cell normalised on its own."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = [[normalize_cell(cell) for cell in row] for row in block.rows]
            out.append(Table(rows=rows, spans=list(block.spans), page=block.page))
        else:
            # Empty paragraphs are kept: in flattened text they separate table rows.
            out.append(Paragraph(normalize_text(block.text)))
    return out


def normalize_cell(text: str) -> str:
    """A table cell is one line: line breaks and spaces inside Chinese go."""
    return normalize_text(text.replace("\n", " "))


def normalize_report(draft: ReportDraft) -> ReportDraft:
    for doc in draft.documents:
        doc.norm_blocks = normalize_blocks(doc.blocks)
        doc.text = blocks_text(doc.norm_blocks)
    draft.primary = choose_primary(draft.documents)
    draft.text = draft.primary.text if draft.primary else ""
    return draft


class NormalizePipeline:
    def process_item(self, item):
        return item if isinstance(item, CaptureItem) else normalize_report(item)
