"""Extraction of the real fixture files (PDF by reportlab, DOCX by python-docx) and of broken ones."""

import io
from pathlib import Path

from crawler.items import Capture
from pipelines.extract import extract_capture

PORTALS = Path(__file__).resolve().parents[1] / "fixtures" / "portals"


def capture(body: bytes, url: str = "http://x.gov.cn/file", encoding: str | None = None) -> Capture:
    return Capture(url=url, site_id="x", kind="attachment", fetched_at="", body=body, encoding=encoding)


def test_pdf_text_with_cjk():
    body = (PORTALS / "www.xunwu.gov.cn/xxgk/gknb/2021n/202201/P020220118_1001.pdf").read_bytes()
    doc = extract_capture(capture(body, "http://x.gov.cn/a.bin"))   # the extension does not matter
    assert doc.format == "pdf" and doc.error is None
    assert "寻乌县人民政府办公室2021年政府信息公开工作年度报告" in doc.raw_text
    assert "本年新收政府信息公开申请数量" in doc.raw_text


def test_docx_paragraphs_and_tables_in_order():
    body = (PORTALS / "www.yanchi.gov.cn/xxgk/xxgknb/202101/W020210129_103.docx").read_bytes()
    doc = extract_capture(capture(body, "http://x.gov.cn/a.doc"))   # DOCX behind a .doc name
    assert doc.format == "docx" and doc.error is None
    text = doc.raw_text
    assert text.index("二、主动公开政府信息情况") < text.index("本年新制作数量") < text.index("三、收到和处理")
    # a merged header cell appears once, not once per grid column it spans
    assert text.count("申请人情况") == 1


def test_html_page_metadata_and_gbk():
    body = (PORTALS / "www.yanchi.gov.cn/xxgk/xxgknb/202201/t20220124_101.html").read_bytes()
    doc = extract_capture(capture(body, encoding="gb18030"))
    assert doc.format == "html"
    assert doc.meta["发布机构"] == "盐池县人民政府办公室"
    assert doc.meta["ArticleTitle"] == "盐池县人民政府办公室2021年政府信息公开工作年度报告"
    assert "一、总体情况" in doc.raw_text


def test_corrupt_pdf_recorded_not_raised():
    doc = extract_capture(capture(b"%PDF-1.4\n1 0 obj << broken"))
    assert doc.error == "corrupt_pdf" and doc.error_detail


def test_pdf_without_text_layer():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 200, 200, fill=1)   # a "scan": graphics, no text
    c.showPage()
    c.save()
    doc = extract_capture(capture(buf.getvalue()))
    assert doc.error == "no_text_layer"


def test_garbage_legacy_file_is_a_conversion_error():
    from crawler.sniff import OLE2_MAGIC

    doc = extract_capture(capture(OLE2_MAGIC + b"\0" * 600, "http://x.gov.cn/a.wps"))
    assert (doc.format, doc.error) == ("wps", "conversion_failed")
    assert "could not convert" in doc.error_detail
