"""Tables 2, 3 and 4 against hand-labelled ground truth, in flattened text and in every file format."""

import json
from pathlib import Path

import pytest

from crawler.items import Capture, ReportItem
from pipelines.document import blocks_from_text
from pipelines.draft import Document, ReportDraft
from pipelines.extract import extract_report
from pipelines.normalize import normalize_report
from pipelines.parse import figures_dict, parse_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
FORMAT_FILES = sorted(p for p in (FIXTURES / "formats").iterdir() if p.suffix in (".html", ".pdf", ".docx", ".doc"))


def parse_text(text: str) -> ReportDraft:
    capture = Capture(url="http://x.gov.cn/a.pdf", site_id="x", kind="attachment", fetched_at="")
    draft = ReportDraft(item=ReportItem(site_id="x", attachments=[capture]))
    draft.documents = [Document(capture=capture, format="pdf", blocks=blocks_from_text(text), raw_text=text)]
    return parse_report(normalize_report(draft))


def as_json_keys(figures: dict) -> dict:
    return {str(t): rows for t, rows in figures.items()}


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_real_seed_every_cell(path):
    expected = json.loads((FIXTURES / "seeds" / "expected" / f"{path.stem}.json").read_text("utf-8"))
    draft = parse_text(path.read_text("utf-8"))
    assert as_json_keys(figures_dict(draft.figures)) == expected["figures"]
    assert (draft.agency, draft.year, draft.template) == (expected["agency"], expected["year"], expected["template"])
    assert [c for c in draft.checks if not c.passed] == []          # no false check failures
    assert draft.parse_status == "ok", draft.parse_notes
    assert sorted(draft.sections) == [1, 2, 3, 4, 5, 6]


def test_blank_cells_are_not_zero():
    """Seed 000 prints its five 行政复议 cells blank: NULL with raw '', never 0."""
    draft = parse_text((FIXTURES / "seeds" / "000_a0eb56bf1a87750f.txt").read_text("utf-8"))
    review = [f for f in draft.figures if f.table_no == 4 and f.row == "review"]
    assert [(f.value, f.raw) for f in review] == [(None, "")] * 5


def test_deductions_and_oddities_are_noted():
    draft = parse_text((FIXTURES / "seeds" / "000_a0eb56bf1a87750f.txt").read_text("utf-8"))
    assert any("carried_forward prints 6 zeros" in n for n in draft.parse_notes)
    assert any("administrative_fees prints 2 equal values" in n for n in draft.parse_notes)


def test_decimals_signs_and_units_kept():
    draft = parse_text((FIXTURES / "seeds" / "004_e04ae6e73a6d8743.txt").read_text("utf-8"))
    by_key = {(f.row, f.col): f for f in draft.figures if f.table_no == 2}
    assert by_key[("centralized_procurement", "amount")].value == 8246.37
    assert (by_key[("administrative_license", "change")].value, by_key[("administrative_license", "change")].raw) == (18, "+18")


@pytest.mark.parametrize("path", FORMAT_FILES, ids=[p.name for p in FORMAT_FILES])
def test_every_format_parses_to_the_source_figures(path):
    truth = json.loads(path.with_name(path.stem + ".figures.json").read_text("utf-8"))
    capture = Capture(url=f"http://x.gov.cn/{path.name}", site_id="x", kind="attachment", fetched_at="",
                      body=path.read_bytes())
    draft = parse_report(normalize_report(extract_report(ReportItem(site_id="x", attachments=[capture]))))
    assert as_json_keys(figures_dict(draft.figures)) == truth["figures"]
    assert (draft.agency, draft.year, draft.template) == (truth["agency"], truth["year"], truth["template"])
    assert draft.parse_status == "ok", draft.parse_notes


SEED_003 = (FIXTURES / "seeds" / "003_1a7172332732daca.txt").read_text("utf-8")


def test_inconsistent_total_flagged_by_the_right_rules():
    """Change one printed total (（七）总计, natural persons 4 → 5): the balance and both sums must fail."""
    lines = SEED_003.split("\n")
    at = next(i for i, l in enumerate(lines) if "（七）总计" in l)
    assert lines[at + 1].strip() == "4"
    lines[at + 1] = "\t5"
    draft = parse_text("\n".join(lines))
    failed = {(c.rule, c.scope) for c in draft.checks if not c.passed}
    assert failed == {("t3_balance", "natural_person"), ("t3_results_sum", "natural_person"),
                      ("t3_row_sum", "total_processed")}


def test_table4_total_mismatch_flagged():
    text = (FIXTURES / "seeds" / "001_2e5524cc18545b14.txt").read_text("utf-8")
    text = text.replace("0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t1\t0\t0\t1\t2", "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t1\t0\t0\t1\t3")
    draft = parse_text(text)
    assert {(c.rule, c.scope) for c in draft.checks if not c.passed} == {("t4_sum", "litigation_after_review")}


def test_ambiguous_row_left_out_with_reason():
    """Five numbers under a seven-column row, not all zero: which column is missing is unknowable."""
    lines = SEED_003.split("\n")
    at = next(i for i, l in enumerate(lines) if "一、本年新收政府信息公开申请数量" in l)
    assert lines[at + 1:at + 8] == ["\t4", "\t0", "\t0", "\t0", "\t0", "\t0", "\t4"]   # one cell per line
    del lines[at + 2:at + 4]   # two of its seven cells lost: 4, 0, 0, 0, 4 remain
    draft = parse_text("\n".join(lines))
    new = [f for f in draft.figures if f.row == "new_received"]
    assert all(f.value is None and f.raw is None for f in new)
    assert any("new_received prints 5 values for 7 columns; left out" in n for n in draft.parse_notes)
    assert draft.parse_status == "partial"


@pytest.mark.parametrize("text", ["", "\t\t\t", "一、总体情况\n二、主动公开政府信息情况\n信息内容\t\t\n规章\t×\t",
                                  "三、收到和处理政府信息公开申请情况\n" + "\t".join(["9"] * 40),
                                  "四、政府信息公开行政复议、行政诉讼情况\n" + "1\t" * 14])
def test_garbage_never_raises(text):
    draft = parse_text(text)
    assert draft.parse_status in ("partial", "failed")
