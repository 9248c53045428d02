"""singer-sdk standard tap tests against the fake API."""

from __future__ import annotations

from singer_sdk.testing import get_tap_test_class

from tap_pipedrive.tap import TapPipedrive
from tests import fake_api

TestTapPipedrive = get_tap_test_class(tap_class=TapPipedrive, config=fake_api.config())
