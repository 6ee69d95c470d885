"""`kam sync user@server` end to end, as a rep runs it: the real command, a real sshd on
127.0.0.1, `kam sync-serve --stdio` on the far side, a team database made by `kam server init`.

Laptop A's data goes up, laptop B's first sync brings the same rows down, an edit on B comes
back to A, a bare `kam sync` reaches the remembered server, a wrong --remote-kam fails in one
line and changes nothing, and a `kam sync` killed (-9) half way through converges when run
again, nothing doubled.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee as pw
import psycopg
import pytest

from kam_tui.core.db import backup, records
from kam_tui.core.db import models as m
from kam_tui.core.db.database import open_database
from kam_tui.core.db.sync_tables import TABLES
from kam_tui.core.sync import rows
from kam_tui.core.sync.bound import bound
from tests.helpers import add_account
from tests.pg_server import admin_sql, database_url
from tests.ssh_server import SshServer, skip_or_fail_if_missing

VENV_KAM = Path(sys.executable).parent / "kam"
KAM = [str(VENV_KAM)] if VENV_KAM.is_file() else [sys.executable, "-m", "kam_tui"]
REMOTE_KAM = str(VENV_KAM) if VENV_KAM.is_file() else f"{sys.executable} -m kam_tui"
SYNC_SECONDS = 300  # one `kam sync` on a busy 2-core machine: generous
WAIT_SECONDS = 300
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def sshd() -> Iterator[SshServer]:
    skip_or_fail_if_missing()
    server = SshServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server_url(pg_cluster: str) -> Iterator[str]:
    """Return the URL of a fresh, empty PostgreSQL database made by `kam server init`."""
    name = f"kam_ssh_{os.getpid()}_{next(_numbers)}"
    admin_sql(pg_cluster, f"CREATE DATABASE {name}")
    url = database_url(pg_cluster, name)
    try:
        done = subprocess.run([*KAM, "server", "init", url], capture_output=True, text=True,
                              timeout=SYNC_SECONDS)
        assert done.returncode == 0, done.stderr
        yield url
    finally:
        admin_sql(pg_cluster, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _laptop(path: Path, make: Callable[[], None] | None = None) -> Path:
    """Make a laptop's database file, with what make() writes through the record engine."""
    db = open_database(path, init=True)
    try:
        if make is not None:
            with bound(db):
                make()
    finally:
        db.close()
    return path


def _kam_sync(laptop: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KAM, "--db", str(laptop), "sync", *args], capture_output=True,
                          text=True, timeout=SYNC_SECONDS, stdin=subprocess.DEVNULL)


def _address(sshd: SshServer, url: str, kam: str = REMOTE_KAM) -> list[str]:
    return [sshd.remote, "--ssh", sshd.ssh_command(), "--remote-kam", kam, "--server-db", url]


