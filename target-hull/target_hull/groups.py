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

    names_of: dict[tuple[str, str], set[str]] = defaultdict(set)  # (entity, profile) → groups
    for entity, profile_id, group in groups:
        names_of[entity, profile_id].add(group)
    for merge in resolver.merges:
        loser_groups = {}
        for group in names_of.pop((merge.entity, merge.loser), ()):
            loser = groups.pop((merge.entity, merge.loser, group))
            loser_groups[group] = loser.attrs
            target = groups.get((merge.entity, merge.survivor, group))
            if target is None:
                target = groups[merge.entity, merge.survivor, group] = Group()
                names_of[merge.entity, merge.survivor].add(group)
            target.fill_from(loser)
        merge.audit["loser_snapshot"]["groups"] = loser_groups

    stamp = [resolver.source, resolver.now]
    for assignment in resolver.assignments:
        profile_id = find(assignment.profile_id)
        key = (assignment.entity, profile_id, assignment.group)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group()
        if group.apply(
            assignment.values,
            stamp,
            only_if_empty=assignment.only_if_empty,
            version=assignment.version,
        ):
            profiles[profile_id].dirty = True
    return groups
