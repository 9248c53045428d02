"""The parsed form of a source mapping: how each stream becomes users, accounts or events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from target_hull.mapping.paths import FieldPath, PathSyntaxError, Template

Entity = Literal["user", "account", "opportunity", "attachment", "event"]
#: attachment: a group written on its `user`, or on its `account` when the record names no user
#: (Pipedrive leads); opportunity: a type-postfixed group written on both.
ENTITIES: tuple[str, ...] = ("user", "account", "opportunity", "attachment", "event")


class MappingError(ValueError):
    """A mapping file or override that cannot be used; the message names the place to fix."""


@dataclass(frozen=True)
class ClaimSpec:
    """Where a record's identity claims come from."""

    external_id: Template | None = None
    primary: Template | None = None  # email for users, domain for accounts
    anonymous_ids: tuple[Template, ...] = ()

    @property
    def empty(self) -> bool:
        return self.external_id is None and self.primary is None and not self.anonymous_ids


@dataclass(frozen=True)
class Condition:
    """Records whose ``path`` value is not in ``allowed`` are skipped with ``reason``."""

    path: FieldPath
    allowed: frozenset[str]
    reason: str


@dataclass(frozen=True)
class StreamMapping:
    """One stream of a source: which entity it feeds and how."""

    stream: str
    entity: Entity
    group: str | None = None
    id: FieldPath = field(default_factory=lambda: FieldPath("id"))
    claims: ClaimSpec = ClaimSpec()
    account: ClaimSpec | None = None  # users: account link; opportunities: the account
    user: ClaimSpec | None = None  # opportunities: primary contact; events: the user
    link_accounts: bool = True
    #: Which stream's e-mail/domain a profile keeps when its records disagree (higher wins).
    primary_rank: int = 1
    top_level: tuple[tuple[str, FieldPath], ...] = ()
    attributes: Literal["*"] | tuple[tuple[FieldPath, str], ...] = "*"
    exclude: frozenset[str] = frozenset()
    flatten: tuple[str, ...] = ()
    deleted: FieldPath | None = None
    #: The record's modification time: of several records writing one group, the latest wins
    #: (not the last delivered: taps re-send boundary records, archives arrive after updates).
    updated_at: FieldPath | None = None
    when: tuple[Condition, ...] = ()
    type_field: FieldPath | None = None
    slugify_type: bool = False
    event: Template | None = None
    event_id: Template | None = None
    created_at: FieldPath | None = None
    properties: tuple[tuple[str, Template], ...] = ()
    event_source: str | None = None
    event_type: str | None = None


@dataclass(frozen=True)
class SourceMapping:
    """All streams of one source (one CRM)."""

    source: str
    streams: dict[str, StreamMapping]


def _where(source: str, stream: str, key: str) -> str:
    return f"mapping '{source}', stream '{stream}', key '{key}'"


def _template(value: Any, where: str) -> Template | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MappingError(f"{where}: expected a path or template string, got {value!r}")
    try:
        return Template(value)
    except PathSyntaxError as exc:
        raise MappingError(f"{where}: {exc}") from exc


def _path(value: Any, where: str) -> FieldPath | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MappingError(f"{where}: expected a field path string, got {value!r}")
    try:
        return FieldPath(value)
    except PathSyntaxError as exc:
        raise MappingError(f"{where}: {exc}") from exc


def _claims(value: Any, entity: str, where: str) -> ClaimSpec | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise MappingError(f"{where}: expected claims such as {{email: ..., anonymous_id: ...}}")
    primary_key = "domain" if entity == "account" else "email"
    unknown = set(value) - {"external_id", "anonymous_id", primary_key}
    if unknown:
        raise MappingError(
            f"{where}: unknown claim(s) {sorted(unknown)}; "
            f"{entity} claims are external_id, {primary_key}, anonymous_id"
        )
    anonymous = value.get("anonymous_id") or []
    if isinstance(anonymous, str):
        anonymous = [anonymous]
    return ClaimSpec(
        external_id=_template(value.get("external_id"), f"{where}.external_id"),
        primary=_template(value.get(primary_key), f"{where}.{primary_key}"),
        anonymous_ids=tuple(_template(a, f"{where}.anonymous_id") for a in anonymous),  # type: ignore[misc]
    )


