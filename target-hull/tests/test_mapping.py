import pytest

from target_hull.mapping import MappingError, build_mapping, shipped_sources, source_name
from target_hull.mapping.paths import FieldPath, Template
from target_hull.mapping.translate import StreamTranslator
from target_hull.writes import RecordWrites, Skip

RECORD = {
    "id": 7,
    "emails": [{"address": "a@x.example"}, {"address": "b@x.example", "primary": True}],
    "parent": {"type": "person", "id": 3},
    "leads": [1, 2],
}


def test_paths_read_nested_indexed_filtered_and_alternative_values():
    assert FieldPath("emails[0].address").first(RECORD) == "a@x.example"
    assert FieldPath("emails[?primary].address").first(RECORD) == "b@x.example"
    assert FieldPath("emails[*].address").values(RECORD) == ["a@x.example", "b@x.example"]
    assert FieldPath("missing || parent.type").values(RECORD) == ["person"]
    assert FieldPath("emails[5].address").first(RECORD) is None


def test_templates_render_each_value_and_nothing_when_a_part_is_missing():
    assert Template("svc-{parent.type}:{parent.type}-{parent.id}").render(RECORD) == [
        "svc-person:person-3"
    ]
    assert Template("lead-{leads[*]}").render(RECORD) == ["lead-1", "lead-2"]
    assert Template("svc:{company_id}").render(RECORD) == []
    assert Template("svc:{id}").render({"id": "0"}) == []


def test_source_names_accept_plugin_names_and_namespaces():
    assert source_name("tap-sample") == source_name("tap_sample") == source_name("sample")
    assert "sample" in shipped_sources()


def test_unknown_source_names_the_setting_to_change():
    with pytest.raises(MappingError, match=r"set `source` to one of"):
        build_mapping({"source": "tap-nothing"})
    with pytest.raises(MappingError, match=r"no `source` set"):
        build_mapping({})


def test_overrides_merge_into_the_shipped_mapping():
    mapping = build_mapping(
        {
            "source": "sample",
            "mapping_overrides": {
                "contacts": {
                    "claims": {"external_id": None},
                    "attributes": {"title": "job_title"},
                },
                "leads": {"group": "crm_lead"},
            },
            "link_accounts": False,
            "opportunity_type_field": "name",
            "slugify_opportunity_types": True,
        }
    )
    contacts = mapping.streams["contacts"]
    assert contacts.claims.external_id is None
    assert contacts.link_accounts is False
    writes = StreamTranslator("sample", contacts).translate(
        {"id": 1, "title": "CTO", "emails": [{"address": "a@x.example"}], "company_id": 4}
    )
    assert isinstance(writes, RecordWrites)
    (user,) = writes.writes
    assert user.group == "samplecrm_contact"
    assert user.attributes == {"job_title": "CTO", "id": 1}
    assert user.account is None
    assert mapping.streams["leads"].group == "crm_lead"
    deals = mapping.streams["deals"]
    assert deals.type_field.text == "name"
    assert deals.slugify_type is True


def test_invalid_mapping_names_the_stream_and_key(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("streams:\n  people:\n    entity: user\n    group: g\n    claims: {phone: x}\n")
    with pytest.raises(MappingError, match=r"stream 'people', key 'claims'.*unknown claim"):
        build_mapping({"mapping_file": str(bad)})
    bad.write_text("streams:\n  people:\n    entity: person\n")
    with pytest.raises(MappingError, match=r"stream 'people', key 'entity'"):
        build_mapping({"mapping_file": str(bad)})


def test_a_record_without_usable_claims_is_a_skip_with_its_reason():
    mapping = build_mapping({"source": "sample"})
    result = StreamTranslator("sample", mapping.streams["leads"]).translate(
        {"id": None, "email": "n/a"}
    )
    assert isinstance(result, Skip)
    assert result.reason == "no usable claim"


def test_the_opportunity_type_field_can_be_set_per_source():
    per_source = {"tap-copper": "cf.type", "sample": "kind"}
    mapping = build_mapping({"source": "sample", "opportunity_type_field": per_source})
    assert mapping.streams["deals"].type_field.text == "kind"
    mapping = build_mapping({"source": "sample", "opportunity_type_field": {"copper": "x"}})
    assert mapping.streams["deals"].type_field.text == "type"  # the mapping's own default


def test_linking_can_be_set_per_source():
    assert (
        build_mapping({"source": "sample", "link_accounts": {"sample": False}})
        .streams["contacts"]
        .link_accounts
        is False
    )
    assert (
        build_mapping({"source": "sample", "link_accounts": {"copper": False}})
        .streams["contacts"]
        .link_accounts
        is True
    )
