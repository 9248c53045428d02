"""Apply a stream mapping to one record: the profile writes and events it produces."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from target_hull.mapping.model import ClaimSpec, StreamMapping
from target_hull.normalize import clean_identifier, normalize_domain, normalize_email
from target_hull.writes import Claims, EventWrite, ProfileWrite, RecordWrites, Skip

_SLUG = re.compile(r"[^a-z0-9]+")
#: Singer metadata columns (`add_record_metadata`), never profile attributes.
SINGER_METADATA = frozenset(
    {
        "_sdc_extracted_at",
        "_sdc_received_at",
        "_sdc_batched_at",
        "_sdc_deleted_at",
        "_sdc_sequence",
        "_sdc_table_version",
        "_sdc_sync_started_at",
    }
)
Clock = Callable[[], datetime]


def slugify(value: str) -> str:
    """``New Business`` → ``new_business``."""
    return _SLUG.sub("_", value.lower()).strip("_")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class StreamTranslator:
    """Turns records of one stream into writes, following its mapping."""

    def __init__(
        self,
        source: str,
        mapping: StreamMapping,
        free_mail: frozenset[str] = frozenset(),
        clock: Clock = utc_now,
    ) -> None:
        self.source = source
        self.mapping = mapping
        self._free_mail = free_mail
        self._clock = clock
        self._skip_keys = mapping.exclude | set(mapping.flatten) | SINGER_METADATA
        handlers = {
            "user": self._profile,
            "account": self._profile,
            "opportunity": self._opportunity,
            "attachment": self._attachment,
            "event": self._event,
        }
        self.translate_record = handlers[mapping.entity]

    def translate(self, record: dict[str, Any]) -> RecordWrites | Skip:
        """The record's writes, or why it is skipped."""
        key = str(self.mapping.id.first(record))
        for condition in self.mapping.when:
            if str(condition.path.first(record)) not in condition.allowed:
                return Skip(self.mapping.stream, key, condition.reason, expected=True)
        result = self.translate_record(record, key)
        if self.mapping.updated_at is not None and isinstance(result, RecordWrites):
            version = self.mapping.updated_at.first(record)
            for write in result.writes:
                if isinstance(write, ProfileWrite):
                    write.version = None if version is None else str(version)
        return result

    # claims -------------------------------------------------------------------------------

    def claims(self, spec: ClaimSpec | None, record: dict[str, Any], entity: str) -> Claims:
        claims = Claims()
        if spec is None:
            return claims
        if spec.external_id is not None:
            claims.external_id = clean_identifier(spec.external_id.first(record))
        if spec.primary is not None:
            for value in spec.primary.render(record):
                primary = (
                    normalize_domain(value, self._free_mail)
                    if entity == "account"
                    else normalize_email(value)
                )
                if primary:
                    claims.primary = primary
                    break
        for template in spec.anonymous_ids:
            for value in template.render(record):
                anonymous = clean_identifier(value)
                if anonymous and anonymous not in claims.anonymous_ids:
                    claims.anonymous_ids.append(anonymous)
        return claims

    # attributes ---------------------------------------------------------------------------

    def attributes(self, record: dict[str, Any]) -> dict[str, Any]:
        """The group's attributes (``id`` included), named as the mapping says."""
        mapping = self.mapping
        if mapping.attributes == "*":
            attrs = dict(record)
            for field in self._skip_keys:
                attrs.pop(field, None)
            for container in mapping.flatten:
                nested = record.get(container)
                if isinstance(nested, dict):
                    for field, value in nested.items():
                        attrs[field + "_custom" if field in attrs else field] = value
        else:
            attrs = {attr: path.first(record) for path, attr in mapping.attributes}
        attrs["id"] = mapping.id.first(record)
        return attrs

    def _deletion(self, record: dict[str, Any]) -> dict[str, Any] | None:
        if self.mapping.deleted is None:
            return None
        flag = self.mapping.deleted.first(record)
        if not flag:
            return None
        when = flag if isinstance(flag, str) else self._clock().isoformat()
        return {"deleted_at": when, "id": None}

    # entities -----------------------------------------------------------------------------

    def _profile(self, record: dict[str, Any], key: str) -> RecordWrites | Skip:
        mapping = self.mapping
        entity = mapping.entity
        claims = self.claims(mapping.claims, record, entity)
        if not claims:
            return Skip(mapping.stream, key, "no usable claim")
        deletion = self._deletion(record)
        if deletion is not None:
            write = ProfileWrite(entity, claims, mapping.group, deletion, deletion=True)
            return RecordWrites(mapping.stream, key, [write])
        top = {}
        for attr, path in mapping.top_level:
            value = path.first(record)
            if value is not None:
                top[attr] = value
        if entity == "account" and claims.primary and "domain" not in top:
            top["domain"] = claims.primary
        write = ProfileWrite(entity, claims, mapping.group, self.attributes(record), top)
        write.source_object = (
            claims.anonymous_ids[0] if claims.anonymous_ids else f"{mapping.stream}:{key}"
        )
        write.primary_rank = mapping.primary_rank
        if entity == "user" and mapping.link_accounts and mapping.account is not None:
            account = self.claims(mapping.account, record, "account")
            write.account = account or None
        return RecordWrites(mapping.stream, key, [write])

    def _opportunity(self, record: dict[str, Any], key: str) -> RecordWrites | Skip:
        mapping = self.mapping
        if mapping.type_field is None:
            return Skip(mapping.stream, key, "opportunity_type_field not set", expected=True)
        kind = mapping.type_field.first(record)
        if kind is None or str(kind).strip() == "":
            return Skip(mapping.stream, key, "opportunity without a type")
        kind = slugify(str(kind)) if mapping.slugify_type else str(kind).strip()
        group = f"{mapping.group}_{kind}"
        attrs = self.attributes(record)
        writes: list[ProfileWrite | EventWrite] = []
        account = self.claims(mapping.account, record, "account")
        if account:
            writes.append(ProfileWrite("account", account, group, attrs, real=False))
        user = self.claims(mapping.user, record, "user")
        if user:
            writes.append(ProfileWrite("user", user, group, attrs, real=False))
        if not writes:
            return Skip(mapping.stream, key, "no usable claim")
        return RecordWrites(mapping.stream, key, writes)

    def _attachment(self, record: dict[str, Any], key: str) -> RecordWrites | Skip:
        mapping = self.mapping
        attrs = self.attributes(record)
        user = self.claims(mapping.user, record, "user")
        if user:
            write = ProfileWrite("user", user, mapping.group, attrs, real=False)
        else:
            account = self.claims(mapping.account, record, "account")
            if not account:
                return Skip(mapping.stream, key, "no usable claim")
            write = ProfileWrite("account", account, mapping.group, attrs, real=False)
        return RecordWrites(mapping.stream, key, [write])

    def _event(self, record: dict[str, Any], key: str) -> RecordWrites | Skip:
        mapping = self.mapping
        user = self.claims(mapping.user, record, "user")
        if not user:
            return Skip(mapping.stream, key, "no usable claim")
        event_id = mapping.event_id.first(record)  # type: ignore[union-attr]
        name = mapping.event.first(record)  # type: ignore[union-attr]
        if event_id is None or name is None or str(name).strip() == "":
            return Skip(mapping.stream, key, "event without id or name")
        created = mapping.created_at.first(record) if mapping.created_at else None
        event = EventWrite(
            user=user,
            event_id=str(event_id),
            event=str(name),
            properties={prop: tpl.first(record) for prop, tpl in mapping.properties},
            source=mapping.event_source or self.source,
            type=mapping.event_type or mapping.stream,
            created_at=None if created is None else str(created),
        )
        return RecordWrites(mapping.stream, key, [event])
