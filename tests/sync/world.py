"""Syncing a laptop with the server in this process, every message through the wire form."""

from __future__ import annotations

from kam_tui.core.db.database import SCHEMA_VERSION
from kam_tui.core.sync.bound import bound
from kam_tui.core.sync.client import SyncReport, sync
from kam_tui.core.sync.server import SyncServer
from kam_tui.core.sync.transport import InProcess


def sync_here(laptop, server) -> SyncReport:
    """Sync laptop with server; return the report."""
    with bound(laptop):
        return sync(laptop, InProcess(SyncServer(server, SCHEMA_VERSION)), SCHEMA_VERSION)
