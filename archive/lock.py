"""One writer per archive: a crawl holds ``<archive>.lock`` (an OS file lock) while it runs.

The lock is released by the operating system when the process ends, however it ends, so a crawl
killed with ``kill -9`` never leaves a stale lock behind. The lock file records the holder's pid for
the error message a second crawl prints.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

_held: dict[str, int] = {}   # lock path → fd, for locks this process holds


class ArchiveLocked(RuntimeError):
    pass


def lock_path(archive_path: str | Path) -> Path:
    path = Path(archive_path)
    return path.with_name(path.name + ".lock")


def acquire(archive_path: str | Path) -> None:
    """Take the archive's lock, or raise ArchiveLocked naming the process that holds it."""
    path = lock_path(archive_path)
    key = str(path.resolve())
    if key in _held:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 64).decode(errors="replace").strip() or "another process"
        os.close(fd)
        raise ArchiveLocked(f"{archive_path} is already being crawled (pid {holder}); "
                            "wait for that crawl to finish or stop it") from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    _held[key] = fd


def release(archive_path: str | Path) -> None:
    key = str(lock_path(archive_path).resolve())
    fd = _held.pop(key, None)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
