"""A server and three laptops edit offline and sync in random orders, some syncs cut short.

Seeded and reproducible (KAM_SYNC_ROUNDS and KAM_SYNC_SEED run more). At the end every laptop
equals the server, every edit is in place or was overwritten by a later one (seen, or kept as a
conflict's loser), nothing deleted comes back, and the meetings counter holds every meeting.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

import peewee as pw
import pytest

from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.database import SCHEMA_VERSION, open_database
from kam_tui.core.db.sync_tables import TABLES
from kam_tui.core.sync import rows
from kam_tui.core.sync.bound import bound
from kam_tui.core.sync.client import sync
from kam_tui.core.sync.server import SyncServer
from kam_tui.core.sync.transport import InProcess
from tests.helpers import TODAY

ROUNDS = int(os.environ.get("KAM_SYNC_ROUNDS", "6"))
SEED = int(os.environ.get("KAM_SYNC_SEED", "20261203"))
KIND = {"abc_class": "B", "layer": "watch", "status": "potential", "lifecycle": "acquisition"}


class LinkCut(RuntimeError):
    """The link dropped (a kill -9 of either side, as the other sees it)."""


class Flaky(InProcess):
    """A link that drops after a number of messages: before the server sees the next one, or
    after it answered (the answer is lost)."""

    def __init__(self, server: SyncServer, cut_after: int | None, lose_answer: bool) -> None:
        super().__init__(server)
        self.left = cut_after
        self.lose_answer = lose_answer

    def call(self, message):
        if self.left is not None:
            if self.left == 0:
                if self.lose_answer:
                    super().call(message)
                raise LinkCut()
            self.left -= 1
        return super().call(message)


@dataclass
class Edit:
    """One acknowledged edit of one field, with the clock it got and the clock it saw."""

    table: str
    row: str
    field: str
    value: object
    clock: str
    base: str | None


def _clock(db: pw.Database, table: str, row: str, field: str) -> tuple[str, str | None]:
    return db.execute_sql("SELECT hlc, base FROM field_clock WHERE tbl = ? AND row_uuid = ? "
                          "AND field = ?", (table, row, field)).fetchone()


def _state(db: pw.Database) -> dict[str, dict[str, dict]]:
    with bound(db):
        return {table.name: {key: values for _, key, _, values in rows.read(db, table, "1=1")}
                for table in TABLES}


class World:
    """The server, the laptops and what was done on each."""

    def __init__(self, server: pw.Database, laptops: list[pw.Database], rng: random.Random):
        self.server = server
        self.laptops = laptops
        self.rng = rng
        self.edits: list[Edit] = []
        self.meetings: dict[str, int] = {}
        self.counter = 0

    def dbs(self) -> list[pw.Database]:
        return [self.server, *self.laptops]

    def _accounts(self, db: pw.Database) -> list[tuple[int, str]]:
        return [(row.id, row.uuid) for row in m.Account.select(m.Account.id, m.Account.uuid)]

    def act(self, db: pw.Database) -> None:
        """Make one random change on db, as a rep would."""
        self.counter += 1
        with bound(db):
            accounts = self._accounts(db)
            choice = self.rng.random()
            if not accounts or choice < 0.2:
                record_id = records.save("account", {"name": f"Co {self.counter}", **KIND},
                                         today=TODAY)
                self._note(db, "account", record_id, "name", f"Co {self.counter}")
            elif choice < 0.6:
                record_id, uuid = self.rng.choice(accounts)
                field = self.rng.choice(["name", "region", "notes"])
                value = f"{field} {self.counter}"
                with records.transaction():
                    m.Account.update(**{field: value}, version=m.Account.version + 1) \
                        .where(m.Account.id == record_id).execute()
                self._note(db, "account", record_id, field, value)
            elif choice < 0.7:
                record_id, uuid = self.rng.choice(accounts)
                records.soft_delete("account", record_id)
                self._note(db, "account", record_id, "deleted_at", None)
            elif choice < 0.75:
                record_id, uuid = self.rng.choice(accounts)
                records.restore("account", record_id)  # undo: a new, later write
                self._note(db, "account", record_id, "deleted_at", None)
            elif choice < 0.85:
                record_id, uuid = self.rng.choice(accounts)
                # The same natural-key row made on several machines: one rule, merged.
                with records.transaction():
                    m.RevisitRule.insert(account=record_id, rule="quarterly",
                                         every_days=self.rng.randint(10, 99)).on_conflict(
                        conflict_target=[m.RevisitRule.account, m.RevisitRule.rule],
                        update={m.RevisitRule.every_days: self.rng.randint(10, 99)}).execute()
            else:
                record_id, uuid = self.rng.choice(accounts)
                role = _deal_role(record_id)
                with records.transaction():
                    m.DealRole.update(meetings=m.DealRole.meetings + 1).where(
                        m.DealRole.id == role).execute()
                key = m.DealRole.get_by_id(role).uuid
                self.meetings[key] = self.meetings.get(key, 0) + 1

    def _note(self, db: pw.Database, table: str, record_id: int, field: str, value: object):
        row = m.Account.get_by_id(record_id).uuid
        if field == "deleted_at":  # as it travels: a deletion time, or None once restored
            value = rows.read(db, TABLES[1], "t.uuid = ?", [row])[0][3]["deleted_at"]
        found = _clock(db, table, row, field)
        if found is None:
            return  # a delete of a row deleted already changes nothing
        clock, base = found
        self.edits.append(Edit(table, row, field, value, clock, base))

    def sync_some(self) -> None:
        """Sync the laptops in a random order, some of the syncs cut short."""
        for laptop in self.rng.sample(self.laptops, len(self.laptops)):
            cut = self.rng.choice([None, None, 1, 2, 3, 4, 6])
            link = Flaky(SyncServer(self.server, SCHEMA_VERSION), cut, self.rng.random() < 0.5)
            try:
                sync(laptop, link, SCHEMA_VERSION)
            except LinkCut:
                pass


def _deal_role(account_id: int) -> int:
    """Return the account's one deal role (made the first time, the same on every machine
    once synced: its uuid comes from its deal and person)."""
    account = m.Account.get_by_id(account_id)
    deal = m.Opportunity.get_or_none(m.Opportunity.uuid == f"{account.uuid[:24]}00000001")
    with records.transaction():
        if deal is None:
            deal = m.Opportunity.create(uuid=f"{account.uuid[:24]}00000001", account=account_id,
                                        title="deal")
        person = m.Contact.get_or_none(m.Contact.uuid == f"{account.uuid[:24]}00000002")
        if person is None:
            person = m.Contact.create(uuid=f"{account.uuid[:24]}00000002", account=account_id,
                                      name="person")
        role = m.DealRole.get_or_none((m.DealRole.opportunity == deal.id)
                                      & (m.DealRole.contact == person.id))
        if role is None:
            role = m.DealRole.create(opportunity=deal.id, contact=person.id)
    return role.id


@pytest.fixture
def world(pg_database: str, tmp_path: Path):
    server = open_database(pg_database)
    laptops = [open_database(tmp_path / f"laptop{n}.db", init=True) for n in range(3)]
    yield World(server, laptops, random.Random(SEED))
    for db in [server, *laptops]:
        db.close()


def test_every_laptop_converges_with_the_server_and_nothing_is_lost(world: World) -> None:
    for _round in range(ROUNDS):
        for db in world.dbs():
            for _ in range(world.rng.randint(1, 5)):
                world.act(db)
        world.sync_some()
    for _ in range(2):  # the last words: two clean syncs each
        for laptop in world.laptops:
            sync(laptop, InProcess(SyncServer(world.server, SCHEMA_VERSION)), SCHEMA_VERSION)
    expected = _state(world.server)
    assert expected["account"], "the test made no accounts"
    for laptop in world.laptops:
        assert _state(laptop) == expected, _diff(_state(laptop), expected)[:5]
    lost = set()
    for db in world.dbs():
        lost |= {(row, field, value) for row, field, value in db.execute_sql(
            "SELECT row_uuid, field, lost_value FROM sync_conflict").fetchall()}
    for edit in world.edits:
        final = expected[edit.table][edit.row][edit.field]
        if final == edit.value:
            continue
        later = [other for other in world.edits if (other.row, other.field) == (edit.row,
                 edit.field) and other.clock > edit.clock]
        seen = any(other.base is not None and other.base >= edit.clock for other in later)
        assert later, f"{edit} was lost without a later edit"
        assert seen or (edit.row, edit.field, edit.value) in lost, \
            f"{edit} was overwritten by an edit that never saw it, and no conflict kept it"
    roles = expected["deal_role"]
    for key, held in world.meetings.items():
        assert roles[key]["meetings"] == held  # every meeting counted once, on every machine


def _diff(first: dict, second: dict) -> list:
    return [(table, key, name, first[table].get(key, {}).get(name), values.get(name))
            for table in second for key, values in second[table].items()
            for name in values if first[table].get(key, {}).get(name) != values.get(name)]
