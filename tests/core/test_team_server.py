"""The team's server: who sees and changes what, by row-level security, in the app and in psql."""

from __future__ import annotations

import psycopg
import pytest

from kam_tui.areas.customers.queries import AccountQuery, count_accounts
from kam_tui.core.db import models as m
from kam_tui.core.db import team
from kam_tui.core.db.database import open_database, open_server
from tests.pg_server import admin_sql

NAMES = ("alice", "bob", "carol", "dave", "erin", "frank")


@pytest.fixture
def server(pg_database: str, pg_cluster: str):
    """A kam database with our people as login roles and accounts across two regions."""
    db = open_database(pg_database)
    people = {
        "alice": team.add_user(db, "Alice", "alice", "rep", "华东"),
        "bob": team.add_user(db, "Bob", "bob", "rep", "华北"),
        "carol": team.add_user(db, "Carol", "carol", "regional-manager", "华东"),
        "dave": team.add_user(db, "Dave", "dave", "project-manager"),
        "erin": team.add_user(db, "Erin", "erin", "dealer"),
        "frank": team.add_user(db, "Frank", "frank", "admin"),
    }

    def account(name: str, region: str, abc: str = "B", **values) -> int:
        return m.Account.create(name=name, region=region, abc_class=abc, **values).id

    ids = {
        "east-alice": account("East Alice", "华东", owner=people["alice"]),
        "east-held": account("East Held by Bob", "华东"),
        "north-bob": account("North Bob", "华北", owner=people["bob"]),
        "north-a": account("North A project", "华北", "A"),
        "north-b": account("North B project", "华北", "B"),
        "east-c": account("East C dealer", "华东", "C", dealer=people["erin"]),
        "east-b-dealer": account("East B dealer", "华东", "B", dealer=people["erin"]),
    }
    m.Contact.create(account=ids["east-held"], name="Held", relationship_owner=people["bob"],
                     birthday="1980-05-01", family="two daughters")
    m.Contact.create(account=ids["east-alice"], name="Alice's contact", hobbies="golf")
    for key in ("north-a", "north-b"):
        m.Opportunity.create(account=ids[key], title=f"{key} deal", owner=people["dave"])
    db.close()
    yield pg_database, people, ids
    admin_sql(pg_cluster, *(f'DROP OWNED BY "{name}"' for name in NAMES),
              *(f'DROP ROLE IF EXISTS "{name}"' for name in NAMES))


def as_user(url: str, login: str) -> str:
    """Return url connecting as login instead of the superuser."""
    return url.replace("postgresql://postgres@", f"postgresql://{login}@", 1)


def visible(url: str, login: str, table: str = "account") -> set[str]:
    """Return the names a raw psql-like session of login reads from table."""
    with psycopg.connect(as_user(url, login)) as connection:
        column = "title" if table == "opportunity" else "name"
        return {name for (name,) in connection.execute(f"SELECT {column} FROM {table}")}


EXPECTED = {
    "alice": {"East Alice"},
    "bob": {"North Bob", "East Held by Bob"},
    "carol": {"East Alice", "East Held by Bob", "East C dealer", "East B dealer"},
    "dave": {"North A project"},
    "erin": {"East C dealer"},
}


@pytest.mark.parametrize("login", sorted(EXPECTED))
def test_each_role_reads_only_its_accounts_in_raw_sql(server, login):
    url, _, _ = server
    assert visible(url, login) == EXPECTED[login]


@pytest.mark.parametrize("login", sorted(EXPECTED))
def test_each_role_writes_only_what_it_reads(server, login):
    url, _, _ = server
    with psycopg.connect(as_user(url, "frank")) as admin:
        names = {name: account_id for account_id, name in admin.execute(
            "SELECT id, name FROM account")}
    with psycopg.connect(as_user(url, login), autocommit=True) as connection:
        for name, account_id in names.items():
            changed = connection.execute(
                "UPDATE account SET notes = %s, version = version + 1 WHERE id = %s",
                (f"by {login}", account_id)).rowcount
            assert changed == (1 if name in EXPECTED[login] else 0), name
            added = connection.execute(
                "UPDATE contact SET notes = %s WHERE account_id = %s", (login, account_id))
            assert added.rowcount == 0 or name in EXPECTED[login], name


def test_an_admin_reads_every_account(server):
    url, _, ids = server
    assert len(visible(url, "frank")) == len(ids)


def test_contacts_and_their_private_fields_follow_the_account(server):
    url, _, _ = server
    assert visible(url, "bob", "contact") == {"Held"}
    assert visible(url, "alice", "contact") == {"Alice's contact"}
    with psycopg.connect(as_user(url, "alice")) as connection:
        assert connection.execute("SELECT family FROM contact WHERE name = 'Held'"
                                  ).fetchall() == []
    assert visible(url, "erin", "contact") == set()


def test_deals_follow_the_account(server):
    url, _, _ = server
    assert visible(url, "dave", "opportunity") == {"north-a deal"}
    assert visible(url, "bob", "opportunity") == set()


