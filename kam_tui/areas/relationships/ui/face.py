"""The relationships area as the app sees it: key 3, the map, its styles and strings."""

from __future__ import annotations

from pathlib import Path

from kam_tui.core.domain.coverage import FORMULA_EN, FORMULA_ZH
from kam_tui.ui.areas import face

AREA = face("relationships", "3", "kam_tui.areas.relationships.ui.map_screen:RelationshipScreen",
            Path(__file__).parent, css=("relationships.tcss",),
            # The formula is the coverage rule's own text, in both languages.
            strings={"relationships.formula": (FORMULA_EN, FORMULA_ZH)})
