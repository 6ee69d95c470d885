"""The records the customer card edits, each with its own rules as record-engine hooks."""

from __future__ import annotations

from datetime import date
from typing import Any

from kam_tui.areas.customers.queries import LikelyDuplicate, likely_duplicates
from kam_tui.core.db import models as m
from kam_tui.core.db.records import RecordKind, bump
from kam_tui.core.db.search_index import refresh_search_text
from kam_tui.core.domain import fields as f
from kam_tui.core.domain.fields import FieldError
from kam_tui.core.domain.search import search_text


def _account_saved(account_id: int, data: dict[str, Any], today: date) -> None:
    refresh_search_text(account_id)


def _new_accounts(rows: list[dict[str, Any]], today: date) -> None:
    """Give new accounts their search text before they are stored: no contact has them yet."""
    for data in rows:
        data["search_text"] = search_text(data.get("name") or "", data.get("short_name") or "",
                                          data.get("phone") or "")


def _likely_duplicates(raw: dict[str, Any]) -> list[LikelyDuplicate]:
    """The live accounts a new one is likely to be (same name key or phone), to ask about."""
    return likely_duplicates(str(raw.get("name") or ""), str(raw.get("phone") or ""))


def _check_reports_to(values: dict[str, Any], record_id: int | None,
                      parent_id: int | None) -> dict[str, FieldError]:
    """A person cannot report to themselves, nor through a chain that comes back to them."""
    boss = values.get("reports_to_id")
    if record_id is None or boss is None:
        return {}
    if boss == record_id:
        return {"reports_to_id": FieldError.keyed("error.reports_to_self")}
    seen = {record_id}
    while boss is not None and boss not in seen:
        seen.add(boss)
        boss = m.Contact.select(m.Contact.reports_to).where(m.Contact.id == boss).scalar()
    if boss is not None:
        return {"reports_to_id": FieldError.keyed("error.reports_to_loop")}
    return {}


def _account_of(contact_id: int) -> int:
    return m.Contact.select(m.Contact.account).where(m.Contact.id == contact_id).scalar()


def _contact_saved(contact_id: int, data: dict[str, Any], today: date) -> None:
    account_id = _account_of(contact_id)
    if data.get("is_main"):
        # One main contact: the one losing the flag gets a new version, so a form open on it
        # conflicts instead of setting the flag back.
        bump(m.Contact, (m.Contact.account == account_id) & (m.Contact.id != contact_id)
             & (m.Contact.is_main == True), is_main=False)  # noqa: E712
    refresh_search_text(account_id)


def _contact_gone_or_back(contact_id: int) -> None:
    refresh_search_text(_account_of(contact_id))


ACCOUNT = RecordKind("account", m.Account, f.ACCOUNT_FIELDS, parent="",
                     after_save=_account_saved, derive_many=_new_accounts,
                     similar=_likely_duplicates)
CONTACT = RecordKind("contact", m.Contact, f.CONTACT_FIELDS, check=_check_reports_to,
                     after_save=_contact_saved, after_delete=_contact_gone_or_back,
                     after_restore=_contact_gone_or_back)
KINDS = (
    ACCOUNT,
    CONTACT,
    RecordKind("purchase", m.Purchase, f.PURCHASE_FIELDS),
    RecordKind("activity", m.Activity, f.ACTIVITY_FIELDS),
    RecordKind("competitor", m.CompetitorPresence, f.COMPETITOR_FIELDS),
    RecordKind("product", m.ProductInUse, f.PRODUCT_FIELDS),
)
