"""The choices a reference field offers: our people, dealers, an account's contacts."""

from __future__ import annotations

from kam_tui.core.db import models as m


def ref_options(ref: str, account_id: int | None = None,
                exclude_id: int | None = None) -> list[tuple[str, int]]:
    """Return (label, id) options for a reference field."""
    if ref == "staff":
        query = m.Staff.alive().where(m.Staff.role != "dealer").order_by(m.Staff.name)
        return [(row.name, row.id) for row in query]
    if ref == "dealer":
        query = m.Staff.alive().where(m.Staff.role == "dealer").order_by(m.Staff.name)
        return [(row.name, row.id) for row in query]
    if ref == "contact":
        query = (m.Contact.alive().where(m.Contact.account == account_id)
                 .order_by(m.Contact.department, m.Contact.name))
        return [
            (f"{row.name} · {row.title}" if row.title else row.name, row.id)
            for row in query if row.id != exclude_id
        ]
    raise ValueError(f"unknown reference list {ref!r}")
