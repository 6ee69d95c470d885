"""The team's server going away mid-session: a clear message, a reconnect, nothing typed lost."""

from __future__ import annotations

import pytest

from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.database import open_database
from kam_tui.core.db.faults import Fault, explain
from kam_tui.ui.i18n import failure_text
from tests.helpers import TODAY
from tests.pg_server import admin_sql

ACCOUNT = {"abc_class": "B", "layer": "watch", "status": "potential", "lifecycle": "acquisition"}


def drop_connections(cluster: str, url: str) -> None:
    """End every session on the test's database, as a server restart does."""
    name = url.split("?")[0].rsplit("/", 1)[1]
    admin_sql(cluster, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")


@pytest.fixture
def server_db(pg_database: str, pg_cluster: str):
    db = open_database(pg_database)
    yield db, lambda: drop_connections(pg_cluster, pg_database)
    db.close()


def test_a_read_after_the_connection_dropped_reconnects(server_db):
    db, drop = server_db
    m.Account.create(name="Before")
    drop()
    assert [a.name for a in m.Account.select()] == ["Before"]


def test_a_save_after_the_connection_dropped_reconnects_before_it_begins(server_db):
    db, drop = server_db
    drop()
    account_id = records.save("account", {**ACCOUNT, "name": "After"}, today=TODAY)
    assert m.Account.get_by_id(account_id).name == "After"


def test_a_connection_lost_inside_a_save_is_told_plainly_and_the_next_save_works(server_db):
    db, drop = server_db
    with pytest.raises(Exception) as caught:
        with records.transaction():
            m.Account.create(name="Half")
            drop()
            m.Account.create(name="Other half")
    assert explain(caught.value) is Fault.SERVER_LOST
    assert "connection to the team's server was lost" in failure_text(caught.value, "en")
    assert "团队服务器" in failure_text(caught.value, "zh")
    assert not db.in_transaction()
    records.save("account", {**ACCOUNT, "name": "Again"}, today=TODAY)
    assert sorted(a.name for a in m.Account.select()) == ["Again"]  # nothing half-saved


def test_a_refusal_by_row_level_security_is_said_as_such():
    import psycopg

    error = psycopg.errors.InsufficientPrivilege(
        'new row violates row-level security policy for table "account"')
    assert explain(error) is Fault.NOT_ALLOWED
