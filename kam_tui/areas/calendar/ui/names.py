"""Names of days, months and revisit kinds in the rep's language, from the UI strings."""

from __future__ import annotations

from datetime import date

from kam_tui.ui.i18n import translate


def weekday(day: date, lang: str) -> str:
    """Return the short name of the day's weekday ("Mon", "周一")."""
    return translate(f"weekday.{day.weekday()}", lang)


def weekdays(lang: str) -> list[str]:
    """Return the seven short weekday names, Monday first."""
    return [translate(f"weekday.{number}", lang) for number in range(7)]


def month_title(year: int, month: int, lang: str) -> str:
    """Return a month's name with its year ("November 2026", "2026年11月")."""
    return translate("calendar.month_title", lang, year=year,
                     month=translate(f"calendar.month.{month}", lang))


def kind_letter(kind: str, lang: str) -> str:
    """Return the month grid's short letter for a revisit kind (its first letter if unknown)."""
    key = f"calendar.letter.{kind}"
    letter = translate(key, lang)
    return kind[:1].upper() if letter == key else letter
