"""The rolling-window limiter, driven by a fake clock (no real waiting)."""

import pytest
from tap_common.ratelimit import RollingWindowLimiter


class FakeClock:
    def __init__(self, now: float = 0.0) -> None:
        self.now = now
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def limiter(limit: int, period: float, clock: FakeClock) -> RollingWindowLimiter:
    return RollingWindowLimiter(limit, period, clock=clock, sleep=clock.sleep)


def test_the_whole_rolling_window_is_used():
    clock = FakeClock(100.0)
    pacer = limiter(3, 60.0, clock)
    assert [pacer.acquire() for _ in range(3)] == [0, 0, 0]  # no spacing within the window
    clock.now += 20  # a slow stretch costs no allowance
    assert pacer.acquire() == 40  # the first request leaves the window at 160
    assert pacer.acquire() == 0  # so do the second and third, started at 100 too
    assert clock.waits == [40]  # zero waits do not sleep


def test_a_request_counts_from_when_it_ended():
    clock = FakeClock()
    pacer = limiter(2, 60.0, clock)
    pacer.acquire()
    clock.now += 5  # the response took 5 s: the API may have counted it that late
    pacer.release()
    pacer.acquire()
    pacer.release()
    assert pacer.acquire() == 60
    assert clock.now == 65  # 60 s after the first request ended, not after it started


def test_the_window_is_never_exceeded_even_with_slow_responses():
    clock = FakeClock()
    pacer = limiter(180, 60.0, clock)
    spans = []
    for index in range(1000):
        pacer.acquire()
        started = clock.now
        clock.now += 0.01 + (index % 7) * 0.05  # uneven response times
        spans.append((started, clock.now))
        pacer.release()
    # The API may see a request any time between its start and its end.
    for index in range(180, 1000):
        assert spans[index][0] - spans[index - 180][1] >= 60.0 - 1e-9
    assert clock.waits  # the window did fill up


def test_a_pause_holds_the_next_request():
    clock = FakeClock()
    pacer = limiter(100, 2.0, clock)
    pacer.pause(1.5)
    assert pacer.acquire() == 1.5
    assert pacer.acquire() == 0.0


def test_requests_in_the_window_are_counted():
    clock = FakeClock()
    pacer = limiter(10, 2.0, clock)
    for _ in range(3):
        pacer.acquire()
        clock.now += 0.5
    assert pacer.in_window(pacer.latest_start() - 2.0) == 3
    assert pacer.in_window(0.4) == 2


@pytest.mark.parametrize(("limit", "period"), [(0, 1.0), (1, 0.0)])
def test_nonsense_limits_are_refused(limit, period):
    with pytest.raises(ValueError, match="limit must be at least 1"):
        RollingWindowLimiter(limit, period)
