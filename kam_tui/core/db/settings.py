"""Key-value settings stored in the database, read and written in one place."""

from __future__ import annotations

from kam_tui.core.db import models as m
from kam_tui.core.db.records import transaction


def get_setting(key: str, default: str = "") -> str:
    """Return a stored setting, or the default."""
    value = m.Setting.select(m.Setting.value).where(m.Setting.key == key).scalar()
    return default if value is None else str(value)


def set_setting(key: str, value: str) -> None:
    """Store a setting, writing only when it changes."""
    if m.Setting.select().where((m.Setting.key == key) & (m.Setting.value == value)).exists():
        return
    with transaction():
        (m.Setting.insert(key=key, value=value)
         .on_conflict(conflict_target=[m.Setting.key], update={m.Setting.value: value})
         .execute())
