"""Near-duplicate detection cost from 10k to 100k documents: time and memory should grow linearly.

Run: ``.venv/bin/python benchmarks/dedupe.py [--sizes 10000 25000 50000 100000]``

Each size runs in a fresh process (so peak memory is that size's own): it generates N synthetic
reports (about 1,500 characters each, built from template sentences and random numbers, with a
repost of every tenth one: other punctuation width and spacing), computes each MinHash signature,
inserts it into the LSH index and queries it — the work the dedupe stage does per report. It prints
seconds, documents per second, the memory the run added to the process (peak RSS minus the RSS after
imports), the number of documents that found a candidate (reposts, plus look-alikes that identity
checks would reject), and each figure's ratio to the smallest size's.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SENTENCES = [
    "全年通过门户网站主动公开政府信息{n}条", "其中政策文件{n}件", "政策解读{n}篇", "收到政府信息公开申请{n}件",
    "按时答复率百分之百", "未发生因政府信息公开被申请行政复议的情况", "组织培训{n}次", "更新公开目录{n}项",
    "发布政府公报{n}期", "办理人大代表建议{n}件", "政协委员提案{n}件", "行政处罚决定{n}件", "行政许可{n}件",
    "完善信息发布审核制度", "加强政策解读回应", "规范依申请公开办理流程", "推进基层政务公开标准化规范化",
]


def document(rng: random.Random, n: int) -> str:
    return "。".join(rng.choice(SENTENCES).format(n=rng.randint(0, 9999)) for _ in range(60)) + f"。编号{n}"


def worker(size: int) -> dict:
    from pipelines.dedupe import NearDuplicateIndex, signature

    rng = random.Random(size)
    index = NearDuplicateIndex()
    signature("warm up: load numpy and hash tables")
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    found = 0
    previous = ""
    for n in range(size):
        text = document(rng, n)
        if n % 10 == 9:   # a repost of the previous document
            text = previous.replace("。", ". ").replace("，", ", ") + " 来源：市政府网站"
        m = signature(text)
        found += bool(index.candidates(m))
        index.add(n, m)
        previous = text
    seconds = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - baseline_mb
    return {"size": size, "seconds": seconds, "rss_mb": rss_mb, "reposts_found": found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 25000, 50000, 100000])
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    results = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--worker", str(size)], capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout))
    base = results[0]
    print(f"{'docs':>8} {'seconds':>8} {'docs/s':>8} {'time ×':>7} {'index MiB':>10} {'mem ×':>6} {'candidates':>11}")
    for r in results:
        print(f"{r['size']:>8} {r['seconds']:>8.1f} {r['size'] / r['seconds']:>8.0f} {r['seconds'] / base['seconds']:>7.2f}"
              f" {r['rss_mb']:>10.0f} {r['rss_mb'] / base['rss_mb']:>6.2f} {r['reposts_found']:>11}")
    print(f"size ratio {results[-1]['size'] / base['size']:.1f}×")


if __name__ == "__main__":
    main()
