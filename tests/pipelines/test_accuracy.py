"""The parser's accuracy gate (after trafilatura's: floors pinned together with the gold data's hash)."""

import hashlib
import json
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from pipelines.parse.evaluate import corpus_files, evaluate, parse_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPO = FIXTURES.parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from fixture_corpus import expected_failures, generate  # noqa: E402
from fixture_render import report_text_cells, report_text_tabs, word_html  # noqa: E402
from fixture_reports import make_report  # noqa: E402

BASELINE = json.loads((FIXTURES / "accuracy_baseline.json").read_text("utf-8"))


def gold_hash() -> str:
    files = sorted(list((FIXTURES / "seeds" / "expected").glob("*.json")) + list((FIXTURES / "formats").glob("*.figures.json")))
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def test_gold_labels_unchanged_or_baseline_updated():
    assert gold_hash() == BASELINE["gold_sha256"], "gold labels changed: review them and update accuracy_baseline.json"


def test_accuracy_floors_on_labelled_corpora():
    scores = evaluate(corpus_files(FIXTURES / "seeds") + corpus_files(FIXTURES / "formats"))
    floors = BASELINE["floors"]
    assert scores.cell_accuracy >= floors["cell_accuracy"], scores.errors[:5]
    for key in ("agency", "year", "template"):
        right, total = scores.metadata[key]
        assert right / total >= floors[key], (key, scores.errors[:5])
    assert scores.consistent_with_false_failures <= floors["false_check_failures"]
    assert scores.cells > 7000 and scores.cells_extra == 0


def test_generated_corpus_incl_inconsistent_reports(tmp_path):
    files = generate(tmp_path, 30, with_doc=False, seed=7)
    scores = evaluate(files)
    assert scores.cell_accuracy == 1.0, scores.errors[:5]
    assert scores.inconsistent == 3 and scores.inconsistent_flagged_right == 3
    assert scores.consistent_with_false_failures == 0
    assert set(scores.by_format) == {"html", "pdf", "docx", "tabs.txt", "cells.txt"}


RENDERERS = {"html": word_html, "tabs.txt": report_text_tabs, "cells.txt": report_text_cells}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), template=st.sampled_from(["2019", "2021"]),
       fmt=st.sampled_from(sorted(RENDERERS)), year=st.integers(2019, 2026))
def test_property_render_extract_parse_round_trip(tmp_path, seed, template, fmt, year):
    """Random well-formed tables → rendered → extracted → parsed give back the same numbers."""
    report = make_report(f"prop-{seed}", "示例县人民政府办公室", year, template, seed=seed)
    path = tmp_path / f"prop-{seed}-{template}.{fmt}"
    path.write_text(RENDERERS[fmt](report), "utf-8")
    draft = parse_file(path)
    got = {str(f.table_no): {} for f in draft.figures}
    for f in draft.figures:
        got[str(f.table_no)].setdefault(f.row, {})[f.col] = f.value
    assert got == report.figures
    assert sorted([c.rule, c.scope] for c in draft.checks if not c.passed) == expected_failures(report.figures) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from(["", "0", "7", "-", "—", "无", "+3", "1.5", "总计", "予以公开",
                                                    "三、收到和处理政府信息公开申请情况", "信息内容", "规章",
                                                    "四、政府信息公开行政复议、行政诉讼情况", "二、主动公开政府信息情况"]),
                                   st.text(max_size=12)), max_size=16), max_size=40))
def test_property_garbage_never_raises(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("garbage") / "g.tabs.txt"
    path.write_text("\n".join("\t".join(r) for r in rows), "utf-8")
    draft = parse_file(path)
    assert draft.parse_status in ("ok", "partial", "failed")
