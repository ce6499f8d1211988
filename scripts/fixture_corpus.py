"""Generate a labelled evaluation corpus: synthetic reports in many formats with their ground truth.

Each report is written as ``<key>.<ext>`` with ``<key>.figures.json`` beside it holding the agency,
year, template, every figure, and ``check_failures`` — the rules its printed numbers break. About one
report in ten is made inconsistent on purpose (one printed cell changed), and its expected failures are
worked out here with plain sums, independently of the parser's own checks.

Formats cycle through Word-pasted HTML, ruled PDF, DOCX, tab-separated text and one-cell-per-line
text; DOC (through LibreOffice, about a second each) is added for every tenth report when requested.

Usage: ``python scripts/fixture_corpus.py OUT_DIR [--count 240] [--doc]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fixture_render import (report_doc, report_docx, report_pdf, report_text_cells, report_text_tabs,  # noqa: E402
                            word_html)
from fixture_reports import APPLICANT_COLS, T4_COLS, T4_ROWS, make_report  # noqa: E402

AGENCIES = ["示例县人民政府办公室", "示例县教育局", "示例县交通运输局", "示例县卫生健康委员会", "示例区人民政府",
            "示例镇人民政府", "示例县自然资源局", "示例市生态环境局示例分局", "示例县公安局", "示例街道办事处"]
FORMATS = ["html", "pdf", "docx", "tabs.txt", "cells.txt"]


def expected_failures(figures: dict) -> list[list[str]]:
    """The check rules the printed numbers break, by direct arithmetic."""
    t3, t4 = figures["3"], figures["4"]
    results = [k for k in t3 if k not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    out = []
    for col in APPLICANT_COLS:
        if t3["new_received"][col] + t3["carried_over"][col] != t3["total_processed"][col] + t3["carried_forward"][col]:
            out.append(["t3_balance", col])
        if sum(t3[k][col] for k in results) != t3["total_processed"][col]:
            out.append(["t3_results_sum", col])
    for row, cols in t3.items():
        if sum(cols[c] for c in APPLICANT_COLS[:-1]) != cols["total"]:
            out.append(["t3_row_sum", row])
    for row in T4_ROWS:
        if sum(t4[row][c] for c in T4_COLS[:-1]) != t4[row]["total"]:
            out.append(["t4_sum", row])
    return sorted(out)


def perturb(report, rng: random.Random) -> None:
    """Change one printed table-3 or table-4 cell by +1 (a report that contradicts itself)."""
    if rng.random() < 0.7:
        row = rng.choice(list(report.figures["3"]))
        col = rng.choice(APPLICANT_COLS)
        report.figures["3"][row][col] += 1
    else:
        row = rng.choice(T4_ROWS)
        report.figures["4"][row][rng.choice(T4_COLS)] += 1


def write(report, fmt: str, out: Path) -> Path:
    path = out / f"{report.key}.{fmt}"
    if fmt == "html":
        path.write_text(word_html(report), "utf-8")
    elif fmt == "pdf":
        path.write_bytes(report_pdf(report))
    elif fmt == "docx":
        path.write_bytes(report_docx(report))
    elif fmt == "doc":
        path.write_bytes(report_doc(report))
    elif fmt == "tabs.txt":
        path.write_text(report_text_tabs(report), "utf-8")
    else:
        path.write_text(report_text_cells(report), "utf-8")
    return path


def generate(out: Path, count: int, with_doc: bool = False, seed: int = 2026) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = []
    for n in range(count):
        template = "2021" if n % 3 else "2019"
        year = (2019 + n % 2) if template == "2019" else 2021 + n % 4
        report = make_report(f"gen-{n:04d}", rng.choice(AGENCIES), year, template, seed=seed * 1000 + n)
        if n % 10 == 7:
            perturb(report, rng)
        fmt = "doc" if with_doc and n % 10 == 3 else FORMATS[n % len(FORMATS)]
        files.append(write(report, fmt, out))
        truth = {"agency": report.agency, "year": report.year, "template": report.template,
                 "figures": report.figures, "check_failures": expected_failures(report.figures)}
        (out / f"{report.key}.figures.json").write_text(json.dumps(truth, ensure_ascii=False) + "\n", "utf-8")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=240)
    parser.add_argument("--doc", action="store_true", help="also render every tenth report as legacy DOC")
    args = parser.parse_args()
    files = generate(args.out, args.count, args.doc)
    print(f"wrote {len(files)} reports to {args.out}")


if __name__ == "__main__":
    main()
