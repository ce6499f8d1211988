"""Extract stage: every capture becomes text, by its real (sniffed) format.

One module per format; this package picks the module by the file's
signature (:mod:`crawler.sniff`), never by extension or Content-Type.
"""

from __future__ import annotations

from crawler.items import Capture, CaptureItem, ReportItem
from crawler.sniff import sniff
from pipelines.draft import Document, ReportDraft
from pipelines.extract import docx as docx_format
from pipelines.extract import html as html_format
from pipelines.extract import pdf as pdf_format

EXTRACTORS = {
    "html": html_format.extract,
    "pdf": pdf_format.extract,
    "docx": docx_format.extract,
}


def extract_capture(capture: Capture) -> Document:
    fmt = sniff(capture.body, capture.final_url or capture.url) if capture.body is not None else None
    doc = Document(capture=capture, format=fmt)
    if capture.body is None:
        doc.error = capture.error or "no_content"
        return doc
    extractor = EXTRACTORS.get(fmt)
    if extractor is None:
        doc.error = "unsupported_format"
        doc.error_detail = f"no extractor for {fmt} files yet"
        return doc
    try:
        extractor(doc)
    except Exception as exc:  # a broken file must not stop the crawl; record why
        doc.error = f"corrupt_{fmt}"
        doc.error_detail = f"{type(exc).__name__}: {exc}"[:500]
    return doc


def extract_report(item: ReportItem, region: str | None = None) -> ReportDraft:
    draft = ReportDraft(item=item, region=region)
    draft.documents = [extract_capture(c) for c in draft.captures]
    return draft


class ExtractPipeline:
    """Scrapy stage: ReportItem → ReportDraft with a Document per capture."""

    def __init__(self, crawler=None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if isinstance(item, CaptureItem):
            return item
        site = self.crawler.spider.sites.get(item.site_id) if self.crawler else None
        return extract_report(item, region=site.region if site else None)
