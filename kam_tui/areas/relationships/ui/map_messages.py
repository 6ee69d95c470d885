"""What the map's workers post to the map screen (handlers: on_relationship_screen_…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message

from kam_tui.areas.relationships.service import MapView


class Started(Message, namespace="relationship_screen"):
    """A worker found where the map was left last time (or nothing)."""

    def __init__(self, last: tuple[int, int | None] | None) -> None:
        super().__init__()
        self.last = last


class MapLoaded(Message, namespace="relationship_screen"):
    """A worker read the map of an account (None when the account is gone)."""

    def __init__(self, account_id: int, view: MapView | None, number: int) -> None:
        super().__init__()
        self.account_id = account_id
        self.view = view
        self.number = number


class OpportunityResolved(Message, namespace="relationship_screen"):
    """A worker found which account an opportunity belongs to."""

    def __init__(self, account_id: int, opportunity_id: int) -> None:
        super().__init__()
        self.account_id = account_id
        self.opportunity_id = opportunity_id


class Edited(Message, namespace="relationship_screen"):
    """A worker changed something; error holds the reason it was refused."""

    def __init__(self, error: str = "", then: Callable[[Any], None] | None = None,
                 result: Any = None) -> None:
        super().__init__()
        self.error = error
        self.then = then
        self.result = result
