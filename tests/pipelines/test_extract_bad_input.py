"""Bad input ends as a recorded error with its reason — never a crash, never a hang."""

import io
import time
import zipfile
from pathlib import Path

import pytest

from crawler.encoding import declared_encoding, detect
from crawler.items import Capture
from pipelines.extract import extract_capture
from pipelines.extract.limits import ExtractLimits, ExtractTimeout, run_with_timeout

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
PAGE = "<html><head><meta charset='{meta}'></head><body><h1>寻乌县人民政府办公室2021年政府信息公开工作年度报告</h1>" \
       "<p>一、总体情况。本机关认真落实《条例》，结果维持。</p></body></html>"


def capture(body: bytes, url: str = "http://x.gov.cn/file", content_type: str | None = None) -> Capture:
    return Capture(url=url, site_id="x", kind="attachment", fetched_at="", body=body, content_type=content_type)


@pytest.mark.parametrize("real, declared", [("utf-8", "gbk"), ("gbk", "utf-8"), ("gb18030", "gb2312")])
def test_lying_charset_both_ways(real, declared):
    body = PAGE.format(meta=declared).encode(real)
    doc = extract_capture(capture(body, content_type=f"text/html; charset={declared}"))
    assert doc.error is None
    assert "结果维持" in doc.raw_text and "\ufffd" not in doc.raw_text
    assert doc.encoding == ("utf-8" if real == "utf-8" else "gb18030")


def test_encoding_rules():
    assert detect("年度报告".encode("gbk"), "utf-8") == "gb18030"
    assert detect("年度报告".encode("utf-8"), "gbk") == "utf-8"
    assert detect(b"plain ascii", "gbk") == "gb18030"          # ASCII: the declaration stands
    assert detect(b"\xff\xfe\xfd\x81", "utf-8") == "utf-8"      # neither decodes: the declaration stands
    assert declared_encoding(b"<meta charset=gb2312>", None) == "gb18030"
    assert declared_encoding(b"", "text/html; charset=UTF-8") == "utf-8"


def test_unknown_declared_charset_does_not_crash():
    doc = extract_capture(capture(PAGE.format(meta="x-klingon").encode("gbk"), content_type="text/html; charset=x-klingon"))
    assert "结果维持" in doc.raw_text


def test_wrong_extension_pdf_named_doc():
    doc = extract_capture(capture((FORMATS / "seed-003.pdf").read_bytes(), "http://x.gov.cn/report.doc"))
    assert doc.format == "pdf" and doc.error is None


def test_html_error_page_named_pdf():
    doc = extract_capture(capture("<html><body><p>404 页面不存在</p></body></html>".encode(), "http://x.gov.cn/a.pdf"))
    assert doc.format == "html"


def test_truncated_pdf():
    body = (FORMATS / "seed-003.pdf").read_bytes()
    doc = extract_capture(capture(body[: len(body) // 3]))
    assert doc.error == "corrupt_pdf" or doc.error is None and doc.blocks   # pdfminer may recover some pages
    if doc.error:
        assert doc.error_detail


def test_garbage_pdf():
    doc = extract_capture(capture(b"%PDF-1.4\n" + b"\x00garbage" * 50))
    assert doc.error in ("corrupt_pdf", "no_text_layer") and doc.error_detail


def test_encrypted_pdf():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("user-secret", "owner-secret"))
    c.drawString(100, 700, "secret report")
    c.save()
    doc = extract_capture(capture(buf.getvalue()))
    assert doc.error == "encrypted_pdf" and "encrypted" in doc.error_detail


def test_zip_bomb_docx_refused_before_inflating():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * (30 * 1024 * 1024))   # 30 MB of spaces, ~30 KB packed
    assert len(buf.getvalue()) < 200_000
    doc = extract_capture(capture(buf.getvalue(), "http://x.gov.cn/a.docx"), ExtractLimits(max_inflated_mb=10))
    assert doc.format == "docx" and doc.error == "zip_bomb" and "inflates to" in doc.error_detail


def test_broken_docx():
    doc = extract_capture(capture(b"PK\x03\x04" + b"\x00" * 100, "http://x.gov.cn/a.docx"))
    assert doc.error == "unsupported_format"     # a zip that is not a document: sniffed as plain zip


def test_image_only_pdf():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.rect(50, 50, 100, 100, fill=1)
    c.save()
    doc = extract_capture(capture(buf.getvalue()))
    assert doc.error == "no_text_layer" and "2 pages" in doc.error_detail


def test_too_many_pages():
    doc = extract_capture(capture((FORMATS / "seed-004.pdf").read_bytes()), ExtractLimits(max_pages=1))
    assert doc.error == "too_many_pages"


def test_time_limit_kills_a_slow_extraction():
    started = time.monotonic()
    with pytest.raises(ExtractTimeout):
        run_with_timeout(time.sleep, (30,), 0.5)
    assert time.monotonic() - started < 10


def test_time_limit_on_a_real_document():
    doc = extract_capture(capture((FORMATS / "seed-004.pdf").read_bytes()), ExtractLimits(seconds=0.01))
    assert doc.error == "timeout"


def test_errors_inside_the_child_come_back():
    with pytest.raises(ZeroDivisionError):
        run_with_timeout(divmod, (1, 0), 5)
