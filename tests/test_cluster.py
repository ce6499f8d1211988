"""A crawl on three workers with one SIGKILLed midway: every report archived once, politeness held.

Real parts: Debian's redis-server on 127.0.0.1 (no persistence), RQ workers as `govarchive cluster
worker` processes, the fixture portals behind the proxy, and `govarchive cluster ingest` as the only
writer of the archive. RQ notices the dead worker when its job's heartbeat lapses (about a minute).
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict

import pytest

from tests.conftest import PORTAL_SITES, REPO, crawl_env, start_proxy

REDIS = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    if not REDIS:
        pytest.fail("redis-server is installed by `make test` (apt-deps)")
    port = free_port()
    server = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants (RQ's work-horse leaves the worker's process group with setsid)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children[current])
    return tree


def govarchive(args, env, **kw):
    return subprocess.Popen([sys.executable, "-m", "govarchive.cli", *args], cwd=REPO, env=env, **kw)


def test_three_workers_one_killed(tmp_path, redis_url, manifest):
    proxy = start_proxy(tmp_path / "proxy.jsonl", delay=0.15)
    env = crawl_env(proxy.url)
    shards, archive = tmp_path / "shards", tmp_path / "archive.db"
    workers = []
    try:
        queued = subprocess.run([sys.executable, "-m", "govarchive.cli", "cluster", "enqueue", "--sites", str(PORTAL_SITES),
                                 "--redis", redis_url, "--shard-dir", str(shards), "-s", "DOWNLOAD_DELAY=0",
                                 "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "GOVARCHIVE_RETRY_BACKOFF_BASE=0.05"],
                                cwd=REPO, env=env, capture_output=True, text=True)
        assert queued.returncode == 0 and "Queued 4 job(s) for 4 site(s)" in queued.stdout, queued.stderr
        for n in range(3):
            workers.append(govarchive(["cluster", "worker", "--redis", redis_url, "--name", f"w{n}"], env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        from redis import Redis
        from rq import Worker

        redis = Redis.from_url(redis_url)
        killed_job = None
        for _ in range(300):                          # wait until w0 is inside a site job, then kill it
            busy = {w.name: w.get_current_job_id() for w in Worker.all(connection=redis)}
            if busy.get("w0"):
                killed_job = busy["w0"]
                break
            time.sleep(0.05)
        assert killed_job, "worker w0 never started a job"
        time.sleep(1.0)
        for pid in process_tree(workers[0].pid):      # the worker, its job process and its crawl: a dead machine
            os.kill(pid, signal.SIGKILL)
        workers[0].wait()
        ingest = subprocess.run([sys.executable, "-m", "govarchive.cli", "cluster", "ingest", "--redis", redis_url,
                                 "--archive", str(archive), "--interval", "2", "--until-done"],
                                cwd=REPO, env=env, capture_output=True, text=True, timeout=400)
        assert ingest.returncode == 0, ingest.stderr[-3000:]
        assert "4 shard(s) merged, 0 job(s) failed" in ingest.stdout
    finally:
        for w in workers:
            if w.poll() is None:
                os.killpg(w.pid, signal.SIGTERM)
        proxy.process.terminate()
    from rq.job import Job

    retried = Job.fetch(killed_job, connection=redis)
    assert retried.get_status() == "finished" and retried.retries_left == 2     # it ran again, elsewhere
    conn = sqlite3.connect(archive)
    canonical = [u for (u,) in conn.execute("select canonical_url from reports")]
    assert sorted(canonical) == sorted(r["canonical_url"] for r in manifest["reports"])   # each exactly once
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    conn.close()
    log = proxy.requests()
    # politeness across the whole fleet: never more than 2 requests in flight at one host
    assert max(r["peak_in_flight"] for r in log) <= 2
    # no URL downloaded twice, except on the one site whose worker was killed (its unfinished work)
    fetched = defaultdict(int)
    for r in log:
        if r["status"] == 200 and not r["path"].endswith("robots.txt"):
            fetched[(r["host"], r["path"])] += 1
    hosts_with_repeats = {host for (host, _), n in fetched.items() if n > 1}
    site_of = {"www.xunwu.gov.cn": "xunwu", "www.yzh.gov.cn": "yzh", "files.yzh.gov.cn": "yzh",
               "www.yanchi.gov.cn": "yanchi", "www.ganzhou.gov.cn": "ganzhou"}
    assert len({site_of[h] for h in hosts_with_repeats}) <= 1, hosts_with_repeats
