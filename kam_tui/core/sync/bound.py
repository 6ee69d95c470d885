"""Which database the models and the record engine work on, for one piece of sync work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import peewee as pw

from kam_tui.core.db.dialect import database_proxy


@contextmanager
def bound(db: pw.Database) -> Iterator[pw.Database]:
    """Bind the models to db for the block (a test runs a server and laptops in one process)."""
    before = database_proxy.obj
    database_proxy.initialize(db)
    try:
        yield db
    finally:
        if before is not None:
            database_proxy.initialize(before)
