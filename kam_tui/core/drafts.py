"""Unsaved form contents kept in private files, so a dropped link or a crash loses no typing."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kam_tui.core.db.postgres import for_anyone, is_server_url
from kam_tui.core.paths import drafts_dir, private_dir

MAX_AGE_DAYS = 30  # a draft nobody came back to in a month is let go


@dataclass
class Draft:
    """What a rep had typed into one form, and where it belongs."""

    kind: str
    record_id: int | None
    parent_id: int | None
    values: dict[str, Any]
    account_id: int | None = None  # the account whose contacts the form offers
    title: str = ""  # what the rep will recognise it by: the record's name
    version: int | None = None  # the record's version when the form was opened
    opened: dict[str, Any] | None = None  # the stored values then, for the conflict check
    saved_at: float = field(default_factory=time.time)

    @property
    def key(self) -> str:
        """Return the name of the form this draft belongs to."""
        return draft_key(self.kind, self.record_id, self.parent_id)


def draft_key(kind: str, record_id: int | None, parent_id: int | None) -> str:
    """Return the file-safe name of one form: its kind and record, or its parent when new."""
    target = f"{record_id}" if record_id is not None else f"new-{parent_id or 0}"
    return f"{kind}-{target}"


class DraftStore:
    """The drafts of one database file, each a 0600 JSON file in the user's state folder."""

    def __init__(self, database: str, folder: Path | None = None) -> None:
        # Drafts of one database must never be offered in another: a folder per database path.
        # A server is named by its URL (its password left out, so it never reaches a file name).
        if database == ":memory:":
            resolved = database
        elif is_server_url(database):
            resolved = for_anyone(database)
        else:
            resolved = str(Path(database).resolve())
        digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
        self.folder = (folder or drafts_dir()) / digest

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def save(self, draft: Draft) -> None:
        """Write the draft atomically: a half-written file must never replace a whole one."""
        private_dir(self.folder)
        data = json.dumps(asdict(draft), ensure_ascii=False, default=str).encode("utf-8")
        fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".draft-", suffix=".tmp")  # 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self._path(draft.key))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def load(self, key: str) -> Draft | None:
        """Return the draft of one form, or None (also for a file that does not read as one)."""
        try:
            data = json.loads(self._path(key).read_text("utf-8"))
            return Draft(**data)
        except (OSError, ValueError, TypeError):
            return None

    def discard(self, key: str) -> None:
        """Forget the draft of one form."""
        self._path(key).unlink(missing_ok=True)

    def all(self) -> list[Draft]:
        """Return every readable draft, newest first, letting go of those past MAX_AGE_DAYS."""
        if not self.folder.is_dir():
            return []
        drafts = []
        oldest = time.time() - MAX_AGE_DAYS * 86400
        for path in self.folder.glob("*.json"):
            draft = self.load(path.stem)
            if draft is None:
                continue
            if draft.saved_at < oldest:
                path.unlink(missing_ok=True)
                continue
            drafts.append(draft)
        return sorted(drafts, key=lambda item: item.saved_at, reverse=True)

