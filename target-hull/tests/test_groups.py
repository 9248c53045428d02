"""Attribute groups in memory: per-attribute stamps, merges and their stored form."""

from target_hull.profile import Group

FIRST = ["copper", "2026-01-01T00:00:00+00:00"]
LATER = ["copper", "2026-02-01T00:00:00+00:00"]


def stored(group: Group) -> Group:
    """The group as the next batch reads it back."""
    return Group.decode(dict(group.attrs), group.encoded_meta())


def test_a_group_written_at_once_stores_one_stamp_and_no_per_attribute_index():
    group = Group()
    assert group.apply({"title": "CTO", "city": "Oslo", "gone": None}, FIRST)
    assert group.attrs == {"title": "CTO", "city": "Oslo"}
    assert group.encoded_meta() == {"stamps": [FIRST]}


def test_only_changed_attributes_take_the_new_stamp():
    group = Group()
    group.apply({"title": "CTO", "city": "Oslo"}, FIRST)
    group = stored(group)
    assert group.apply({"title": "CEO", "city": "Oslo", "phone": "1"}, LATER)
    assert group.stamps_by_attr() == {"title": LATER, "city": FIRST, "phone": LATER}
    again = stored(group)
    assert again.stamps_by_attr() == group.stamps_by_attr()
    assert not again.apply({"title": "CEO"}, LATER)


def test_stamps_no_attribute_uses_any_more_are_dropped():
    group = Group()
    group.apply({"title": "CTO"}, FIRST)
    group = stored(group)
    group.apply({"title": "CEO", "city": "Oslo"}, LATER)
    assert group.encoded_meta() == {"stamps": [LATER]}


def test_a_merge_keeps_the_survivors_values_and_each_attributes_stamp():
    survivor, loser = Group(), Group()
    survivor.apply({"title": "CTO"}, LATER)
    loser.apply({"title": "Intern", "city": "Oslo"}, FIRST)
    survivor.fill_from(loser)
    assert survivor.attrs == {"title": "CTO", "city": "Oslo"}
    assert stored(survivor).stamps_by_attr() == {"title": LATER, "city": FIRST}
    empty = Group()
    empty.fill_from(loser)
    assert stored(empty).stamps_by_attr() == {"title": FIRST, "city": FIRST}


def test_an_older_record_changes_nothing():
    group = Group()
    group.apply({"title": "CTO"}, FIRST, version="2026-02-01")
    assert not group.apply({"title": "Intern"}, LATER, version="2026-01-01")
    assert group.attrs == {"title": "CTO"}
