"""The four working areas: their keys and screens, imported only when first opened."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class Area:
    """A working area reached by a digit key; its screen module loads lazily."""

    name: str
    key: str
    module: str
    screen_class: str

    def available(self) -> bool:
        """Return whether this build of kam-tui has the area's screen."""
        return importlib.util.find_spec(self.module) is not None

    def make_screen(self) -> Screen:
        """Import the area's screen module and return a new screen."""
        return getattr(importlib.import_module(self.module), self.screen_class)()


AREAS: tuple[Area, ...] = (
    Area("customers", "1", "kam_tui.ui.screens.customers_screen", "CustomersScreen"),
    Area("pipeline", "2", "kam_tui.ui.screens.pipeline_screen", "PipelineScreen"),
    Area("relationships", "3", "kam_tui.ui.screens.relationship_screen", "RelationshipScreen"),
    Area("calendar", "4", "kam_tui.ui.screens.calendar_screen", "CalendarScreen"),
)
HOME = AREAS[0].name


def area(name: str) -> Area:
    """Return the area called name."""
    return next(item for item in AREAS if item.name == name)
