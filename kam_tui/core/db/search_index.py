"""An account's search text: what search-as-you-type scans, rebuilt from the account and its people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import execute_many, locked
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


CHUNK = 500  # accounts per statement of a batch rebuild
# The columns an account's search text is made of, per table.
SEARCHED = {"account": {"name", "short_name", "phone"},
            "contact": {"name", "phone", "mobile", "email", "wechat", "deleted_at", "account_id"}}


def accounts_fed_by(table: str, uuids: Sequence[str]) -> list[int]:
    """Return the ids of the accounts whose search text these rows of table feed."""
    if table not in SEARCHED:
        return []
    column = "id" if table == "account" else "account_id"
    found: list[int] = []
    for start in range(0, len(uuids), CHUNK):
        part = list(uuids[start:start + CHUNK])
        marks = ", ".join("?" for _ in part)
        found += [each for (each,) in m.Account._meta.database.execute_sql(
            f'SELECT {column} FROM "{table}" WHERE uuid IN ({marks})', part).fetchall()
            if each is not None]
    return found


def refresh_search_texts(account_ids: Iterable[int]) -> None:
    """Rebuild the search text of many accounts at once (a sync's page of new accounts)."""
    ids = sorted(set(account_ids))
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        accounts = locked(
            m.Account.select(m.Account.id, m.Account.name, m.Account.short_name, m.Account.phone)
            .where(m.Account.id.in_(part))).tuples()
        people: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for account, *person in (m.Contact.alive()
                                 .select(m.Contact.account, m.Contact.name, m.Contact.phone,
                                         m.Contact.mobile, m.Contact.email, m.Contact.wechat)
                                 .where(m.Contact.account.in_(part))
                                 .order_by(m.Contact.id).tuples()):
            people[account].append(person)
        rows = [(search_text(name or "", short_name or "", phone or "",
                             [person[0] for person in people[account]],
                             [way for person in people[account] for way in person[1:]]),
                 account)
                for account, name, short_name, phone in accounts]
        execute_many(m.Account._meta.database, "UPDATE account SET search_text = ? WHERE id = ?",
                     rows)
