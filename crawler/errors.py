"""Turn a failed fetch into a short reason code a user can filter on.

The codes end up in ``captures.error`` (see docs/schema.md), so they are part
of the archive's public interface: add codes, do not rename them.
"""

from __future__ import annotations

from twisted.internet import error as net_errors
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError


class OffsiteRedirect(IgnoreRequest):
    """A request (usually a redirect) that leaves the site's registered domains."""


class BudgetExceeded(IgnoreRequest):
    """A request refused because its site used up a crawl budget."""


def reason_for(failure: Failure) -> tuple[str, str]:
    """``(code, detail)`` for a failed request."""
    exc = failure.value
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}", f"HTTP {exc.response.status} from {exc.response.url}"
    if isinstance(exc, OffsiteRedirect):
        return "offsite_redirect", detail
    if isinstance(exc, BudgetExceeded):
        return "budget_exceeded", detail
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in detail:
            return "robots_disallowed", detail
        return "ignored", detail
    if isinstance(exc, (net_errors.TimeoutError, net_errors.TCPTimedOutError)):
        return "timeout", detail
    if isinstance(exc, net_errors.DNSLookupError):
        return "dns_error", detail
    if isinstance(exc, net_errors.ConnectionRefusedError):
        return "connection_refused", detail
    if "max size" in detail or "maxsize" in detail or "larger than download" in detail:
        return "too_large", detail
    if isinstance(exc, CancelledError):
        return "cancelled", detail
    if isinstance(exc, (net_errors.ConnectionLost, net_errors.ConnectionDone)):
        return "connection_lost", detail
    return type(exc).__name__.lower(), detail
