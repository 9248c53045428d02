"""In-memory records per entity with an id index and cached sorted views."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Record = dict[str, Any]


class DataStore:
    """Holds every generated record. Readers and `mutate` take `lock`; sorted views are cached
    until `touched()` is called after a change."""

    def __init__(self, entities: dict[str, list[Record]]) -> None:
        self.lock = threading.RLock()
        self._entities = entities
        self._index = {
            name: {record["id"]: record for record in records} for name, records in entities.items()
        }
        self._views: dict[tuple[str, str, bool], list[Record]] = {}

    @property
    def entity_names(self) -> list[str]:
        return list(self._entities)

    def records(self, entity: str) -> list[Record]:
        return self._entities[entity]

    def get(self, entity: str, record_id: Any) -> Record | None:
        return self._index[entity].get(record_id)

    def sorted_view(
        self, entity: str, name: str, key: Callable[[Record], Any], reverse: bool = False
    ) -> list[Record]:
        """Records ordered by `key` (cached under `name` until the next change)."""
        with self.lock:
            cache_key = (entity, name, reverse)
            if cache_key not in self._views:
                self._views[cache_key] = sorted(self._entities[entity], key=key, reverse=reverse)
            return self._views[cache_key]

    def touched(self) -> None:
        with self.lock:
            self._views.clear()
