"""`make demo`: serve the bundled offline portals, crawl them into ./archive.db, show what we got.

Everything stays on 127.0.0.1: the portals are files under tests/fixtures/portals served by
tests/portalproxy.py, which answers for www.xunwu.gov.cn, www.yzh.gov.cn and www.yanchi.gov.cn; the
crawler reaches it through http_proxy, exactly as it would reach a real proxy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARCHIVE = os.environ.get("GOVARCHIVE_ARCHIVE", str(REPO / "archive.db"))


def govarchive(*args: str, env: dict | None = None) -> None:
    subprocess.run([sys.executable, "-m", "govarchive.cli", *args], cwd=REPO, env=env, check=True)


def main() -> None:
    proxy = subprocess.Popen([sys.executable, "-m", "tests.portalproxy"], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        address = proxy.stdout.readline().strip().removeprefix("listening on ")
        print(f"Demo portals served by a local proxy at {address}\n", flush=True)
        env = {**os.environ, "http_proxy": address, "https_proxy": address, "no_proxy": "",
               "PYTHONPATH": str(REPO)}
        # The portals are local, so the politeness delays are shortened for the demo.
        govarchive("crawl", "--sites", "tests/fixtures/portals/sites.toml", "--archive", ARCHIVE,
                   "-s", "DOWNLOAD_DELAY=0.05", "-s", "AUTOTHROTTLE_START_DELAY=0.05",
                   "-s", "GOVARCHIVE_PROGRESS_INTERVAL=2", env=env)
    finally:
        proxy.terminate()
        proxy.wait(10)

    import sqlite3

    print("\nReports in the archive:")
    conn = sqlite3.connect(ARCHIVE)
    for rid, year, agency, fmt, url in conn.execute(
            "select id, year, agency, format, canonical_url from reports order by site_id, year, id"):
        print(f"  [{rid:>2}] {year}  {agency:<22} {fmt:<5} {url}")
    conn.close()
    print()
    govarchive("stats", "--archive", ARCHIVE)
    for query in ("依申请公开", "复议"):
        print(f"\n$ govarchive search {query} --limit 3")
        govarchive("search", query, "--archive", ARCHIVE, "--limit", "3")
    print("\n$ govarchive check          # reports whose arithmetic (勾稽关系) fails")
    govarchive("check", "--archive", ARCHIVE)
    print("\n$ govarchive trend --agency 固原市原州区人民政府")
    govarchive("trend", "--archive", ARCHIVE, "--agency", "固原市原州区人民政府")
    print("\nNext: `.venv/bin/govarchive show 1`, `.venv/bin/govarchive serve` (then open http://127.0.0.1:8001/),"
          " and docs/ for the rest.")


if __name__ == "__main__":
    main()
