"""The pipeline area as the app sees it: key 2, its screen, styles and strings."""

from __future__ import annotations

from pathlib import Path

from kam_tui.areas.pipeline.ui.strings import STRINGS
from kam_tui.ui.areas import Area
from kam_tui.ui.i18n import register_strings

HERE = Path(__file__).parent

register_strings(STRINGS)

AREA = Area(
    "pipeline",
    "2",
    "kam_tui.areas.pipeline.ui.board_screen:PipelineScreen",
    css=(HERE / "pipeline.tcss",),
)
