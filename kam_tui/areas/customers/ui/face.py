"""The customers area as the app sees it: key 1, its list screen, its card for any area, and
the dialog of likely duplicates a new account's form shows."""

from __future__ import annotations

from pathlib import Path

from kam_tui.ui.areas import face

AREA = face("customers", "1", "kam_tui.areas.customers.ui.list_screen:CustomersScreen",
            Path(__file__).parent, css=("customers.tcss",),
            record_screens={"account": "kam_tui.areas.customers.ui.card_screen:CardScreen"},
            similar_dialogs={
                "account": "kam_tui.areas.customers.ui.duplicates_dialog:DuplicatesDialog"})
