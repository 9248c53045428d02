"""JSON schemas of the Copper streams, one file per stream (custom fields are added at discovery)."""