def _conditions(value: Any, where: str) -> tuple[Condition, ...]:
    if not value:
        return ()
    if not isinstance(value, dict):
        raise MappingError(f"{where}: expected {{field path: [allowed values]}}")
    reason = str(value.get("reason") or "filtered out by the mapping")
    conditions = []
    for key, allowed in value.items():
        if key == "reason":
            continue
        options = allowed if isinstance(allowed, list) else [allowed]
        conditions.append(Condition(_path(key, where), frozenset(map(str, options)), reason))  # type: ignore[arg-type]
    return tuple(conditions)


STREAM_KEYS = frozenset(
    {
        "entity", "group", "id", "claims", "account", "user", "link_accounts", "primary_rank", "top_level",
        "attributes", "exclude", "flatten", "deleted", "updated_at", "when", "type_field", "slugify_type",
        "event", "event_id", "created_at", "properties", "source", "type",
    }
)  # fmt: skip


def parse_stream(source: str, stream: str, raw: dict[str, Any]) -> StreamMapping:
    """Validate one stream entry of a mapping file."""
    where = _where(source, stream, "")
    unknown = set(raw) - STREAM_KEYS
    if unknown:
        raise MappingError(f"{where[:-9]}: unknown key(s) {sorted(unknown)}")
    entity = raw.get("entity")
    if entity not in ENTITIES:
        raise MappingError(f"{_where(source, stream, 'entity')}: must be one of {ENTITIES}")
    group = raw.get("group")
    if entity in ("user", "account", "opportunity", "attachment") and not group:
        raise MappingError(f"{_where(source, stream, 'group')}: a {entity} stream needs a group")
    attributes = raw.get("attributes", "*")
    if attributes != "*":
        if not isinstance(attributes, dict):
            raise MappingError(
                f"{_where(source, stream, 'attributes')}: use '*' or {{field path: attribute name}}"
            )
        attributes = tuple(
            (_path(k, _where(source, stream, "attributes")), str(v)) for k, v in attributes.items()
        )
    claim_entity = "account" if entity == "account" else "user"
    mapping = StreamMapping(
        stream=stream,
        entity=entity,
        group=group,
        id=_path(raw.get("id", "id"), _where(source, stream, "id")),  # type: ignore[arg-type]
        claims=_claims(raw.get("claims"), claim_entity, _where(source, stream, "claims"))
        or ClaimSpec(),
        account=_claims(raw.get("account"), "account", _where(source, stream, "account")),
        user=_claims(raw.get("user"), "user", _where(source, stream, "user")),
        link_accounts=bool(raw.get("link_accounts", True)),
        primary_rank=int(raw.get("primary_rank", 1)),
        top_level=tuple(
            (name, _path(p, _where(source, stream, f"top_level.{name}")))  # type: ignore[misc]
            for name, p in (raw.get("top_level") or {}).items()
        ),
        attributes=attributes,
        exclude=frozenset(raw.get("exclude") or ()),
        flatten=tuple(raw.get("flatten") or ()),
        deleted=_path(raw.get("deleted"), _where(source, stream, "deleted")),
        updated_at=_path(raw.get("updated_at"), _where(source, stream, "updated_at")),
        when=_conditions(raw.get("when"), _where(source, stream, "when")),
        type_field=_path(raw.get("type_field"), _where(source, stream, "type_field")),
        slugify_type=bool(raw.get("slugify_type", False)),
        event=_template(raw.get("event"), _where(source, stream, "event")),
        event_id=_template(raw.get("event_id"), _where(source, stream, "event_id")),
        created_at=_path(raw.get("created_at"), _where(source, stream, "created_at")),
        properties=tuple(
            (name, _template(p, _where(source, stream, f"properties.{name}")))  # type: ignore[misc]
            for name, p in (raw.get("properties") or {}).items()
        ),
        event_source=raw.get("source"),
        event_type=raw.get("type"),
    )
    _check_entity_requirements(source, mapping)
    return mapping


def _check_entity_requirements(source: str, m: StreamMapping) -> None:
    if m.entity in ("user", "account") and m.claims.empty:
        raise MappingError(f"{_where(source, m.stream, 'claims')}: a {m.entity} needs claims")
    if m.entity in ("opportunity", "attachment") and m.account is None and m.user is None:
        raise MappingError(
            f"{_where(source, m.stream, 'account')}: an {m.entity} needs `account` and/or `user`"
        )
    if m.entity == "event" and (m.user is None or m.event is None or m.event_id is None):
        raise MappingError(
            f"{_where(source, m.stream, 'user')}: an event stream needs `user`, `event` "
            "and `event_id`"
        )
