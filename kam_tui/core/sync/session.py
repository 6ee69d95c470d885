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
    """Back up the laptop's file, then sync it with the server at address; return the report.

    Raises SyncFailed (the server refused), ProtocolError (the link broke or lies), OSError
    (ssh or the backup could not start); whatever happened, both sides stay consistent.
    """
    backup.auto_backup(path, "sync")
    pipe = address.connect(in_app=in_app)
    try:
        return sync(db, pipe, SCHEMA_VERSION, progress, address=address.text())
    finally:
        pipe.close()
