"""Parser accuracy against a labelled corpus: cell-level exact match, metadata, and checks.

A corpus is a folder of report files, each with its ground truth beside it:
``<stem>.figures.json`` (generated corpora, tests/fixtures/formats) or
``expected/<stem>.json`` (the hand-labelled seeds).  ``.txt`` files are read as
flattened text; any other file goes through extraction like a crawled capture.

Scores: the share of ground-truth cells parsed to exactly their value (per
table and overall), metadata fields right, and for checks: inconsistent
reports flagged by exactly the right rules, and consistent reports with any
failure (false alarms).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from crawler.items import Capture, ReportItem
from pipelines.document import blocks_from_text
from pipelines.draft import Document, ReportDraft
from pipelines.extract import extract_report
from pipelines.normalize import normalize_report
from pipelines.parse import figures_dict, parse_report

REPORT_SUFFIXES = (".txt", ".html", ".pdf", ".docx", ".doc", ".wps")


@dataclass
class Scores:
    reports: int = 0
    cells: int = 0
    cells_right: int = 0
    cells_extra: int = 0
    by_table: dict = field(default_factory=lambda: {"2": [0, 0], "3": [0, 0], "4": [0, 0]})
    by_format: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=lambda: {"agency": [0, 0], "year": [0, 0], "template": [0, 0]})
    inconsistent: int = 0
    inconsistent_flagged_right: int = 0
    consistent_with_false_failures: int = 0
    errors: list = field(default_factory=list)     # (file, what) for the first mistakes

    @property
    def cell_accuracy(self) -> float:
        return self.cells_right / self.cells if self.cells else 0.0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["cell_accuracy"] = round(self.cell_accuracy, 6)
        return data


def truth_for(path: Path) -> Path | None:
    stem = path.name.split(".")[0]
    for candidate in (path.with_name(f"{stem}.figures.json"), path.parent / "expected" / f"{path.stem}.json"):
        if candidate.exists():
            return candidate
    return None


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in REPORT_SUFFIXES and truth_for(p))


def parse_file(path: Path) -> ReportDraft:
    if path.suffix == ".txt":
        capture = Capture(url=f"file://{path}", site_id="eval", kind="attachment", fetched_at="")
        draft = ReportDraft(item=ReportItem(site_id="eval", attachments=[capture]))
        text = path.read_text("utf-8")
        draft.documents = [Document(capture=capture, format="text", blocks=blocks_from_text(text), raw_text=text)]
        return parse_report(normalize_report(draft))
    capture = Capture(url=f"http://eval.invalid/{path.name}", site_id="eval", kind="attachment", fetched_at="",
                      body=path.read_bytes())
    return parse_report(normalize_report(extract_report(ReportItem(site_id="eval", attachments=[capture]))))


def score_file(path: Path, scores: Scores) -> None:
    truth = json.loads(truth_for(path).read_text("utf-8"))
    draft = parse_file(path)
    got = figures_dict(draft.figures)
    fmt = ".".join(path.name.split(".")[1:])
    right_here = total_here = 0
    for table, rows in truth["figures"].items():
        for row, cols in rows.items():
            for col, value in cols.items():
                parsed = got.get(int(table), {}).get(row, {}).get(col, "missing")
                ok = parsed == value
                scores.by_table[table][1] += 1
                total_here += 1
                if ok:
                    scores.by_table[table][0] += 1
                    right_here += 1
                elif len(scores.errors) < 50:
                    scores.errors.append((path.name, f"{table}.{row}.{col}: expected {value!r}, parsed {parsed!r}"))
    known = {(int(t), r, c) for t, rows in truth["figures"].items() for r, cols in rows.items() for c in cols}
    scores.cells_extra += sum(1 for t, rows in got.items() for r, cols in rows.items() for c in cols
                              if (t, r, c) not in known)
    scores.cells += total_here
    scores.cells_right += right_here
    per_format = scores.by_format.setdefault(fmt, [0, 0])
    per_format[0] += right_here
    per_format[1] += total_here
    for key in ("agency", "year", "template"):
        scores.metadata[key][1] += 1
        if getattr(draft, key) == truth[key]:
            scores.metadata[key][0] += 1
        elif len(scores.errors) < 50:
            scores.errors.append((path.name, f"{key}: expected {truth[key]!r}, parsed {getattr(draft, key)!r}"))
    failed = sorted([c.rule, c.scope] for c in draft.checks if not c.passed)
    expected = sorted(truth.get("check_failures", []))
    if expected:
        scores.inconsistent += 1
        scores.inconsistent_flagged_right += int(failed == expected)
    elif failed:
        scores.consistent_with_false_failures += 1
    scores.reports += 1


def evaluate(paths: list[Path]) -> Scores:
    scores = Scores()
    for path in paths:
        score_file(path, scores)
    return scores
