"""Shared fixtures: fixture portals behind a local proxy, and a crawl runner.

Like Scrapy's own mockserver, the proxy runs in a subprocess and tells us
its port on stdout.  Crawls run as real `govarchive crawl` subprocesses with
``http_proxy`` pointing at it — the same path a user's crawl takes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PORTALS = FIXTURES / "portals"
PORTAL_SITES = PORTALS / "sites.toml"

# Fast, deterministic crawls for tests; politeness defaults are tested separately.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "GOVARCHIVE_RETRY_BACKOFF_BASE=0.05"]


@dataclass
class Proxy:
    url: str
    log_path: Path
    process: subprocess.Popen

    def requests(self) -> list[dict]:
        if not self.log_path.exists():
            return []
        return [json.loads(line) for line in self.log_path.read_text("utf-8").splitlines() if line]

    def urls(self) -> list[str]:
        return [f"http://{r['host']}{r['path']}" for r in self.requests()]

    def clear(self) -> None:
        self.log_path.write_text("")


def start_proxy(log_path: Path, delay: float = 0.0, root: Path = PORTALS) -> Proxy:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.portalproxy", "--root", str(root), "--log", str(log_path),
         "--delay", str(delay)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline().strip()
    assert line.startswith("listening on "), line
    return Proxy(url=line.removeprefix("listening on "), log_path=log_path, process=process)


@pytest.fixture
def proxy(tmp_path):
    p = start_proxy(tmp_path / "proxy.jsonl")
    yield p
    p.process.terminate()
    p.process.wait(10)


def crawl_env(proxy_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "no_proxy")}
    env.update({"http_proxy": proxy_url, "https_proxy": proxy_url, "no_proxy": "", "PYTHONPATH": str(REPO)})
    return env


def run_govarchive(args: list[str], env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govarchive.cli", *args], cwd=REPO, env=env or
                          {**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=timeout)


def run_crawl(proxy: Proxy, archive: Path, *extra: str, sites: Path = PORTAL_SITES) -> subprocess.CompletedProcess:
    return run_govarchive(["crawl", "--sites", str(sites), "--archive", str(archive), *FAST, *extra],
                          env=crawl_env(proxy.url))


def db_rows(archive: Path, sql: str, params=()) -> list[tuple]:
    """Query an archive the way a downstream tool would: a plain sqlite3 connection."""
    conn = sqlite3.connect(archive)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="session")
def manifest() -> dict:
    return json.loads((PORTALS / "manifest.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def crawled(tmp_path_factory):
    """One full crawl of the fixture portals, shared by read-only tests."""
    tmp = tmp_path_factory.mktemp("crawled")
    p = start_proxy(tmp / "proxy.jsonl")
    try:
        result = run_crawl(p, tmp / "archive.db")
        yield {"archive": tmp / "archive.db", "proxy": p, "result": result}
    finally:
        p.process.terminate()
        p.process.wait(10)
