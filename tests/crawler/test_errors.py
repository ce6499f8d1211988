from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error
from twisted.python.failure import Failure

from crawler.errors import OffsiteRedirect, reason_for


def fail(exc):
    try:
        raise exc
    except Exception:
        return Failure()


def test_reason_codes():
    response = Response("http://a/x", status=503, request=Request("http://a/x"))
    assert reason_for(fail(HttpError(response, "x")))[0] == "http_503"
    assert reason_for(fail(IgnoreRequest("Forbidden by robots.txt")))[0] == "robots_disallowed"
    assert reason_for(fail(OffsiteRedirect("b is outside")))[0] == "offsite_redirect"
    assert reason_for(fail(error.TimeoutError()))[0] == "timeout"
    assert reason_for(fail(error.DNSLookupError()))[0] == "dns_error"
    assert reason_for(fail(error.ConnectionRefusedError()))[0] == "connection_refused"
    big = "Expected to receive 300000000 bytes which is larger than download max size (104857600)"
    assert reason_for(fail(Exception(big)))[0] == "too_large"
