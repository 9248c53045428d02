"""Progress in the logs: one line at the first commit, then one per interval, not per batch."""

import logging

from target_hull.ingest import PROGRESS_INTERVAL, Ingestor
from target_hull.mapping import build_mapping
from target_hull.store.engine import open_engine
from tests.test_resolution import contact


def test_progress_is_logged_at_the_first_commit_and_then_once_per_interval(sqlite_url, caplog):
    now = [100.0]
    ingestor = Ingestor(
        open_engine(sqlite_url),
        build_mapping({"source": "sample"}),
        batch_size=1,
        monotonic=lambda: now[0],
    )
    caplog.set_level(logging.DEBUG, logger="target-hull")
    for n, elapsed in enumerate((1.0, 2.0, 3.0, PROGRESS_INTERVAL + 1.5), start=1):
        now[0] = 100.0 + elapsed
        ingestor.add("contacts", contact(n, f"u{n}@x.example")["record"])
        ingestor.flush()
    lines = [(r.levelno, r.getMessage()) for r in caplog.records if "so far" in r.getMessage()]
    assert [level for level, _ in lines] == [
        logging.INFO,
        logging.DEBUG,
        logging.DEBUG,
        logging.INFO,
    ]
    assert lines[-1][1].startswith("Committed 4 records so far (")
    ingestor.engine.dispose()
