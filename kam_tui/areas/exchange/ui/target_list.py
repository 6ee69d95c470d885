"""The list of a column's possible targets, its Enter named in the Footer."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class TargetList(OptionList):
    """An OptionList whose Enter is shown; the list's own key, so arrows typed before it count."""

    BINDINGS = [Binding("enter", "select", "Pick", id="imp.pick")]
