"""Chinese public holidays and festivals, from the maintained `holidays` library.

The rest of kam-tui sees only dates and names: `holidays_between` for the calendar,
`major_holidays_between` for the rule that plans a visit before each major festival, and
`working_days` for moving planned revisits off weekends and holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays as _lib

from kam_tui.areas.calendar.rules.working_days import WorkingDays
from kam_tui.core.domain.vocab import Lang

# The festivals a rep visits key accounts before (DOMAIN.md §4), by the library's English name.
MAJOR: dict[str, str] = {
    "New Year's Day": "new_year",
    "Chinese New Year (Spring Festival)": "spring_festival",
    "Dragon Boat Festival": "dragon_boat",
    "Mid-Autumn Festival": "mid_autumn",
    "National Day": "national_day",
}
MAJOR_NAMES: dict[str, tuple[str, str]] = {
    "new_year": ("New Year's Day", "元旦"),
    "spring_festival": ("Spring Festival", "春节"),
    "dragon_boat": ("Dragon Boat Festival", "端午节"),
    "mid_autumn": ("Mid-Autumn Festival", "中秋节"),
    "national_day": ("National Day", "国庆节"),
}
_LANGUAGES = {"en": "en_US", "zh": "zh_CN"}


@dataclass(frozen=True)
class MajorHoliday:
    """The first day of a major festival's days off."""

    code: str
    first_day: date

    def name(self, lang: Lang = "en") -> str:
        """Return the festival's name in the given language."""
        en, zh = MAJOR_NAMES[self.code]
        return zh if lang == "zh" else en


@lru_cache(maxsize=64)
def _year(year: int, lang: Lang) -> tuple[tuple[date, str], ...]:
    table = _lib.China(years=year, language=_LANGUAGES.get(lang, "en_US"))
    return tuple(sorted(table.items()))


def holidays_between(start: date, end: date, lang: Lang = "en") -> list[tuple[date, str]]:
    """Return (day, name) of every public holiday and festival day off from start to end."""
    if end < start:
        return []
    days: list[tuple[date, str]] = []
    for year in range(start.year, end.year + 1):
        days.extend((day, name) for day, name in _year(year, lang) if start <= day <= end)
    return days


def major_holidays_between(start: date, end: date) -> list[MajorHoliday]:
    """Return the major festivals whose first day off falls from start to end."""
    found: list[MajorHoliday] = []
    # Look a week back so a festival already running at `start` is not taken as starting later.
    for day, name in holidays_between(start - timedelta(days=7), end, "en"):
        code = MAJOR.get(name)
        if code is None:
            continue
        if found and found[-1].code == code and (day - found[-1].first_day).days <= 7:
            continue
        found.append(MajorHoliday(code, day))
    return [holiday for holiday in found if holiday.first_day >= start]


def working_days(first_year: int, last_year: int) -> WorkingDays:
    """Return the working days of the given years: the library's holidays and 调休 days."""
    table = _lib.China(years=range(first_year, last_year + 1))
    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    # The library keeps a few adjusted days of other years in every table: keep the span's.
    worked = frozenset(day for day in table.weekend_workdays if first <= day <= last)
    return WorkingDays(frozenset(table), worked, first, last)
