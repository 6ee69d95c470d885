"""The exchange area's tools as the app sees them: the import wizard and the export dialog,
opened by name."""

from __future__ import annotations

from pathlib import Path

from kam_tui.ui.areas import face

# A tool is described like an area (its screen loads when first opened) but has no digit key.
TOOLS = (face("import", "", "kam_tui.areas.exchange.ui.import_wizard_screen:ImportWizardScreen",
              Path(__file__).parent, css=("exchange.tcss",)),
         face("export", "", "kam_tui.areas.exchange.ui.export_dialog:ExportRecordsDialog",
              Path(__file__).parent, css=("exchange.tcss",)))
