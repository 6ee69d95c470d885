"""`kam sync` and `kam sync-serve` as a rep runs them: a first sync, an idle one with the
remembered server, a second laptop, the backup, and each refusal in one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kam_tui.cli import main
from kam_tui.core.db import backup
from kam_tui.core.db.database import SCHEMA_VERSION, open_database
from kam_tui.core.sync.address import Address, BadAddress
from kam_tui.core.sync.transport import Pipe
from kam_tui.core.sync.wire import PROTOCOL
from tests.helpers import add_account


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    path = tmp_path / "laptop.db"
    db = open_database(path)
    for name in ("Acme", "北方物流", "Zenith"):
        add_account(name)
    db.close()
    return path


def _accounts(path: Path) -> set[tuple[str, str]]:
    db = open_database(path)
    try:
        return set(db.execute_sql("SELECT uuid, name FROM account").fetchall())
    finally:
        db.close()


def test_a_first_sync_an_idle_one_and_a_second_laptop(laptop, pg_database, tmp_path, capsys):
    assert main(["--db", str(laptop), "sync", pg_database]) == 0
    said = capsys.readouterr()
    assert "Sent" in said.out and "Syncing" in said.err
    # Sending changes only the marks here: the backup waits until something is received.
    assert backup.list_backups(backup.folder_for(laptop)) == []

    assert main(["--db", str(laptop), "sync"]) == 0  # the server remembered
    assert capsys.readouterr().out.startswith("Sent 0 changes, received 0")

    other = tmp_path / "other.db"
    open_database(other, init=True).close()
    assert main(["--db", str(other), "sync", "--remote", pg_database]) == 0
    assert _accounts(other) == _accounts(laptop) and len(_accounts(other)) == 3
    assert [b.reason for b in backup.list_backups(backup.folder_for(other))] == ["sync"]


def test_a_first_sync_lists_accounts_made_on_both_sides(laptop, pg_database, tmp_path,
                                                        capsys):
    assert main(["--db", str(laptop), "sync", pg_database]) == 0
    other = tmp_path / "other.db"
    db = open_database(other)
    add_account("ACME")  # made offline before this laptop's first sync: the same customer
    add_account("Nobody Else Ltd")
    db.close()
    capsys.readouterr()
    assert main(["--db", str(other), "sync", pg_database]) == 0
    out = capsys.readouterr().out
    assert "1 account made here before this first sync looks like one made elsewhere" in out
    assert "ACME  ~  Acme" in out and "Nobody" not in out
    assert len(_accounts(other)) == 5  # nothing merged behind the rep's back


def test_which_server_is_asked_when_none_was_ever_given(laptop, capsys):
    assert main(["--db", str(laptop), "sync"]) == 2
    assert "which server?" in capsys.readouterr().err


def test_the_server_itself_does_not_sync_as_a_laptop(pg_database, capsys):
    assert main(["--db", pg_database, "sync"]) == 2
    assert "the server itself" in capsys.readouterr().err


def test_an_unreachable_server_stops_cleanly_and_loses_nothing(laptop, capsys):
    before = _accounts(laptop)
    assert main(["--db", str(laptop), "sync", "nobody@127.0.0.1", "--ssh",
                 f"{sys.executable} -c 'import sys; sys.exit(255)'"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("kam: sync with nobody@127.0.0.1 stopped:")
    assert "run kam sync again" in err[-1] and _accounts(laptop) == before


def _ask(command: list[str], env: dict[str, str] | None, message: dict) -> dict:
    pipe = Pipe(command, env)
    try:
        return pipe.call(message)
    finally:
        pipe.close()


SERVE = [sys.executable, "-m", "kam_tui", "sync-serve", "--stdio"]


def test_sync_serve_refuses_another_schema_version(pg_database):
    answer = _ask(SERVE, {"KAM_DB": pg_database},
                  {"op": "hello", "protocol": PROTOCOL, "schema": SCHEMA_VERSION + 1,
                   "replica": "abc123"})
    assert "schema is version" in answer["error"] and "nothing was changed" in answer["error"]


def test_sync_serve_on_a_file_says_it_serves_the_team_database(tmp_path):
    answer = _ask([*SERVE, "--db", str(tmp_path / "x.db")], None,
                  {"op": "hello", "protocol": PROTOCOL, "schema": SCHEMA_VERSION,
                   "replica": "abc123"})
    assert "postgresql://" in answer["error"]
    assert not (tmp_path / "x.db").exists()


def test_sync_serve_answers_garbage_with_an_error_and_goes_on(pg_database):
    pipe = Pipe(SERVE, {"KAM_DB": pg_database})
    try:
        assert pipe.process.stdin is not None and pipe.process.stdout is not None
        pipe.process.stdin.write(b"\x1b[2J not a message\n")
        pipe.process.stdin.flush()
        assert b"" != pipe.process.stdout.readline()
        answer = pipe.call({"op": "hello", "protocol": PROTOCOL, "schema": SCHEMA_VERSION,
                            "replica": "abc123", "host": "laptop\x1b[31m"})
        assert "error" not in answer and answer["names"]["abc123"].endswith("@laptop[31m")
    finally:
        pipe.close()


def test_an_address_is_checked_and_quoted_for_the_remote_shell():
    with pytest.raises(BadAddress):
        Address("-oProxyCommand=touch /tmp/x")
    with pytest.raises(BadAddress):
        Address("rep@server; rm -rf ~")
    command, env = Address("rep@server", ssh="ssh -p 2222", kam="/opt/kam/bin/kam",
                           server_db="postgresql:///kam?host=/run/x y").command(in_app=True)
    assert command[:6] == ["ssh", "-p", "2222", "-o", "BatchMode=yes", "--"]
    assert command[6] == "rep@server" and env == {}
    assert command[7] == ("/opt/kam/bin/kam sync-serve --stdio --db "
                          "'postgresql:///kam?host=/run/x y'")
    url = "postgresql://rep:secret@db/kam"
    command, env = Address(url).command()
    assert env == {"KAM_DB": url} and all("secret" not in part for part in command)
    assert Address(url).shown() == "postgresql://rep:***@db/kam"
    assert Address.parse(Address(url).text()) == Address(url)
    assert Address.parse("{not json") is None
