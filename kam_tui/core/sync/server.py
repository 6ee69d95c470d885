"""The team's side of sync: answers a laptop's hello, push and pull, one message at a time.

The same answers travel whichever way the laptop reaches the server (a `postgresql://` URL on
the LAN or `kam sync-serve --stdio` through ssh): the server only ever runs in the session of
the person syncing, so the server's row-level security decides what their laptop may push and
pull. A push is applied in one transaction together with the mark of what has been received
from that laptop, so a push repeated after a dropped link is applied once.
"""

from __future__ import annotations

import getpass
import re
from typing import Any

import peewee as pw

from kam_tui.core.db import capture
from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.db.models import utcnow
from kam_tui.core.db.records import transaction
from kam_tui.core.domain.hlc import ClockAhead
from kam_tui.core.sync import log, rows
from kam_tui.core.sync.apply import apply
from kam_tui.core.sync.bound import bound
from kam_tui.core.sync.wire import PROTOCOL, Change, ProtocolError

PAGE = 2000  # changes to one pull answer
SNAPSHOT_ROWS = 500  # rows to one page of a first pull
_REPLICA = re.compile(r"[0-9a-z]{1,32}")


class SyncServer:
    """Answers sync messages on the team's database, in the session of the person syncing."""

    def __init__(self, db: pw.Database, schema: int) -> None:
        self.db = db
        self.schema = schema

    def handle(self, message: dict[str, Any]) -> dict[str, Any]:
        """Return the answer to one message (an error answer rather than an exception)."""
        try:
            with bound(self.db):
                op = message.get("op")
                if op == "hello":
                    return self._hello(message)
                if op == "push":
                    return self._push(message)
                if op == "pull":
                    return self._pull(message)
                raise ProtocolError(f"unknown message {op!r}")
        except (ProtocolError, ClockAhead) as error:
            return {"error": str(error)}

    def _replica(self, message: dict[str, Any]) -> str:
        replica = message.get("replica")
        if not isinstance(replica, str) or not _REPLICA.fullmatch(replica):
            raise ProtocolError("a message without a valid replica id")
        return replica

    def _hello(self, message: dict[str, Any]) -> dict[str, Any]:
        if message.get("protocol") != PROTOCOL:
            return {"error": f"this server speaks kam sync protocol {PROTOCOL}, the laptop "
                             f"{message.get('protocol')}: install the same kam-tui on both"}
        if message.get("schema") != self.schema:
            return {"error": f"the server's kam schema is version {self.schema}, the laptop's "
                             f"{message.get('schema')}: install the same kam-tui on both, then "
                             "sync again (nothing was changed)"}
        replica = self._replica(message)
        server, _ = capture.state(self.db)
        with transaction():
            self._know(replica)
            self.db.execute_sql("UPDATE sync_peer SET label = ? WHERE peer = ?",
                                (self._label(message.get("host")), replica))
            received = self._received(replica)
        names = dict(self.db.execute_sql(
            "SELECT peer, label FROM sync_peer WHERE label != ''").fetchall())
        return {"replica": server, "received": received, "head": log.head(self.db),
                "names": names}

    def _label(self, host: Any) -> str:
        """Return who syncs (the server's own login for them, not what the laptop says) and
        from which machine (what it says, cut short)."""
        if is_postgres(self.db):
            person = self.db.execute_sql("SELECT session_user").fetchone()[0]
        else:
            person = getpass.getuser()
        where = "".join(ch for ch in str(host or "")[:64] if ch.isprintable()).strip()
        return f"{person}@{where}" if where else str(person)

    def _know(self, replica: str) -> None:
        self.db.execute_sql(
            "INSERT INTO sync_peer (peer) VALUES (?) ON CONFLICT (peer) DO NOTHING", (replica,))

    def _received(self, replica: str) -> int:
        """Return the last of replica's changes applied, its row locked until commit."""
        tail = " FOR UPDATE" if is_postgres(self.db) else ""
        return int(self.db.execute_sql(f"SELECT pushed FROM sync_peer WHERE peer = ?{tail}",
                                       (replica,)).fetchone()[0])

    def _push(self, message: dict[str, Any]) -> dict[str, Any]:
        replica = self._replica(message)
        items = message.get("changes")
        if not isinstance(items, list):
            raise ProtocolError("a push without changes")
        changes = [Change.from_list(item) for item in items]
        with transaction():
            self._know(replica)
            mark = self._received(replica)
            fresh = [change for change in changes if change.number == 0 or change.number > mark]
            report = apply(self.db, fresh, relay=True)
            top = max([mark, *(change.number for change in changes)])
            self.db.execute_sql("UPDATE sync_peer SET pushed = ?, synced_at = ? WHERE peer = ?",
                                (top, _now(), replica))
        return {"received": top, "applied": report.applied, "conflicts": report.conflicts,
                "refused": report.refused}

    def _pull(self, message: dict[str, Any]) -> dict[str, Any]:
        replica = self._replica(message)
        since = message.get("since")
        cursor = message.get("cursor")
        if not isinstance(since, int) or since < 0:
            raise ProtocolError("a pull without a valid 'since'")
        if message.get("first") is True and cursor is None:
            cursor = {"table": 0, "after": "", "head": log.head(self.db)}
        if cursor is not None:
            return self._snapshot_page(cursor, replica)
        changes, upto, more = log.since(self.db, since, PAGE, replica)
        return {"changes": [change.to_list() for change in changes], "since": upto,
                "cursor": None, "more": more}

    def _snapshot_page(self, cursor: Any, replica: str) -> dict[str, Any]:
        if not isinstance(cursor, dict) or not isinstance(cursor.get("table"), int) \
                or not isinstance(cursor.get("after"), str) \
                or not isinstance(cursor.get("head"), int):
            raise ProtocolError("a pull with a cursor that is not one")
        server, _ = capture.state(self.db)
        with self.db.atomic():
            if is_postgres(self.db):
                # The rows and their clocks must be read as of one moment.
                self.db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            changes, position = rows.snapshot(self.db, (cursor["table"], cursor["after"]),
                                              SNAPSHOT_ROWS, server)
        head = cursor["head"]
        changes = [change for change in changes if not _made_by(change, replica)]
        if position is None:
            return {"changes": [], "since": head, "cursor": None, "more": True}
        return {"changes": [change.to_list() for change in changes], "since": 0,
                "cursor": {"table": position[0], "after": position[1], "head": head},
                "more": True}


def _made_by(change: Change, replica: str) -> bool:
    """Return whether replica wrote this value itself (it has it, or a newer one, already)."""
    return change.origin == replica if change.counter else change.clock.endswith(f"-{replica}")


def _now() -> str:
    return utcnow().isoformat(sep=" ", timespec="seconds")
