"""Extract stage: every capture becomes ordered paragraphs and tables, by its real format.

One module per format (html, pdf, docx, sheet); legacy binary Office files
go through LibreOffice first (convert).  The module is chosen by the file's
signature (:mod:`crawler.sniff`), never by extension or Content-Type.  Each
document is extracted in a child process under a time limit, and container
formats are checked for zip bombs before they are opened: a broken or
hostile file ends as a recorded error, never a crash or a hang.
"""

from __future__ import annotations

import dataclasses

from crawler.items import Capture, CaptureItem, ReportItem
from crawler.sniff import sniff
from pipelines.document import blocks_text
from pipelines.draft import Document, ReportDraft
from pipelines.extract import convert, docx as docx_format, html as html_format, pdf as pdf_format, sheet
from pipelines.extract.limits import ExtractLimits, ExtractTimeout, run_with_timeout


def _run(fmt: str, doc: Document, limits: ExtractLimits) -> Document:
    """The extraction proper; runs in the child process."""
    inflated = limits.max_inflated_mb * 1024 * 1024
    if fmt in convert.TARGETS:
        converted = convert.convert(doc.capture.body, fmt, timeout=max(1.0, limits.seconds - 5))
        doc = dataclasses.replace(doc, capture=dataclasses.replace(doc.capture, body=converted))
        doc.notes.append(f"converted {fmt} → {convert.TARGETS[fmt]} with LibreOffice")
        fmt = convert.TARGETS[fmt]
    if fmt == "html":
        html_format.extract(doc)
    elif fmt == "pdf":
        pdf_format.extract(doc, max_pages=limits.max_pages)
    elif fmt == "docx":
        docx_format.extract(doc, max_inflated=inflated)
    elif fmt == "xlsx":
        sheet.extract(doc, max_inflated=inflated)
    doc.capture = None   # the caller has the capture; do not send its bytes back
    return doc


SUPPORTED = {"html", "pdf", "docx", "xlsx"} | set(convert.TARGETS)


def extract_capture(capture: Capture, limits: ExtractLimits | None = None) -> Document:
    limits = limits or ExtractLimits()
    fmt = sniff(capture.body, capture.final_url or capture.url) if capture.body is not None else None
    doc = Document(capture=capture, format=fmt)
    if capture.body is None:
        doc.error = capture.error or "no_content"
        return doc
    if fmt not in SUPPORTED:
        doc.error = "unsupported_format"
        doc.error_detail = f"no extractor for {fmt} content"
        return doc
    try:
        done = run_with_timeout(_run, (fmt, doc, limits), limits.seconds)
    except ExtractTimeout as exc:
        doc.error, doc.error_detail = "timeout", str(exc)
        return doc
    except docx_format.ZipBombError as exc:
        doc.error, doc.error_detail = "zip_bomb", str(exc)
        return doc
    except convert.ConversionError as exc:
        doc.error, doc.error_detail = "conversion_failed", str(exc)
        return doc
    except Exception as exc:  # a broken file must not stop the crawl; record why
        doc.error = f"corrupt_{fmt}"
        doc.error_detail = f"{type(exc).__name__}: {exc}"[:500]
        return doc
    done.capture = capture
    done.raw_text = blocks_text(done.blocks)
    return done


def extract_report(item: ReportItem, region: str | None = None, limits: ExtractLimits | None = None) -> ReportDraft:
    draft = ReportDraft(item=item, region=region)
    draft.documents = [extract_capture(c, limits) for c in draft.captures]
    return draft


class ExtractPipeline:
    """Scrapy stage: ReportItem → ReportDraft with a Document per capture."""

    def __init__(self, crawler=None):
        self.crawler = crawler
        self.limits = ExtractLimits.from_settings(crawler.settings) if crawler else ExtractLimits()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if isinstance(item, CaptureItem):
            return item
        site = self.crawler.spider.sites.get(item.site_id) if self.crawler else None
        return extract_report(item, region=site.region if site else None, limits=self.limits)
