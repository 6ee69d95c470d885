"""kam on a pseudo-terminal, as over SSH: keys in, screen bytes out, and the screen they draw."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]


class KamTerminal:
    """kam running on a 120×40 pseudo-terminal with TERM=xterm-256color and no COLORTERM."""

    def __init__(self, db_path: Path) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        env.pop("COLORTERM", None)
        self.process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from kam_tui.cli import main; "
             "sys.exit(main(sys.argv[1:]))", "--db", str(db_path), "--lang", "en"],
            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
            start_new_session=True)
        os.close(slave)
        self.output = b""
        self.screen = pyte.Screen(120, 40)
        self._stream = pyte.ByteStream(self.screen)

    def read(self, timeout: float = 0.1) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return  # the other side is gone
            self.output += chunk
            self._stream.feed(chunk)

    def wait_for(self, marker: bytes, seconds: float = 60) -> int:
        """Wait until marker is drawn after what was read so far; return where it ends."""
        start = len(self.output)
        deadline = time.monotonic() + seconds
        while marker not in self.output[start:]:
            assert time.monotonic() < deadline, f"{marker!r} never showed"
            assert self.process.poll() is None, "kam exited"
            self.read()
        return len(self.output)

    def text(self) -> str:
        """Return what the terminal shows now, line by line."""
        return "\n".join(self.screen.display)

    def wait_to_show(self, *texts: str, seconds: float = 60) -> str:
        """Read until every text is on the screen at once; return the screen."""
        deadline = time.monotonic() + seconds
        while not all(text in self.text() for text in texts):
            assert time.monotonic() < deadline, f"{texts!r} never showed:\n{self.text()}"
            assert self.process.poll() is None, "kam exited"
            self.read()
        return self.text()

    def press(self, keys: bytes) -> None:
        """Write the keys in one write: kam reads them as one chunk, as from a slow link."""
        os.write(self.master, keys)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(30)
        os.close(self.master)
