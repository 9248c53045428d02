"""singer-sdk's standard target tests, against a throw-away SQLite store, offline."""

import tempfile
from pathlib import Path

from singer_sdk.testing import get_target_test_class

from target_hull.target import TargetHull

_STORE = Path(tempfile.mkdtemp(prefix="target-hull-standard-")) / "hull.db"

# The SDK's sample streams are not in the sample mapping: they exercise message handling
# (schemas, state, odd records) and are ignored with one log line each.
TestTargetHull = get_target_test_class(
    target_class=TargetHull,
    config={"source": "sample", "database_url": f"sqlite:///{_STORE}"},
)
