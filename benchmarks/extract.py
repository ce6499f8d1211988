"""Extraction speed and memory per format, and PDF libraries side by side.

Run: ``.venv/bin/python benchmarks/extract.py [--repeat N]``

For every format in tests/fixtures/formats/ (the seed reports and synthetic ones rendered as HTML,
PDF, DOCX, DOC, XLSX) it runs govarchive's extractor in this process (no per-document child, so the
figures are the extractor's own) and prints documents/second and peak Python memory (tracemalloc).
DOC is measured through LibreOffice, so it mostly measures the converter's start-up.

For PDF it also compares, on the same files, the candidate libraries: pdfplumber (text + our table
cells, what we use), pdfminer.six (text only), and pypdfium2 (text only; no table finder) when it is
installed (``pip install pypdfium2``). PyMuPDF is left out: its AGPL licence rules it out for us.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.items import Capture  # noqa: E402
from pipelines.draft import Document  # noqa: E402
from pipelines.extract import _run  # noqa: E402
from pipelines.extract.limits import ExtractLimits  # noqa: E402

FORMATS = REPO / "tests" / "fixtures" / "formats"


def measure(fn, files: list[Path], repeat: int) -> tuple[float, float]:
    """(documents per second over ``repeat`` passes, peak MiB of Python allocations in one more pass).

    Speed and memory are measured in separate passes: tracemalloc slows Python code down severalfold.
    """
    bodies = [(path.read_bytes(), path) for path in files]
    started = time.perf_counter()
    for _ in range(repeat):
        for body, path in bodies:
            fn(body, path)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    for body, path in bodies:
        fn(body, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return repeat * len(files) / elapsed, peak / 2**20


def measure_doc(files: list[Path]) -> tuple[float, float]:
    """DOC goes through a LibreOffice process: time only (its memory is not Python's)."""
    started = time.perf_counter()
    for path in files:
        govarchive_extract("doc")(path.read_bytes(), path)
    return len(files) / (time.perf_counter() - started), float("nan")


def govarchive_extract(fmt: str):
    def run(body: bytes, path: Path) -> None:
        doc = Document(capture=Capture(url=str(path), site_id="b", kind="attachment", fetched_at="", body=body),
                       format=fmt)
        out = _run(fmt, doc, ExtractLimits())
        assert out.error is None, out.error
    return run


def pdfminer_text(body: bytes, path: Path) -> None:
    from pdfminer.high_level import extract_text

    assert extract_text(io.BytesIO(body))


def pdfplumber_text_only(body: bytes, path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(body)) as pdf:
        assert "".join(p.extract_text() or "" for p in pdf.pages)


def pypdfium2_text(body: bytes, path: Path) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(body)
    assert "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'format':<8} {'what':<42} {'docs/s':>8} {'peak MiB':>9}")
    for suffix, fmt in ((".html", "html"), (".pdf", "pdf"), (".docx", "docx"), (".xlsx", "xlsx"), (".doc", "doc")):
        files = sorted(FORMATS.glob(f"*{suffix}"))
        repeat = 1 if fmt == "doc" else args.repeat
        rate, peak = measure(govarchive_extract(fmt), files, repeat) if fmt != "doc" else measure_doc(files)
        print(f"{fmt:<8} {'govarchive extractor (' + str(len(files)) + ' files)':<42} {rate:>8.1f} {peak:>9.1f}")
    pdfs = sorted(FORMATS.glob("*.pdf"))
    candidates = [("pdfplumber text + table cells (ours)", govarchive_extract("pdf")),
                  ("pdfplumber text only", pdfplumber_text_only),
                  ("pdfminer.six text only", pdfminer_text)]
    try:
        import pypdfium2  # noqa: F401
        candidates.append(("pypdfium2 text only (no tables)", pypdfium2_text))
    except ImportError:
        print("(pypdfium2 not installed: pip install pypdfium2 to compare it)")
    for name, fn in candidates:
        rate, peak = measure(fn, pdfs, args.repeat)
        print(f"{'pdf':<8} {name:<42} {rate:>8.1f} {peak:>9.1f}")


if __name__ == "__main__":
    main()
