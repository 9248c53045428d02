"""Run the tap with ``python -m tap_pipedrive``."""

from __future__ import annotations

from tap_pipedrive.tap import TapPipedrive

TapPipedrive.cli()
