"""Source mappings: CRM streams described as data, and their translation into profile writes."""

from target_hull.mapping.loader import build_mapping, shipped_sources, source_name
from target_hull.mapping.model import MappingError, SourceMapping, StreamMapping

__all__ = [
    "MappingError",
    "SourceMapping",
    "StreamMapping",
    "build_mapping",
    "shipped_sources",
    "source_name",
]
