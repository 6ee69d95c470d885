"""Working days (DOMAIN.md §5): Monday to Friday, less public holidays, plus China's 调休 days.

Pure date logic: the holidays module fills a WorkingDays from the `holidays` library for the
years it knows; outside them only weekends are days off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class WorkingDays:
    """Which days are worked; `first` to `last` is the span whose holidays are known."""

    days_off: frozenset[date] = frozenset()  # public holidays and the days off around them
    worked: frozenset[date] = frozenset()  # weekend days worked instead (调休)
    first: date = date.min
    last: date = date.min

    def is_working(self, day: date) -> bool:
        """Return whether the day is worked: an adjusted weekend day is, a holiday is not."""
        if day in self.worked:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def next_working(self, day: date) -> date:
        """Return the day itself if it is worked, or else the first working day after it."""
        while not self.is_working(day):
            day += timedelta(days=1)
        return day

    def previous_working(self, day: date) -> date:
        """Return the day itself if it is worked, or else the last working day before it."""
        while not self.is_working(day):
            day -= timedelta(days=1)
        return day

    def moves(self, start: date, end: date) -> list[tuple[date, date, date]]:
        """Return (day, next working day, previous working day) of each day off in the span."""
        found = []
        day = start
        while day <= end:
            if not self.is_working(day):
                found.append((day, self.next_working(day), self.previous_working(day)))
            day += timedelta(days=1)
        return found
