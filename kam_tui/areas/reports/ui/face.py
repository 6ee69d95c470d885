"""The reports area as the app sees it: key 5, the reports screen, its styles and strings."""

from __future__ import annotations

from pathlib import Path

from kam_tui.ui.areas import face

AREA = face("reports", "5", "kam_tui.areas.reports.ui.reports_screen:ReportsScreen",
            Path(__file__).parent, css=("reports.tcss",))
