"""Keys that arrive together act in order, each against the focus and screen the last one left.

Over a slow SSH link a rep's keys arrive in one read. Textual hands each key to the widget focused
when the app reads it, but a binding's effect (a focus change, a pushed screen, the screen's first
load) happens later, behind the keys already queued: `/wang` on the list opened the New form
because `n` reached the list before the search box had the focus. `KeyOrder` holds the keys that
follow one until its effect has happened, then hands over the next, as if typed slowly.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from time import monotonic
from typing import TYPE_CHECKING

from textual import events
from textual.worker import WorkerState

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.timer import Timer

# A key is never held longer than this while the app is free to run, so a widget that never
# answers cannot swallow the typing. Time the app spends blocked (a big form's styles on a busy
# machine) does not count: the key's effect is still on its way then.
GIVE_UP_SECONDS = 1.5
TICK_SECONDS = 0.05
LATE_TICK_SECONDS = 0.25  # a tick this late means the app was blocked, not waiting
POLL_SECONDS = 0.01


class KeyOrder:
    """Lets one key at a time through to the app, the next once the last one has settled."""

    def __init__(self, app: App, dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self._dispatch = dispatch  # the app's own handling of a key, without this gate
        self._held: deque[events.Key] = deque()
        self._busy = True  # until the first screen is up: keys typed at start-up wait for it
        self._starting = True  # however long opening a big file takes
        self._sent_at = monotonic()  # workers started after this belong to the key in flight
        self._waited = 0.0  # seconds the app was free to run while the key settled
        self._last_tick = 0.0
        self._watch: Timer | None = None
        self._screen: Screen | None = None
        self._opened = False  # the key being settled opened, closed or switched a screen
        self._turn = 0  # which key's settling a callback belongs to; older ones are ignored

    @property
    def holding(self) -> int:
        """Return how many keys are waiting for the one before them."""
        return len(self._held)

    @property
    def settled(self) -> bool:
        """Return whether every key that arrived has been handled and has had its effect."""
        return not self._busy and not self._held

    def started(self) -> None:
        """The first screen is drawn: let keys through once it has settled."""
        self._starting = False
        self._watch = self.app.set_interval(TICK_SECONDS, self._tick)
        self._start_waiting()
        self._settle(self.app.screen, None)

    async def key(self, event: events.Key) -> None:
        """Take a key from the terminal: pass it on now, or hold it behind the last one."""
        if self._busy:
            self._held.append(event)
        else:
            await self._send(event)

    async def _send(self, event: events.Key) -> None:
        self._busy = True
        self._sent_at = monotonic()
        self._start_waiting()
        screen = self.app.screen
        target = self.app.focused or screen
        await self._dispatch(event)
        self._settle(target, screen)

    def _start_waiting(self) -> None:
        self._waited = 0.0
        self._last_tick = monotonic()
        if self._watch is not None:
            self._watch.resume()

    async def _tick(self) -> None:
        now = monotonic()
        gap, self._last_tick = now - self._last_tick, now
        if gap < LATE_TICK_SECONDS:
            self._waited += gap
        if self._busy and self._waited >= GIVE_UP_SECONDS:
            await self._next()  # the key never settled: keep the order, stop waiting for it

    def _settle(self, node: DOMNode, screen: Screen | None) -> None:
        """Follow the key up the widgets it bubbles through, then wait for what it started."""
        self._turn += 1
        self._screen = screen
        self._opened = screen is None  # at start-up the first screen's load is awaited too
        self._climb(node, self._turn)

    def _climb(self, node: DOMNode, turn: int) -> None:
        # Each widget handles its messages in order, so a callback queued behind the key runs
        # once the key has been handled there and has bubbled on to the parent.
        def step() -> None:
            if turn != self._turn:
                return
            parent = node._parent
            if node is self.app or parent is None:
                # A binding's focus change is itself a callback the app queued: wait behind it.
                self.app.call_later(self._arrived, turn)
            else:
                self._climb(parent, turn)

        if not node.call_later(step):  # gone from the app (closed screen): carry on from the app
            self.app.call_later(self._arrived, turn)

    async def _arrived(self, turn: int) -> None:
        if turn != self._turn:
            return
        screen = self.app.screen
        if screen is not self._screen:
            # The key opened, closed or switched a screen: wait for it to compose, take the
            # focus and finish its first load before the next key.
            self._screen = screen
            self._opened = True
            self._climb(screen, turn)
            return
        # Only a new screen's first load is awaited: a search or a page load started by a key
        # typed on the same screen must not slow the keys after it down to one per query.
        if self._opened and self._loading(screen):
            self.app.set_timer(POLL_SECONDS, lambda: self._climb(screen, turn))
            return
        await self._next()

    def _loading(self, screen: Screen) -> bool:
        """Return whether the screen or the app still runs a worker that this key started."""
        return any(
            worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            and worker._created_time >= self._sent_at
            and (worker.node is self.app or worker.node is screen
                 or getattr(worker.node, "screen", None) is screen)
            for worker in self.app.workers)

    async def _next(self) -> None:
        self._turn += 1
        self._busy = False
        if self._held:
            await self._send(self._held.popleft())
        elif self._watch is not None:
            self._watch.pause()
