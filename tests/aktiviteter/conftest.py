"""Fixtures the activity tests share."""

import pytest
import time_machine

from .rhythm import at


@pytest.fixture
def dashboard_morning():
    """Monday 30 November 2026, 07:00 in Oslo, the clock standing still: the day the
    dashboard's figure tests count to (late in the year, every target's period begun)."""
    with time_machine.travel(at(2026, 11, 30, 7, 0), tick=False):
        yield
