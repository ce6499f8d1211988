"""Parser accuracy on a generated corpus of 240 reports plus the committed labelled corpora.

Run: ``.venv/bin/python benchmarks/accuracy.py [--count 240] [--no-doc] [--keep DIR]``

Generates the corpus with scripts/fixture_corpus.py (Word-pasted HTML, ruled PDF, DOCX,
tab-separated and one-cell-per-line text, and legacy DOC for every tenth report; both templates;
one report in ten deliberately inconsistent), then scores it and the hand-labelled seeds with
pipelines/parse/evaluate.py. Prints cell-level exact match per table and per format, metadata
accuracy, and check precision/recall, with the time taken.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from fixture_corpus import generate  # noqa: E402

from govarchive.cli import print_scores  # noqa: E402
from pipelines.parse.evaluate import corpus_files, evaluate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=240)
    parser.add_argument("--no-doc", action="store_true", help="skip the LibreOffice DOC renderings")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        started = time.perf_counter()
        generate(out, args.count, with_doc=not args.no_doc)
        made = time.perf_counter() - started
        started = time.perf_counter()
        scores = evaluate(corpus_files(out))
        took = time.perf_counter() - started
        print_scores(scores, f"generated corpus ({args.count} reports; generated in {made:.0f} s, parsed in {took:.0f} s)")
    seeds = evaluate(corpus_files(REPO / "tests" / "fixtures" / "seeds"))
    print()
    print_scores(seeds, "real seed reports (hand-labelled)")


if __name__ == "__main__":
    main()
