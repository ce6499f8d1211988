"""Render a fixture report (scripts/fixture_reports.Report) into real files: HTML, PDF, DOCX, DOC, XLSX.

Every format is made by a real library from the same table grids, so an
extractor's output can be compared with the source cell for cell:
reportlab (ruled tables, embedded CJK font), python-docx (merged cells),
LibreOffice (DOCX → legacy DOC), openpyxl (merged ranges).
"""

from __future__ import annotations

import html
import io
import subprocess
import tempfile
from pathlib import Path

import docx
import openpyxl
from docx.shared import Pt
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fixture_reports import Grid, Report, tables_for

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
rl_config.invariant = 1   # no timestamps in the PDFs: rebuilding gives the same bytes


def _html_table(grid: Grid, table_tag: str, row_tag: str, cell) -> str:
    """A grid as HTML, each merged cell once with its rowspan/colspan; ``cell(attrs, text)`` renders a <td>."""
    hidden = grid.covered()
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in grid.merges}
    out = [table_tag]
    for r, row in enumerate(grid.rows):
        out.append(row_tag)
        for c, text in enumerate(row):
            if (r, c) in hidden:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            out.append(cell((f' rowspan="{rowspan}"' if rowspan > 1 else "")
                            + (f' colspan="{colspan}"' if colspan > 1 else ""), text))
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def grid_html(grid: Grid) -> str:
    return _html_table(grid, '<table border="1" cellspacing="0" cellpadding="2">', "<tr>",
                       lambda attrs, text: f"<td{attrs}>{html.escape(text)}</td>")


def report_html_body(report: Report) -> str:
    tables = tables_for(report)
    parts = []
    for heading, paragraphs in report.sections:
        if heading:
            parts.append(f"<p><strong>{html.escape(heading)}</strong></p>")
        parts.extend(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        if heading in tables:
            parts.append(grid_html(tables[heading]))
    return "\n".join(parts)


def report_pdf(report: Report) -> bytes:
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", FONT_PATH, subfontIndex=0))
    body = ParagraphStyle("body", fontName="WQY", fontSize=10.5, leading=16, wordWrap="CJK", firstLineIndent=21)
    head = ParagraphStyle("head", parent=body, fontSize=12, firstLineIndent=0, spaceBefore=6)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName="WQY", fontSize=7.5, leading=9, wordWrap="CJK")
    story = [Paragraph(html.escape(report.title), title), Spacer(1, 8)]
    tables = tables_for(report)
    for heading, paragraphs in report.sections:
        if heading == "三、收到和处理政府信息公开申请情况":
            story.append(PageBreak())  # the tall table must sit on one page
        if heading:
            story.append(Paragraph(html.escape(heading), head))
        story.extend(Paragraph(html.escape(p), body) for p in paragraphs)
        if heading in tables:
            grid = tables[heading]
            data = [[Paragraph(html.escape(t), cell) if t else "" for t in row] for row in grid.rows]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "WQY"),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in grid.merges]
            width = 480 / len(grid.rows[0])
            col_widths = [width] * len(grid.rows[0])
            if len(grid.rows[0]) == 10:
                col_widths = [40, 45, 115] + [40] * 7
            story.append(Table(data, colWidths=col_widths, style=TableStyle(style)))
            story.append(Spacer(1, 6))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=report.title, author=report.agency,
                      leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50).build(story)
    return buf.getvalue()


