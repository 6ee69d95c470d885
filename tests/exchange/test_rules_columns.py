"""What a sheet's columns mean, at the edges: labels, lookups, the header guess, what is required."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldError

ACCOUNTS = c.TARGETS["accounts"]
CONTACTS = c.TARGETS["contacts"]
OPPORTUNITIES = c.TARGETS["opportunities"]


def test_kinds_and_link_columns_are_named_in_each_language() -> None:
    """A kind and a link column each have an English and a Chinese name."""
    assert (ACCOUNTS.label(), ACCOUNTS.label("en"), ACCOUNTS.label("zh")) == (
        "Accounts", "Accounts", "客户")
    assert (c.STAGE_COLUMN.label(), c.STAGE_COLUMN.label("zh")) == ("Stage", "采购阶段")
    assert c.ACCOUNT_COLUMN.label("zh") == "客户名称"
    # Any language kam has no words for falls back to English, whether it sorts before or after zh.
    assert (ACCOUNTS.label("fr"), c.ACCOUNT_COLUMN.label("fr")) == ("Accounts", "Account")
    assert (ACCOUNTS.label("zu"), c.ACCOUNT_COLUMN.label("zu")) == ("Accounts", "Account")


def test_kinds_and_columns_cannot_be_changed_once_made() -> None:
    """The kinds are shared by every import: nothing may change one in passing."""
    with pytest.raises(FrozenInstanceError):
        ACCOUNTS.name = "contacts"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        c.ACCOUNT_COLUMN.name = "stage"  # type: ignore[misc]


def test_a_contact_file_has_the_account_link_first_and_no_boss_column() -> None:
    """Contacts map to their account, then the 18 form fields without reports_to_id."""
    columns = CONTACTS.columns()
    assert columns[0] == "account"
    assert "reports_to_id" not in columns
    assert len(columns) == 1 + 18
    assert columns[1:4] == ("name", "title", "department")
    assert OPPORTUNITIES.columns()[:3] == ("account", "stage", "title")


@pytest.mark.parametrize(("target", "name", "lang", "label"), [
    (ACCOUNTS, "postcode", "en", "Postcode"), (ACCOUNTS, "postcode", "zh", "邮编"),
    (CONTACTS, "account", "zh", "客户名称"), (OPPORTUNITIES, "stage", "en", "Stage"),
    (ACCOUNTS, "no_such_column", "zh", "no_such_column"),
    (CONTACTS, "aaa", "en", "aaa"),  # a name that is no link either, even one sorting first
])
def test_a_mapped_column_is_named_as_its_form_or_link_names_it(target, name, lang, label) -> None:
    """A field by its form label, a link by its own, anything else by its name."""
    assert target.column_label(name, lang) == label


def test_a_field_spec_is_found_by_its_name_and_a_link_has_none() -> None:
    """spec() finds the field of that name; link columns are not fields."""
    assert ACCOUNTS.spec("short_name").zh == "简称"
    assert ACCOUNTS.spec("name").name == "name"
    assert CONTACTS.spec("account") is None


@pytest.mark.parametrize(("target", "header", "column"), [
    (ACCOUNTS, "Why they first bought", "first_cooperation_reason"),  # the form's own label
    (ACCOUNTS, "first_cooperation_reason", "first_cooperation_reason"),  # its field name
    (ACCOUNTS, "电话（办公）", "phone"),  # the words in brackets are a note
    (ACCOUNTS, "（新）电话", "phone"),  # even before the header's word
    (ACCOUNTS, "保有量（台）", "installed_base"),
    (ACCOUNTS, "Unrelated", c.IGNORE),
    (CONTACTS, "客户名称", "account"), (OPPORTUNITIES, "Stage", "stage"),
])
def test_a_header_means_its_column_by_label_name_or_synonym(target, header, column) -> None:
    """Headers map by the form's labels, field names and synonyms; brackets are ignored."""
    assert c.column_for(target, header) == column
    assert c.column_for(target, header, c.synonym_table(target)) == column


def test_a_saved_mapping_drops_unknown_names_and_a_second_use_of_one() -> None:
    """A saved name that is no column of the kind, or one already used, maps to nothing."""
    saved = {"kunde": "name", "tel": "phone", "fax": "phone", "x": "no_such"}
    assert c.apply_saved(ACCOUNTS, ["Kunde", "Tel", "Fax", "X"], saved) == [
        "name", "phone", "", ""]


