"""The sync area's one tool as the app sees it: the Conflicts screen, opened by name."""

from __future__ import annotations

from pathlib import Path

from kam_tui.ui.areas import face

TOOLS = (face("conflicts", "", "kam_tui.areas.sync.ui.conflicts_screen:ConflictsScreen",
              Path(__file__).parent, css=("sync.tcss",)),)
