"""Ways to reach the server: a `kam sync-serve --stdio` over a pipe (through ssh, or run here
for a `postgresql://` URL), or a server in this process (the tests' many replicas)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
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

    def __init__(self, command: Sequence[str]) -> None:
        self.command = list(command)
        self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
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
        self.process.poll()
        detail = b""
        if self.process.stderr is not None and self.process.returncode is not None:
            detail = self.process.stderr.read()[-2000:]
        text = detail.decode("utf-8", "replace").strip().splitlines()
        last = text[-1] if text else "no message"
        return f"the link to the server ended ({' '.join(self.command[:2])}…: {last})"

    def close(self) -> None:
        """End the child: close its input and wait for it."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve(db: Any, schema: int, reader: Any, writer: Any) -> None:
    """Answer messages from reader on writer until reader ends (the --stdio server's loop)."""
    server = SyncServer(db, schema)
    for line in reader:
        try:
            answer = server.handle(decode(line))
        except ProtocolError as error:
            answer = {"error": str(error)}
        writer.write(encode(answer))
        writer.flush()
