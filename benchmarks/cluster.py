"""Aggregate crawl throughput with 1, 2 and 4 cluster workers, beside the theoretical ceiling.

Run: ``.venv/bin/python benchmarks/cluster.py [--hosts 50] [--latency 0.2] [--workers 1 2 4]``

Builds a temporary set of HOSTS small portals (a home page, a disclosure column, a 年报 listing of 6
report pages), serves them through tests/portalproxy.py answering every request after LATENCY seconds,
starts Debian's redis-server, queues one job per site and runs N `govarchive cluster worker` processes
plus the ingester until every site is crawled and merged. Pages/second counts the proxy's answers over
the wall time. The ceiling is hosts × per-host concurrency (2) / latency.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))


def build(root: Path, hosts: int) -> Path:
    from fixture_reports import make_report
    from build_fixture_portals import Portal, listing, report_page

    sites = []
    for n in range(hosts):
        host = f"www.county{n:02d}.gov.cn"
        p = Portal(host, f"county{n:02d}", f"示例{n}县人民政府", f"示例省/示例市/示例{n}县")
        p.files["/robots.txt"] = "User-agent: *\nDisallow:\n"
        p.page("/", p.name, '<a href="/xxgk/">政府信息公开</a>')
        p.page("/xxgk/", "政府信息公开", '<a href="/xxgk/gknb/">政府信息公开年报</a>')
        items = []
        for i in range(6):
            report = make_report(f"b{n}-{i}", f"示例{n}县第{i}局", 2020 + i % 4, "2021", seed=n * 10 + i)
            path = f"/xxgk/gknb/t{i}.html"
            report_page(p, path, report, "2023-01-20", True, [])
            items.append((path, report.title))
        p.page("/xxgk/gknb/", "政府信息公开年报", listing(items))
        p.write(root)
        sites.append(f'[[site]]\nid = "{p.site_id}"\nname = "{p.name}"\nregion = "{p.region}"\n'
                     f'start_urls = ["http://{host}/"]\nallowed_domains = ["{host[4:]}"]\n')
    (root / "sites.toml").write_text("\n".join(sites), "utf-8")
    return root / "sites.toml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(workers: int, sites_file: Path, root: Path, latency: float, tmp: Path, group: int = 1) -> dict:
    log = tmp / f"proxy-{workers}.jsonl"
    proxy = subprocess.Popen([sys.executable, "-m", "tests.portalproxy", "--root", str(root), "--log", str(log),
                              "--delay", str(latency)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    address = proxy.stdout.readline().strip().removeprefix("listening on ")
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    url = f"redis://127.0.0.1:{port}/0"
    env = {"http_proxy": address, "no_proxy": "", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    cli = [sys.executable, "-m", "govarchive.cli", "cluster"]
    procs = []
    try:
        subprocess.run([*cli, "enqueue", "--sites", str(sites_file), "--redis", url, "--shard-dir", str(tmp / f"s{workers}"),
                        "--group", str(group), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false"],
                       cwd=REPO, env=env, check=True,
                       capture_output=True)
        started = time.perf_counter()
        procs = [subprocess.Popen([*cli, "worker", "--redis", url, "--burst"], cwd=REPO, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
        for p in procs:
            p.wait()
        crawled = time.perf_counter() - started
        subprocess.run([*cli, "ingest", "--redis", url, "--archive", str(tmp / f"a{workers}.db"), "--until-done",
                        "--interval", "1"], cwd=REPO, env=env, check=True, capture_output=True)
    finally:
        for p in procs:
            p.kill()
        redis.kill()
        proxy.kill()
    pages = sum(1 for line in log.read_text().splitlines() if json.loads(line)["status"] in (200, 304))
    return {"workers": workers, "pages": pages, "seconds": crawled, "rate": pages / crawled}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--group", type=int, default=1, help="sites per job")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server is needed: make apt-deps")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sites = build(tmp / "portals", args.hosts)
        results = [run(w, sites, tmp / "portals", args.latency, tmp, args.group) for w in args.workers]
    ceiling = args.hosts * 2 / args.latency
    print(f"{args.hosts} hosts, {args.latency * 1000:.0f} ms per response, {args.group} site(s) per job; "
          f"ceiling {ceiling:.0f} pages/s "
          f"(hosts × 2 per host / latency)")
    print(f"{'workers':>8} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'of ceiling':>11}")
    for r in results:
        print(f"{r['workers']:>8} {r['pages']:>6} {r['seconds']:>8.1f} {r['rate']:>8.1f} {r['rate'] / ceiling:>10.1%}")


if __name__ == "__main__":
    main()
