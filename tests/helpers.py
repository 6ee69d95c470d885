"""Helpers shared by the tests: the frozen date, record builders and condition waits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from kam_tui.core.db import models as m
from kam_tui.core.db.records import save

TODAY = date(2026, 11, 23)

# The classifications an account needs; tests add what they are about.
BASE = {"abc_class": "C", "layer": "watch", "status": "potential", "lifecycle": "acquisition"}


def add_account(name: str, **values: object) -> int:
    """Create an account through the record engine and return its id."""
    return save("account", {**BASE, "name": name, **values}, today=TODAY)


def add_deal(account_id: int, title: str, stage: int = 1, amount: int = 1_000_000,
             days: int = 3, position: float = 0.0, **values: object) -> int:
    """Create an open deal, then place it in a stage entered `days` ago at a board position."""
    opp_id = save("opportunity", {"title": title, "amount": amount, "quantity": 1, **values},
                  today=TODAY, parent_id=account_id)
    entered = datetime.combine(date.fromordinal(TODAY.toordinal() - days), datetime.min.time())
    m.Opportunity.update(stage=stage, stage_entered_at=entered, board_position=position).where(
        m.Opportunity.id == opp_id).execute()
    # Placed straight into its stage: the fixture has no history, so a test's own moves are all
    # the history there is (the record engine wrote the creation row).
    m.StageChange.delete().where(m.StageChange.opportunity == opp_id).execute()
    return opp_id


def history(opp_id: int) -> list[tuple[int | None, int, str, str]]:
    """Return a deal's stage history as (from stage, to stage, from status, to status)."""
    return [(c.from_stage, c.to_stage, c.from_status, c.to_status) for c in
            m.StageChange.select().where(m.StageChange.opportunity == opp_id)
            .order_by(m.StageChange.id)]


async def wait_for(pilot, condition: Callable[[], object], tries: int = 200) -> None:
    """Let the app run until condition() holds; fail after tries × 50 ms."""
    from textual.css.query import NoMatches

    for _ in range(tries):
        await pilot.pause(0.05)
        try:
            if condition():
                return
        except NoMatches:
            # A screen that is current but not yet composed has none of its widgets: not yet.
            continue
    raise AssertionError("condition not reached")


def table(app):
    """Return the paged table of the app's current screen."""
    from kam_tui.ui.kit.paged_table import PagedTable

    return app.screen.query_one(PagedTable)


def broken(*args: object, **kwargs: object) -> object:
    """Stand in for a service method that fails as a bug would (no fault the rep can fix)."""
    import peewee as pw

    raise pw.OperationalError("no such table: kaboom")


def errors_told(app, monkeypatch, severity: str | None = "error") -> list[str]:
    """Record what the app notifies the rep of (only at that severity; None for everything)."""
    told: list[str] = []
    notify = app.notify

    def recording(message: str, *args: object, **kwargs: object) -> None:
        if severity is None or kwargs.get("severity") == severity:
            told.append(str(message))
        notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", recording)
    return told
