"""The edges of reading a sheet's cells and matching its names, each expectation worked out by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.core.domain.names import company_key, person_key, phone_key
from kam_tui.core.domain.fields import FieldError


def _spec(kind: str, name: str):
    return next(s for s in c.TARGETS[kind].specs if s.name == name)


@pytest.mark.parametrize(("cell", "blank"), [
    (None, True), (float("nan"), True), ("", True), ("   ", True), ("\u3000", True),
    ("x", False), (" x ", False), (0, False), (0.0, False), (False, False),
])
def test_a_blank_cell_is_none_nan_or_only_spaces(cell, blank) -> None:
    """A cell is blank when it holds nothing a rep typed; zero and False are values."""
    assert v.is_blank(cell) is blank


@pytest.mark.parametrize(("cell", "text"), [
    (None, ""), (True, "1"), (False, "0"), (13800138000.0, "13800138000"), (1.5, "1.5"),
    (datetime(2026, 1, 5), "2026-01-05"), (datetime(2026, 1, 5, 9, 30), "2026-01-05 09:30:00"),
    (date(2026, 1, 5), "2026-01-05"), ("abc", "abc"), (42, "42"),
])
def test_a_cell_as_text(cell, text) -> None:
    """Whole floats lose ".0", a midnight datetime is a date, booleans are 1 and 0."""
    assert v.cell_text(cell) == text


@pytest.mark.parametrize(("cell", "expected"), [
    ("3千", "3000"), ("2k", "2000"), ("2K", "2000"), ("1.5m", "1500000"), ("4万", "40000"),
    ("2亿", "200000000"), ("5" + "0" * 28, "5" + "0" * 28), (-5, "-5"),
    ("9" * 30, "9" * 30),  # 10^30 − 1, the largest: not rounded up to the limit
    ("9" * 29 + ".5", "1" + "0" * 29),  # 29 nines and a half round up to 10^29
    ("123.45万", "1234500"), ("0.00005万", "1"),  # half a yuan rounds up
])
def test_every_unit_of_an_amount(cell, expected) -> None:
    """千 and k are a thousand, 万 ten thousand, m a million, 亿 a hundred million."""
    assert v.amount_text(cell, rounding=True) == expected


@pytest.mark.parametrize("cell", ["1" + "0" * 30, 1e30, float("inf"), True])
def test_an_amount_of_ten_to_the_thirty_or_not_a_number_is_refused(cell) -> None:
    """10^30 is the first number too large; infinity and a boolean are no amounts."""
    with pytest.raises(FieldError):
        v.amount_text(cell, rounding=True)


def test_a_count_that_is_not_a_number_asks_for_a_whole_number() -> None:
    """A count's refusal asks for a whole number; an amount's names 万 and 亿."""
    with pytest.raises(FieldError) as count:
        v.amount_text("many", rounding=False)
    with pytest.raises(FieldError) as money:
        v.amount_text("many", rounding=True)
    assert count.value.en == "Enter a whole number, like 1200"
    assert money.value.zh == "请输入金额，例如 1200、120万 或 1.2亿"


@pytest.mark.parametrize(("serial", "day"), [
    (1, date(1900, 1, 1)), (59, date(1900, 2, 28)), (61, date(1900, 3, 1)),
    (46027, date(2026, 1, 5)), (46027.75, date(2026, 1, 5)), (2_958_465, date(9999, 12, 31)),
])
def test_excel_serials_at_the_edges_of_the_1900_system(serial, day) -> None:
    """Serial 1 is 1900-01-01, 59 is 02-28, 61 is 03-01 (60 is Excel's phantom 02-29)."""
    assert v.serial_date(serial) == day


@pytest.mark.parametrize("serial", [0, 0.5, 60, 2_958_466])
def test_serials_outside_the_calendar_are_refused(serial) -> None:
    """Serial 0, the phantom 1900-02-29 and a day after 9999-12-31 are not dates."""
    with pytest.raises(FieldError):
        v.serial_date(serial)


def test_an_unreadable_date_is_quoted_to_forty_characters() -> None:
    """The refusal quotes the first 40 characters, so a pasted page cannot flood it."""
    with pytest.raises(FieldError) as caught:
        v.date_text("x" * 50)
    assert repr("x" * 40) in caught.value.en and repr("x" * 41) not in caught.value.en
    assert repr("x" * 40) in caught.value.zh and repr("x" * 41) not in caught.value.zh


@pytest.mark.parametrize(("cell", "expected"), [(1, True), (0, False), (1.0, True)])
def test_one_and_zero_as_numbers_are_yes_and_no(cell, expected) -> None:
    """A sheet's 1 and 0 read as yes and no."""
    assert v.bool_value(cell) is expected


@pytest.mark.parametrize("cell", [2, -1, 0.5, "maybe"])
def test_other_numbers_and_words_are_not_yes_or_no(cell) -> None:
    """Only 1 and 0 are yes and no; 2, -1 or 'maybe' are refused."""
    with pytest.raises(FieldError):
        v.bool_value(cell)


@pytest.mark.parametrize(("kind", "name", "cell", "value"), [
    ("accounts", "abc_class", "重点客户", "B"),
    ("accounts", "bought_before", "是", True),
    ("accounts", "first_cooperation_date", "2026年1月5日", "2026-01-05"),
    ("accounts", "installed_base", 12.0, "12"),
    ("purchases", "amount", "120万", "1200000"),
    ("purchases", "amount", 3500.5, "3501"),
    ("accounts", "phone", 13800138000.0, "13800138000"),
    ("accounts", "name", 1.5, "1.5"),
    ("accounts", "name", "1.38E+10", "1.38E+10"),
])
def test_each_kind_of_field_reads_its_cell_its_own_way(kind, name, cell, value) -> None:
    """A choice gives its code, money rounds to yuan, a count stays whole, text stays text."""
    assert v.field_value(_spec(kind, name), cell) == value


@pytest.mark.parametrize(("kind", "name", "cell"), [
    ("accounts", "installed_base", 3.5),  # a count is never rounded
    ("accounts", "phone", "1.38E+10"),  # the sheet lost the phone's digits
    ("accounts", "phone", 1.5),
    ("accounts", "abc_class", "D"),
])
def test_a_cell_its_field_cannot_take_is_refused(kind, name, cell) -> None:
    """A half unit in a count, a phone in scientific notation, an unknown class."""
    with pytest.raises(FieldError):
        v.field_value(_spec(kind, name), cell)


@pytest.mark.parametrize(("cell", "number"), [("进入设计", 3), ("in the commit phase", 5)])
def test_a_stage_named_inside_other_words(cell, number) -> None:
    """A stage's name in either language inside a longer cell still gives that stage."""
    assert v.stage_number(cell) == number


@pytest.mark.parametrize("cell", ["3 or 4", "设计 比较", 7.0, 2.5])
def test_a_cell_naming_two_stages_or_none_is_refused(cell) -> None:
    """Two stages in one cell, or a number that is no stage, cannot be guessed."""
    with pytest.raises(FieldError):
        v.stage_number(cell)


@pytest.mark.parametrize(("text", "kept"), [
    ("'=1+1", "=1+1"), ("'+86", "+86"), ("'-3", "-3"), ("'@A1", "@A1"),
    ("!=1", "!=1"), ("'tis", "'tis"), ("''=1", "''=1"), ("", ""),
])
def test_only_an_apostrophe_before_a_formula_sign_is_taken_off(text, kept) -> None:
    """The guard is one apostrophe before = + - or @; nothing else changes."""
    assert v.unguard(text) == kept


@pytest.mark.parametrize(("name", "key"), [
    ("远达有限公司Ltd", "远达"),  # two suffixes: both go, the longer one after the shorter
    ("远达 Trucks Co., Ltd.", "远达trucks"),
    ("公司公司", "公司"),  # what is left is only a suffix: it stays
    ("有限公司公司", "有限"),  # "公司" twice; "有限" is no suffix
    ("公司", "公司"),
    ("Ａcme Inc", "acme"),
])
def test_company_keys_drop_every_suffix_but_never_the_whole_name(name, key) -> None:
    """Suffixes come off one after another until none is left, but a name is never emptied."""
    assert company_key(name) == key


@pytest.mark.parametrize(("name", "key"), [
    ("Zhang  San", "zhangsan"), ("张　伟", "张伟"), ("Ｌｉ·Ｍｉｎｇ", "liming"), ("", ""),
])
def test_person_keys_fold_width_case_spaces_and_dots(name, key) -> None:
    """A person's key is the name folded, so 张　伟 and 张伟 are one person."""
    assert person_key(name) == key


@pytest.mark.parametrize(("phone", "key"), [
    ("0086 138 0013 8000", "13800138000"),  # 0086 + 11 digits
    ("+86 138 0013 8000", "13800138000"),  # 86 + 11 digits = 13
    ("8612345678", "8612345678"),  # ten digits that start with 86: a local number, kept
    ("86123456789012", "86123456789012"),  # fourteen: not a country code and a mobile
    ("1234567890123", "1234567890123"),  # thirteen that do not start with 86
    ("123-4567", "1234567"),  # seven digits: enough to identify
    ("123456", ""),  # six: too short
])
def test_phone_keys_drop_only_a_real_country_code(phone, key) -> None:
    """86 goes only before an eleven-digit number, 0086 always; under seven digits is no key."""
    assert phone_key(phone) == key
