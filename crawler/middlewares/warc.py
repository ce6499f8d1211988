"""Write every fetch to WARC, as it came off the wire.

Placed between DownloaderStats (850) and HttpCacheMiddleware (900), this middleware sees each response
before decompression and each redirect hop, so the WARC holds the bytes the server sent under the
headers it sent them with. Where the response landed (file, offset) is left in ``request.meta`` for the
capture row.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Request, signals
from scrapy.http import Response
from twisted.web.http import RESPONSES

from archive.warc import RotatingWarcWriter

logger = logging.getLogger(__name__)


def _header_list(headers) -> list[tuple[str, str]]:
    out = []
    for key, values in headers.items():
        for value in values:
            out.append((key.decode("latin-1"), value.decode("latin-1")))
    return out


class WarcMiddleware:
    def __init__(self, folder: Path, max_bytes: int):
        self.folder = folder
        self.max_bytes = max_bytes
        self.writer: RotatingWarcWriter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        folder = settings.get("GOVARCHIVE_WARC_DIR")
        if not folder:
            archive = Path(settings.get("GOVARCHIVE_ARCHIVE"))
            folder = archive.with_name(archive.stem + ".warc")
        middleware = cls(Path(folder), int(settings.getfloat("GOVARCHIVE_WARC_MAX_MB") * 1024 * 1024))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider) -> None:
        self.writer = RotatingWarcWriter(self.folder, max_bytes=self.max_bytes)
        logger.info("Writing WARC files to %s", self.folder)

    def spider_closed(self, spider) -> None:
        if self.writer:
            self.writer.close()

    def process_response(self, request: Request, response: Response) -> Response:
        if self.writer is None or request.url.endswith("/robots.txt"):
            return response
        if request.meta.get("playwright"):
            written = self.writer.write_rendered(response.url, response.body)
            request.meta["ga_warc"] = (written.filename, written.offset)
            return response
        reason = RESPONSES.get(response.status, b"").decode("latin-1") or "Unknown"
        written = self.writer.write_exchange(
            response.url, request.method, _header_list(request.headers), response.status, reason,
            _header_list(response.headers), response.body,
            mime=(response.headers.get("Content-Type") or b"").decode("latin-1") or None)
        request.meta["ga_warc"] = (written.filename, written.offset)
        return response
