"""The one line under the month grid that spells out its letters for revisit kinds."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kam_tui.areas.calendar.ui.names import kind_letter
from kam_tui.core.domain.vocab import ActivityKind
from kam_tui.ui.i18n import translate


def kind_legend(lang: str) -> str:
    """Return "V Visit  P Phone  …": each kind's grid letter and a short word for it."""
    return "  ".join(f"{kind_letter(kind.value, lang)} "
                     f"{translate(f'calendar.letter_word.{kind.value}', lang)}"
                     for kind in ActivityKind)


class KindLegend(Static):
    """Explains the month grid's counts ("V5 P1 G1"): one letter per kind of contact."""

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(Text(" " + kind_legend(lang)), id=id)