def test_a_rep_cannot_change_or_delete_another_regions_account(server):
    url, _, ids = server
    with psycopg.connect(as_user(url, "alice"), autocommit=True) as connection:
        changed = connection.execute("UPDATE account SET notes = 'mine now' WHERE id = %s",
                                     (ids["north-bob"],))
        assert changed.rowcount == 0
        assert connection.execute("DELETE FROM account WHERE id = %s",
                                  (ids["north-bob"],)).rowcount == 0
    with psycopg.connect(as_user(url, "frank")) as connection:
        assert connection.execute("SELECT notes FROM account WHERE id = %s",
                                  (ids["north-bob"],)).fetchone() == ("",)


def test_a_rep_cannot_give_an_account_away_or_create_one_for_another(server):
    url, people, ids = server
    with psycopg.connect(as_user(url, "alice"), autocommit=True) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE account SET owner_id = %s WHERE id = %s",
                               (people["bob"], ids["east-alice"]))
    db = open_server(as_user(url, "alice"))
    try:
        with pytest.raises(Exception, match="row-level security"):
            with db.atomic():
                m.Account.create(name="Sneaky", owner=people["bob"], region="华北")
        m.Account.create(name="Mine", owner=people["alice"], region="华东")
    finally:
        db.close()
    assert "Mine" in visible(url, "alice")
    assert "Sneaky" not in visible(url, "frank")


def test_a_rep_cannot_add_a_contact_to_an_account_they_do_not_see(server):
    url, _, ids = server
    db = open_server(as_user(url, "alice"))
    try:
        with pytest.raises(Exception, match="row-level security"):
            with db.atomic():
                m.Contact.create(account=ids["north-bob"], name="Spy")
        m.Contact.create(account=ids["east-alice"], name="Fine")
    finally:
        db.close()
    assert "Spy" not in visible(url, "frank", "contact")


def test_only_an_admin_changes_our_people(server):
    url, people, _ = server
    with psycopg.connect(as_user(url, "alice"), autocommit=True) as connection:
        assert connection.execute("UPDATE staff SET role = 'regional_manager' WHERE id = %s",
                                  (people["alice"],)).rowcount == 0
        assert len(connection.execute("SELECT id FROM staff").fetchall()) == len(people)
    with psycopg.connect(as_user(url, "frank"), autocommit=True) as connection:
        assert connection.execute("UPDATE staff SET phone = '1' WHERE id = %s",
                                  (people["alice"],)).rowcount == 1


def test_only_managers_and_the_admin_change_the_teams_rules(server):
    from kam_tui.areas.pipeline import rules
    from kam_tui.areas.pipeline.service import PipelineService
    from kam_tui.core.db.faults import Fault, explain
    from tests.helpers import TODAY

    url, _, _ = server
    mine = {**rules.DEFAULT_STALL_DAYS, 1: 3}
    for login in ("alice", "carol"):  # a rep before anyone set them, then their manager
        db = open_server(as_user(url, login))
        try:
            pipeline = PipelineService(db, lambda: TODAY)
            if login == "alice":
                with pytest.raises(Exception) as refused:
                    pipeline.set_stall_days(mine)
                assert explain(refused.value) is Fault.NOT_ALLOWED
                assert pipeline.stall_days() == rules.DEFAULT_STALL_DAYS
            else:
                pipeline.set_stall_days(mine)
        finally:
            db.close()
    db = open_server(as_user(url, "alice"))
    try:
        pipeline = PipelineService(db, lambda: TODAY)
        assert pipeline.stall_days() == mine  # the manager's change is kept, and reps read it
        with pytest.raises(Exception) as refused:  # nor may a rep change a rule once it is set
            pipeline.set_stall_days(rules.DEFAULT_STALL_DAYS)
        assert explain(refused.value) is Fault.NOT_ALLOWED
        assert pipeline.stall_days() == mine
    finally:
        db.close()
    with psycopg.connect(as_user(url, "bob"), autocommit=True) as connection:
        assert connection.execute("DELETE FROM setting").rowcount == 0
    with psycopg.connect(as_user(url, "frank"), autocommit=True) as connection:
        assert connection.execute("UPDATE setting SET value = value").rowcount == 1
    with psycopg.connect(as_user(url, "dave"), autocommit=True) as connection:
        assert connection.execute("UPDATE setting SET value = value").rowcount == 1


def test_a_rep_cannot_change_the_schema_or_its_version(server):
    url, _, _ = server
    with psycopg.connect(as_user(url, "alice"), autocommit=True) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE kam_schema SET version = 99")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("ALTER TABLE account DISABLE ROW LEVEL SECURITY")


def test_the_apps_own_queries_see_what_the_role_sees(server):
    url, _, _ = server
    for login, names in EXPECTED.items():
        db = open_server(as_user(url, login))
        try:
            assert count_accounts(AccountQuery()) == len(names)
            assert {a.name for a in m.Account.alive()} == names
        finally:
            db.close()


