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
        # The polling step of every condition wait (allowed in tests/test_no_fixed_pauses.py).
        await pilot.pause(0.05)
        try:
            if condition():
                return
        except NoMatches:
            # A screen that is current but not yet composed has none of its widgets: not yet.
            continue
    raise AssertionError("condition not reached")


async def keys_handled(pilot) -> None:
    """Wait until every key pressed so far has reached the app and had its effect.

    The app lets keys through one at a time (`KeyOrder`): a key `pilot.press` sent may still be
    held behind the last one when it returns. Settled means each was handled and a screen it
    opened has composed and loaded.
    """
    app = pilot.app
    order = getattr(app, "key_order", None)
    if order is not None:
        await wait_for(pilot, lambda: order.settled)
    else:
        await pilot.pause()


async def settled(pilot, tries: int = 200) -> None:
    """Wait until the app has nothing left to do: every key handled, no worker running, no
    message waiting in any screen (those of other areas and under a dialog too), twice running.

    What a check that "nothing happened" waits on: whatever the keys, the workers or the
    messages they posted were going to change has changed by then.
    """
    app = pilot.app
    order = getattr(app, "key_order", None)
    quiet = 0
    for _ in range(tries):
        await pilot.pause()  # lets the queued messages run
        if await _waited_on_workers(app) or (order is not None and not order.settled) \
                or _messages_waiting(app):
            quiet = 0
            continue
        quiet += 1
        if quiet == 2:  # and once more: what the last messages started is seen too
            return
    raise AssertionError("the app never settled: "
                         f"{[worker.name for worker in app.workers if not worker.is_finished]}")


async def _waited_on_workers(app, seconds: float = 30) -> bool:
    """Wait for the workers running now to finish; return whether any was (so: not quiet yet)."""
    import asyncio

    from textual.worker import WorkerState

    running = [worker for worker in app.workers if not worker.is_finished]
    started = [worker for worker in running if worker.state is not WorkerState.PENDING]
    if started:
        async def finished(worker) -> None:
            try:
                await worker.wait()
            except Exception:  # noqa: BLE001 - a worker that failed or was cancelled is done
                pass

        waits = [asyncio.ensure_future(finished(worker)) for worker in started]
        _, stuck = await asyncio.wait(waits, timeout=seconds)
        if stuck:
            for wait in stuck:
                wait.cancel()
            raise AssertionError(f"workers still running after {seconds} s: "
                                 f"{[worker.name for worker in started if not worker.is_finished]}")
    return bool(running)


def _messages_waiting(app) -> bool:
    """Return whether the app or a widget of any open screen has messages not yet handled."""
    if app.message_queue_size:
        return True
    stacks = getattr(app, "_screen_stacks", {"": app.screen_stack})
    return any(node.message_queue_size for stack in stacks.values() for screen in stack
               for node in screen.walk_children(with_self=True))


async def handled(pilot, node) -> None:
    """Wait until node has handled every message posted to it so far (it takes them in order).

    A callback queued behind them runs only after them: once it ran, they were handled.
    """
    done: list[bool] = []
    if not node.call_later(done.append, True):
        raise AssertionError(f"{node!r} takes no messages (not in the app)")
    await wait_for(pilot, lambda: done)


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
