"""A crawl spread over several machines: site-partitioned jobs on RQ (Redis), one merging writer.

Why this shape (docs/operations.md has the evidence): every site is one RQ job, so a host only ever
belongs to one worker and the per-host politeness limit holds for the whole fleet without a shared
token bucket. A job runs ``govarchive crawl`` for its site into a shard archive of its own (SQLite has
one writer), in a child process that dies with its worker. The ingester is the only process that
writes the archive: it merges finished shards (idempotently) and hands the jobs of workers that died
back to the queue — RQ notices a dead worker when its job's heartbeat lapses and, the job having
retries left, enqueues it again. The re-run resumes the shard: finished documents are not downloaded
again (conditional requests against the shard's own record).
"""

from __future__ import annotations

import ctypes
import logging
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from redis import Redis
from rq import Queue, Retry, Worker
from rq.job import Job
from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

QUEUE = "govarchive"
MERGED = "govarchive:merged"
JOBS = "govarchive:jobs"        # every job ever enqueued: "done" means each is merged or failed
logger = logging.getLogger("govarchive.cluster")


def _die_with_parent() -> None:
    """Linux: the crawl is killed when its worker is killed, so a dead worker's site is not crawled twice."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG


def crawl_site(site_ids: str | list[str], sites_files: list[str], shard_dir: str, settings: list[str]) -> str:
    """The job: crawl a group of sites (concurrently, in one process) into a shard archive; return its path."""
    site_ids = [site_ids] if isinstance(site_ids, str) else list(site_ids)
    name = site_ids[0] if len(site_ids) == 1 else f"{site_ids[0]}+{len(site_ids) - 1}"
    shard = Path(shard_dir) / f"{name}.db"
    cmd = [sys.executable, "-m", "govarchive.cli", "crawl", "--archive", str(shard),
           "--warc-dir", str(Path(shard_dir) / f"{name}.warc"), "-q"]
    for site_id in site_ids:
        cmd += ["--site", site_id]
    for path in sites_files:
        cmd += ["--sites", path]
    for pair in settings:
        cmd += ["-s", pair]
    result = subprocess.run(cmd, preexec_fn=_die_with_parent, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"crawl of {', '.join(site_ids)} failed: {result.stderr[-2000:]}")
    return str(shard)


def enqueue(redis: Redis, site_ids: list[str], sites_files: list[str], shard_dir: str, settings: list[str],
            retries: int = 3, group: int = 1) -> list[str]:
    """One job per group of ``group`` sites. A site is in one group only, so each host is still
    crawled by one process at a time; larger groups spread a process's start-up over more sites."""
    queue = Queue(QUEUE, connection=redis)
    Path(shard_dir).mkdir(parents=True, exist_ok=True)
    jobs = []
    for start in range(0, len(site_ids), max(1, group)):
        members = site_ids[start:start + max(1, group)]
        job = queue.enqueue(crawl_site, members, [str(Path(f).resolve()) for f in sites_files],
                            str(Path(shard_dir).resolve()), settings, job_timeout=24 * 3600, retry=Retry(max=retries),
                            description=f"crawl {', '.join(members)}", meta={"site_id": ",".join(members)})
        jobs.append(job.id)
        redis.sadd(JOBS, job.id)
    return jobs


def work(redis: Redis, name: str | None = None, burst: bool = False) -> None:
    Worker([Queue(QUEUE, connection=redis)], connection=redis, name=name,
                 job_monitoring_interval=5).work(burst=burst, with_scheduler=False)


@dataclass
class Status:
    total: int
    queued: int
    running: int
    finished: int
    failed: int
    merged: int


def status(redis: Redis) -> Status:
    queue = Queue(QUEUE, connection=redis)
    return Status(redis.scard(JOBS), queue.count, StartedJobRegistry(queue=queue).count,
                  FinishedJobRegistry(queue=queue).count, FailedJobRegistry(queue=queue).count, redis.scard(MERGED))


def ingest_once(redis: Redis, archive_path: str) -> list[str]:
    """Requeue dead workers' jobs, merge newly finished shards; return the shards merged."""
    from archive.storage import open_archive
    from pipelines.merge import merge

    queue = Queue(QUEUE, connection=redis)
    StartedJobRegistry(queue=queue).cleanup()          # abandoned jobs with retries left go back to the queue
    merged = []
    for job_id in FinishedJobRegistry(queue=queue).get_job_ids():
        if redis.sismember(MERGED, job_id):
            continue
        job = Job.fetch(job_id, connection=redis)
        shard_path = job.return_value()
        if not shard_path:
            continue
        target, shard = open_archive(archive_path), open_archive(shard_path, create=False)
        try:
            result = merge(shard, target)
        finally:
            shard.close()
            target.close()
        redis.sadd(MERGED, job_id)
        logger.info("Merged %s (%s): %d copies, %d new reports", shard_path, job.meta.get("site_id"),
                    result.copies, result.new_reports)
        merged.append(shard_path)
    return merged


def ingest(redis: Redis, archive_path: str, interval: float = 5.0, until_done: bool = False) -> Status:
    from archive.lock import acquire

    acquire(archive_path)
    while True:
        ingest_once(redis, archive_path)
        current = status(redis)
        logger.info("Queue: %d waiting, %d running, %d finished (%d merged), %d failed", current.queued,
                    current.running, current.finished, current.merged, current.failed)
        if until_done and current.merged + current.failed >= current.total:
            return current
        time.sleep(interval)
