"""The exchange area's screens: the import wizard."""
