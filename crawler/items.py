"""What the spider hands to the pipelines.

A :class:`Capture` is one fetch, successful or not, with its raw bytes.  A
:class:`ReportItem` groups the captures that make up one report as the portal
presents it: the report page and the attachments it links to (or a document
linked straight from a listing).  Grouping them in the spider means the store
stage can write a whole report in one transaction, so a crash never leaves
half a report in the archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Capture:
    url: str
    site_id: str
    kind: str                      # "listing", "report_page" or "attachment"
    fetched_at: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    encoding: str | None = None    # the text encoding Scrapy decoded an HTML page with
    body: bytes | None = field(default=None, repr=False)   # kept out of logs
    error: str | None = None       # a short reason code: http_404, timeout, too_large, …
    error_detail: str | None = None
    referer: str | None = None
    link_text: str | None = None   # the text of the link that led here
    sha256: str | None = None      # filled by the store stage once the bytes are kept
    size: int | None = None
    capture_id: int | None = None  # filled by the store stage
    etag: str | None = None        # validators for the next, conditional, fetch
    last_modified: str | None = None
    warc_file: str | None = None   # where the response record is (WARC file name, byte offset)
    warc_offset: int | None = None
    not_modified: bool = False     # the server answered 304: the stored bytes stand in


@dataclass
class ReportItem:
    """One report as found on a portal: a page, its attachments, or both."""

    site_id: str
    page: Capture | None = None
    attachments: list[Capture] = field(default_factory=list)
    listing_title: str | None = None   # the title as the listing showed it
    listing_url: str | None = None


@dataclass
class CaptureItem:
    """A fetch that belongs to no report (a listing page that failed, a blocked request)."""

    capture: Capture