def test_adding_a_user_again_changes_their_role_not_their_identity(server):
    url, people, _ = server
    db = open_server(url)
    try:
        again = team.add_user(db, "Alice", "alice", "regional-manager", "华北")
    finally:
        db.close()
    assert again == people["alice"]
    assert visible(url, "alice") == {"North Bob", "North A project", "North B project"}


@pytest.mark.parametrize("login, role, region, message", [
    ("Bad Name", "rep", "", "not a login name"),
    ("x", "boss", "", "unknown role"),
    ("x", "regional-manager", "", "needs --region"),
])
def test_add_user_refuses_what_it_cannot_do(server, login, role, region, message):
    url, _, _ = server
    db = open_server(url)
    try:
        with pytest.raises(team.UserRefused, match=message):
            team.add_user(db, "X", login, role, region)
    finally:
        db.close()


def test_an_account_a_rep_makes_without_an_owner_is_theirs(server):
    from kam_tui.core.db import records
    from tests.helpers import TODAY

    url, people, _ = server
    db = open_server(as_user(url, "bob"))
    try:
        made = records.save("account", {"name": "Bob's new", "abc_class": "B", "layer": "watch",
                                        "status": "potential", "lifecycle": "acquisition"},
                            today=TODAY)
        assert m.Account.get_by_id(made).owner_id == people["bob"]
    finally:
        db.close()
    assert "Bob's new" in visible(url, "bob")


def test_two_reps_saving_one_record_meet_the_conflict_check(server):
    from kam_tui.core.db import records
    from tests.helpers import TODAY

    url, _, ids = server
    db = open_server(as_user(url, "alice"))
    try:
        values, version = records.load("account", ids["east-alice"])
        with psycopg.connect(as_user(url, "carol"), autocommit=True) as manager:
            assert manager.execute("UPDATE account SET notes = 'from the manager', "
                                   "version = version + 1 WHERE id = %s",
                                   (ids["east-alice"],)).rowcount == 1
        with pytest.raises(records.ConflictError) as conflict:
            records.save("account", {**values, "notes": "from alice"}, today=TODAY,
                         record_id=ids["east-alice"], expected_version=version,
                         opened_values=values)
        assert conflict.value.changed == ("notes",)
    finally:
        db.close()


def test_a_person_already_among_our_people_gets_the_login_not_a_twin(server):
    url, _, _ = server
    db = open_server(url)
    try:
        existing = m.Staff.create(name="Gina", role="rep", region="华北").id
        assert team.add_user(db, "Gina", "gina", "rep") == existing
        assert m.Staff.get_by_id(existing).login == "gina"
        assert m.Staff.get_by_id(existing).region == "华北"
    finally:
        db.close()
    admin_sql(url, 'DROP OWNED BY "gina"', 'DROP ROLE "gina"')


def test_a_rep_imports_into_the_tables_server_init_made(server):
    from kam_tui.areas import server_tables
    from kam_tui.areas.exchange.queries import batches, matching

    url, _, _ = server
    db = open_server(url)
    try:
        server_tables()
        team.grant(db)
    finally:
        db.close()
    db = open_server(as_user(url, "alice"))
    try:
        batches.ensure_tables()
        matching.ensure_key_table()
        assert matching.sync_account_keys() == 1  # only the account alice sees
        assert batches.new_batch("account", "create", "mine.csv") >= 1
    finally:
        db.close()
    db = open_server(as_user(url, "bob"))
    try:
        assert matching.sync_account_keys() == 2
    finally:
        db.close()
    assert visible(url, "alice", "exchange_account_key") == {"East Alice"}


def test_two_reps_adding_contacts_to_one_account_keep_both_in_its_search(pg_database,
                                                                          pg_cluster):
    import threading

    from kam_tui.core.db import records
    from tests.helpers import TODAY, add_account

    db = open_database(pg_database)
    account_id = add_account("Shared Co")
    first_saved, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first_rep() -> None:
        try:
            with records.transaction():
                records.save("contact", {"name": "Zhang Wei"}, today=TODAY, parent_id=account_id)
                first_saved.set()
                release.wait(30)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
            first_saved.set()

    def second_rep() -> None:
        try:
            records.save("contact", {"name": "Li Na"}, today=TODAY, parent_id=account_id)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    first, second = threading.Thread(target=first_rep), threading.Thread(target=second_rep)
    first.start()
    assert first_saved.wait(30)
    second.start()
    waiting = 0
    for _ in range(300):  # the second save waits for the first's lock on the account row
        with psycopg.connect(pg_cluster) as admin:
            waiting = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE "
                                    "wait_event_type = 'Lock'").fetchone()[0]
        if waiting:
            break
        second.join(0.05)
    release.set()
    first.join(30)
    second.join(30)
    try:
        assert not errors
        assert waiting == 1
        text = m.Account.get_by_id(account_id).search_text
        assert "zhang wei" in text and "li na" in text
    finally:
        db.close()
