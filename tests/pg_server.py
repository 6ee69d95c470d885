"""A real, throw-away PostgreSQL server for the tests: initdb in a temporary folder, socket only.

`initdb` refuses to run as root, so as root the server runs as the `postgres` user. The server
listens on a Unix socket in its own folder and nowhere else; `stop()` ends it and removes it.
Set KAM_TEST_PG to a superuser's URL to use a server of your own instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

SUPERUSER = "postgres"


def database_url(url: str, database: str, user: str | None = None) -> str:
    """Return url naming another database (and, if given, another user) on the same server."""
    head, _, query = url.partition("?")
    scheme, _, rest = head.partition("://")
    authority, _, _old = rest.partition("/")
    if user is not None:
        authority = user + "@" + authority.rpartition("@")[2]
    return f"{scheme}://{authority}/{database}" + ("?" + query if query else "")


def admin_sql(url: str, *statements: str) -> None:
    """Run statements as the superuser of url, each outside a transaction (CREATE DATABASE)."""
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def binaries() -> Path | None:
    """Return the folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parent.parent.name))
    return Path(versions[-1]).parent if versions else None


class PgServer:
    """One throw-away server: start() returns the superuser's URL to its maintenance database."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.bin = binaries()

    @property
    def socket_dir(self) -> Path:
        """Return the folder holding the server's socket."""
        assert self.root is not None
        return self.root / "socket"

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """Return the URL of database on this server, as user (trust authentication)."""
        return f"postgresql://{user}@/{database}?host={self.socket_dir}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> str:
        """Create and start the server; return the superuser's URL."""
        if self.bin is None:
            raise RuntimeError("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
        self.root = Path(tempfile.mkdtemp(prefix="kam-pg-"))
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, SUPERUSER)
            shutil.chown(self.socket_dir, SUPERUSER)
        data = self.root / "data"
        # UTF-8 ctype: trigram search of Chinese names needs it (with C, show_trgm is empty).
        self._run("initdb", "-D", str(data), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses='' -k {self.socket_dir} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "log"),
                  "-w", "-t", "60", "start")
        return self.url()

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self.root is None:
            return
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
