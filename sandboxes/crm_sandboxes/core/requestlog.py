"""Thread-safe log of the API requests a sandbox received."""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from crm_sandboxes.core.http import Request


class RequestLog:
    """Keeps the newest `maxlen` entries: method, path, query, body, status, timestamp, fault."""

    def __init__(self, maxlen: int = 100_000) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    def record(self, request: Request, status: int | None, fault: str | None) -> None:
        try:
            body = request.json()
        except ValueError:
            body = request.body.decode(errors="replace")
        entry = {
            "method": request.method,
            "path": request.path,
            "query": request.query,
            "body": body,
            "status": status,  # None when the connection was dropped
            "timestamp": time.time(),
            "fault": fault,
        }
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
