"""The plan's periods, computed in one place (buskerud_sp.core.periods)."""

import datetime

import pytest

from buskerud_sp.core import periods

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected", "number"),
    [
        (D(2026, 1, 1), (D(2026, 1, 1), D(2026, 3, 31)), 1),
        (D(2026, 5, 31), (D(2026, 4, 1), D(2026, 6, 30)), 2),
        (D(2026, 9, 30), (D(2026, 7, 1), D(2026, 9, 30)), 3),
        (D(2026, 12, 31), (D(2026, 10, 1), D(2026, 12, 31)), 4),
    ],
)
def test_quarters(day, expected, number):
    assert periods.quarter(day) == expected
    assert periods.quarter_number(day) == number


@pytest.mark.parametrize(
    ("day", "expected", "number"),
    [
        (D(2028, 2, 29), (D(2028, 1, 1), D(2028, 6, 30)), 1),
        (D(2026, 6, 30), (D(2026, 1, 1), D(2026, 6, 30)), 1),
        (D(2026, 7, 1), (D(2026, 7, 1), D(2026, 12, 31)), 2),
    ],
)
def test_half_years(day, expected, number):
    assert periods.half_year(day) == expected
    assert periods.half_year_number(day) == number
    assert periods.half_year_start(day) == expected[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2027", 2027),
        ("2000", 2000),
        ("2100", 2100),
        ("1999", 2026),
        ("2101", 2026),
        ("", 2026),
        (None, 2026),
        ("x", 2026),
        ("2027.5", 2026),
    ],
)
def test_plan_year_from_the_url(raw, expected):
    assert periods.plan_year(raw, D(2026, 3, 12)) == expected


def test_every_month_is_in_one_period_of_each_kind():
    for months in (periods.QUARTER_MONTHS, periods.HALF_YEAR_MONTHS):
        covered = [m for first, last in months for m in range(first, last + 1)]
        assert covered == list(range(1, 13))
