"""Search latency and index size on archives of 10k and 100k synthetic reports.

Run: ``.venv/bin/python benchmarks/search.py [--sizes 10000 100000] [--dir DIR]``

Reports are built from the five real seed reports (about 5,000–13,000 characters each) with their
numbers randomised and agency names varied, inserted through the archive's own schema (so the FTS5
trigram index is maintained by its triggers). For each size it prints the build time, the database
size and the part taken by the full-text index, and p50/p95 latency of `archive.search.search` for
short queries (1–2 characters: answered by a scan) and long ones (3+ characters: trigram index).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive.search import search  # noqa: E402
from archive.storage import open_archive  # noqa: E402

SEEDS = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))
PLACES = ["盐池", "寻乌", "原州", "同心", "隆德", "西吉", "泾源", "彭阳", "红寺堡", "青铜峡", "灵武", "永宁"]
BODIES = ["人民政府办公室", "教育局", "卫生健康局", "自然资源局", "交通运输局", "公安局", "民政局", "财政局"]
SHORT = ["复议", "诉讼", "公开", "罚", "依申"]
LONG = ["依申请公开", "行政处罚决定", "政府信息公开工作年度报告", "结转下年度继续办理", "国家秘密"]


def build(path: Path, size: int) -> float:
    rng = random.Random(size)
    texts = [p.read_text("utf-8") for p in SEEDS]
    archive = open_archive(path)
    archive.db["sites"].insert({"id": "bench", "name": "bench", "region": "宁夏回族自治区"}, replace=True)
    started = time.perf_counter()
    batch = []
    for n in range(size):
        agency = rng.choice(PLACES) + "县" + rng.choice(BODIES)
        year = rng.randint(2019, 2025)
        text = re.sub(r"\d+", lambda m: str(rng.randint(0, 999)), rng.choice(texts))
        batch.append({"title": f"{agency}{year}年政府信息公开工作年度报告", "agency": agency, "year": year,
                      "region": "宁夏回族自治区/" + rng.choice(PLACES) + "县", "site_id": "bench",
                      "canonical_url": f"http://bench.invalid/{n}.html", "text": text, "parse_status": "ok"})
        if len(batch) == 1000:
            with archive.db.atomic():
                archive.db["reports"].insert_all(batch)
            batch = []
    if batch:
        with archive.db.atomic():
            archive.db["reports"].insert_all(batch)
    seconds = time.perf_counter() - started
    archive.db.execute("pragma wal_checkpoint(truncate)")
    archive.close()
    return seconds


def latency(db, queries: list[str], runs: int = 4) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        for q in queries:
            started = time.perf_counter()
            search(db, q, limit=20)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--dir", type=Path, default=None, help="where to build the archives (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        print(f"{'reports':>8} {'build s':>8} {'db MiB':>7} {'fts MiB':>8} {'short p50/p95 ms':>17} {'long p50/p95 ms':>16}")
        for size in args.sizes:
            path = folder / f"search-{size}.db"
            path.unlink(missing_ok=True)
            took = build(path, size)
            archive = open_archive(path)
            fts = archive.db.execute("select sum(pgsize) from dbstat where name like 'reports_fts%'").fetchone()[0] or 0
            short = latency(archive.db, SHORT)
            long = latency(archive.db, LONG)
            archive.close()
            print(f"{size:>8} {took:>8.0f} {path.stat().st_size / 2**20:>7.0f} {fts / 2**20:>8.0f}"
                  f" {short[0]:>8.1f}/{short[1]:<8.1f} {long[0]:>7.1f}/{long[1]:<8.1f}")


if __name__ == "__main__":
    main()
