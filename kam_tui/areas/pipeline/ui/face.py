"""The pipeline area as the app sees it: key 2, the board, its styles and strings."""

from __future__ import annotations

from pathlib import Path

from kam_tui.ui.areas import face

AREA = face("pipeline", "2", "kam_tui.areas.pipeline.ui.board_screen:PipelineScreen",
            Path(__file__).parent, css=("pipeline.tcss",))
