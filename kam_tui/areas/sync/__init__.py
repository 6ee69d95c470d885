"""Sync as the rep sees it: the Conflicts screen, where two edits of one field met."""
