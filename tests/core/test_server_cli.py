"""`kam server init` and `kam server add-user`, and opening the team's server from the command line."""

from __future__ import annotations

import psycopg
import pytest

from kam_tui import cli
from kam_tui.core.db.database import SCHEMA_VERSION, SchemaTooNewError, open_server
from kam_tui.core.db.file_rules import DatabaseFileError
from tests.pg_server import admin_sql, database_url


@pytest.fixture
def empty_server(pg_cluster: str):
    """An empty UTF-8 database on the test server, dropped afterwards."""
    admin_sql(pg_cluster, "DROP DATABASE IF EXISTS kam_cli WITH (FORCE)",
              "CREATE DATABASE kam_cli TEMPLATE template0 ENCODING 'UTF8' "
              "LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'")
    yield database_url(pg_cluster, "kam_cli")
    admin_sql(pg_cluster, "DROP DATABASE kam_cli WITH (FORCE)",
              'DROP ROLE IF EXISTS "wang.fang"')


def test_init_makes_the_schema_then_says_it_is_up_to_date(empty_server, capsys):
    assert cli.main(["server", "init", empty_server]) == 0
    assert f"schema version {SCHEMA_VERSION}" in capsys.readouterr().out
    assert cli.main(["server", "init", empty_server]) == 0
    assert "is up to date" in capsys.readouterr().out
    with psycopg.connect(empty_server) as connection:
        assert connection.execute("SELECT version FROM kam_schema").fetchall() == [
            (SCHEMA_VERSION,)]
        secured = dict(connection.execute(
            "SELECT relname, relrowsecurity FROM pg_class WHERE relname IN "
            "('account', 'contact', 'opportunity', 'revisit', 'activity')").fetchall())
    assert secured == dict.fromkeys(("account", "contact", "opportunity", "revisit",
                                     "activity"), True)


def test_add_user_makes_a_login_that_kam_opens_as_that_person(empty_server, capsys):
    cli.main(["server", "init", empty_server])
    assert cli.main(["--db", empty_server, "server", "add-user", "Wang Fang", "--role", "rep",
                     "--region", "华东"]) == 0
    out = capsys.readouterr().out
    assert "login wang.fang" in out and "postgres@" not in out.split("They run:")[1]
    as_rep = empty_server.replace("postgres@", "wang.fang@")
    db = open_server(as_rep)
    try:
        assert db.execute_sql("SELECT kam_job(), kam_region()").fetchone() == ("rep", "华东")
    finally:
        db.close()


def test_server_commands_need_a_server_url(capsys, tmp_path):
    assert cli.main(["--db", str(tmp_path / "k.db"), "server", "init"]) == 2
    assert "needs the server's URL" in capsys.readouterr().err


def test_file_commands_are_refused_on_a_server(empty_server, capsys):
    assert cli.main(["--db", empty_server, "check"]) == 2
    assert "pg_dump" in capsys.readouterr().err


def test_a_server_kam_has_not_set_up_is_refused_with_what_to_do(empty_server):
    with pytest.raises(DatabaseFileError, match="kam server init"):
        open_server(empty_server)


def test_a_newer_schema_is_refused_untouched(empty_server, capsys):
    cli.main(["server", "init", empty_server])
    admin_sql(empty_server, "UPDATE kam_schema SET version = 99")
    with pytest.raises(SchemaTooNewError):
        open_server(empty_server)
    assert cli.main(["server", "init", empty_server]) == 2
    assert "schema version 99" in capsys.readouterr().err
    with psycopg.connect(empty_server) as connection:
        assert connection.execute("SELECT version FROM kam_schema").fetchone() == (99,)


def test_init_warns_when_search_cannot_see_chinese(pg_cluster, capsys):
    admin_sql(pg_cluster, "DROP DATABASE IF EXISTS kam_c WITH (FORCE)",
              "CREATE DATABASE kam_c TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' "
              "LC_COLLATE 'C'")
    try:
        assert cli.main(["server", "init", database_url(pg_cluster, "kam_c")]) == 0
        assert "cannot find Chinese" in capsys.readouterr().err
    finally:
        admin_sql(pg_cluster, "DROP DATABASE kam_c WITH (FORCE)")


def test_an_unreachable_server_is_said_in_one_line(capsys, tmp_path):
    url = f"postgresql://postgres@/kam?host={tmp_path}"
    assert cli.main(["--db", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kam: could not connect to") and err.count("\n") == 1
