"""Metadata of the five real seed reports against their hand-labelled ground truth."""

import json
from pathlib import Path

import pytest

from crawler.items import Capture, ReportItem
from pipelines.document import blocks_from_text
from pipelines.draft import Document, ReportDraft
from pipelines.normalize import normalize_report
from pipelines.parse import parse_report
from pipelines.parse.metadata import find_template

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def draft_from_text(text: str, meta: dict | None = None, listing_title: str | None = None) -> ReportDraft:
    capture = Capture(url="http://x.gov.cn/a.pdf", site_id="x", kind="attachment", fetched_at="")
    draft = ReportDraft(item=ReportItem(site_id="x", attachments=[capture], listing_title=listing_title))
    draft.documents = [Document(capture=capture, format="pdf", blocks=blocks_from_text(text), raw_text=text,
                                meta=meta or {})]
    return parse_report(normalize_report(draft))


@pytest.mark.parametrize("seed", sorted(p.stem for p in SEEDS.glob("*.txt")))
def test_seed_metadata(seed):
    expected = json.loads((SEEDS / "expected" / f"{seed}.json").read_text("utf-8"))
    draft = draft_from_text((SEEDS / f"{seed}.txt").read_text("utf-8"))
    assert (draft.agency, draft.year, draft.template) == (expected["agency"], expected["year"], expected["template"])
    assert draft.title.endswith("政府信息公开工作年度报告") and str(expected["year"]) in draft.title


def test_report_year_is_not_publication_year():
    draft = draft_from_text("某县2021年政府信息公开工作年度报告\n一、总体情况\n", meta={"PubDate": "2022-01-20 09:00"})
    assert draft.year == 2021 and draft.published_on == "2022-01-20"


def test_agency_from_page_metadata_when_title_has_none():
    draft = draft_from_text("2025年政府信息公开工作年度报告\n一、总体情况\n", meta={"发布机构": "盐池县人民政府办公室"})
    assert draft.agency == "盐池县人民政府办公室"


def test_missing_fields_are_noted_not_guessed():
    draft = draft_from_text("一、总体情况\n本机关认真落实条例。\n")
    assert draft.agency is None and draft.year is None
    assert {"agency_not_found", "year_not_found", "title_not_found"} <= set(draft.parse_notes)
    assert draft.parse_status == "partial"


def test_no_text_fails_with_reason():
    capture = Capture(url="http://x.gov.cn/a.pdf", site_id="x", kind="attachment", fetched_at="")
    draft = ReportDraft(item=ReportItem(site_id="x", attachments=[capture]))
    draft.documents = [Document(capture=capture, format="pdf", error="no_text_layer")]
    draft = parse_report(normalize_report(draft))
    assert draft.parse_status == "failed" and draft.parse_notes == ["no_text (no_text_layer)"]


@pytest.mark.parametrize("text, template", [
    ("信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "2021"),
    ("信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量", "2019"),
    ("本年新制作数量 … 本年收费金额（单位：万元）", "hybrid"),
    ("没有表格", None),
])
def test_template(text, template):
    assert find_template(text) == template
