"""The laptop's side of sync: push what it made, then pull what the others made, resumably.

Order: say hello (refused across schema versions), push the rows made before this laptop ever
synced with this server (a first sync of a file that already holds data), push its own changes
from the server's receipt mark on, then pull: a first pull reads the server's rows page by page,
later pulls read the server's log from the last order number applied. Each pulled page is
applied in one transaction together with the new mark, so a sync cut anywhere and run again
converges, nothing doubled and nothing lost.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import peewee as pw

from kam_tui.core.db import capture
from kam_tui.core.db.dialect import execute_many
from kam_tui.core.db.models import utcnow
from kam_tui.core.db.records import transaction
from kam_tui.core.sync import log, rows
from kam_tui.core.sync.apply import apply
from kam_tui.core.sync.bound import bound
from kam_tui.core.sync.wire import PROTOCOL, Change

PUSH = 2000  # changes to one push
SNAPSHOT_ROWS = 100  # rows to one push of a first sync's own rows
DONE = "done"


class SyncFailed(RuntimeError):
    """The server refused, or answered with an error; the message says what to do."""


class Transport(Protocol):
    """A way to reach the server: send one message, wait for its answer."""

    sent: int
    received: int

    def call(self, message: dict[str, Any]) -> dict[str, Any]:
        """Return the server's answer to message."""
        ...


@dataclass
class SyncReport:
    """What one sync did."""

    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    refused: list[str] = field(default_factory=list)
    first: bool = False  # this was the laptop's first sync with this server
    seconds: float = 0.0
    sent: int = 0  # bytes
    received: int = 0


def _ask(transport: Transport, message: dict[str, Any]) -> dict[str, Any]:
    answer = transport.call(message)
    if "error" in answer:
        raise SyncFailed(str(answer["error"]))
    return answer


def sync(db: pw.Database, transport: Transport, schema: int,
         progress: Callable[[str], None] | None = None, *, address: str = "",
         before_changes: Callable[[], None] | None = None) -> SyncReport:
    """Sync this laptop's database with the server behind transport; return what happened.

    address, when given, is remembered as where this server is (the app's sync key uses it);
    before_changes runs once, before the first change from the server is applied (a backup).
    """
    started = time.monotonic()
    report = SyncReport()
    say = progress or (lambda _text: None)
    with bound(db):
        with transaction():
            capture.stamp(db)  # anything written outside the record engine
        replica, _ = capture.state(db)
        hello = _ask(transport, {"op": "hello", "protocol": PROTOCOL, "schema": schema,
                                 "replica": replica, "host": socket.gethostname()})
        peer = _peer(db, str(hello["replica"]), hello.get("names"), address)
        if not peer.done:
            report.first = True
            say("sending the rows made before the first sync")
            _push_snapshot(db, transport, replica, peer, report)
        say("sending changes")
        _push_changes(db, transport, replica, peer.server, int(hello["received"]), report)
        say("receiving changes")
        _pull(db, transport, replica, peer, report, before_changes or (lambda: None))
        with transaction():
            db.execute_sql("UPDATE sync_peer SET synced_at = ? WHERE peer = ?",
                           (utcnow().isoformat(sep=" ", timespec="seconds"), peer.server))
    report.seconds = time.monotonic() - started
    report.sent, report.received = transport.sent, transport.received
    return report


@dataclass
class _Peer:
    """The server as this laptop last left it: how far it pulled, and a first sync's cursor."""

    server: str
    pulled: int
    done: bool  # the first sync (both ways) has finished
    state: dict[str, Any]  # until then: {"push": position or "done", "pull": cursor}


