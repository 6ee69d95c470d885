"""The relationships area as the app sees it: key 3, its screen, styles and strings."""

from __future__ import annotations

from pathlib import Path

from kam_tui.areas.relationships.ui.strings import STRINGS
from kam_tui.ui.areas import Area
from kam_tui.ui.i18n import register_strings

HERE = Path(__file__).parent

register_strings(STRINGS)

AREA = Area(
    "relationships",
    "3",
    "kam_tui.areas.relationships.ui.map_screen:RelationshipScreen",
    css=(HERE / "relationships.tcss",),
)
