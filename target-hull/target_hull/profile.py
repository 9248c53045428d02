"""Users, accounts and their attribute groups as held in memory while a batch is resolved."""

from __future__ import annotations

from typing import Any


class Profile:
    """One user or account row; ``primary`` is its e-mail (user) or domain (account)."""

    __slots__ = (
        "account_id",
        "created_at",
        "dirty",
        "entity",
        "external_id",
        "id",
        "new",
        "primary",
        "shell",
        "updated_at",
    )

    def __init__(
        self,
        entity: str,
        id: str,
        *,
        primary: str | None = None,
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
        self.external_id = external_id
        self.account_id = account_id
        self.shell = shell
        self.created_at = created_at
        self.updated_at = updated_at
        self.new = new
        self.dirty = new

    def snapshot(self) -> dict[str, Any]:
        """The profile's identity as it stood, for the merge audit."""
        return {
            "id": self.id,
            "primary": self.primary,
            "external_id": self.external_id,
            "account_id": self.account_id,
            "shell": self.shell,
            "created_at": self.created_at,
        }


class Group:
    """One attribute group of one profile: values and, per attribute, [source, updated_at]."""

    __slots__ = ("attrs", "dirty", "meta", "stored")

    def __init__(self, attrs: dict[str, Any], meta: dict[str, list[str]], *, stored: bool) -> None:
        self.attrs = attrs
        self.meta = meta
        self.stored = stored
        self.dirty = False

    def apply(
        self, values: dict[str, Any], stamp: list[str], *, only_if_empty: bool = False
    ) -> bool:
        """Set values (None deletes); True when anything changed."""
        attrs, meta = self.attrs, self.meta
        changed = False
        for attr, value in values.items():
            if value is None:
                if attr in attrs and not only_if_empty:
                    del attrs[attr]
                    meta.pop(attr, None)
                    changed = True
            elif only_if_empty:
                if attrs.get(attr) is None:
                    attrs[attr] = value
                    meta[attr] = stamp
                    changed = True
            elif attr not in attrs or attrs[attr] != value:
                attrs[attr] = value
                meta[attr] = stamp
                changed = True
        self.dirty |= changed
        return changed

    def fill_from(self, other: Group) -> None:
        """Take the other group's attributes this one lacks (a merge: the survivor wins)."""
        for attr, value in other.attrs.items():
            if attr not in self.attrs:
                self.attrs[attr] = value
                if attr in other.meta:
                    self.meta[attr] = other.meta[attr]
                self.dirty = True
