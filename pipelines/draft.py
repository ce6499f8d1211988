"""The record that travels through the pipeline stages.

Stages fill it in order — extract (``documents``), normalize (``text``),
parse (metadata), dedupe (``report_id``) — and the store stage writes it.
Keeping it a plain dataclass means ``govarchive reprocess`` can rebuild one
from stored captures and run the very same stage functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.items import Capture, ReportItem
from pipelines.document import Block


@dataclass
class Document:
    """What extraction made of one capture: blocks as extracted, and their normalised form."""

    capture: Capture
    format: str | None             # sniffed: html, pdf, docx, doc, …
    blocks: list[Block] = field(default_factory=list)        # as extracted (the audit trail)
    raw_text: str = ""             # text of ``blocks``
    norm_blocks: list[Block] = field(default_factory=list)   # normalised copies of ``blocks``
    text: str = ""                 # text of ``norm_blocks``
    error: str | None = None       # why no text: no_text_layer, corrupt_pdf, encrypted_pdf, timeout, …
    error_detail: str | None = None
    encoding: str | None = None    # HTML: the encoding the bytes were decoded with
    notes: list[str] = field(default_factory=list)           # e.g. "declared gb18030, decoded as utf-8"
    meta: dict[str, str] = field(default_factory=dict)       # page metadata (发布机构, 发布日期 …)


@dataclass
class ReportDraft:
    item: ReportItem
    region: str | None = None
    documents: list[Document] = field(default_factory=list)
    primary: Document | None = None    # the document whose text is the report's text
    text: str = ""
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    published_on: str | None = None
    level: str | None = None           # government, department, township
    sections: dict = field(default_factory=dict)   # 1..6 → parse.cells.Section
    figures: list = field(default_factory=list)    # parse.tables.Figure
    checks: list = field(default_factory=list)     # parse.checks.Check
    parse_status: str = "failed"
    parse_notes: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    text_sha256: str | None = None
    report_id: int | None = None       # set by dedupe when the report is already archived
    signature: object | None = None    # dedupe: MinHash of the text
    decision: object | None = None     # dedupe: what this draft is (new, seen, copy, version)

    @property
    def captures(self) -> list[Capture]:
        page = [self.item.page] if self.item.page else []
        return page + list(self.item.attachments)
