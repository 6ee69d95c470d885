"""The working areas, one package each; this registry is the one place that names them all.

Each area package has `kinds` (its record kinds, for the record engine) and `ui/face` (its key,
screen, styles, strings and start-up hook, for the app). Both are imported on demand, so the
shared core and the app never import an area by name.
"""

from __future__ import annotations

import importlib
from typing import Any

from kam_tui.core.db import records

PACKAGES = ("customers", "pipeline", "relationships", "calendar", "reports")
TOOL_PACKAGES = ("exchange", "sync")  # areas without a digit key whose screens the app opens by name


def register_record_kinds() -> None:
    """Register every area's record kinds with the record engine (idempotent)."""
    for name in PACKAGES:
        records.register_kinds(*importlib.import_module(f"kam_tui.areas.{name}.kinds").KINDS)


def faces() -> list[Any]:
    """Return every area's UI face (`kam_tui.ui.areas.Area`), in key order."""
    return [importlib.import_module(f"kam_tui.areas.{name}.ui.face").AREA for name in PACKAGES]


def tools() -> dict[str, Any]:
    """Return every tool (`kam_tui.ui.areas.Area` without a key) by name, e.g. "import"."""
    return {tool.name: tool for name in TOOL_PACKAGES
            for tool in importlib.import_module(f"kam_tui.areas.{name}.ui.tools").TOOLS}


# Areas whose own side tables (`tables.make_tables()`) the team's server needs made at init:
# a rep's session may not create tables there, as a rep's kam does in its own file.
TABLE_PACKAGES = ("exchange",)


def server_tables() -> None:
    """Make every area's side tables in the bound database (idempotent)."""
    for name in TABLE_PACKAGES:
        importlib.import_module(f"kam_tui.areas.{name}.tables").make_tables()