def _synced(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"kam sync failed ({result.returncode}):\n{result.stderr}"
    return result.stdout


def _state(target: Path | str) -> dict[str, dict[str, dict]]:
    """Return every travelling row of a laptop file or the server, by table and uuid."""
    db = open_database(target)
    try:
        with bound(db):
            return {table.name: {key: values for _, key, _, values in rows.read(db, table, "1=1")}
                    for table in TABLES}
    finally:
        db.close()


def _same(first: dict, second: dict) -> list:
    """Return where two states differ (first few), [] when they are the same."""
    out = []
    for table in sorted(set(first) | set(second)):
        a, b = first.get(table, {}), second.get(table, {})
        for key in sorted(set(a) ^ set(b)):
            out.append((table, key, "only on one side"))
        for key in sorted(set(a) & set(b)):
            if a[key] != b[key]:
                out.append((table, key, {name: (a[key].get(name), b[key].get(name))
                                         for name in a[key] if a[key].get(name)
                                         != b[key].get(name)}))
    return out[:10]


def _accounts(state: dict) -> dict[str, str]:
    return {key: values["name"] for key, values in state["account"].items()}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _first_data(count: int, prefix: str) -> Callable[[], None]:
    def make() -> None:
        with records.transaction():
            for n in range(count):
                account = add_account(f"{prefix} {n:05d}", region="north",
                                      notes=f"notes {n}")
                if n % 10 == 0:
                    m.Contact.create(account=account, name=f"Person {n}")
                    m.RevisitRule.create(account=account, rule="quarterly", every_days=90)
    return make


def test_two_laptops_sync_through_ssh_and_converge(sshd: SshServer, server_url: str,
                                                   tmp_path: Path) -> None:
    laptop_a = _laptop(tmp_path / "a.db", _first_data(30, "Alpha"))
    before = _state(laptop_a)
    folder = backup.folder_for(laptop_a)
    assert backup.list_backups(folder) == []

    out = _synced(_kam_sync(laptop_a, *_address(sshd, server_url)))
    assert out.startswith("Sent "), out
    # Sending changes nothing here but the marks: no backup until something is received.
    assert backup.list_backups(folder) == []
    server = _state(server_url)
    assert _accounts(server) == _accounts(before)
    assert not _same({"account": server["account"]}, {"account": before["account"]})

    laptop_b = _laptop(tmp_path / "b.db")
    _synced(_kam_sync(laptop_b, *_address(sshd, server_url)))
    state_b = _state(laptop_b)
    assert not _same(state_b, _state(server_url)), _same(state_b, _state(server_url))
    assert _accounts(state_b) == _accounts(before)  # the same uuids and names as A's
    for key, values in before["account"].items():
        assert state_b["account"][key] == values

    # An edit on B, then syncs with no address: the remembered server, ssh and kam are used.
    some = sorted(state_b["account"])[3]
    db = open_database(laptop_b)
    try:
        with bound(db), records.transaction():
            m.Account.update(notes="edited on B", version=m.Account.version + 1).where(
                m.Account.uuid == some).execute()
    finally:
        db.close()
    out = _synced(_kam_sync(laptop_b))
    assert "Sent 0 changes" not in out, out
    _synced(_kam_sync(laptop_a))
    state_a, server = _state(laptop_a), _state(server_url)
    assert state_a["account"][some]["notes"] == "edited on B"
    # The backup was taken before B's edit was written into A: it holds A as it was.
    made = [each for each in backup.list_backups(folder) if each.reason == "sync"]
    assert len(made) == 1, backup.list_backups(folder)
    with pw.SqliteDatabase(str(made[0].path)) as copy:
        assert copy.execute_sql("SELECT notes FROM account WHERE uuid = ?",
                                (some,)).fetchone()[0] == before["account"][some]["notes"]
        assert copy.execute_sql("SELECT count(*) FROM account").fetchone()[0] == 30
    assert not _same(state_a, server), _same(state_a, server)
    assert not _same(_state(laptop_b), server)

    # Nothing changed: a sync sends and receives nothing.
    out = _synced(_kam_sync(laptop_a))
    assert out.startswith("Sent 0 changes, received 0"), out


def test_a_wrong_remote_kam_fails_in_one_line_and_changes_nothing(
        sshd: SshServer, server_url: str, tmp_path: Path) -> None:
    laptop = _laptop(tmp_path / "a.db", _first_data(12, "Beta"))
    _synced(_kam_sync(laptop, *_address(sshd, server_url)))
    db = open_database(laptop)
    try:
        with bound(db):
            add_account("Beta made after the first sync")
    finally:
        db.close()
    before, sha = _state(laptop), _sha(laptop)

    wrong = str(tmp_path / "no-such-kam")
    result = _kam_sync(laptop, *_address(sshd, server_url, kam=wrong))
    assert result.returncode == 1, result
    lines = [line for line in result.stderr.splitlines()
             if line and not line.startswith(("Syncing ", "  "))]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kam: ") and "kam sync again" in lines[0], lines
    assert _sha(laptop) == sha  # the file itself is as it was, byte for byte
    assert _state(laptop) == before
    assert "Beta made after the first sync" not in _accounts(_state(server_url)).values()

    # The wrong command was not remembered: a bare sync reaches the server and converges.
    _synced(_kam_sync(laptop))
    assert not _same(_state(laptop), _state(server_url))
    assert "Beta made after the first sync" in _accounts(_state(server_url)).values()
    # Last, as it depends on what ssh said: the message names the command that is missing
    # (ssh's "bash: …/no-such-kam: No such file or directory"), not just "the link ended".
    assert "no-such-kam" in lines[0], lines[0]


def _server_count(url: str, sql: str) -> int:
    with psycopg.connect(url, autocommit=True) as connection:
        return int(connection.execute(sql).fetchone()[0])


def _wait(condition: Callable[[], bool], process: subprocess.Popen, what: str) -> None:
    """Wait until condition() holds while process still runs; fail at the deadline."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        try:
            # The polling step: returns at once when `kam sync` ends (then it is too late).
            process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        _out, err = process.communicate()
        raise AssertionError(f"kam sync ended ({process.returncode}) before {what}:\n{err}")
    raise AssertionError(f"{what} did not happen within {WAIT_SECONDS} s")


@pytest.mark.parametrize("moment", ["push", "pull"])
def test_a_sync_killed_half_way_converges_when_run_again(
        sshd: SshServer, server_url: str, tmp_path: Path, moment: str) -> None:
    total = 2000
    laptop = _laptop(tmp_path / "big.db", _first_data(total, "Gamma"))
    if moment == "pull":  # the server has it all; a fresh laptop is killed while it pulls
        _synced(_kam_sync(laptop, *_address(sshd, server_url)))
        laptop = _laptop(tmp_path / "fresh.db")
    command = [*KAM, "--db", str(laptop), "sync", *_address(sshd, server_url)]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        if moment == "push":
            _wait(lambda: _server_count(server_url, "SELECT count(*) FROM account") > 0,
                  process, "the server received part of the laptop's rows")
        else:
            def half_pulled() -> bool:
                try:
                    with pw.SqliteDatabase(str(laptop), timeout=1) as db:
                        found = db.execute_sql("SELECT count(*) FROM account").fetchone()[0]
                except pw.OperationalError:  # locked by the sync's write: look again
                    return False
                return found > 0
            _wait(half_pulled, process, "the laptop pulled part of the server's rows")
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()  # no-op when killed already
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    with pw.SqliteDatabase(str(laptop)) as db:  # it was cut: the first sync had not finished
        cursors = [row[0] for row in db.execute_sql(
            "SELECT cursor FROM sync_peer WHERE server = 'yes'").fetchall()]
    assert len(cursors) == 1 and cursors[0] != "done", cursors

    # kill -9 leaves the far side's sync-serve to notice the hang-up; the next sync is unharmed.
    _synced(_kam_sync(laptop))  # the remembered address, or the one given
    laptop_state, server = _state(laptop), _state(server_url)
    if moment == "push":
        assert len(server["account"]) == total
    assert len(laptop_state["account"]) == total
    assert not _same(laptop_state, server), _same(laptop_state, server)
    names = list(_accounts(server).values())
    assert len(names) == len(set(names)) == total  # nothing doubled
    assert _server_count(server_url, "SELECT count(*) FROM account") == total
    assert _server_count(server_url, "SELECT count(*) FROM revisit_rule") == total // 10
    assert _server_count(server_url, "SELECT count(*) FROM contact") == total // 10
    with pw.SqliteDatabase(str(laptop)) as db:
        for table in ("account", "contact", "revisit_rule"):
            count, distinct = db.execute_sql(
                f"SELECT count(*), count(DISTINCT uuid) FROM {table}").fetchone()
            assert count == distinct == len(server[table]), table
        assert db.execute_sql("SELECT count(*) FROM (SELECT account_id, rule FROM revisit_rule "
                              "GROUP BY account_id, rule HAVING count(*) > 1) d"
                              ).fetchone()[0] == 0
    # And once more: nothing is left to send or receive.
    out = _synced(_kam_sync(laptop))
    assert out.startswith("Sent 0 changes, received 0"), out
