"""A user or account as held in memory while a batch is resolved."""

from __future__ import annotations

from typing import Any


class Profile:
    """One user or account row; ``primary`` is its e-mail (user) or domain (account)."""

    __slots__ = (
        "account_id",
        "attributes",
        "created_at",
        "dirty",
        "entity",
        "external_id",
        "id",
        "meta",
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
        attributes: dict[str, Any] | None = None,
        meta: dict[str, list[str]] | None = None,
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
        self.attributes = attributes if attributes is not None else {}
        self.meta = meta if meta is not None else {}
        self.created_at = created_at
        self.updated_at = updated_at
        self.new = new
        self.dirty = new

    def snapshot(self) -> dict[str, Any]:
        """The profile as it stood, for the merge audit."""
        return {
            "id": self.id,
            "primary": self.primary,
            "external_id": self.external_id,
            "account_id": self.account_id,
            "shell": self.shell,
            "attributes": self.attributes,
            "created_at": self.created_at,
        }
