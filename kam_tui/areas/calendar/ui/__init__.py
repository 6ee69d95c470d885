"""The revisit calendar's screens and widgets: month grid, week agenda, Today list."""
