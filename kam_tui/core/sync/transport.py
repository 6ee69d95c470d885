"""Ways to reach the server: a `kam sync-serve --stdio` over a pipe (through ssh, or run here
for a `postgresql://` URL), or a server in this process (the tests' many replicas)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from collections.abc import Mapping, Sequence
from typing import Any

from kam_tui.core.sync.server import SyncServer
from kam_tui.core.sync.wire import ProtocolError, decode, encode


class InProcess:
    """A server in this process; every message still goes through the wire form."""

    def __init__(self, server: SyncServer) -> None:
        self.server = server
        self.sent = 0
        self.received = 0

    def call(self, message: dict[str, Any]) -> dict[str, Any]:
        """Return the server's answer to message."""
        line = encode(message)
        self.sent += len(line)
        answer = encode(self.server.handle(decode(line)))
        self.received += len(answer)
        return decode(answer)


class Pipe:
    """A `kam sync-serve --stdio` child: one message per line each way."""

    def __init__(self, command: Sequence[str], env: Mapping[str, str] | None = None, *,
                 detached: bool = False) -> None:
        self.command = list(command)
        # detached (the app): no terminal of ours for ssh to ask a password on, or to draw on.
        self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=None if env is None else {**os.environ, **env},
                                        start_new_session=detached)
        self.sent = 0
        self.received = 0

    def call(self, message: dict[str, Any]) -> dict[str, Any]:
        """Return the server's answer to message; ProtocolError when the link is gone."""
        assert self.process.stdin is not None and self.process.stdout is not None
        line = encode(message)
        try:
            self.process.stdin.write(line)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise ProtocolError(self._why_gone()) from error
        answer = self.process.stdout.readline()
        if not answer:
            raise ProtocolError(self._why_gone())
        self.sent += len(line)
        self.received += len(answer)
        return decode(answer)

    def _why_gone(self) -> str:
        # The pipe ends a moment before the child exits: wait for it, or its last words
        # ("kam: command not found", "Permission denied") are not there to read yet.
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        detail = b""
        if self.process.stderr is not None and self.process.returncode is not None:
            detail = self.process.stderr.read()[-2000:]
        text = [line.strip() for line in detail.decode("utf-8", "replace").splitlines()
                if line.strip()]
        last = text[-1] if text else "no message"
        program = Path(self.command[0]).name if self.command else "?"
        return f"the link to the server ended ({program}: {last})"

    def close(self) -> None:
        """End the child: close its input and wait for it."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Refusing:
    """A server that cannot serve (its database refused to open): every answer says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def handle(self, message: dict[str, Any]) -> dict[str, Any]:
        """Return the refusal, whatever was asked."""
        return {"error": self.reason}


def serve(server: SyncServer | Refusing, reader: Any, writer: Any) -> None:
    """Answer messages from reader on writer until reader ends (the --stdio server's loop)."""
    for line in reader:
        try:
            answer = server.handle(decode(line))
        except ProtocolError as error:
            answer = {"error": str(error)}
        writer.write(encode(answer))
        writer.flush()
