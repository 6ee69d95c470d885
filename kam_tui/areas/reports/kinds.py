"""The records the reports area edits: none, it only reads what the other areas keep."""

from __future__ import annotations

KINDS: tuple = ()
