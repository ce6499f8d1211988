"""Retries that back off, so a struggling county server gets time to recover.

Scrapy's RetryMiddleware retries at once.  This subclass waits
``base * 2**(attempt-1)`` seconds (capped) before handing the retry back, without
blocking other requests: the wait is an asyncio sleep in this request's path.
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("GOVARCHIVE_RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("GOVARCHIVE_RETRY_BACKOFF_MAX")

    def backoff_delay(self, retry_times: int) -> float:
        return min(self.backoff_max, self.backoff_base * 2 ** max(0, retry_times - 1))

    async def _wait_if_retry(self, result, request: Request):
        if isinstance(result, Request) and result is not request and self.backoff_base > 0:
            await asyncio.sleep(self.backoff_delay(result.meta.get("retry_times", 1)))
        return result

    async def process_response(self, request: Request, response: Response):
        return await self._wait_if_retry(super().process_response(request, response), request)

    async def process_exception(self, request: Request, exception: Exception):
        return await self._wait_if_retry(super().process_exception(request, exception), request)
