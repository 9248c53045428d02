"""Users, accounts and their attribute groups as held in memory while a batch is resolved."""

from __future__ import annotations

from typing import Any


class Profile:
    """One user or account row; ``primary`` is its e-mail (user) or domain (account), asserted by
    the CRM object ``primary_source`` from a stream of ``primary_rank``."""

    __slots__ = (
        "account_id",
        "created_at",
        "dirty",
        "entity",
        "external_id",
        "id",
        "new",
        "primary",
        "primary_rank",
        "primary_source",
        "shell",
        "updated_at",
    )

    def __init__(
        self,
        entity: str,
        id: str,
        *,
        primary: str | None = None,
        primary_source: str | None = None,
        primary_rank: int = 0,
        external_id: str | None = None,
        account_id: str | None = None,
        shell: bool = False,
        created_at: str,
        updated_at: str,
        new: bool = False,
    ) -> None:
        self.entity = entity
        self.id = id
        self.primary = primary
        self.primary_source = primary_source
        self.primary_rank = primary_rank
        self.external_id = external_id
        self.account_id = account_id
        self.shell = shell
        self.created_at = created_at
        self.updated_at = updated_at
        self.new = new
        self.dirty = new

    def yields_primary_to(self, rank: int, source: str | None) -> bool:
        """Whether an e-mail/domain asserted by ``source`` (of ``rank``) replaces this one's:
        the same object may always change its own; otherwise the higher rank wins, then the
        lower object id, so the outcome does not depend on the order records arrive in."""
        if self.primary is None or self.primary_source is None or source == self.primary_source:
            return True
        if source is None:
            return False
        return (rank, self.primary_source) > (self.primary_rank, source)

    def take_primary(self, value: str | None, rank: int, source: str | None) -> None:
        self.primary, self.primary_rank, self.primary_source = value, rank, source
        self.dirty = True

    def snapshot(self) -> dict[str, Any]:
        """The profile's identity as it stood, for the merge audit."""
        return {
            "id": self.id,
            "primary": self.primary,
            "primary_source": self.primary_source,
            "external_id": self.external_id,
            "account_id": self.account_id,
            "shell": self.shell,
            "created_at": self.created_at,
        }


class Group:
    """One attribute group of one profile.

    ``stamps`` holds ``[source, updated_at]`` pairs; ``meta`` maps each attribute to the index of
    its stamp, or is None while every attribute carries ``stamps[0]`` (a group written at once,
    the common case: no per-attribute dict to build, and it encodes without a Python loop).
    """

    __slots__ = ("attrs", "dirty", "meta", "stamps", "stored", "version")

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        stamps: list[list[str]] | None = None,
        meta: dict[str, int] | None = None,
        *,
        stored: bool = False,
        version: str | None = None,
    ) -> None:
        self.version = version  # modification time of the record that last wrote the group
        self.attrs = attrs if attrs is not None else {}
        self.stamps = stamps if stamps is not None else []
        self.meta = meta
        self.stored = stored
        self.dirty = False

    def _index(self, stamp: list[str]) -> int:
        try:
            return self.stamps.index(stamp)
        except ValueError:
            self.stamps.append(stamp)
            return len(self.stamps) - 1

    def _set_stamp(self, attr: str, stamp: list[str]) -> None:
        """Record ``attr``'s stamp (``attr`` already set in ``attrs``)."""
        index = self._index(stamp)
        if self.meta is None:
            if index == 0:
                return
            self.meta = dict.fromkeys(self.attrs, 0)
        self.meta[attr] = index

    def stamp_of(self, attr: str) -> list[str] | None:
        if attr not in self.attrs:
            return None
        return self.stamps[0 if self.meta is None else self.meta[attr]]

    def stamps_by_attr(self) -> dict[str, list[str]]:
        """``{attr: [source, updated_at]}``."""
        return {attr: self.stamp_of(attr) for attr in self.attrs}  # type: ignore[misc]

    def apply(
        self,
        values: dict[str, Any],
        stamp: list[str],
        *,
        only_if_empty: bool = False,
        version: str | None = None,
    ) -> bool:
        """Set values (None deletes); True when anything changed. A record older than the one
        that last wrote the group (``version``) changes nothing."""
        if version is not None:
            if self.version is not None and version < self.version:
                return False
            if version != self.version:
                self.version = version
                self.dirty = True
        attrs = self.attrs
        if not attrs:  # a new group: everything is a change
            if None in values.values():
                fresh = {k: v for k, v in values.items() if v is not None}
            else:
                fresh = dict(values)  # ``values`` may be shared by several writes
            if not fresh:
                return False
            self.attrs = fresh
            self.stamps = [stamp]
            self.meta = None
            self.dirty = True
            return True
        changed = False
        for attr, value in values.items():
            if value is None:
                if attr in attrs and not only_if_empty:
                    del attrs[attr]
                    if self.meta is not None:
                        del self.meta[attr]
                    changed = True
                continue
            if only_if_empty and attrs.get(attr) is not None:
                continue
            if attr not in attrs or attrs[attr] != value:
                attrs[attr] = value
                self._set_stamp(attr, stamp)
                changed = True
        self.dirty |= changed
        return changed

    def fill_from(self, other: Group) -> None:
        """Take the other group's attributes this one lacks (a merge: the survivor wins)."""
        for attr, value in other.attrs.items():
            if attr not in self.attrs:
                self.attrs[attr] = value
                self._set_stamp(attr, other.stamp_of(attr))  # type: ignore[arg-type]
                self.dirty = True

    def encoded_meta(self) -> dict[str, Any]:
        """``{"stamps": [...], "attrs": {attr: index}}``, unused stamps dropped; ``attrs`` is
        left out when every attribute carries the one stamp (a group written at once)."""
        if self.meta is not None:
            used = sorted(set(self.meta.values()))
            if used != list(range(len(self.stamps))):
                remap = {old: new for new, old in enumerate(used)}
                self.stamps = [self.stamps[i] for i in used]
                self.meta = {attr: remap[i] for attr, i in self.meta.items()}
            if len(self.stamps) <= 1:
                self.meta = None
        meta: dict[str, Any] = {"stamps": self.stamps}
        if self.meta is not None:
            meta["attrs"] = self.meta
        if self.version is not None:
            meta["version"] = self.version
        return meta

    @classmethod
    def decode(cls, attrs: dict[str, Any], meta: dict[str, Any]) -> Group:
        """A stored group, from its decoded ``attrs`` and ``meta`` columns."""
        return cls(
            attrs, meta["stamps"], meta.get("attrs"), stored=True, version=meta.get("version")
        )
