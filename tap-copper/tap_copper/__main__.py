"""Run the tap with ``python -m tap_copper``."""

from __future__ import annotations

from tap_copper.tap import TapCopper

TapCopper.cli()
