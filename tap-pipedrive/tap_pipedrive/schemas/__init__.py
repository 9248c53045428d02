"""JSON schemas of the streams (entity schemas get custom fields added at discovery)."""
