"""Where a laptop's server is, and the pipe that reaches it: ssh, or a local child for a URL."""

from __future__ import annotations

import json
import shlex
import sys
from dataclasses import asdict, dataclass

from kam_tui.core.db.postgres import is_server_url, where
from kam_tui.core.sync.transport import Pipe


class BadAddress(ValueError):
    """An address kam cannot reach a server by; the message says what is wrong."""


@dataclass(frozen=True)
class Address:
    """A server: `user@host` reached through ssh, or a `postgresql://` URL on the LAN."""

    remote: str
    ssh: str = "ssh"  # the ssh command and its options, as rsync's -e takes them
    kam: str = "kam"  # the kam command on the server
    server_db: str = ""  # the database `kam sync-serve` serves there ('' : the server's own)

    def __post_init__(self) -> None:
        if not self.remote.strip():
            raise BadAddress("no server given: use user@server or a postgresql:// URL")
        if not self.on_lan and (self.remote.startswith("-") or any(
                ch.isspace() or not ch.isprintable() for ch in self.remote)):
            raise BadAddress(f"{self.remote!r} is not a server: use user@server")
        try:
            shlex.split(self.ssh), shlex.split(self.kam)
        except ValueError as error:
            raise BadAddress(f"the ssh or kam command cannot be read ({error})") from error

    @property
    def on_lan(self) -> bool:
        """Whether the server is a PostgreSQL URL rather than an ssh login."""
        return is_server_url(self.remote)

    def shown(self) -> str:
        """Return the address as the header shows it (a URL without its password)."""
        return where(self.remote) if self.on_lan else self.remote

    def text(self) -> str:
        """Return the form remembered in the database."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def parse(cls, text: str) -> Address | None:
        """Return the address remembered as text, or None when there is none or it is not one."""
        try:
            found = json.loads(text)
            return cls(**{key: str(found[key]) for key in ("remote", "ssh", "kam", "server_db")})
        except (ValueError, TypeError, KeyError, BadAddress):
            return None

    def command(self, *, in_app: bool = False) -> tuple[list[str], dict[str, str]]:
        """Return the command that runs `kam sync-serve --stdio` for this server, and its env."""
        if self.on_lan:
            # The URL goes in the environment, where other users' `ps` does not show a password.
            return ([sys.executable, "-m", "kam_tui", "sync-serve", "--stdio"],
                    {"KAM_DB": self.remote})
        serve = [*shlex.split(self.kam), "sync-serve", "--stdio"]
        if self.server_db:
            serve += ["--db", self.server_db]
        options = ["-o", "BatchMode=yes"] if in_app else []  # the app cannot answer a prompt
        remote_line = " ".join(shlex.quote(part) for part in serve)  # ssh hands a shell a line
        return [*shlex.split(self.ssh), *options, "--", self.remote, remote_line], {}

    def connect(self, *, in_app: bool = False) -> Pipe:
        """Start the pipe to the server."""
        command, env = self.command(in_app=in_app)
        return Pipe(command, env or None, detached=in_app)
