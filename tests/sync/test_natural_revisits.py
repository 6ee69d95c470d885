"""Revisits the cadence rules plan are named by what planned them: two laptops that plan the
same ones offline end up with one of each after syncing, with no conflict for anyone to see."""

from __future__ import annotations

from datetime import date

from kam_tui.areas.calendar.queries.generation import generate
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.sync.bound import bound
from tests.helpers import add_account
from tests.sync.world import sync_here

TODAY = date(2026, 11, 23)


def _planned(db) -> list[tuple[str, str, str]]:
    return sorted((uuid, rule, str(due)) for uuid, rule, due in db.execute_sql(
        "SELECT r.uuid, r.rule, r.due_on FROM revisit r WHERE r.deleted_at IS NULL").fetchall())


def test_the_same_revisits_planned_on_two_laptops_are_one_each(three):
    server, a, b = three
    with bound(a), records.transaction():
        account = add_account("Acme", abc_class="A")
        m.Contact.create(account=account, name="Wang Li", contact_plan="monthly",
                         birthday=date(1980, 12, 20))
    sync_here(a, server)
    sync_here(b, server)
    for laptop in (a, b):  # both offline, each plans what the rules want
        with bound(laptop), records.transaction():
            assert generate(TODAY).created > 0
    planned = _planned(a)
    assert planned == _planned(b)  # the same ids on both: named, not random
    assert {rule for _, rule, _ in planned} >= {"card_review", "contact_plan", "birthday"}
    first = sync_here(a, server)
    second = sync_here(b, server)
    sync_here(a, server)
    assert first.conflicts == second.conflicts == 0
    for db in (a, b, server):
        assert _planned(db) == planned
        assert db.execute_sql("SELECT count(*) FROM sync_conflict").fetchone()[0] == 0
    with bound(a), records.transaction():
        assert generate(TODAY).created == 0  # nothing planned twice after the sync either
    assert _planned(a) == planned
