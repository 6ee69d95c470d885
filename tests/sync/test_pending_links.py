"""A link to a row this side does not have yet is set once that row arrives, unless the field
was written again in the meantime."""

from __future__ import annotations

import uuid

import pytest

from kam_tui.core.db import capture
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.domain.hlc import Hlc
from kam_tui.core.sync.apply import apply
from kam_tui.core.sync.wire import Change
from tests.helpers import TODAY, add_account

ELSEWHERE = "e15e14e1e15e"
pytestmark = pytest.mark.both_engines


def _clock(step: int) -> str:
    return Hlc(capture.now_ms() + 1000 + step, 0, ELSEWHERE).text()


def _apply(db, *changes: Change) -> None:
    with records.transaction():
        apply(db, list(changes), relay=False)


def test_a_link_waits_for_its_row_and_is_set_when_it_comes(db):
    with records.transaction():  # stamped now, as every write in the app is
        account = m.Account.get_by_id(add_account("Acme"))
        revisit = m.Revisit.create(account=account, due_on=TODAY)
    person = uuid.uuid4().hex
    _apply(db, Change("revisit", revisit.uuid, "contact_id", person, _clock(1), None, ELSEWHERE,
                      1))
    assert m.Revisit.get_by_id(revisit.id).contact_id is None  # not here yet: kept waiting
    assert db.execute_sql("SELECT target FROM sync_pending_link").fetchall() == [(person,)]
    _apply(db, *(Change("contact", person, name, value, _clock(2), None, ELSEWHERE, number)
                 for number, (name, value) in enumerate(
                     (("account_id", account.uuid), ("name", "Wang Li")), start=2)))
    contact = m.Contact.get(m.Contact.uuid == person)
    assert m.Revisit.get_by_id(revisit.id).contact_id == contact.id
    assert db.execute_sql("SELECT count(*) FROM sync_pending_link").fetchone()[0] == 0


def test_a_waiting_link_written_again_is_forgotten(db):
    with records.transaction():  # stamped now, as every write in the app is
        account = m.Account.get_by_id(add_account("Acme"))
        revisit = m.Revisit.create(account=account, due_on=TODAY)
    _apply(db, Change("revisit", revisit.uuid, "contact_id", uuid.uuid4().hex, _clock(1), None,
                      ELSEWHERE, 1))
    _apply(db, Change("revisit", revisit.uuid, "contact_id", None, _clock(2), _clock(1),
                      ELSEWHERE, 2))
    assert db.execute_sql("SELECT count(*) FROM sync_pending_link").fetchone()[0] == 0
