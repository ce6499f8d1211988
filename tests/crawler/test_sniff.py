import io

import docx
import pytest

from crawler.sniff import OLE2_MAGIC, sniff


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("body, url, kind", [
    (b"%PDF-1.7\n...", "http://a/x.bin", "pdf"),                     # PDF served without extension
    (b"\xef\xbb\xbf%PDF-1.4", "http://a/x.pdf", "pdf"),
    (b"<!DOCTYPE html><html>404</html>", "http://a/report.pdf", "html"),  # error page behind .pdf
    (OLE2_MAGIC + b"\0" * 100, "http://a/x.doc", "doc"),
    (OLE2_MAGIC + b"\0" * 100, "http://a/x.wps", "wps"),
    (OLE2_MAGIC + b"\0" * 100, "http://a/x.xls?id=1", "xls"),
    (b"PK\x03\x04broken", "http://a/x.docx", "zip"),
    (b"", "http://a/x.pdf", "empty"),
])
def test_sniff(body, url, kind):
    assert sniff(body, url) == kind


def test_docx_behind_doc_and_wps_extensions():
    body = docx_bytes()
    assert sniff(body, "http://a/report.doc") == "docx"
    assert sniff(body, "http://a/report.wps") == "docx"
