"""Every format, cell for cell: the tables extracted from each rendered file equal their source grids.

Fixtures: tests/fixtures/formats/, built by scripts/build_format_fixtures.py from the five real seed
reports (hand-labelled tables) and three synthetic ones.
"""

import json
import shutil
from pathlib import Path

import pytest

from crawler.items import Capture
from pipelines.document import Table
from pipelines.extract import extract_capture
from pipelines.normalize import normalize_blocks

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
CASES = sorted(p for p in FORMATS.iterdir() if p.suffix in (".html", ".pdf", ".docx", ".doc", ".xlsx"))


def extract_tables(path: Path) -> list[list[list[str]]]:
    capture = Capture(url=f"http://x.gov.cn/{path.name}", site_id="x", kind="attachment", fetched_at="",
                      body=path.read_bytes(), content_type="text/html; charset=utf-8" if path.suffix == ".html" else None)
    doc = extract_capture(capture)
    assert doc.error is None, (doc.error, doc.error_detail)
    return [b.rows for b in normalize_blocks(doc.blocks) if isinstance(b, Table)]


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_tables_equal_source_cells(path):
    if path.suffix == ".doc" and not shutil.which("soffice"):
        pytest.fail("LibreOffice is required for DOC extraction: run `make apt-deps`")
    expected = json.loads(path.with_name(path.stem + ".tables.json").read_text("utf-8"))
    assert extract_tables(path) == expected


def test_every_format_is_covered():
    assert {p.suffix for p in CASES} == {".html", ".pdf", ".docx", ".doc", ".xlsx"}
    assert len([p for p in CASES if p.stem.startswith("seed-")]) >= 20
