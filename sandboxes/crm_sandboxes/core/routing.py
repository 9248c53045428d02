"""Method + path-pattern routing (`/people/{id}` style placeholders)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from crm_sandboxes.core.http import Request, Response

Handler = Callable[[Request], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    cost: int = 0  # API tokens the route consumes (Pipedrive's daily budget)


class Router:
    """Matches routes in registration order, so literal paths must be added before placeholders."""

    def __init__(self) -> None:
        self._routes: list[Route] = []

    def add(self, method: str, path: str, handler: Handler, *, cost: int = 0) -> None:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)  # paths hold no regex syntax
        self._routes.append(Route(method, re.compile(f"^{regex}$"), handler, cost))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | int:
        """The route and its path parameters, or 404/405 when nothing matches."""
        status = 404
        for route in self._routes:
            found = route.pattern.match(path)
            if found is None:
                continue
            if route.method == method:
                return route, found.groupdict()
            status = 405
        return status
