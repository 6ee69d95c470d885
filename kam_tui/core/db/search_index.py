"""An account's search text: what search-as-you-type scans, rebuilt from the account and its people."""

from __future__ import annotations

from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import locked
from kam_tui.core.domain.search import search_text


def refresh_search_text(account_id: int) -> None:
    """Rebuild the account's search haystack from its names, phone and live contacts."""
    # Three columns, not the card's forty: an import saves thousands of accounts in a row.
    # Locked: two reps saving contacts of one account each rebuild the text with the other's
    # contact, not over it.
    found = locked(
        m.Account.select(m.Account.name, m.Account.short_name, m.Account.phone)
        .where(m.Account.id == account_id)).tuples().first()
    if found is None:
        return
    name, short_name, phone = found
    names: list[str] = []
    handles: list[str] = []
    contacts = (m.Contact.alive()
                .select(m.Contact.name, m.Contact.phone, m.Contact.mobile, m.Contact.email,
                        m.Contact.wechat)
                .where(m.Contact.account == account_id).tuples())
    for person, *ways in contacts:
        names.append(person)
        handles.extend(ways)
    text = search_text(name or "", short_name or "", phone or "", names, handles)
    m.Account.update(search_text=text).where(m.Account.id == account_id).execute()
