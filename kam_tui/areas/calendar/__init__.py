"""The revisit calendar: cadence rules, holidays, the Today list, iCalendar export."""
