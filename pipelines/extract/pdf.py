"""PDF attachments: text page by page with pdfplumber (MIT licence).

A PDF with no text layer (a scan) is recorded as ``no_text_layer`` rather
than stored as an empty report.
"""

from __future__ import annotations

import io

import pdfplumber

from pipelines.draft import Document


def extract(doc: Document) -> None:
    pages: list[str] = []
    with pdfplumber.open(io.BytesIO(doc.capture.body or b"")) as pdf:
        for page in pdf.pages:
            pages.append(page.extract_text() or "")
    doc.raw_text = "\n".join(pages)
    if not doc.raw_text.strip():
        doc.error = "no_text_layer"
        doc.error_detail = f"{len(pages)} pages without extractable text (scanned?)"
