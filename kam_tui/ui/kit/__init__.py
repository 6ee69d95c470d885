"""Widgets and helpers every area's screens share: dialogs, paged tables, formats, workers."""
