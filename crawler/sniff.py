"""Tell a file's real type from its first bytes.

Portals mislabel files constantly: a ``.doc`` that is DOCX, a PDF served as
``application/octet-stream``, an HTML error page served as ``report.pdf``.
Extensions and Content-Type are hints; the signature decides.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # legacy DOC / XLS / WPS / ET


def sniff(body: bytes | None, url: str = "") -> str:
    """One of ``pdf docx xlsx zip doc xls wps ole html text empty unknown``.

    OLE2 containers cannot be told apart by magic alone; the URL's extension
    breaks the tie (``.xls``/``.et`` → xls, ``.wps`` → wps, else doc).
    """
    if not body:
        return "empty"
    head = body[:2048].lstrip()
    if body[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        return _zip_kind(body)
    if body.startswith(OLE2_MAGIC):
        path = url.split("?", 1)[0].lower()
        if path.endswith((".xls", ".et")):
            return "xls"
        if path.endswith(".wps"):
            return "wps"
        return "doc"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    if b"\x00" not in head[:512]:
        return "text"
    return "unknown"


def _zip_kind(body: bytes) -> str:
    try:
        names = zipfile.ZipFile(BytesIO(body)).namelist()
    except zipfile.BadZipFile:
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "doc", "xls", "wps"})


def is_document(body: bytes | None, url: str = "") -> bool:
    return sniff(body, url) in DOCUMENT_KINDS
