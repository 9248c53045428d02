"""Bad input: counted skips, ignored streams, and hard stops that keep what was committed."""

import io
import json
import logging

import pytest
from singer_sdk.exceptions import MissingKeyPropertiesError, RecordsWithoutSchemaException

from target_hull.target import TargetHull
from tests.conftest import record, run_target, schema, singer_lines, state
from tests.test_resolution import contact


def test_records_without_usable_claims_are_logged_counted_and_skipped(store_url, view_of, caplog):
    caplog.set_level(logging.INFO)
    run_target(
        store_url,
        [
            record("leads", id=None, email="n/a"),
            record("leads", id=None, email="  "),
            contact(1, "ok@x.example"),
        ],
    )
    view = view_of(store_url)
    assert len(view.users()) == 1
    assert view.counts()["skips"] == {"leads: no usable claim": 1}  # one row per record key
    lines = [r.getMessage() for r in caplog.records if "Skipped" in r.getMessage()]
    assert lines == ["Skipped stream 'leads' record None: no usable claim"] * 2
    summary = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Summary")]
    assert "skipped 2 (leads: no usable claim x2)" in summary[0]


def test_streams_the_mapping_does_not_cover_are_ignored_with_one_line(sqlite_url, view_of, caplog):
    caplog.set_level(logging.INFO)
    run_target(sqlite_url, [record("users", id=1), record("users", id=2)])
    notes = [
        r.getMessage() for r in caplog.records if "not in the 'sample' mapping" in r.getMessage()
    ]
    assert len(notes) == 1
    assert view_of(sqlite_url).counts()["users"] == 0


def _target(url, **config):
    return TargetHull(
        config={"source": "sample", "database_url": url, "batch_size_rows": 2, **config}
    )


def test_invalid_json_stops_the_run_and_keeps_what_was_committed(sqlite_url, view_of, capsys):
    lines = singer_lines(
        [
            contact(1, "a@x.example"),
            contact(2, "b@x.example"),  # batch of 2: committed, then STATE below may go out
            state("after-two"),
            contact(3, "c@x.example"),
            contact(4, "d@x.example"),  # committed by the second full batch
            state("after-four"),
            contact(5, "e@x.example"),
            '{"type": "RECORD", "stream": "contacts", "record": {',
            state("never"),
        ]
    )
    target = _target(sqlite_url)
    with pytest.raises(Exception, match="Unable to parse"):
        target.listen(file_input=io.StringIO(lines))
    emitted = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    assert [e["bookmarks"]["s"] for e in emitted] == ["after-two"]
    assert sorted(u["email"] for u in view_of(sqlite_url).users()) == [
        "a@x.example",
        "b@x.example",
        "c@x.example",
        "d@x.example",
    ]


def test_a_record_before_its_schema_stops_the_run(sqlite_url):
    lines = json.dumps(record("contacts", id=1)) + "\n"
    with pytest.raises(RecordsWithoutSchemaException, match="before a corresponding schema"):
        _target(sqlite_url).listen(file_input=io.StringIO(lines))


def test_state_is_emitted_only_after_the_records_before_it_are_committed(sqlite_url, view_of):
    emitted = run_target(
        sqlite_url,
        [
            schema("contacts"),
            contact(1, "a@x.example"),
            state(1),
            contact(2, "b@x.example"),
            state(2),
        ],
    )
    assert [e["bookmarks"]["s"] for e in emitted] == [2]
    assert len(view_of(sqlite_url).users()) == 2


def test_a_record_without_its_key_property_stops_the_run(sqlite_url):
    lines = singer_lines([schema("contacts"), record("contacts", name="no id")])
    with pytest.raises(MissingKeyPropertiesError, match="'contacts' is missing key property 'id'"):
        _target(sqlite_url).listen(file_input=io.StringIO(lines))
