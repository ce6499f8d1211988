"""WARC 1.1 captures that archivists can replay and cite, written with warcio.

Every fetch becomes a ``request`` and a ``response`` record (gzip per record, ``WARC-Payload-Digest``);
a response whose payload is identical to the last capture of the same URL, or a 304 Not Modified,
becomes a ``revisit`` record pointing at the original. Files rotate by size. Each record is indexed
in ``index.cdxj`` beside the files as soon as it is written.

Crash safety: a file being written is named ``*.warc.gz.open``; it is renamed when closed. A file
left ``.open`` by a killed crawl is cut back to the end of its last indexed record and closed by the
next writer, so a WARC directory never keeps a half-written record.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

INDEX = "index.cdxj"


def surt(url: str) -> str:
    """Sort-friendly URL key: ``http://www.xunwu.gov.cn/a?b`` → ``cn,gov,xunwu,www)/a?b``."""
    parts = urlsplit(url)
    host = ",".join(reversed((parts.hostname or "").split(".")))
    path = parts.path or "/"
    return f"{host}){path}" + (f"?{parts.query}" if parts.query else "")


def warc_date(when: datetime | None = None) -> str:
    return (when or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Written:
    filename: str
    offset: int
    length: int
    record_type: str
    digest: str | None


class RotatingWarcWriter:
    """Appends records to ``<prefix>-<time>-<n>.warc.gz`` files of at most ``max_bytes`` each."""

    def __init__(self, folder: str | Path, prefix: str = "govarchive", max_bytes: int = 1024 ** 3):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self._file = None
        self._path: Path | None = None
        self._serial = 0
        self._stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        self.last_payload: dict[str, tuple[str, str]] = {}   # url → (payload digest, WARC-Date)
        repair_open_files(self.folder)
        self._load_index()

    def _load_index(self) -> None:
        index = self.folder / INDEX
        if not index.exists():
            return
        for line in index.read_text("utf-8").splitlines():
            try:
                _key, _stamp, data = line.split(" ", 2)
                entry = json.loads(data)
            except ValueError:
                continue
            if entry.get("digest") and entry.get("type") == "response":
                self.last_payload[entry["url"]] = (entry["digest"], entry["date"])

    def _open(self) -> None:
        self._serial += 1
        self._path = self.folder / f"{self.prefix}-{self._stamp}-{self._serial:05d}.warc.gz.open"
        self._file = open(self._path, "ab")
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
        info = self._writer.create_warcinfo_record(self._path.name.removesuffix(".open"), {
            "software": "govarchive (warcio)", "format": "WARC File Format 1.1",
            "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"})
        self._writer.write_record(info)

    def _rotate_if_needed(self) -> None:
        if self._file is None:
            self._open()
        elif self._file.tell() >= self.max_bytes:
            self.close()
            self._open()

    def _write(self, record, url: str, status: int | None, mime: str | None) -> Written:
        self._rotate_if_needed()
        offset = self._file.tell()
        self._writer.write_record(record)
        self._file.flush()
        length = self._file.tell() - offset
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        record_type = record.rec_headers.get_header("WARC-Type")
        name = self._path.name.removesuffix(".open")
        entry = {"url": url, "type": record_type, "status": status, "mime": mime, "digest": digest,
                 "length": length, "offset": offset, "filename": name,
                 "date": record.rec_headers.get_header("WARC-Date")}
        stamp = (entry["date"] or "").replace("-", "").replace(":", "").replace("T", "")[:14]
        with open(self.folder / INDEX, "a", encoding="utf-8") as index:
            index.write(f"{surt(url)} {stamp} {json.dumps(entry, ensure_ascii=False)}\n")
        if record_type == "response" and digest:
            self.last_payload[url] = (digest, entry["date"])
        return Written(name, offset, length, record_type, digest)

    def write_exchange(self, url: str, method: str, request_headers: list[tuple[str, str]],
                       status: int, reason: str, response_headers: list[tuple[str, str]], body: bytes,
                       mime: str | None = None) -> Written:
        """Write the request and the response (or a revisit); return where the response landed."""
        self._rotate_if_needed()
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_http = StatusAndHeaders(f"{method} {target} HTTP/1.1", request_headers, is_http_request=True)
        request = self._writer.create_warc_record(url, "request", http_headers=req_http)
        self._write(request, url, None, None)
        http = StatusAndHeaders(f"{status} {reason}", response_headers, protocol="HTTP/1.1")
        if status == 304 and url in self.last_payload:
            digest, date = self.last_payload[url]
            record = self._writer.create_revisit_record(url, digest, url, date, http_headers=http)
            record.rec_headers.replace_header("WARC-Profile",
                                              "http://netpreserve.org/warc/1.1/revisit/server-not-modified")
            return self._write(record, url, status, mime)
        response = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        digest = response.rec_headers.get_header("WARC-Payload-Digest")
        previous = self.last_payload.get(url)
        if previous and previous[0] == digest:
            record = self._writer.create_revisit_record(url, digest, url, previous[1], http_headers=http)
            return self._write(record, url, status, mime)
        return self._write(response, url, status, mime)

    def write_rendered(self, url: str, html: bytes) -> Written:
        """A page as a browser rendered it: a ``conversion`` record (the DOM is not what the server sent)."""
        record = self._writer_record(url, html)
        return self._write(record, url, 200, "text/html")

    def _writer_record(self, url: str, html: bytes):
        self._rotate_if_needed()
        return self._writer.create_warc_record(url, "conversion", payload=io.BytesIO(html),
                                               warc_content_type="text/html; charset=utf-8")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            os.replace(self._path, self._path.with_name(self._path.name.removesuffix(".open")))
            self._file = None


def repair_open_files(folder: Path) -> list[str]:
    """Close files a killed crawl left open: keep only records the index lists as complete."""
    repaired = []
    ends: dict[str, int] = {}
    index = folder / INDEX
    if index.exists():
        for line in index.read_text("utf-8").splitlines():
            try:
                entry = json.loads(line.split(" ", 2)[2])
            except (IndexError, ValueError):
                continue
            ends[entry["filename"]] = max(ends.get(entry["filename"], 0), entry["offset"] + entry["length"])
    for path in sorted(folder.glob("*.warc.gz.open")):
        name = path.name.removesuffix(".open")
        keep = ends.get(name)
        if not keep:
            path.unlink()          # nothing of it was indexed: only a warcinfo record, or less
            continue
        with open(path, "r+b") as fh:
            fh.truncate(keep)
        os.replace(path, path.with_name(name))
        repaired.append(name)
    return repaired


@dataclass
class CheckResult:
    files: int = 0
    records: int = 0
    by_type: dict | None = None
    problems: list | None = None


def check(folder: str | Path) -> CheckResult:
    """Read every record of every WARC with digest checking; list what is wrong."""
    folder = Path(folder)
    result = CheckResult(by_type={}, problems=[])
    for path in sorted(folder.glob("*.warc.gz")):
        result.files += 1
        try:
            end = 0
            with open(path, "rb") as fh:
                iterator = ArchiveIterator(fh, check_digests=True)
                for record in iterator:
                    record.content_stream().read()
                    kind = record.rec_type
                    result.by_type[kind] = result.by_type.get(kind, 0) + 1
                    result.records += 1
                    if record.digest_checker.passed is False:
                        result.problems.append(f"{path.name} @{iterator.get_record_offset()}: "
                                               + "; ".join(map(str, record.digest_checker.problems)))
                    iterator.read_to_end(record)
                    end = iterator.get_record_offset() + iterator.get_record_length()
            with gzip.open(path, "rb") as whole:      # every gzip member must be complete
                while whole.read(1 << 20):
                    pass
            size = path.stat().st_size
            if end != size:
                result.problems.append(f"{path.name}: {size - end} bytes after the last complete record "
                                       "(truncated or corrupt)")
        except Exception as exc:   # a truncated or corrupt file is a finding, not a crash
            result.problems.append(f"{path.name}: {type(exc).__name__}: {exc}")
    for path in sorted(folder.glob("*.warc.gz.open")):
        result.problems.append(f"{path.name}: left open by a crawl that did not finish (run a crawl to repair)")
    return result
