"""A demo laptop as it is after a sync that met two edits: for the Conflicts screen's
screenshots and snapshot tests (a real server is not needed to show it)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.domain.hlc import Hlc

SERVER, COLLEAGUE = "5e7e75e7e75e", "c011ea9ec011"
EDITED = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
ADDRESS = '{"remote": "rep@server", "ssh": "ssh", "kam": "kam", "server_db": ""}'


def pretend_synced(db: pw.Database, synced: datetime, *, address: str = ADDRESS,
                   conflicts: bool = True) -> None:
    """Make the demo file look synced at `synced` (UTC) with a server, and, with conflicts,
    two fields where a colleague's and the server's edits beat this laptop's."""
    with records.transaction():
        pass  # the demo's rows, written outside the record engine, get their clocks (stamped)
    me = db.execute_sql("SELECT replica FROM sync_state").fetchone()[0]
    db.execute_sql("INSERT INTO sync_peer (peer, server, synced_at, address, pushed, cursor) "
                   "VALUES (?, 'yes', ?, ?, (SELECT coalesce(max(id), 0) FROM change_log), "
                   "'done')", (SERVER, synced.isoformat(sep=" ", timespec="seconds"), address))
    db.execute_sql("INSERT INTO sync_peer (peer, label) VALUES (?, 'li.na@laptop-li')",
                   (COLLEAGUE,))
    if not conflicts:
        return
    first, second = list(m.Account.select().order_by(m.Account.name).limit(2))
    wall = int(EDITED.timestamp() * 1000)
    lost_clock = Hlc(wall, 0, me).text()
    for number, (account, field, kept, lost, by) in enumerate((
            (first, "name", "[bold]Northstar[/] Logistics", "Northstar \x1b[31mLog\x07",
             COLLEAGUE),
            (second, "abc_class", "A", "C", SERVER))):
        kept_clock = Hlc(wall + 60_000 * (number + 1), 0, by).text()
        noted = (EDITED + timedelta(hours=1)).isoformat(sep=" ", timespec="seconds")
        db.execute_sql("INSERT INTO sync_conflict (tbl, row_uuid, field, kept_value, kept_hlc, "
                       "lost_value, lost_hlc, noted_at) VALUES ('account', ?, ?, ?, ?, ?, ?, ?)",
                       (account.uuid, field, kept, kept_clock, lost, lost_clock, noted))
