"""Build tests/fixtures/formats/: the same reports rendered into every format, with their tables.

Sources: the five real seed reports (their prose from tests/fixtures/seeds/*.txt, their tables
from the hand-labelled expected/*.json) and three synthetic reports (2019 and 2021 templates).
Each report is written as Word-pasted HTML, a ruled-table PDF with an embedded CJK font, DOCX,
legacy DOC (LibreOffice) and, for some, XLSX; ``<key>.tables.json`` holds the three tables as the
extractor must return them (merged cells expanded). Tests compare cell for cell.

Run: ``python scripts/build_format_fixtures.py`` (needs reportlab, python-docx, openpyxl,
fonts-wqy-zenhei and LibreOffice: ``make apt-deps``).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fixture_render import expanded, report_doc, report_docx, report_pdf, report_xlsx, word_html  # noqa: E402
from fixture_reports import Report, make_report, tables_for  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "fixtures" / "seeds"
OUT = REPO / "tests" / "fixtures" / "formats"
SECTION_RE = re.compile(r"^([一二三四五六])、")
HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def seed_report(path: Path) -> Report:
    expected = json.loads((SEEDS / "expected" / f"{path.stem}.json").read_text("utf-8"))
    template = expected["template"]
    report = Report(key=f"seed-{path.stem[:3]}", agency=expected["agency"], year=expected["year"],
                    template=template, figures=expected["figures"])
    prose: dict[str, list[str]] = {h: [] for h in HEADINGS}
    current = None
    for line in path.read_text("utf-8").splitlines():
        line = line.strip().replace("**", "")
        m = SECTION_RE.match(line)
        if m and len(line) < 40:
            current = HEADINGS["一二三四五六".index(m.group(1))]
            continue
        if current and "\t" not in line and len(line) >= 20 and "。" in line and len(prose[current]) < 2:
            prose[current].append(re.sub(r"\s+", "", line))
    report.sections = [("", ["本报告根据《中华人民共和国政府信息公开条例》编制。"])] + [(h, prose[h]) for h in HEADINGS]
    return report


def main() -> None:
    reports = [seed_report(p) for p in sorted(SEEDS.glob("*.txt"))]
    reports += [make_report("synthetic-2021-a", "示例县人民政府办公室", 2022, "2021", seed=501),
                make_report("synthetic-2021-b", "示例县教育局", 2023, "2021", seed=502),
                make_report("synthetic-2019-a", "示例县交通运输局", 2020, "2019", seed=503)]
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    for n, report in enumerate(reports):
        tables = [expanded(g) for g in tables_for(report).values()]
        (OUT / f"{report.key}.tables.json").write_text(json.dumps(tables, ensure_ascii=False, indent=0) + "\n", "utf-8")
        truth = {"agency": report.agency, "year": report.year, "template": report.template, "figures": report.figures}
        (OUT / f"{report.key}.figures.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")
        (OUT / f"{report.key}.html").write_text(word_html(report), "utf-8")
        (OUT / f"{report.key}.pdf").write_bytes(report_pdf(report))
        (OUT / f"{report.key}.docx").write_bytes(report_docx(report))
        (OUT / f"{report.key}.doc").write_bytes(report_doc(report))
        if n % 3 == 0:
            (OUT / f"{report.key}.xlsx").write_bytes(report_xlsx(report))
    print(f"wrote {len(reports)} reports in every format to {OUT}")


if __name__ == "__main__":
    main()
