"""The reports' pure rules: periods, percentages rounded half up, medians of counted values."""

from __future__ import annotations

from datetime import date

import pytest

from kam_tui.areas.reports.rules.figures import median, percent
from kam_tui.areas.reports.rules.periods import (
    ReportFilter, add_months, month_starts, period_holding, report_bounds,
)

TODAY = date(2026, 11, 23)


def test_the_period_holding_today_by_default():
    assert report_bounds(ReportFilter(period="month"), TODAY) == (date(2026, 11, 1),
                                                                  date(2026, 11, 30))
    assert report_bounds(ReportFilter(), TODAY) == (date(2026, 10, 1), date(2026, 12, 31))
    assert report_bounds(ReportFilter(period="year"), TODAY) == (date(2026, 1, 1),
                                                                 date(2026, 12, 31))


def test_a_start_names_the_period_that_holds_it():
    # 2027-02-10 is in Q1 2027 (January to March) and in the year 2027.
    assert report_bounds(ReportFilter(start=date(2027, 2, 10)), TODAY) == (
        date(2027, 1, 1), date(2027, 3, 31))
    assert report_bounds(ReportFilter(period="year", start=date(2027, 1, 1)), TODAY) == (
        date(2027, 1, 1), date(2027, 12, 31))
    assert report_bounds(ReportFilter(period="month", start=date(2026, 12, 1)), TODAY) == (
        date(2026, 12, 1), date(2026, 12, 31))


@pytest.mark.parametrize(("period", "day", "bounds"), [
    ("month", date(2028, 2, 10), (date(2028, 2, 1), date(2028, 2, 29))),  # a leap year
    ("month", date(2027, 2, 28), (date(2027, 2, 1), date(2027, 2, 28))),
    ("quarter", date(2026, 3, 31), (date(2026, 1, 1), date(2026, 3, 31))),
    ("quarter", date(2026, 4, 1), (date(2026, 4, 1), date(2026, 6, 30))),
    ("quarter", date(2026, 9, 30), (date(2026, 7, 1), date(2026, 9, 30))),
    ("year", date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 31))),
])
def test_period_edges(period, day, bounds):
    assert period_holding(period, day) == bounds


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError, match="week"):
        report_bounds(ReportFilter(period="week"), TODAY)


def test_months_of_a_period_cross_the_year():
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert month_starts(date(2026, 11, 1), date(2027, 1, 31)) == (
        date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1))
    assert len(month_starts(date(2026, 1, 1), date(2026, 12, 31))) == 12


def test_percent_rounds_half_up():
    assert percent(1, 8) == 13  # 12.5% exactly: up, where round() would give 12
    assert percent(3, 8) == 38  # 37.5%
    assert percent(1, 3) == 33  # 33.33%
    assert percent(2, 3) == 67  # 66.67%
    assert percent(0, 5) == 0
    assert percent(5, 5) == 100
    assert percent(0, 0) is None


def test_median_of_counted_values():
    assert median([]) is None
    assert median([(7, 0)]) is None
    assert median([(3, 1)]) == 3.0
    assert median([(10, 1), (2, 1)]) == 6.0  # 2, 10: the mean of the two
    assert median([(5, 1), (1, 2)]) == 1.0  # 1, 1, 5
    assert median([(4, 2), (1, 1), (9, 1)]) == 4.0  # 1, 4, 4, 9: (4 + 4) / 2
    assert median([(1, 1), (2, 1), (3, 1), (100, 1)]) == 2.5  # (2 + 3) / 2
