"""records: validated saves, version conflicts, soft delete and undo, contact rules, search text."""

from __future__ import annotations

from typing import Any

import pytest

from kam_tui.areas.customers.queries import AccountQuery, count_accounts, page_accounts
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.references import ref_options
from kam_tui.core.db.records import ConflictError, NotFound, ValidationFailed
from kam_tui.ui.i18n import error_text
from tests.helpers import TODAY

pytestmark = pytest.mark.both_engines


def account_raw(**over: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "name": "ACME Logistics", "abc_class": "B", "layer": "watch", "status": "potential",
        "lifecycle": "acquisition",
    }
    raw.update(over)
    return raw


def new_account(**over: Any) -> int:
    return records.save("account", account_raw(**over), today=TODAY)


def new_contact(account_id: int, name: str = "张伟", **over: Any) -> int:
    return records.save("contact", {"name": name, **over}, today=TODAY, parent_id=account_id)


def update(kind: str, record_id: int, **changes: Any) -> int:
    values, version = records.load(kind, record_id)
    values.update(changes)
    return records.save(kind, values, today=TODAY, record_id=record_id, expected_version=version,
                        opened_values=records.load(kind, record_id)[0])


def haystack(account_id: int) -> str:
    return m.Account.get_by_id(account_id).search_text


def search_ids(text: str) -> list[int]:
    return [row.id for row in page_accounts(AccountQuery(search=text), 0, 100)]


# --- create and update --------------------------------------------------------------------------

def test_save_new_account(db) -> None:
    account_id = new_account(phone="010-1234 5678", installed_base="1,200",
                              first_cooperation_date="2026-03-01")
    values, version = records.load("account", account_id)
    assert version == 1
    assert values["name"] == "ACME Logistics"
    assert values["installed_base"] == 1200
    assert values["first_cooperation_date"].isoformat() == "2026-03-01"
    row = m.Account.get_by_id(account_id)
    assert len(row.uuid) == 32
    assert row.deleted_at is None
    assert "acme logistics" in row.search_text
    assert "01012345678" in row.search_text


def test_update_increments_version(db, monkeypatch) -> None:
    from datetime import datetime

    account_id = new_account()
    assert records.load("account", account_id)[1] == 1
    # The record engine's clock, controlled: a save stamps the time it reads then.
    now = [datetime(2026, 11, 23, 9, 30)]
    monkeypatch.setattr(m, "utcnow", lambda: now[0])
    update("account", account_id, name="ACME Freight")
    values, version = records.load("account", account_id)
    assert (version, values["name"]) == (2, "ACME Freight")
    assert m.Account.get_by_id(account_id).updated_at == datetime(2026, 11, 23, 9, 30)
    now[0] = datetime(2026, 11, 23, 16, 5, 7)
    update("account", account_id, region="华北")
    values, version = records.load("account", account_id)
    assert (version, values["name"], values["region"]) == (3, "ACME Freight", "华北")
    assert m.Account.get_by_id(account_id).updated_at == datetime(2026, 11, 23, 16, 5, 7)


def test_sub_record_needs_its_account(db) -> None:
    with pytest.raises(ValueError):
        records.save("contact", {"name": "x"}, today=TODAY)
    assert m.Contact.select().count() == 0


def test_sub_records_saved_under_their_account(db) -> None:
    account_id = new_account()
    purchase_id = records.save("purchase", {"purchased_on": "2026-10-01", "amount": "50,000",
                                            "quantity": "5"}, today=TODAY, parent_id=account_id)
    row = m.Purchase.get_by_id(purchase_id)
    assert row.account_id == account_id
    assert row.amount == 50_000


# --- conflicts ----------------------------------------------------------------------------------

def test_stale_version_is_a_conflict_listing_changed_fields(db) -> None:
    account_id = new_account(phone="111")
    opened, version = records.load("account", account_id)
    # Someone else changes the phone and the region meanwhile.
    update("account", account_id, phone="222", region="华东")
    mine = dict(opened, notes="my notes")
    with pytest.raises(ConflictError) as info:
        records.save("account", mine, today=TODAY, record_id=account_id,
                     expected_version=version, opened_values=opened)
    conflict = info.value
    assert conflict.record_id == account_id
    assert conflict.kind == "account"
    assert set(conflict.changed) == {"phone", "region"}
    assert conflict.current is not None
    assert conflict.current["phone"] == "222"
    # Nothing of mine was saved.
    values, stored_version = records.load("account", account_id)
    assert values["notes"] == ""
    assert stored_version == 2


def test_conflict_compares_dates_and_numbers(db) -> None:
    account_id = new_account(first_cooperation_date="2026-01-01", installed_base="10")
    opened, version = records.load("account", account_id)
    update("account", account_id, installed_base=11)
    with pytest.raises(ConflictError) as info:
        records.save("account", opened, today=TODAY, record_id=account_id,
                     expected_version=version, opened_values=opened)
    assert info.value.changed == ("installed_base",)


