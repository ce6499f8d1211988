"""Rendered pages per second and the browser's peak memory over a long run, beside plain HTTP.

Run: ``.venv/bin/python benchmarks/render.py [--pages 500]``

Serves the fixture portals through tests/portalproxy.py and fetches the delayed-script listing of
www.pengyang.gov.cn N times (distinct query strings) — once with Scrapy's plain HTTP handler, once
rendered in Debian's chromium through scrapy-playwright with govarchive's browser settings (images,
fonts, media blocked; one context, 4 pages; `GOVARCHIVE_RENDER_WAIT_MS` set to 0 here: the point is
the browser's own cost). Chromium's memory (the sum of its processes' RSS) is sampled every 0.2 s;
the peak in the first and the last fifth of the run show whether it stays flat.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def chromium_rss_mb() -> float:
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            name = open(f"/proc/{pid}/comm").read().strip()
            if "chrom" not in name:
                continue
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run(pages: int, render: bool, proxy: str) -> dict:
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler import browser

    samples: list[tuple[float, float]] = []
    done = threading.Event()

    def sampler():
        while not done.is_set():
            samples.append((time.perf_counter(), chromium_rss_mb()))
            time.sleep(0.2)

    class Bench(scrapy.Spider):
        name = "bench"

        async def start(self):
            from scrapy_playwright.page import PageMethod

            for n in range(pages):
                meta = {"playwright": True, "playwright_page_methods": [PageMethod("wait_for_load_state", "load")]} \
                    if render else {}
                yield scrapy.Request(f"http://www.pengyang.gov.cn/xxgk/nb/?n={n}", meta=meta, dont_filter=True)

        def parse(self, response):
            pass

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict({"ITEM_PIPELINES": {}, "DOWNLOADER_MIDDLEWARES": {}, "EXTENSIONS": {}, "LOG_LEVEL": "ERROR",
                      "ROBOTSTXT_OBEY": False, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0.001,
                      "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
                      "PLAYWRIGHT_LAUNCH_OPTIONS": browser.launch_options(browser.chromium_path(None))},
                     priority="cmdline")
    os.environ["http_proxy"] = proxy
    threading.Thread(target=sampler, daemon=True).start()
    started = time.perf_counter()
    process = CrawlerProcess(settings)
    process.crawl(Bench)
    process.start()
    seconds = time.perf_counter() - started
    done.set()
    fifth = max(1, len(samples) // 5)
    return {"pages": pages, "seconds": seconds, "rate": pages / seconds,
            "peak_mb": max((m for _, m in samples), default=0.0),
            "first_fifth_mb": max((m for _, m in samples[:fifth]), default=0.0),
            "last_fifth_mb": max((m for _, m in samples[-fifth:]), default=0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--mode", choices=["plain", "render"], default=None, help=argparse.SUPPRESS)
    parser.add_argument("--proxy", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        import json

        print(json.dumps(run(args.pages, args.mode == "render", args.proxy)))
        return
    proxy = subprocess.Popen([sys.executable, "-m", "tests.portalproxy"], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        address = proxy.stdout.readline().strip().removeprefix("listening on ")
        import json

        results = {}
        for mode in ("plain", "render"):
            out = subprocess.run([sys.executable, __file__, "--pages", str(args.pages), "--mode", mode,
                                  "--proxy", address], capture_output=True, text=True, cwd=REPO, check=True)
            results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        proxy.terminate()
    plain, render = results["plain"], results["render"]
    print(f"{'mode':<8} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'browser peak MiB':>17} {'first/last fifth MiB':>21}")
    print(f"{'plain':<8} {plain['pages']:>6} {plain['seconds']:>8.1f} {plain['rate']:>8.1f} {'-':>17} {'-':>21}")
    print(f"{'render':<8} {render['pages']:>6} {render['seconds']:>8.1f} {render['rate']:>8.1f} "
          f"{render['peak_mb']:>17.0f} {render['first_fifth_mb']:>10.0f}/{render['last_fifth_mb']:<10.0f}")


if __name__ == "__main__":
    main()
