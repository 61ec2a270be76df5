"""engine/clock.py writes times without importing datetime where it can (issue 18):
the texts must be the ones datetime gives."""

from datetime import datetime, timezone

import pytest

from engine.clock import VIRTUAL_EPOCH, go_time


def test_virtual_time_starts_on_the_first_of_december_2026_at_nine_utc():
    assert VIRTUAL_EPOCH == datetime(2026, 12, 1, 9, 0, 0, tzinfo=timezone.utc).timestamp()


@pytest.mark.parametrize("ts", [0, 1, 59.999, VIRTUAL_EPOCH, VIRTUAL_EPOCH + 86399.5,
                                951825600.25, 4102444799.9, -1, -86400.5])
def test_go_time_in_whole_seconds_is_what_datetime_writes(ts):
    by_datetime = datetime.fromtimestamp(int(ts), tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    assert go_time(ts) == by_datetime + " +0000 UTC"


def test_go_time_keeps_a_fraction_when_asked_and_drops_its_trailing_zeros():
    assert go_time(VIRTUAL_EPOCH + 1.25, whole_seconds=False) == "2026-12-01 09:00:01.25 +0000 UTC"
    assert go_time(VIRTUAL_EPOCH + 1.25) == "2026-12-01 09:00:01 +0000 UTC"
    assert go_time(VIRTUAL_EPOCH, whole_seconds=False) == "2026-12-01 09:00:00 +0000 UTC"
