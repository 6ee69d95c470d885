"""The pure rules of an import: cell values, name keys, column synonyms, the header guess."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.core.domain.names import company_key, person_key, phone_key
from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldError


@pytest.mark.parametrize(("cell", "expected"), [
    ("120万", "1200000"), ("1.2亿", "120000000"), ("1,200,000", "1200000"),
    ("¥3,500", "3500"), ("￥ 3500 元", "3500"), ("3500.4", "3500"), ("3500.5", "3501"),
    (1200000.0, "1200000"), (7, "7"), ("１２０万", "1200000"),
])
def test_amounts_as_sheets_write_them(cell, expected) -> None:
    assert v.amount_text(cell, rounding=True) == expected


def test_a_count_must_be_whole_and_text_is_refused() -> None:
    assert v.amount_text(12.0, rounding=False) == "12"
    with pytest.raises(FieldError):
        v.amount_text(3.5, rounding=False)
    with pytest.raises(FieldError):
        v.amount_text("about ten", rounding=True)


@pytest.mark.parametrize("cell", [
    46027.0, 46027, "46027", "2026/1/5", "2026年1月5日", "2026.01.05", "2026-01-05",
    "20260105", "2026-01-05 00:00:00", date(2026, 1, 5), datetime(2026, 1, 5, 9, 30),
])
def test_dates_as_serials_and_every_chinese_spelling(cell) -> None:
    assert v.date_text(cell) == "2026-01-05"


@pytest.mark.parametrize("cell", ["today", "+3d", "2026-02-30", "next week", True])
def test_relative_words_and_impossible_dates_are_refused(cell) -> None:
    with pytest.raises(FieldError):
        v.date_text(cell)


def test_phones_keep_their_digits_and_leading_zeros() -> None:
    assert v.digit_text(13800138000.0) == "13800138000"
    assert v.digit_text("01088886666") == "01088886666"
    assert v.digit_text("0531-8888 6666") == "0531-8888 6666"
    with pytest.raises(FieldError):
        v.digit_text("1.38E+10")
    with pytest.raises(FieldError):
        v.digit_text(1.5)


def test_whole_floats_from_calamine_become_ints_in_text_fields() -> None:
    spec = next(s for s in c.TARGETS["accounts"].specs if s.name == "postcode")
    assert v.field_value(spec, 100001.0) == "100001"


@pytest.mark.parametrize(("choices", "cell", "code"), [
    (vocab.AbcClass, "A", "A"), (vocab.AbcClass, "a", "A"), (vocab.AbcClass, "B 重点客户", "B"),
    (vocab.AbcClass, "一般客户", "C"), (vocab.Layer, "突破", "breakthrough"),
    (vocab.Layer, "Consolidate", "consolidate"), (vocab.AccountStatus, "现实客户", "current"),
    (vocab.Nature, "个体", "individual"), (vocab.Nature, "事业单位", "public_institution"),
    (vocab.Satisfaction, "Satisfied", "satisfied"),
    (vocab.Satisfaction, "very satisfied", "very_satisfied"),
    (vocab.CreditRating, "优", "excellent"), (vocab.UsageRegion, "in-province", "in_province"),
])
def test_classifications_by_code_or_either_label(choices, cell, code) -> None:
    assert v.choice_code(choices, cell) == code


def test_an_unknown_classification_names_the_values() -> None:
    with pytest.raises(FieldError) as caught:
        v.choice_code(vocab.AbcClass, "D")
    assert "A 战略客户" in caught.value.en and "A 战略客户" in caught.value.zh


@pytest.mark.parametrize(("cell", "expected"), [
    ("是", True), ("否", False), ("Yes", True), ("n", False), ("√", True), (1.0, True),
    (0.0, False), (True, True),
])
def test_yes_and_no(cell, expected) -> None:
    assert v.bool_value(cell) is expected


@pytest.mark.parametrize(("cell", "number"), [
    ("3", 3), (4.0, 4), ("第5阶段", 5), ("Stage 2", 2), ("design", 3), ("Compare", 4),
    ("承诺", 5), ("6 使用", 6), ("兴趣", 1),
])
def test_stages_by_number_or_name_in_either_language(cell, number) -> None:
    assert v.stage_number(cell) == number


def test_an_unknown_stage_is_refused() -> None:
    with pytest.raises(FieldError):
        v.stage_number("7")


def test_company_names_match_across_width_spaces_and_suffixes() -> None:
    same = {company_key(name) for name in (
        "北京远达物流有限公司", "北京远达物流股份有限公司", "北京 远达物流", "北京远达物流",
        "北京远达物流有限责任公司", "北京远达物流（有限公司）")}
    assert same == {"北京远达物流"}
    assert company_key("ＡＢＣ Trucks Co., Ltd.") == company_key("abc trucks")
    assert company_key("有限公司") == "有限公司"  # nothing but a suffix keeps it


def test_person_and_phone_keys() -> None:
    assert person_key("张 伟") == person_key("张伟") == person_key("张　伟")
    assert phone_key("+86 138-0013-8000") == phone_key("13800138000") == "13800138000"
    assert phone_key("110") == ""


def test_a_formula_guard_is_taken_off_again() -> None:
    assert v.unguard("'=1+1") == "=1+1"
    assert v.unguard("'tis") == "'tis"


def test_synonyms_map_chinese_and_english_headers() -> None:
    headers = ["序号", "单位名称", "联系电话", "片区", "业务员", "经销商", "保有量（台）", "ABC",
               "Short name", "邮编", "备注", "联系人"]
    assert c.auto_mapping(c.TARGETS["accounts"], headers) == [
        "", "name", "phone", "region", "owner_id", "dealer_id", "installed_base", "abc_class",
        "short_name", "postcode", "notes", ""]


def test_a_word_means_what_the_kind_makes_it() -> None:
    headers = ["客户名称", "联系人", "手机", "职务", "部门"]
    assert c.auto_mapping(c.TARGETS["contacts"], headers) == [
        "account", "name", "mobile", "title", "department"]


def test_a_second_column_for_the_same_field_is_not_imported() -> None:
    assert c.auto_mapping(c.TARGETS["accounts"], ["电话", "手机"]) == ["phone", ""]


def test_the_header_row_is_found_below_a_title_and_a_blank_row() -> None:
    rows = [["2026年大客户名录", "", ""], ["", "", ""], ["单位名称", "地址", "电话"],
            ["某某公司", "北京", "010"]]
    assert c.guess_header(c.TARGETS["accounts"], rows) == 2


def test_a_saved_mapping_follows_the_headers_not_the_positions() -> None:
    target = c.TARGETS["accounts"]
    saved = c.mapping_by_header(["Kunde", "Tel"], ["name", "phone"])
    assert c.apply_saved(target, ["Tel", "区域", "Kunde"], saved) == ["phone", "region", "name"]


def test_what_a_kind_cannot_do_without() -> None:
    assert c.required_missing(c.TARGETS["accounts"], ["phone"]) == ["name"]
    assert c.required_missing(c.TARGETS["contacts"], ["name"]) == ["account"]
    assert c.required_missing(c.TARGETS["purchases"], ["account", "amount"]) == ["purchased_on"]
