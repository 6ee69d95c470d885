"""What a person's screens remember between runs (the map's last account, the pipeline's period).

It is the person's own, so it lives in their state folder, never in the database: on the team's
server fifty people share that. One private JSON file a database (named by a digest of its path
or its server, as drafts are), and one for what belongs to no database (saved import mappings).
A file kam cannot read is treated as empty: a screen then opens on its default.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import peewee as pw

from kam_tui.core import paths

_LOCK = threading.Lock()  # workers of one app write from several threads


def database_name(db: pw.Database | None) -> str:
    """Return what names a database across runs: its file's full path, or its server and name."""
    if db is None:
        return ""
    db = getattr(db, "obj", None) or db  # through the models' proxy to the database itself
    name = str(db.database)
    if isinstance(db, pw.PostgresqlDatabase):
        params = getattr(db, "connect_params", {}) or {}
        return f"postgresql://{params.get('host', '')}:{params.get('port', '')}/{name}"
    if name == ":memory:":
        return name
    return str(Path(name).resolve())


class PersonalState:
    """A small key/value store of one person's screen state, written whole on each change."""

    def __init__(self, db: pw.Database | None = None, folder: Path | None = None) -> None:
        name = database_name(db)
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16] if name else "global"
        self.path = (folder or paths.state_dir() / "screens") / f"{digest}.json"

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, key: str, default: str = "") -> str:
        """Return a remembered value, or the default."""
        return self._read().get(key, default)

    def put(self, key: str, value: str) -> None:
        """Remember a value (written only when it changes)."""
        from kam_tui.core.files import write_private

        with _LOCK:
            data = self._read()
            if data.get(key) == value:
                return
            data[key] = value
            write_private(self.path, json.dumps(data, ensure_ascii=False, indent=1),
                          overwrite=True)

    def keys(self, prefix: str = "") -> list[str]:
        """Return the remembered keys that start with prefix."""
        return sorted(key for key in self._read() if key.startswith(prefix))
