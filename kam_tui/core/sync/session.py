"""One sync as a person starts it (the `kam sync` command or the app's key): back up, reach the
server, push and pull, hang up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import peewee as pw

from kam_tui.core.db import backup
from kam_tui.core.db.database import SCHEMA_VERSION
from kam_tui.core.sync.address import Address
from kam_tui.core.sync.client import SyncReport, sync
from kam_tui.core.sync.status import status


def remembered(db: pw.Database) -> Address | None:
    """Return the server the last sync of this database reached, if it is remembered."""
    found = status(db)
    return Address.parse(found.address) if found and found.address else None


def run(db: pw.Database, path: Path, address: Address, *, in_app: bool = False,
        progress: Callable[[str], None] | None = None) -> SyncReport:
    """Sync the laptop's file with the server at address, backed up before the first change
    from the server is written into it; return the report.

    Raises SyncFailed (the server refused), ProtocolError (the link broke or lies), OSError
    (ssh or the backup could not start); whatever happened, both sides stay consistent.
    """
    # What a sync sends changes only its own marks here; what it receives changes records, so
    # the backup is taken then, and an idle sync of a big file does not copy it for nothing.
    pipe = address.connect(in_app=in_app)
    try:
        return sync(db, pipe, SCHEMA_VERSION, progress, address=address.text(),
                    before_changes=lambda: backup.auto_backup(path, "sync"))
    finally:
        pipe.close()