def test_conflict_on_deleted_record_has_no_current(db) -> None:
    account_id = new_account()
    opened, version = records.load("account", account_id)
    records.soft_delete("account", account_id)
    with pytest.raises(ConflictError) as info:
        records.save("account", dict(opened, name="changed"), today=TODAY, record_id=account_id,
                     expected_version=version, opened_values=opened)
    assert info.value.current is None
    assert info.value.changed == ()
    assert m.Account.get_by_id(account_id).name == "ACME Logistics"


def test_update_of_missing_record_is_a_conflict(db) -> None:
    with pytest.raises(ConflictError) as info:
        records.save("account", account_raw(), today=TODAY, record_id=4242, expected_version=1)
    assert info.value.current is None


def test_delete_bumps_version_so_open_forms_conflict(db) -> None:
    contact_id = new_contact(new_account())
    opened, version = records.load("contact", contact_id)
    records.soft_delete("contact", contact_id)
    records.restore("contact", contact_id)
    with pytest.raises(ConflictError):
        records.save("contact", opened, today=TODAY, record_id=contact_id,
                     expected_version=version, opened_values=opened)


# --- validation ---------------------------------------------------------------------------------

def test_validation_failed_saves_nothing(db) -> None:
    with pytest.raises(ValidationFailed) as info:
        records.save("account", account_raw(name="", installed_base="lots", abc_class="Z"),
                     today=TODAY)
    assert set(info.value.errors) == {"name", "installed_base", "abc_class"}
    for error in info.value.errors.values():
        assert error.en and error.zh
    assert m.Account.select().count() == 0


def test_validation_failed_on_update_leaves_record(db) -> None:
    account_id = new_account()
    values, version = records.load("account", account_id)
    with pytest.raises(ValidationFailed):
        records.save("account", dict(values, name="New", status=""), today=TODAY,
                     record_id=account_id, expected_version=version, opened_values=values)
    assert records.load("account", account_id) == (values, version)


# --- soft delete and restore --------------------------------------------------------------------

def test_soft_delete_hides_and_restore_brings_back(db) -> None:
    keep = new_account(name="Keep")
    gone = new_account(name="Gone")
    records.soft_delete("account", gone)
    assert count_accounts(AccountQuery()) == 1
    assert [row.id for row in page_accounts(AccountQuery(), 0, 10)] == [keep]
    assert search_ids("gone") == []
    with pytest.raises(NotFound):
        records.load("account", gone)
    assert m.Account.get_by_id(gone).deleted_at is not None  # still in the file
    records.restore("account", gone)
    assert count_accounts(AccountQuery()) == 2
    assert search_ids("gone") == [gone]
    assert records.load("account", gone)[0]["name"] == "Gone"


def test_soft_deleted_sub_records_hidden_from_ref_options(db) -> None:
    account_id = new_account()
    a = new_contact(account_id, "Alice", title="CTO")
    b = new_contact(account_id, "Bob")
    assert sorted(ref_options("contact", account_id)) == [("Alice · CTO", a), ("Bob", b)]
    assert ref_options("contact", account_id, exclude_id=a) == [("Bob", b)]
    records.soft_delete("contact", b)
    assert ref_options("contact", account_id) == [("Alice · CTO", a)]


def test_ref_options_staff_and_dealers(db) -> None:
    rep = m.Staff.create(name="Rep", role="rep")
    dealer = m.Staff.create(name="Dealer Co", role="dealer")
    assert ref_options("staff") == [("Rep", rep.id)]
    assert ref_options("dealer") == [("Dealer Co", dealer.id)]
    with pytest.raises(ValueError):
        ref_options("nonsense")


# --- contacts: org chart and main contact -------------------------------------------------------

def test_cannot_report_to_oneself(db) -> None:
    account_id = new_account()
    c = new_contact(account_id)
    with pytest.raises(ValidationFailed) as info:
        update("contact", c, reports_to_id=c)
    assert "reports_to_id" in info.value.errors


def test_reporting_loops_refused(db) -> None:
    account_id = new_account()
    ceo = new_contact(account_id, "CEO")
    cto = new_contact(account_id, "CTO", reports_to_id=ceo)
    dev = new_contact(account_id, "Dev", reports_to_id=cto)
    # Direct loop: CEO -> CTO -> CEO
    with pytest.raises(ValidationFailed) as info:
        update("contact", ceo, reports_to_id=cto)
    assert "reports_to_id" in info.value.errors
    error = info.value.errors["reports_to_id"]
    assert error.key == "error.reports_to_loop"
    assert error_text(error, "zh") == "这会形成汇报关系循环"
    # Longer loop: CEO -> Dev -> CTO -> CEO
    with pytest.raises(ValidationFailed):
        update("contact", ceo, reports_to_id=dev)
    assert m.Contact.get_by_id(ceo).reports_to_id is None
    # A tree move is fine: Dev reports straight to the CEO.
    update("contact", dev, reports_to_id=ceo)
    assert m.Contact.get_by_id(dev).reports_to_id == ceo