def _peer(db: pw.Database, server: str, names: Any, address: str) -> _Peer:
    with transaction():
        db.execute_sql("INSERT INTO sync_peer (peer, server) VALUES (?, 'yes') "
                       "ON CONFLICT (peer) DO NOTHING", (server,))
        if address:
            db.execute_sql("UPDATE sync_peer SET address = ? WHERE peer = ?", (address, server))
        if isinstance(names, dict):  # who the other replicas are, for the Conflicts screen
            execute_many(db, "INSERT INTO sync_peer (peer, label) VALUES (?, ?) ON CONFLICT "
                         "(peer) DO UPDATE SET label = excluded.label",
                         [(str(key)[:32], str(label)[:200]) for key, label in names.items()
                          if str(key) != server])
    pulled, cursor = db.execute_sql(
        "SELECT pulled, cursor FROM sync_peer WHERE peer = ?", (server,)).fetchone()
    done = cursor == DONE
    return _Peer(server, int(pulled), done, {} if done or not cursor else json.loads(cursor))


def _save_cursor(db: pw.Database, server: str, state: dict[str, Any] | str) -> None:
    text = state if isinstance(state, str) else json.dumps(state)
    db.execute_sql("UPDATE sync_peer SET cursor = ? WHERE peer = ?", (text, server))


def _push(transport: Transport, replica: str, changes: list[Change],
          report: SyncReport) -> dict[str, Any]:
    answer = _ask(transport, {"op": "push", "replica": replica,
                              "changes": [change.to_list() for change in changes]})
    report.pushed += len(changes)
    report.conflicts += int(answer.get("conflicts", 0))
    report.refused += [str(each) for each in answer.get("refused", [])]
    return answer


def _push_snapshot(db: pw.Database, transport: Transport, replica: str, peer: _Peer,
                   report: SyncReport) -> None:
    state = peer.state
    if state.get("push") == DONE:
        return
    if "log" not in state:
        # Every change logged before the rows are read is in the rows: once they are all sent,
        # those changes need not travel again.
        with transaction():
            state["log"] = log.last_id(db)
            _save_cursor(db, peer.server, state)
    position: tuple[int, str] | None = tuple(state.get("push") or (0, ""))  # type: ignore
    while position is not None:
        changes, position = rows.snapshot(db, position, SNAPSHOT_ROWS, replica)
        if changes:
            _push(transport, replica, changes, report)
        with transaction():
            state["push"] = list(position) if position is not None else DONE
            _save_cursor(db, peer.server, state)
            if position is None:
                db.execute_sql("UPDATE sync_peer SET pushed = ? WHERE peer = ? AND pushed < ?",
                               (int(state["log"]), peer.server, int(state["log"])))


def _push_changes(db: pw.Database, transport: Transport, replica: str, server: str,
                  received: int, report: SyncReport) -> None:
    own_mark = db.execute_sql("SELECT pushed FROM sync_peer WHERE peer = ?",
                              (server,)).fetchone()[0]
    after = max(received, int(own_mark))  # the server's receipt, or what a first sync covered
    while True:
        changes, last = log.outbox(db, replica, after, PUSH)
        if last == after:
            break
        answer = _push(transport, replica, changes, report) if changes else {"received": last}
        after = max(last, int(answer["received"]))
        with transaction():
            db.execute_sql("UPDATE sync_peer SET pushed = ? WHERE peer = ?", (after, server))


def _pull(db: pw.Database, transport: Transport, replica: str, peer: _Peer,
          report: SyncReport, before_changes: Callable[[], None]) -> None:
    since, state, first = peer.pulled, peer.state, not peer.done
    cursor = state.get("pull")
    while True:
        answer = _ask(transport, {"op": "pull", "replica": replica, "since": since,
                                  "cursor": cursor, "first": first and cursor is None})
        changes = [Change.from_list(item) for item in answer.get("changes", [])]
        if changes and not report.pulled:
            before_changes()
        with transaction():
            applied = apply(db, changes, relay=False)
            since, cursor = int(answer["since"]), answer.get("cursor")
            if first and cursor is None:
                first = False
                _save_cursor(db, peer.server, DONE)
            elif cursor is not None:
                state["pull"] = cursor
                _save_cursor(db, peer.server, state)
            db.execute_sql("UPDATE sync_peer SET pulled = ? WHERE peer = ?",
                           (since, peer.server))
        report.pulled += len(changes)
        report.conflicts += applied.conflicts
        report.refused += applied.refused
        if not answer.get("more"):
            break
