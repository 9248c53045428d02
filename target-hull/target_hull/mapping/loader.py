"""Find a source's mapping file and apply the user's overrides from the target config."""

from __future__ import annotations

import copy
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from target_hull.mapping.model import MappingError, SourceMapping, parse_stream

_PLUGIN_PREFIX = re.compile(r"^(tap|source)[-_]")


def shipped_sources() -> list[str]:
    """Names of the mappings shipped with target-hull."""
    folder = resources.files("target_hull.mappings")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".yml"))


def source_name(value: str) -> str:
    """``tap-copper``, ``tap_copper`` (a Meltano namespace) and ``copper`` all name ``copper``."""
    return _PLUGIN_PREFIX.sub("", value.strip().lower()).replace("_", "-")


def _read_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(f"{where} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("streams"), dict):
        raise MappingError(f"{where} must be a mapping with a `streams:` section")
    return data


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Override wins; nested dicts merge; ``null`` removes a key."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_raw(source: str | None, mapping_file: str | None) -> tuple[str, dict[str, Any]]:
    """The mapping document, from ``mapping_file`` or the one shipped for ``source``."""
    if mapping_file:
        path = Path(mapping_file)
        if not path.is_file():
            raise MappingError(f"mapping_file {mapping_file!r} does not exist")
        data = _read_yaml(path.read_text(), f"mapping_file {mapping_file!r}")
        return str(data.get("source") or source or path.stem), data
    if not source:
        raise MappingError(
            "no `source` set: set it to the extractor that feeds target-hull "
            f"(one of {shipped_sources()}) or give a `mapping_file`"
        )
    name = source_name(source)
    resource = resources.files("target_hull.mappings").joinpath(f"{name}.yml")
    if not resource.is_file():
        raise MappingError(
            f"no mapping shipped for source {source!r}; set `source` to one of "
            f"{shipped_sources()} or give a `mapping_file`"
        )
    return name, _read_yaml(resource.read_text(), f"shipped mapping {name}.yml")


def build_mapping(config: dict[str, Any]) -> SourceMapping:
    """The effective mapping for a target config (file, overrides and convenience settings)."""
    name, raw = load_raw(config.get("source"), config.get("mapping_file"))
    overrides = config.get("mapping_overrides") or {}
    if not isinstance(overrides, dict):
        raise MappingError("mapping_overrides must be an object of {stream: {key: value}}")
    streams = deep_merge(raw["streams"], overrides)
    for stream, entry in streams.items():
        if not isinstance(entry, dict):
            raise MappingError(f"mapping '{name}', stream '{stream}' must be an object")
        _apply_settings(name, entry, raw.get("defaults") or {}, config)
    return SourceMapping(
        source=name,
        streams={stream: parse_stream(name, stream, entry) for stream, entry in streams.items()},
    )


def _for_source(value: Any, source: str) -> Any:
    """A setting given for all sources (a value) or per source (``{source: value}``)."""
    if isinstance(value, dict):
        return next((v for k, v in value.items() if source_name(k) == source), None)
    return value


def _apply_settings(
    source: str, entry: dict[str, Any], defaults: dict[str, Any], config: dict[str, Any]
) -> None:
    """Per-source settings (`link_accounts`, opportunity type) apply to every matching stream."""

    def setting(key: str) -> Any:
        value = _for_source(config.get(key), source)
        return value if value is not None else defaults.get(key)

    if entry.get("entity") == "user" and "link_accounts" not in entry:
        link = setting("link_accounts")
        entry["link_accounts"] = True if link is None else bool(link)
    if entry.get("entity") == "opportunity":
        type_field = _for_source(config.get("opportunity_type_field"), source)
        if type_field:
            entry["type_field"] = type_field
        elif "type_field" not in entry:
            entry["type_field"] = defaults.get("opportunity_type_field")
        slug = setting("slugify_opportunity_types")
        if slug is not None and "slugify_type" not in entry:
            entry["slugify_type"] = bool(slug)