def test_only_one_main_contact_per_account(db) -> None:
    account_id = new_account()
    other_account = new_account(name="Other")
    a = new_contact(account_id, "A", is_main=True)
    elsewhere = new_contact(other_account, "X", is_main=True)
    b = new_contact(account_id, "B", is_main=True)
    mains = [c.id for c in m.Contact.select().where((m.Contact.account == account_id)
                                                     & m.Contact.is_main)]
    assert mains == [b]
    assert m.Contact.get_by_id(elsewhere).is_main  # other accounts untouched
    update("contact", a, is_main=True)
    mains = [c.id for c in m.Contact.select().where((m.Contact.account == account_id)
                                                     & m.Contact.is_main)]
    assert mains == [a]


def test_losing_main_flag_is_a_change_others_see(db) -> None:
    # A rep has contact A (the main contact) open; meanwhile B is made main, which clears A.
    account_id = new_account()
    a = new_contact(account_id, "A", is_main=True)
    opened, version = records.load("contact", a)
    new_contact(account_id, "B", is_main=True)
    # Saving A's stale form must not silently take the main flag back without a conflict.
    with pytest.raises(ConflictError) as info:
        records.save("contact", dict(opened, phone="123"), today=TODAY, record_id=a,
                     expected_version=version, opened_values=opened)
    assert "is_main" in info.value.changed


def test_restoring_a_contact_keeps_one_main(db) -> None:
    account_id = new_account()
    a = new_contact(account_id, "A", is_main=True)
    records.soft_delete("contact", a)
    b = new_contact(account_id, "B", is_main=True)
    records.restore("contact", a)
    mains = [c.id for c in m.Contact.alive().where((m.Contact.account == account_id)
                                                    & m.Contact.is_main)]
    assert mains == [b]


# --- search text --------------------------------------------------------------------------------

def test_search_text_follows_contacts(db) -> None:
    account_id = new_account(name="吴伟科技")
    assert "wwkj" in haystack(account_id)
    c = new_contact(account_id, "张伟")
    assert "张伟" in haystack(account_id)
    assert "zhangwei" in haystack(account_id)
    assert search_ids("zhangwei") == [account_id]
    update("contact", c, name="李娜")
    assert "zhangwei" not in haystack(account_id)
    assert "lina" in haystack(account_id)
    assert search_ids("zhangwei") == []
    records.soft_delete("contact", c)
    assert "lina" not in haystack(account_id)
    assert "李娜" not in haystack(account_id)
    records.restore("contact", c)
    assert "lina" in haystack(account_id)


def test_search_text_follows_account_rename(db) -> None:
    account_id = new_account(name="Old Name", short_name="ON")
    update("account", account_id, name="吴伟科技", short_name="")
    assert "old name" not in haystack(account_id)
    assert "wuweikeji" in haystack(account_id)
    assert search_ids("wwkj") == [account_id]


def test_contacts_of_other_accounts_not_in_haystack(db) -> None:
    a = new_account(name="A")
    b = new_account(name="B")
    new_contact(b, "Zed")
    assert "zed" not in haystack(a)
    assert "zed" in haystack(b)


def test_a_second_row_for_the_same_cadence_rule_is_refused_at_the_field(db):
    import kam_tui.areas.calendar.queries  # noqa: F401 - registers the revisit kinds

    save = records.save
    account = save("account", {"name": "Rule Co", "abc_class": "A", "layer": "watch",
                               "status": "current", "lifecycle": "growth"}, today=TODAY)
    first = save("revisit_rule", {"rule": "card_review", "enabled": True}, today=TODAY,
                 parent_id=account)
    with pytest.raises(ValidationFailed) as refused:
        save("revisit_rule", {"rule": "card_review", "enabled": False}, today=TODAY,
             parent_id=account)
    assert "rule" in refused.value.errors
    # Editing the row itself is not a clash with itself.
    save("revisit_rule", {"rule": "card_review", "enabled": False}, today=TODAY,
         record_id=first, expected_version=1)


def test_empty_optional_numbers_take_the_column_default(db):
    account = new_account()
    opp = records.save("opportunity", {"title": "Fleet", "quantity": "", "amount": ""},
                       today=TODAY, parent_id=account)
    row = m.Opportunity.get_by_id(opp)
    assert (row.quantity, row.amount) == (0, 0)
