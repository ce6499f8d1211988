"""Run one extraction in a child process with a time limit.

A malformed PDF can send a parser into a loop that no exception ends; a
thread cannot be stopped, a process can.  The child is forked (cheap: it
shares the parent's loaded libraries), does the work, and sends back the
result; past the limit it is killed and the document is recorded as
``timeout``.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class ExtractLimits:
    seconds: float = 120.0          # wall-clock time per document
    max_pages: int = 300            # PDF pages
    max_inflated_mb: int = 200      # what a DOCX/XLSX may unzip to

    @classmethod
    def from_settings(cls, settings) -> "ExtractLimits":
        return cls(
            seconds=settings.getfloat("GOVARCHIVE_EXTRACT_TIMEOUT"),
            max_pages=settings.getint("GOVARCHIVE_EXTRACT_MAX_PAGES"),
            max_inflated_mb=settings.getint("GOVARCHIVE_EXTRACT_MAX_INFLATED_MB"),
        )


class ExtractTimeout(RuntimeError):
    pass


def _child(conn, fn, args) -> None:
    try:
        conn.send_bytes(pickle.dumps(("ok", fn(*args))))
    except BaseException as exc:  # noqa: BLE001 — everything goes back to the parent as data
        try:
            conn.send_bytes(pickle.dumps(("error", exc)))
        except Exception:
            conn.send_bytes(pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}"))))
    finally:
        conn.close()
        os._exit(0)


def run_with_timeout(fn: Callable[..., Any], args: tuple, seconds: float) -> Any:
    """``fn(*args)`` in a forked child; raise ExtractTimeout past ``seconds``, re-raise its errors."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(seconds):
            raise ExtractTimeout(f"extraction took longer than {seconds:g} s")
        status, value = pickle.loads(parent.recv_bytes())
    except EOFError:
        raise RuntimeError(f"the extraction process died (exit code {process.exitcode})") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()
    if status == "error":
        raise value
    return value