def report_docx(report: Report) -> bytes:
    document = docx.Document()
    document.core_properties.author = report.agency
    document.core_properties.title = report.title
    heading = document.add_paragraph()
    run = heading.add_run(report.title)
    run.font.size = Pt(16)
    tables = tables_for(report)
    for head, paragraphs in report.sections:
        if head:
            document.add_paragraph().add_run(head).bold = True
        for p in paragraphs:
            document.add_paragraph(p)
        if head in tables:
            grid = tables[head]
            table = document.add_table(rows=len(grid.rows), cols=len(grid.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(grid.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            for r0, c0, r1, c1 in grid.merges:
                keep = grid.rows[r0][c0]
                merged = table.cell(r0, c0).merge(table.cell(r1, c1))
                merged.text = keep
    buf = io.BytesIO()
    document.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps, so rebuilding a fixture gives the same bytes."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()




def expanded(grid: Grid) -> list[list[str]]:
    """The grid as an extractor should return it: a merged cell's text in every position it covers."""
    rows = [list(r) for r in grid.rows]
    for r0, c0, r1, c1 in grid.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                rows[r][c] = grid.rows[r0][c0]
    return rows


def _word_runs(text: str) -> str:
    """Word's pasted markup: text split over styled <span>s, empty cells as <o:p>&nbsp;</o:p>."""
    if not text:
        return "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
    cut = max(1, len(text) // 2)
    return (f"<p class=MsoNormal align=center style='text-align:center'><span style='font-size:10.5pt;"
            f"font-family:宋体'>{html.escape(text[:cut])}</span><span lang=EN-US style='font-size:10.5pt'>"
            f"{html.escape(text[cut:])}</span></p>")


def word_html_table(grid: Grid) -> str:
    return _html_table(
        grid, "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>",
        "<tr style='height:20.0pt'>",
        lambda attrs, text: f"<td{attrs} valign=middle style='border:solid windowtext 1.0pt'>{_word_runs(text)}</td>")


def word_html(report: Report) -> str:
    """A report page as a portal's CMS shows a Word document pasted into its editor."""
    tables = tables_for(report)
    parts = [f"<h1>{html.escape(report.title)}</h1>", "<div class=WordSection1>"]
    for heading, paragraphs in report.sections:
        if heading:
            parts.append(f"<p class=MsoNormal><b><span style='font-family:黑体'>{html.escape(heading)}</span></b></p>")
        parts.extend(f"<p class=MsoNormal style='text-indent:21.0pt'><span style='font-family:仿宋'>"
                     f"{html.escape(p)}</span></p>" for p in paragraphs)
        if heading in tables:
            parts.append(word_html_table(tables[heading]))
    parts.append("</div>")
    return ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(report.title)}</title></head><body>" + "\n".join(parts) + "</body></html>")


def report_doc(report: Report) -> bytes:
    """Legacy Word 97 DOC, converted from our DOCX by LibreOffice (what many portals still serve)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(report_docx(report))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "doc", "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=120)
        return (Path(tmp) / "report.doc").read_bytes()


def report_xlsx(report: Report) -> bytes:
    """The three tables as sheets of a workbook, merged ranges kept."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for n, (heading, grid) in enumerate(tables_for(report).items(), start=2):
        sheet = book.create_sheet(f"表{n}")
        for r, row in enumerate(grid.rows, start=1):
            for c, text in enumerate(row, start=1):
                if text:
                    sheet.cell(r, c, int(text) if text.isdigit() else text)
        for r0, c0, r1, c1 in grid.merges:
            sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _flattened(report: Report, table_lines) -> str:
    """A report as extracted text: prose lines, each table written by ``table_lines(grid)``."""
    lines = [report.title]
    tables = tables_for(report)
    for heading, paragraphs in report.sections:
        if heading:
            lines.append(heading)
        lines.extend(paragraphs)
        if heading in tables:
            lines.extend(table_lines(tables[heading]))
        lines.append("")
    return "\n".join(lines)


def report_text_tabs(report: Report) -> str:
    """Flattened text as PDF-to-text tools print it: a table row per line, cells tab-separated,
    a merged cell printed once and the positions it covers left empty."""
    def rows(grid: Grid) -> list[str]:
        hidden = grid.covered()
        return ["\t".join("" if (r, c) in hidden else text for c, text in enumerate(row))
                for r, row in enumerate(grid.rows)]
    return _flattened(report, rows)


def report_text_cells(report: Report) -> str:
    """Flattened text as DOCX-to-text tools print it: one cell per line, a blank line between rows."""
    def cells(grid: Grid) -> list[str]:
        hidden, out = grid.covered(), []
        for r, row in enumerate(grid.rows):
            out.extend("\t" + text for c, text in enumerate(row) if (r, c) not in hidden)
            out.append("")
        return out
    return _flattened(report, cells)
