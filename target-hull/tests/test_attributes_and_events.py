"""Attribute groups, top-level setIfNull, null deletes, deletions, events."""

from tests.conftest import record, run_target, schema
from tests.test_resolution import contact


def test_groups_per_source_object_on_one_user(store_url, view_of):
    run_target(
        store_url,
        [
            record("leads", id=1, email="a@x.example", title="Lead title"),
            contact(2, "a@x.example", title="Person title"),
        ],
    )
    (user,) = view_of(store_url).users()
    attrs = user["attributes"]
    assert attrs["samplecrm_lead/title"] == "Lead title"
    assert attrs["samplecrm_lead/id"] == 1
    assert attrs["samplecrm_contact/title"] == "Person title"
    assert attrs["samplecrm_contact/id"] == 2
    assert user["attribute_meta"]["samplecrm_contact/title"][0] == "sample"


def test_custom_field_containers_are_flattened_into_the_group(store_url, view_of):
    run_target(store_url, [contact(1, "a@x.example", custom={"score": 9, "title": "c"}, title="t")])
    attrs = view_of(store_url).users()[0]["attributes"]
    assert attrs["samplecrm_contact/score"] == 9
    assert attrs["samplecrm_contact/title"] == "t"
    assert attrs["samplecrm_contact/title_custom"] == "c"


def test_top_level_attributes_are_only_written_when_empty(store_url, view_of):
    run_target(store_url, [record("leads", id=1, email="a@x.example", name="First")])
    run_target(store_url, [record("leads", id=1, email="a@x.example", name="Second")])
    attrs = view_of(store_url).users()[0]["attributes"]
    assert attrs["name"] == "First"
    assert attrs["samplecrm_lead/name"] == "Second"


def test_a_null_value_deletes_the_attribute(store_url, view_of):
    run_target(store_url, [contact(1, "a@x.example", title="CTO")])
    run_target(store_url, [contact(1, "a@x.example", title=None)])
    user = view_of(store_url).users()[0]
    assert "samplecrm_contact/title" not in user["attributes"]
    assert "samplecrm_contact/title" not in user["attribute_meta"]


def test_attribute_update_times_change_only_with_the_value(sqlite_url, view_of):
    run_target(sqlite_url, [contact(1, "a@x.example", title="CTO", dept="IT")])
    before = view_of(sqlite_url).users()[0]["attribute_meta"]
    run_target(sqlite_url, [contact(1, "a@x.example", title="CEO", dept="IT")])
    after = view_of(sqlite_url).users()[0]["attribute_meta"]
    assert after["samplecrm_contact/dept"] == before["samplecrm_contact/dept"]
    assert after["samplecrm_contact/title"][1] > before["samplecrm_contact/title"][1]


def test_a_deletion_marks_the_group_and_keeps_the_profile(store_url, view_of):
    run_target(store_url, [contact(1, "a@x.example", title="CTO")])
    run_target(store_url, [contact(1, "a@x.example", deleted_at="2026-02-01T00:00:00Z")])
    (user,) = view_of(store_url).users()
    attrs = user["attributes"]
    assert attrs["samplecrm_contact/deleted_at"] == "2026-02-01T00:00:00Z"
    assert "samplecrm_contact/id" not in attrs
    assert attrs["samplecrm_contact/title"] == "CTO"


def activity(id, parent_type="contact", parent_id=1, **extra):
    return record(
        "activities",
        id=id,
        parent={"type": parent_type, "id": parent_id},
        type_name=extra.pop("type_name", "Phone Call"),
        details=extra.pop("details", "hello"),
        user_email="rep@vendor.example",
        activity_date="2026-01-03T15:00:00Z",
        **extra,
    )


def test_activities_become_events_on_the_user(store_url, view_of):
    run_target(store_url, [contact(1, "a@x.example"), activity(50)])
    view = view_of(store_url)
    (event,) = view.events()
    assert event["event_id"] == "samplecrm:activity:50"
    assert event["user_id"] == view.user("a@x.example")["id"]
    assert event["event"] == "Phone Call"
    assert event["properties"] == {"details": "hello", "assignee_email": "rep@vendor.example"}
    assert (event["source"], event["type"]) == ("samplecrm", "activity")
    assert event["created_at"] == "2026-01-03T15:00:00Z"


def test_replayed_and_edited_activities_never_duplicate(store_url, view_of):
    run_target(store_url, [activity(50), activity(50)])
    run_target(store_url, [activity(50, details="edited")])
    (event,) = view_of(store_url).events()
    assert event["properties"]["details"] == "edited"


def test_activities_on_companies_are_skipped_and_counted(store_url, view_of):
    run_target(store_url, [activity(1, "company", 5), activity(2, "deal", 5)])
    counts = view_of(store_url).counts()
    assert counts["events"] == 0
    assert sum(counts["skips"].values()) == 2


def test_a_deletion_of_an_unknown_profile_is_skipped_not_created(store_url, view_of):
    run_target(store_url, [contact(9, "gone@x.example", deleted_at="2026-02-01T00:00:00Z")])
    counts = view_of(store_url).counts()
    assert counts["users"] == 0
    assert counts["skips"] == {"contacts: deletion of an unknown profile": 1}


def test_stream_maps_and_validation_still_apply_to_records(store_url, view_of):
    """Records normally skip the SDK's per-record path; not when a stream map or validation
    needs it."""
    typed = schema("contacts")
    typed["schema"]["properties"] = {"id": {"type": "integer"}, "title": {"type": "string"}}
    run_target(
        store_url,
        [typed, contact(1, "a@x.example", title="CTO", secret="s3")],
        stream_maps={"contacts": {"secret": None, "title": "title.upper()"}},
    )
    attributes = view_of(store_url).users()[0]["attributes"]
    assert attributes["samplecrm_contact/title"] == "CTO".upper()
    assert "samplecrm_contact/secret" not in attributes
