"""Paginators for Copper's search endpoints (JSON-array pages, end = short page).

Copper serves at most the first `MAX_SEARCH_RESULTS` results of one search, whatever
the page number, so long result sets are split: `date_modified`-sorted searches restart
from the last date seen (keyset restart), activity searches split their date window.
"""

from __future__ import annotations

import logging
import sys
import typing as t
from collections import deque
from dataclasses import dataclass, replace

from singer_sdk.pagination import BaseAPIPaginator, PageNumberPaginator

if sys.version_info >= (3, 12):
    from typing import override
else:
    from typing_extensions import override

if t.TYPE_CHECKING:
    import requests

#: Copper's cap on the results one search can page through.
MAX_SEARCH_RESULTS = 100_000
#: Lower anchor used only to split an activity window that has no lower bound.
EARLIEST_ACTIVITY = 1_262_304_000  # 2010-01-01T00:00:00Z

_logger = logging.getLogger(__name__)


def _records(response: requests.Response) -> list[dict]:
    return response.json()


class ShortPagePaginator(PageNumberPaginator):
    """Page numbers from 1; a page shorter than `page_size` is the last one."""

    def __init__(self, page_size: int) -> None:
        super().__init__(1)
        self.page_size = page_size

    @override
    def has_more(self, response: requests.Response) -> bool:
        return len(_records(response)) >= self.page_size


@dataclass(frozen=True)
class SearchCursor:
    """Where a `date_modified`-sorted search stands: lower date bound and page number."""

    min_date: int | None
    page: int = 1


class KeysetPaginator(BaseAPIPaginator[SearchCursor]):
    """Pages an ascending date-sorted search past the result cap.

    Full pages advance the page number (so a page whose records all share one date
    never causes a restart loop). When the next page would lie beyond the cap, the
    search restarts at page 1 from the last date seen; records of that second are
    read again (at-least-once). Only if every result up to the cap shares the current
    minimum date is that second given up on, with a warning. Should the server ignore
    the minimum date, a restart returns older records and the stream's sort check
    (`is_sorted`) stops the sync instead of looping.
    """

    def __init__(
        self,
        start: SearchCursor,
        *,
        page_size: int,
        date_key: str,
        logger: logging.Logger = _logger,
    ) -> None:
        super().__init__(start)
        self.page_size = page_size
        self.date_key = date_key
        self.logger = logger
        self._page: list[dict] = []

    @override
    def has_more(self, response: requests.Response) -> bool:
        self._page = _records(response)
        return len(self._page) >= self.page_size

    @override
    def get_next(self, response: requests.Response) -> SearchCursor:
        cursor = self.current_value
        if (cursor.page + 1) * self.page_size <= MAX_SEARCH_RESULTS:
            return replace(cursor, page=cursor.page + 1)
        last = self._page[-1][self.date_key]
        if cursor.min_date is None or last > cursor.min_date:
            self.logger.info("Search cap reached; restarting from %s=%s", self.date_key, last)
            return SearchCursor(min_date=last)
        self.logger.warning(
            "More than %d records share %s=%s; skipping the rest of that second.",
            MAX_SEARCH_RESULTS,
            self.date_key,
            last,
        )
        return SearchCursor(min_date=last + 1)


@dataclass(frozen=True)
class DateWindow:
    """A half-open window [start, end) of unix seconds (None = unbounded) and a page."""

    start: int | None
    end: int | None
    page: int = 1

    def split(self, now: int) -> tuple[DateWindow, DateWindow] | None:
        """Two halves covering this window, or None when it cannot be split."""
        low = EARLIEST_ACTIVITY if self.start is None else self.start
        high = now if self.end is None else self.end
        if high - low < 2:
            return None
        middle = (low + high) // 2
        return DateWindow(self.start, middle), DateWindow(middle, self.end)


class DateWindowPaginator(BaseAPIPaginator[DateWindow]):
    """Pages an unsorted, date-filtered search window by window.

    Starts with one window [start, open end). A window that would exceed the result
    cap (announced by the ``X-PW-TOTAL`` header on its first page, or reached while
    paging) is split in two halves, which are read instead; `splits` tells the stream
    to drop the page that revealed it (pages read before it are read again).
    """

    def __init__(
        self,
        window: DateWindow,
        *,
        page_size: int,
        now: int,
        logger: logging.Logger = _logger,
    ) -> None:
        super().__init__(window)
        self.page_size = page_size
        self.now = now
        self.logger = logger
        self._pending: deque[DateWindow] = deque()
        self._planned: tuple[requests.Response, DateWindow | None, bool] | None = None

    def splits(self, response: requests.Response) -> bool:
        """Whether this page's window is split (so its records will be read again)."""
        return self._plan(response)[2]

    @override
    def continue_if_empty(self, response: requests.Response) -> bool:
        return self.has_more(response)

    @override
    def has_more(self, response: requests.Response) -> bool:
        return self.get_next(response) is not None

    @override
    def get_next(self, response: requests.Response) -> DateWindow | None:
        return self._plan(response)[1]

    def _plan(
        self, response: requests.Response
    ) -> tuple[requests.Response, DateWindow | None, bool]:
        # Asked several times per response: plan the next window only once.
        if self._planned is None or self._planned[0] is not response:
            self._planned = (response, *self._next_window(self.current_value, response))
        return self._planned

    def _next_window(
        self, window: DateWindow, response: requests.Response
    ) -> tuple[DateWindow | None, bool]:
        count = len(_records(response))
        total = int(response.headers.get("X-PW-TOTAL", 0))
        too_big = (window.page == 1 and total > MAX_SEARCH_RESULTS) or (
            count >= self.page_size and (window.page + 1) * self.page_size > MAX_SEARCH_RESULTS
        )
        if too_big and (halves := window.split(self.now)):
            self.logger.info("Activity window %s exceeds the search cap; splitting it", window)
            self._pending.appendleft(halves[1])
            return halves[0], True
        if too_big:
            self.logger.warning("Activity window %s exceeds the search cap; truncated", window)
        elif count >= self.page_size:
            return replace(window, page=window.page + 1), False
        return (self._pending.popleft() if self._pending else None), False
