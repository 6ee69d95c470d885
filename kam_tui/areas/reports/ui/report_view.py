"""What every report view shares: the figures it shows, drawn again at each width."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

F = TypeVar("F")


class ReportView(Widget, Generic[F]):
    """Shows one report's figures; `draw` lays them out for the width there is."""

    DEFAULT_CSS = "ReportView { height: auto; }"

    def __init__(self, t: Callable[..., str], lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="report-body")
        self.t = t
        self.lang = lang
        self.figures: F | None = None

    def show(self, figures: F) -> None:
        """Draw these figures."""
        self.figures = figures
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        if self.figures is None:
            return Text(self.t("reports.loading"))
        return self.draw(self.figures)

    def draw(self, figures: F) -> RenderableType:
        """Return the figures laid out for the widget's width."""
        raise NotImplementedError
