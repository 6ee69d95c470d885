"""The reports area's screens: the manager's forecast and funnel."""