def test_a_saved_mapping_leaves_out_blank_headers() -> None:
    """Columns without a header cannot be found again next month, so they are not saved."""
    assert c.mapping_by_header(["Kunde", "", None, " Tel "], ["name", "phone", "region", "mobile"]) \
        == {"kunde": "name", "tel": "mobile"}


def test_a_row_scores_the_distinct_columns_it_names() -> None:
    """Two headers for the phone count once; a header naming nothing counts not at all."""
    table = c.synonym_table(ACCOUNTS)
    assert c.header_score(ACCOUNTS, ["电话", "手机", "单位名称", "xx"], table) == 2
    assert c.header_score(ACCOUNTS, ["", None], table) == 0


def _filler(count: int) -> list[list[str]]:
    return [["第%d行" % i, ""] for i in range(count)]


@pytest.mark.parametrize(("rows", "index"), [
    (_filler(29) + [["单位名称", "地址"]], 29),  # the 30th row is still looked at
    (_filler(30) + [["单位名称", "地址"]], 0),  # the 31st is not: the first non-empty row
    ([["单位名称", "地址"], ["公司名称", "电话"]], 0),  # equals: the first wins
    ([["标题"], ["单位名称"]], 1),  # naming one column is enough
    ([["", ""], [None, "  "], ["2026年名录", ""], ["x", ""]], 2),  # none: first non-empty
    ([["", ""], [None]], 0),  # nothing at all
    ([], 0),
])
def test_the_header_guess_at_its_edges(rows, index) -> None:
    """The row naming most columns among the first 30 wins; with none, the first non-empty."""
    assert c.guess_header(ACCOUNTS, rows) == index


@pytest.mark.parametrize(("kind", "missing"), [
    ("accounts", ["name"]),
    ("contacts", ["account", "name"]),
    ("purchases", ["account", "purchased_on"]),
    ("opportunities", ["account", "title"]),
    ("activities", ["account", "occurred_on", "summary"]),  # the kind has a default
])
def test_what_each_kind_cannot_do_without_when_nothing_is_mapped(kind, missing) -> None:
    """The account link first, then the name or title, then the other required fields."""
    assert c.required_missing(c.TARGETS[kind], []) == missing


@pytest.mark.parametrize("link", [c.STAGE_COLUMN, c.Column("a_link", "A link", "甲")])
def test_only_a_kind_linked_to_its_account_needs_the_account_column(link) -> None:
    """A kind whose first link is not the account's does not ask for an account."""
    target = c.Target("things", "opportunity", "Things", "东西", (), links=(link,))
    assert c.required_missing(target, []) == []


def test_a_word_two_values_share_names_neither() -> None:
    """"very" is in two satisfaction labels, so it cannot say which one is meant."""
    with pytest.raises(FieldError):
        v.choice_code(vocab.Satisfaction, "very")
    assert v.choice_code(vocab.Satisfaction, "非常满意") == "very_satisfied"


@pytest.mark.parametrize(("text", "kept"), [("a=1", "a=1"), ("x'=1", "x'=1")])
def test_an_apostrophe_guard_is_only_at_the_start(text, kept) -> None:
    """Text that merely contains a formula sign keeps its first character."""
    assert v.unguard(text) == kept


@pytest.mark.parametrize(("cell", "text"), [(-1.5, "-1.5"), (-3.0, "-3")])
def test_negative_floats_as_text(cell, text) -> None:
    """A negative fraction is no whole number; a negative whole float loses ".0"."""
    assert v.cell_text(cell) == text
    assert v.whole(-1.5) is None


@pytest.mark.parametrize("cell", ["5" + "0" * 29, "-" + "5" + "0" * 29])
def test_an_amount_just_under_ten_to_the_thirty_is_read(cell) -> None:
    """5 × 10^29 is under the limit of 10^30."""
    assert v.amount_text(cell, rounding=True) == cell


def test_an_amount_over_ten_to_the_thirty_is_refused() -> None:
    """10^31 is over the limit, not only 10^30 itself."""
    with pytest.raises(FieldError):
        v.amount_text("1" + "0" * 31, rounding=True)
