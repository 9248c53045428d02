"""Mappings shipped with target-hull, one YAML file per source."""
