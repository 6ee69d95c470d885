"""What the header says about sync: where the server is, when it last synced, what waits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import peewee as pw

from kam_tui.core.db import capture
from kam_tui.core.sync import log


@dataclass(frozen=True)
class SyncStatus:
    """This laptop's sync with its server, as the header shows it."""

    address: str  # where the last `kam sync` reached the server ('' when not remembered)
    synced_at: datetime | None  # UTC
    waiting: int  # own changes not yet pushed
    conflicts: int  # fields where two edits met, not yet looked at


def status(db: pw.Database) -> SyncStatus | None:
    """Return this database's sync status, or None when it has never synced with a server."""
    if not capture.has_sync(db):
        return None
    found = db.execute_sql(
        "SELECT address, synced_at, pushed FROM sync_peer WHERE server = 'yes' "
        "ORDER BY synced_at DESC LIMIT 1").fetchone()
    if found is None:
        return None
    address, synced_at, pushed = found
    replica, _ = capture.state(db)
    conflicts = db.execute_sql(
        "SELECT count(*) FROM sync_conflict WHERE settled_at IS NULL").fetchone()[0]
    return SyncStatus(str(address or ""), _when(synced_at),
                      log.waiting(db, replica, int(pushed)), int(conflicts))


def _when(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)).replace(tzinfo=timezone.utc)
    except ValueError:
        return None  # never finished a sync, or a value that is not a time
