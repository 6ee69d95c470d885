"""The calendar's rules: cadences, holidays, the iCalendar format, the revisit fields."""
