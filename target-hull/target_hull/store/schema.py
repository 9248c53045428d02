"""Tables of the profile store (documented in the README)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

#: The layout of the tables below; bumped with any change to them. A store records the version
#: that made it (table `store_info`), so a target-hull never writes into a layout it does not know.
SCHEMA_VERSION = 1

#: Users and accounts share one shape; ``primary`` is the e-mail (users) or domain (accounts).
#: Timestamps are ISO-8601 UTC strings so SQLite and PostgreSQL store them alike.
users = Table(
    "users",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("email", Text, nullable=True),
    Column("primary_source", Text, nullable=True),  # the CRM object that asserted the e-mail
    Column("primary_rank", Integer, nullable=False, default=0),
    Column("external_id", Text, nullable=True),
    Column("account_id", String(32), nullable=True, index=True),
    Column("shell", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("domain", Text, nullable=True),
    Column("primary_source", Text, nullable=True),  # the CRM object that asserted the domain
    Column("primary_rank", Integer, nullable=False, default=0),
    Column("external_id", Text, nullable=True),
    Column("shell", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

#: Attributes, one row per profile and group (``coppercrm_person``; ``""`` holds the top-level
#: ones), so a record only reads and writes the group it feeds.
attribute_groups = Table(
    "attribute_groups",
    metadata,
    Column("entity", String(8), primary_key=True),
    Column("profile_id", String(32), primary_key=True),
    Column("grp", Text, primary_key=True),
    Column("attrs", Text, nullable=False),  # JSON object {attr: value}
    Column("meta", Text, nullable=False),  # JSON object {attr: [source, updated_at]}
)

#: The claim index: every claim value points to the one profile that holds it.
identities = Table(
    "identities",
    metadata,
    Column("entity", String(8), primary_key=True),  # user | account
    Column("kind", String(16), primary_key=True),  # external_id | email | domain | anonymous_id
    Column("value", Text, primary_key=True),
    Column("profile_id", String(32), nullable=False),
    Index("ix_identities_profile", "profile_id"),
)

events = Table(
    "events",
    metadata,
    Column("event_id", Text, primary_key=True),  # namespaced by source and object
    Column("user_id", String(32), nullable=False, index=True),
    Column("event", Text, nullable=False),
    Column("properties", Text, nullable=False),  # JSON object
    Column("source", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("created_at", String(40), nullable=True),
)

#: Audit trail: every merge, with the record and claim that caused it and the loser's snapshot.
merges = Table(
    "merges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity", String(8), nullable=False),
    Column("survivor_id", String(32), nullable=False, index=True),
    Column("loser_id", String(32), nullable=False),
    Column("claim_kind", String(16), nullable=False),
    Column("claim_value", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("stream", Text, nullable=False),
    Column("record_key", Text, nullable=False),
    Column("loser_snapshot", Text, nullable=False),  # JSON object
    Column("merged_at", String(32), nullable=False),
)

#: Records that could not be applied (one row per record and reason; replays do not add rows).
skips = Table(
    "skips",
    metadata,
    Column("source", Text, primary_key=True),
    Column("stream", Text, primary_key=True),
    Column("record_key", Text, primary_key=True),
    Column("reason", Text, primary_key=True),
    Column("last_seen_at", String(32), nullable=False),
)

#: Facts about the store itself: `schema_version`.
store_info = Table(
    "store_info",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)

PROFILE_TABLES = {"user": users, "account": accounts}
PRIMARY_CLAIM = {"user": "email", "account": "domain"}
