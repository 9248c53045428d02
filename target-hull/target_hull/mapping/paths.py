"""Field paths and templates used by mapping files.

A path reads a value from a record: ``email``, ``address.city``, ``emails[0].email``,
``emails[*].email`` (every element), ``emails[?primary].value`` (first element whose
``primary`` is truthy). Alternatives are separated by ``||``: the first non-empty one wins.

A template builds a string: ``coppercrm-person:person-{id}``; every ``{path}`` must have a
usable value, otherwise the template yields nothing (no ``"coppercrm:"`` claims). A path with
``[*]`` yields one string per element.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from target_hull.normalize import is_placeholder

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+|\*|\?[^\]]+)\]")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_EACH = object()


class PathSyntaxError(ValueError):
    """A mapping path or template that cannot be parsed."""


def _compile_one(text: str) -> tuple[Any, ...]:
    steps: list[Any] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        if text[pos] == ".":
            pos += 1
            continue
        match = _SEGMENT.match(text, pos)
        if not match:
            raise PathSyntaxError(f"cannot parse path {text!r} at position {pos}")
        name, index = match.groups()
        if name is not None:
            steps.append(name)
        elif index == "*":
            steps.append(_EACH)
        elif index.startswith("?"):
            steps.append(("?", index[1:]))
        else:
            steps.append(int(index))
        pos = match.end()
    if not steps:
        raise PathSyntaxError("empty path")
    return tuple(steps)


def _step(value: Any, step: Any) -> Any:
    """Where one step (a key, an index or a ``?flag`` filter) leads from ``value``, or None."""
    if type(step) is str:
        return value.get(step) if isinstance(value, dict) else None
    if isinstance(step, tuple):
        if not isinstance(value, list):
            return None
        return next((item for item in value if isinstance(item, dict) and item.get(step[1])), None)
    return value[step] if isinstance(value, list) and -len(value) <= step < len(value) else None


def _get(value: Any, steps: tuple[Any, ...]) -> Any:
    """The one value a path without ``[*]`` reaches, or None (the hot case: no generator)."""
    for step in steps:
        if value is None:
            return None
        value = _step(value, step)
    return value


def _walk(value: Any, steps: tuple[Any, ...], start: int = 0) -> Iterator[Any]:
    """Every value a path reaches, fanning out at each ``[*]``."""
    for position in range(start, len(steps)):
        step = steps[position]
        if value is None:
            return
        if step is _EACH:
            if isinstance(value, list):
                for item in value:
                    yield from _walk(item, steps, position + 1)
            return
        value = _step(value, step)
    if value is not None:
        yield value


class FieldPath:
    """A compiled path (with optional ``||`` alternatives)."""

    __slots__ = ("_alternatives", "_simple", "_single", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._alternatives = tuple(_compile_one(part) for part in text.split("||"))
        #: True when no alternative fans out with ``[*]``: one value each, read by `_get`.
        self._single = all(_EACH not in steps for steps in self._alternatives)
        only = self._alternatives[0]
        self._simple = only[0] if len(self._alternatives) == 1 and len(only) == 1 else None
        if isinstance(self._simple, (int, tuple)) or self._simple is _EACH:
            self._simple = None

    def values(self, record: dict[str, Any]) -> list[Any]:
        """Every value the path reaches (several only with ``[*]``), from the first alternative
        that reaches a non-placeholder value."""
        if self._simple is not None:
            value = record.get(self._simple)
            return [] if is_placeholder(value) else [value]
        for steps in self._alternatives:
            if self._single:
                value = _get(record, steps)
                if not is_placeholder(value):
                    return [value]
                continue
            found = [v for v in _walk(record, steps) if not is_placeholder(v)]
            if found:
                return found
        return []

    def first(self, record: dict[str, Any]) -> Any:
        """The first value reached, or None."""
        if self._simple is not None:
            return record.get(self._simple)
        for steps in self._alternatives:
            if self._single:
                value = _get(record, steps)
                if value is not None:
                    return value
                continue
            for value in _walk(record, steps):
                return value
        return None

    def __repr__(self) -> str:
        return f"FieldPath({self.text!r})"


class Template:
    """A string template with ``{path}`` placeholders; plain text without braces is a path."""

    __slots__ = ("_parts", "_paths", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        if "{" not in text:
            self._parts = None
            self._paths = (FieldPath(text),)
            return
        self._parts = _PLACEHOLDER.split(text)
        self._paths = tuple(FieldPath(p) for p in self._parts[1::2])

    def render(self, record: dict[str, Any]) -> list[Any]:
        """All values the template yields for ``record`` (usually zero or one)."""
        if self._parts is None:
            return self._paths[0].values(record)
        if len(self._paths) == 1:  # the usual "svc:{id}"
            before, _, after = self._parts
            return [f"{before}{v}{after}" for v in self._paths[0].values(record)]
        results = [""]
        for position, literal in enumerate(self._parts):
            if position % 2 == 0:
                results = [r + literal for r in results]
                continue
            found = self._paths[position // 2].values(record)
            if not found:
                return []
            results = [r + str(v) for r in results for v in found]
        return results

    def first(self, record: dict[str, Any]) -> Any:
        """The first value the template yields, or None."""
        if self._parts is None:
            return self._paths[0].first(record)
        rendered = self.render(record)
        return rendered[0] if rendered else None

    def __repr__(self) -> str:
        return f"Template({self.text!r})"
