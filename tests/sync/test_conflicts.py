"""The Conflicts screen's data: two laptops change one field offline; the loser is listed with
who and when, taking it writes it as a new edit that reaches everyone, taking again swaps back."""

from __future__ import annotations

import pytest

from kam_tui.areas.sync import queries
from kam_tui.core.db import capture
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.sync.bound import bound
from tests.helpers import add_account
from tests.sync.world import sync_here


def _rename(db, uuid: str, name: str) -> None:
    with bound(db), records.transaction():
        db.execute_sql("UPDATE account SET name = ? WHERE uuid = ?", (name, uuid))


def _after(db) -> None:
    """Wait until the wall clock has passed db's last clock, so the next edit elsewhere is later."""
    _, last = capture.state(db)
    while capture.now_ms() <= last.wall:
        pass


def _name(db, uuid: str) -> str:
    return db.execute_sql("SELECT name FROM account WHERE uuid = ?", (uuid,)).fetchone()[0]


def _met(three, on_a: str = "A", on_b: str = "B") -> tuple:
    """Return laptop A, the uuid of an account A renamed on_a and then B on_b (later), and the
    report of A's sync that met them."""
    server, a, b = three
    with bound(a):
        uuid = m.Account.get_by_id(add_account("Acme")).uuid
    sync_here(a, server)
    sync_here(b, server)
    _rename(a, uuid, on_a)
    _after(a)
    _rename(b, uuid, on_b)
    sync_here(b, server)
    return a, uuid, sync_here(a, server)


def test_the_losing_edit_is_listed_and_taking_it_reaches_everyone(three):
    server, a, b = three
    a, uuid, report = _met(three, "Acme from A", "Acme from B")  # B's is later: it wins
    assert report.conflicts == 1 and _name(a, uuid) == "Acme from B"

    with bound(a):
        assert queries.open_count(a) == 1
        [row] = queries.page(a, 0, 10)
        assert (row.kind, row.record, row.field) == ("account", "Acme from B", "name")
        assert (row.kept.value, row.other.value) == ("Acme from B", "Acme from A")
        assert row.other.who == "me" and row.kept.who not in ("me", "server", "?")
        assert row.kept.when is not None and row.kept.when >= row.other.when
        assert row.spec is not None and row.spec.label("en") and not row.settled

        taken = queries.take_other(a, row.id)
        assert taken.kept.value == "Acme from A" and taken.settled
        assert _name(a, uuid) == "Acme from A" and queries.open_count(a) == 0
        found = a.execute_sql("SELECT search_text FROM account WHERE uuid = ?",
                              (uuid,)).fetchone()[0]
        assert "acme from a" in found.lower()
    # A new edit, later than both: it travels to the server and the other laptop.
    sync_here(a, server)
    sync_here(b, server)
    assert _name(server, uuid) == _name(b, uuid) == "Acme from A"

    with bound(a):
        again = queries.take_other(a, row.id)  # and back
        assert again.kept.value == "Acme from B" and _name(a, uuid) == "Acme from B"


def test_a_conflict_whose_record_is_gone_changes_nothing(three):
    a, uuid, _ = _met(three)
    with bound(a):
        [row] = queries.page(a, 0, 10)
        a.execute_sql("PRAGMA foreign_keys = OFF")
        a.execute_sql("DELETE FROM account WHERE uuid = ?", (uuid,))
        with pytest.raises(queries.ConflictGone):
            queries.take_other(a, row.id)
        assert queries.open_count(a) == 1


def test_keep_marks_it_looked_at(three):
    a, uuid, _ = _met(three)
    with bound(a):
        [row] = queries.page(a, 0, 10)
        queries.keep(a, row.id)
        assert queries.open_count(a) == 0 and queries.page(a, 0, 10)[0].settled
        assert _name(a, uuid) == "B"


def test_a_row_the_server_refuses_is_refused_alone(three):
    from kam_tui.core.domain.hlc import Hlc
    from kam_tui.core.sync.apply import apply
    from kam_tui.core.sync.wire import Change

    server, a, _ = three
    with bound(a):
        first = m.Account.get_by_id(add_account("Acme")).uuid
        second = m.Account.get_by_id(add_account("Zenith")).uuid
    sync_here(a, server)
    clock = Hlc(capture.now_ms() + 1000, 0, "feedfeed").text()
    changes = [Change("account", first, "name", "Acme renamed", clock, None, "feedfeed", 1),
               Change("account", second, "installed_base", "not a number", clock, None,
                      "feedfeed", 2),
               Change("account", second, "name", "Zenith renamed", clock, None, "feedfeed", 3)]
    with bound(server), records.transaction():
        report = apply(server, changes, relay=True)
    assert [line.split(":")[0] for line in report.refused] == [f"account {second}"]
    assert _name(server, first) == "Acme renamed" and _name(server, second) == "Zenith"
