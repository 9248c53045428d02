"""Pipedrive streams: entities (v2, leads on v1), lookups and field definitions."""

from __future__ import annotations

import sys
import typing as t

from singer_sdk import SchemaDirectory, StreamSchema

from tap_pipedrive import schemas
from tap_pipedrive.client import PipedriveStream, V1Stream, V2Stream
from tap_pipedrive.records import Lookup

if sys.version_info >= (3, 12):
    from typing import override
else:
    from typing_extensions import override

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

SCHEMAS = SchemaDirectory(schemas)

OWNER = Lookup("owner_id", "users", {"owner_name": "name", "owner_email": "email"})
PIPELINE = Lookup("pipeline_id", "pipelines", {"pipeline_name": "name"})
STAGE = Lookup("stage_id", "stages", {"stage_name": "name"})
ACTIVITY_TYPE = Lookup("type", "activity_types", {"activity_type_name": "name"}, "key_string")
LEAD_LABELS = Lookup("label_ids", "lead_labels", {"label_names": "name"})


# Entities: incremental on update_time, custom fields named from their definitions.


class EntityStream(PipedriveStream):
    """Base of entity streams; the schema comes from the tap (catalog or definitions)."""

    primary_keys = ("id",)
    replication_key = "update_time"
    #: Schema file of the base properties (archived streams share their entity's).
    schema_file: t.ClassVar[str]


class PersonsStream(EntityStream, V2Stream):
    """``GET /api/v2/persons``."""

    name = "persons"
    schema_file = "persons"
    path = "/persons"
    is_sorted = True
    fields_stream = "person_fields"
    label_field = "label"
    lookups = (OWNER,)


class OrganizationsStream(EntityStream, V2Stream):
    """``GET /api/v2/organizations``."""

    name = "organizations"
    schema_file = "organizations"
    path = "/organizations"
    is_sorted = True
    fields_stream = "organization_fields"
    label_field = "label"
    lookups = (OWNER,)


class DealsStream(EntityStream, V2Stream):
    """``GET /api/v2/deals``, deleted deals included (``status=deleted``, ≤30 days)."""

    name = "deals"
    schema_file = "deals"
    path = "/deals"
    is_sorted = True
    extra_params = {"status": "open,won,lost,deleted"}
    fields_stream = "deal_fields"
    label_field = "label"
    lookups = (OWNER, PIPELINE, STAGE)

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        record = super().post_process(row, context)
        if record is not None and record.get("status") == "deleted":
            record["is_deleted"] = True
        return record


class ArchivedDealsStream(DealsStream):
    """``GET /api/v2/deals/archived`` (archived deals are not in ``/deals``)."""

    name = "archived_deals"
    path = "/deals/archived"
    token_cost = 20


class ActivitiesStream(EntityStream, V2Stream):
    """``GET /api/v2/activities`` with attendees."""

    name = "activities"
    schema_file = "activities"
    path = "/activities"
    is_sorted = True
    extra_params = {"include_fields": "attendees"}
    fields_stream = "activity_fields"
    lookups = (OWNER, ACTIVITY_TYPE)


class LeadsStream(EntityStream, V1Stream):
    """``GET /v1/leads`` (no v2 list exists).

    Offset paging in the API's stable creation order, so the stream is not sorted by
    ``update_time``: the bookmark moves at the end of the stream (capped at the sync
    start). Records older than the bookmark are dropped in case the endpoint ignores
    ``updated_since``.
    """

    name = "leads"
    schema_file = "leads"
    path = "/leads"
    fields_stream = "lead_fields"
    root_custom_fields = True
    lookups = (OWNER, LEAD_LABELS)

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        record = super().post_process(row, context)
        start = self.get_starting_timestamp(context)
        if record and start and record.get("update_time"):
            updated = self._parse_datetime(record["update_time"])
            return record if updated >= start.replace(microsecond=0) else None
        return record


class ArchivedLeadsStream(LeadsStream):
    """``GET /v1/leads/archived`` (40 tokens per request)."""

    name = "archived_leads"
    path = "/leads/archived"
    token_cost = 40


# Lookups: small full tables, fetched once per run and reused for the name fields.


class UsersStream(V1Stream):
    """``GET /v1/users``."""

    name = "users"
    path = "/users"
    primary_keys = ("id",)
    paginated = False
    cached = True
    schema = StreamSchema(SCHEMAS)


class PipelinesStream(V2Stream):
    """``GET /api/v2/pipelines``."""

    name = "pipelines"
    path = "/pipelines"
    primary_keys = ("id",)
    cached = True
    schema = StreamSchema(SCHEMAS)


class StagesStream(V2Stream):
    """``GET /api/v2/stages``."""

    name = "stages"
    path = "/stages"
    primary_keys = ("id",)
    cached = True
    lookups = (PIPELINE,)
    schema = StreamSchema(SCHEMAS)


class ActivityTypesStream(V1Stream):
    """``GET /v1/activityTypes``."""

    name = "activity_types"
    path = "/activityTypes"
    primary_keys = ("id",)
    paginated = False
    cached = True
    schema = StreamSchema(SCHEMAS)


class LeadLabelsStream(V1Stream):
    """``GET /v1/leadLabels``."""

    name = "lead_labels"
    path = "/leadLabels"
    primary_keys = ("id",)
    paginated = False
    cached = True
    token_cost = 10
    schema = StreamSchema(SCHEMAS)


class FieldsStream(V1Stream):
    """Field definitions (``/v1/<entity>Fields``): built-in and custom fields."""

    primary_keys = ("key",)
    cached = True
    schema = StreamSchema(SCHEMAS, key="fields")


class PersonFieldsStream(FieldsStream):
    """``GET /v1/personFields``."""

    name = "person_fields"
    path = "/personFields"


class OrganizationFieldsStream(FieldsStream):
    """``GET /v1/organizationFields``."""

    name = "organization_fields"
    path = "/organizationFields"


class DealFieldsStream(FieldsStream):
    """``GET /v1/dealFields``."""

    name = "deal_fields"
    path = "/dealFields"


class ActivityFieldsStream(FieldsStream):
    """``GET /v1/activityFields``."""

    name = "activity_fields"
    path = "/activityFields"


class LeadFieldsStream(FieldsStream):
    """``GET /v1/leadFields``."""

    name = "lead_fields"
    path = "/leadFields"


ENTITY_STREAMS: tuple[type[EntityStream], ...] = (
    PersonsStream,
    OrganizationsStream,
    DealsStream,
    ArchivedDealsStream,
    ActivitiesStream,
    LeadsStream,
    ArchivedLeadsStream,
)
SUPPORT_STREAMS: tuple[type[PipedriveStream], ...] = (
    UsersStream,
    PipelinesStream,
    StagesStream,
    ActivityTypesStream,
    LeadLabelsStream,
    PersonFieldsStream,
    OrganizationFieldsStream,
    DealFieldsStream,
    ActivityFieldsStream,
    LeadFieldsStream,
)
