"""A real, throw-away OpenSSH server for the tests: `sshd` on 127.0.0.1, keys in a temp folder.

    server = SshServer()
    server.start()            # skips the test when sshd or ssh-keygen is missing (fails on CI)
    kam sync server.remote --ssh server.ssh_command() ...
    server.stop()

The server runs as a child process (`sshd -D -e`), listens on a free port of 127.0.0.1 only,
lets in the current user with a key made for it (no password, no PAM), and logs to its own
file in the folder. `stop()` ends it and removes the folder.
"""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

SSHD = "/usr/sbin/sshd"
START_SECONDS = 60.0  # a busy 2-core machine can be slow to make keys and start sshd


def _missing() -> str | None:
    """Return what is missing to run sshd here, or None."""
    if not (os.path.isfile(SSHD) or shutil.which("sshd")):
        return "sshd (apt-get install openssh-server)"
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            return f"{tool} (apt-get install openssh-client)"
    return None


def skip_or_fail_if_missing() -> None:
    """Skip the calling test when OpenSSH is not installed; fail instead when CI is set."""
    import pytest

    missing = _missing()
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the ssh sync tests, but {missing} is missing")
    pytest.skip(f"{missing} is not installed; the ssh sync tests did not run")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SshServer:
    """One sshd on 127.0.0.1, for the current user, with its own host and client keys."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.user = getpass.getuser()

    @property
    def key(self) -> Path:
        """Return the client's private key."""
        assert self.root is not None
        return self.root / "client_key"

    @property
    def log(self) -> Path:
        """Return sshd's log file."""
        assert self.root is not None
        return self.root / "sshd.log"

    @property
    def remote(self) -> str:
        """Return the address `kam sync` is given: user@127.0.0.1."""
        return f"{self.user}@127.0.0.1"

    def ssh_command(self) -> str:
        """Return the ssh command (with options) for `kam sync --ssh`."""
        return " ".join(shlex.quote(part) for part in self.ssh_argv())

    def ssh_argv(self) -> list[str]:
        """Return the ssh command as a list (the tests' own direct ssh calls)."""
        return ["ssh", "-p", str(self.port), "-i", str(self.key),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"]

    def start(self) -> SshServer:
        """Make the keys and the config, start sshd, wait until it answers; return self."""
        missing = _missing()
        if missing is not None:
            raise RuntimeError(f"cannot start sshd: {missing} is missing")
        sshd = SSHD if os.path.isfile(SSHD) else os.path.realpath(shutil.which("sshd") or SSHD)
        self.root = Path(tempfile.mkdtemp(prefix="kam-sshd-"))
        os.chmod(self.root, 0o700)
        host_key = self.root / "host_key"
        for key in (host_key, self.key):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kam-test",
                            "-f", str(key)], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        authorized = self.root / "authorized_keys"
        authorized.write_text(Path(f"{self.key}.pub").read_text())
        os.chmod(authorized, 0o600)
        # sshd refuses to start without its privilege-separation folder.
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)
        home = self.root / "home"  # the folders kam uses when run through this sshd
        last_error = ""
        for _attempt in range(5):  # another process may take the free port first
            self.port = _free_port()
            config = self.root / "sshd_config"
            config.write_text("\n".join([
                "ListenAddress 127.0.0.1",
                f"Port {self.port}",
                f"HostKey {host_key}",
                f"AuthorizedKeysFile {authorized}",
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                f"PidFile {self.root / 'sshd.pid'}",
                # The server side's own folders: what kam writes there stays in the temp folder.
                f"SetEnv KAM_DATA_DIR={home}/data KAM_STATE_DIR={home}/state "
                f"KAM_CONFIG_DIR={home}/config",
                "MaxStartups 100",
                "LogLevel INFO",  # "Server listening on …" is what start waits for
                "",
            ]))
            self.process = subprocess.Popen([sshd, "-D", "-e", "-f", str(config)],
                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.PIPE)
            if self._wait_listening():
                self._wait_login()
                return self
            last_error = self.log.read_text(errors="replace")[-2000:]
            self._end_process()
        self.stop()
        raise RuntimeError(f"sshd did not start: {last_error.strip() or 'no message'}")

    def _wait_listening(self) -> bool:
        """Return once sshd says it listens (False: it ended first, e.g. the port was taken).

        sshd -D -e logs to its stderr: a thread copies that to the log file and sets an event
        at "Server listening on", so the wait is on sshd's own word, with a deadline.
        """
        assert self.process is not None and self.process.stderr is not None
        listening = threading.Event()
        ended = threading.Event()
        stream, log_path = self.process.stderr, self.log

        def copy() -> None:
            with open(log_path, "ab") as log:
                for line in iter(stream.readline, b""):
                    log.write(line)
                    log.flush()
                    if b"Server listening on" in line:
                        listening.set()
            ended.set()
            listening.set()  # wakes the waiter: sshd closed its stderr (it ended)

        threading.Thread(target=copy, name="sshd-log", daemon=True).start()
        if not listening.wait(START_SECONDS):
            raise RuntimeError(f"sshd did not start listening on port {self.port} within "
                               f"{START_SECONDS:.0f} s")
        return not ended.is_set()

    def _wait_login(self) -> None:
        """Check that the key lets the user in and run a command (no PAM, no password)."""
        result = subprocess.run([*self.ssh_argv(), "--", self.remote, "echo kam-ssh-ok"],
                                capture_output=True, text=True, timeout=START_SECONDS)
        if result.returncode != 0 or "kam-ssh-ok" not in result.stdout:
            detail = (result.stderr + self.log.read_text(errors="replace"))[-2000:]
            self.stop()
            raise RuntimeError(f"ssh to the test sshd failed ({result.returncode}): {detail}")

    def _end_process(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def stop(self) -> None:
        """Stop sshd and remove its folder."""
        self._end_process()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> SshServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
