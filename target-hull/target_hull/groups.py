"""Attribute groups of a resolved batch: merges fold groups together, then writes apply in order.

Only the groups a batch writes (and those of merged profiles) are read, so a record costs the
size of its own group, however many groups its profile carries.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection

from target_hull.profile import Group
from target_hull.resolve import BatchResolver
from target_hull.store.repository import GroupKey, load_groups


def apply_groups(conn: Connection, resolver: BatchResolver) -> dict[GroupKey, Group]:
    """Fold merged profiles' groups into their survivors, then apply the batch's assignments."""
    find = resolver.find
    groups: dict[GroupKey, Group] = {}
    merged: dict[str, set[str]] = defaultdict(set)
    for merge in resolver.merges:
        merged[merge.entity].update((merge.survivor, merge.loser))
    for entity, ids in merged.items():
        groups.update(load_groups(conn, entity, ids))
    wanted: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    profiles = resolver.profiles
    for assignment in resolver.assignments:
        profile_id = find(assignment.profile_id)
        if not profiles[profile_id].new and profile_id not in merged[assignment.entity]:
            wanted[assignment.entity].add(profile_id)
            names[assignment.entity].add(assignment.group)
    for entity, ids in wanted.items():
        groups.update(load_groups(conn, entity, ids, names[entity]))

    for merge in resolver.merges:
        loser_groups = {}
        for key in [k for k in groups if k[0] == merge.entity and k[1] == merge.loser]:
            loser = groups.pop(key)
            loser_groups[key[2]] = loser.attrs
            target = groups.get((merge.entity, merge.survivor, key[2]))
            if target is None:
                target = groups[merge.entity, merge.survivor, key[2]] = Group()
            target.fill_from(loser)
        merge.audit["loser_snapshot"]["groups"] = loser_groups

    stamp = [resolver.source, resolver.now]
    for assignment in resolver.assignments:
        profile_id = find(assignment.profile_id)
        key = (assignment.entity, profile_id, assignment.group)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group()
        if group.apply(assignment.values, stamp, only_if_empty=assignment.only_if_empty):
            profiles[profile_id].dirty = True
    return groups
