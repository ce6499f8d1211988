"""A local HTTP proxy that answers for fixture portals by hostname.

The crawler (and later the browser) is pointed at it with ``http_proxy``, so
it can use the real hostnames (www.xunwu.gov.cn …) while every byte stays on
127.0.0.1.  Each portal is a folder ``ROOT/<hostname>/``; its
``_portal.json`` gives the charset of its HTML and its misbehaving routes:

* ``{"status": 503}`` — always fail with that status;
* ``{"fail_times": 1, "status": 503}`` — fail that many times, then serve;
* ``{"status": 302, "redirect": URL}`` — redirect;
* ``{"endless_pager": true}`` — a listing whose 下一页 link never ends.

Static files carry an ``ETag`` and ``Last-Modified``; a request whose ``If-None-Match`` matches gets
304 with no body, like a real server, so incremental crawls can be tested.

A request for a host that has no folder gets 502 — and like every request
it is logged, one JSON line each, to ``--log``: tests read that log to prove
what the crawler did and did not fetch.

Run: ``python -m tests.portalproxy --root tests/fixtures/portals --port 0``;
the first line on stdout is ``listening on http://127.0.0.1:PORT``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import sys
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf", ".txt": "text/plain",
    ".doc": "application/msword", ".wps": "application/octet-stream",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class PortalProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, root: Path, log_path: Path | None, delay: float = 0.0):
        super().__init__(address, Handler)
        self.root = root
        self.log_path = log_path
        self.delay = delay
        self.lock = threading.Lock()
        self.failures: Counter = Counter()
        self.active: Counter = Counter()      # requests in flight per host
        self.peak: Counter = Counter()        # most requests in flight at once per host
        self.portals = {p.name: json.loads((p / "_portal.json").read_text("utf-8"))
                        for p in root.iterdir() if (p / "_portal.json").exists()}

    def log(self, record: dict) -> None:
        if not self.log_path:
            return
        with self.lock, open(self.log_path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


class Handler(BaseHTTPRequestHandler):
    server: PortalProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # silence the default stderr log
        pass

    def do_CONNECT(self):
        host = self.path.split(":")[0]
        self._log(host, self.path, 405)
        self._send(405, b"CONNECT (https) is not supported by the fixture proxy", "text/plain")

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        parts = urlsplit(self.path)
        host = (parts.hostname or self.headers.get("Host", "").split(":")[0]).lower()
        path = unquote(parts.path or "/")
        portal = self.server.portals.get(host)
        started = time.time()
        with self.server.lock:
            self.server.active[host] += 1
            self.server.peak[host] = max(self.server.peak[host], self.server.active[host])
        try:
            if self.server.delay:
                time.sleep(self.server.delay)
            status = self._answer(host, path, parts.query, portal, head)
        finally:
            with self.server.lock:
                self.server.active[host] -= 1
        self._log(host, path + (f"?{parts.query}" if parts.query else ""), status, started)

    def _answer(self, host: str, path: str, query: str, portal: dict | None, head: bool) -> int:
        if portal is None:
            return self._send(502, f"no fixture portal for host {host!r}".encode(), "text/plain", head)
        route = portal.get("routes", {}).get(path)
        if route:
            if route.get("endless_pager"):
                page = int((parse_qs(query).get("page") or ["1"])[0])
                body = (f'<html><head><meta charset="utf-8"><title>检索结果 第{page}页</title></head><body>'
                        f'<p>没有找到相关年报。</p><a href="{path}?page={page + 1}">下一页</a></body></html>')
                return self._send(200, body.encode(), "text/html; charset=utf-8", head)
            if "redirect" in route:
                return self._send(route.get("status", 302), b"", "text/plain", head, {"Location": route["redirect"]})
            key = (host, path)
            with self.server.lock:
                failed = self.server.failures[key]
                fail = "fail_times" not in route or failed < route["fail_times"]
                if fail:
                    self.server.failures[key] += 1
            if fail:
                return self._send(route.get("status", 503), b"temporarily unavailable", "text/plain", head)
        target = (self.server.root / host / path.lstrip("/")).resolve()
        if not str(target).startswith(str((self.server.root / host).resolve())):
            return self._send(403, b"forbidden", "text/plain", head)
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or target.name == "_portal.json":
            return self._send(404, "<html><body>404 页面不存在</body></html>".encode(), "text/html; charset=utf-8", head)
        ctype = CONTENT_TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/"):
            ctype += f"; charset={portal.get('charset', 'utf-8')}"
        body = target.read_bytes()
        validators = {"ETag": '"' + hashlib.sha1(body).hexdigest()[:16] + '"',
                      "Last-Modified": formatdate(target.stat().st_mtime, usegmt=True)}
        if self.headers.get("If-None-Match") == validators["ETag"]:
            return self._send(304, b"", ctype, True, validators)
        return self._send(200, body, ctype, head, validators)

    def _send(self, status: int, body: bytes, ctype: str, head: bool = False, extra: dict | None = None) -> int:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)
        return status

    def _log(self, host: str, path: str, status: int, started: float | None = None) -> None:
        self.server.log({"t": time.time(), "started": started or time.time(), "method": self.command, "host": host,
                         "path": path, "status": status, "conditional": bool(self.headers.get("If-None-Match")
                                                                            or self.headers.get("If-Modified-Since")),
                         "user_agent": self.headers.get("User-Agent"),
                         "peak_in_flight": self.server.peak[host]})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).parent / "fixtures" / "portals")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", type=Path, default=None, help="append one JSON line per request here")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    args = parser.parse_args(argv)
    server = PortalProxy(("127.0.0.1", args.port), args.root, args.log, args.delay)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
