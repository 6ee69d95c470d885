"""The customers area as the app sees it: key 1, its screen, styles and strings."""

from __future__ import annotations

from kam_tui.areas.customers.ui.strings import STRINGS
from kam_tui.ui.areas import Area
from kam_tui.ui.i18n import register_strings

register_strings(STRINGS)

AREA = Area(
    "customers",
    "1",
    "kam_tui.areas.customers.ui.list_screen:CustomersScreen",
    record_screens={"account": "kam_tui.areas.customers.ui.card_screen:CardScreen"},
)
