"""fields: each Kind's parsing, its errors in both languages, and the record specs."""

from __future__ import annotations

from datetime import date

import pytest

from kam_tui.core.domain import fields as f
from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldError, FieldSpec, Kind, validate
from kam_tui.core.domain.text import MAX_FIELD_CHARS

TODAY = date(2026, 11, 23)


def spec(kind: Kind = Kind.TEXT, **kw) -> FieldSpec:
    return FieldSpec("x", "X", "叉", kind, **kw)


def error_of(field: FieldSpec, raw) -> FieldError:
    with pytest.raises(FieldError) as info:
        field.parse(raw, TODAY)
    return info.value


def assert_bilingual(error: FieldError) -> None:
    assert error.en and error.zh
    assert error.en != error.zh
    assert error.message("en") == error.en
    assert error.message("zh") == error.zh
    assert error.message() == error.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.zh)
    assert str(error) == error.en


# --- TEXT / MULTILINE ---------------------------------------------------------------------------

def test_text_trimmed_and_normalised() -> None:
    assert spec().parse("  ACME \x1b ", TODAY) == "ACME"
    assert spec().parse("Cafe\u0301", TODAY) == "Café"


def test_text_empty_and_none() -> None:
    assert spec().parse("", TODAY) == ""
    assert spec().parse(None, TODAY) == ""
    assert spec().parse("   ", TODAY) == ""


def test_text_required() -> None:
    field = spec(required=True)
    for raw in ("", None, "   ", "\x1b"):
        error = error_of(field, raw)
        assert error.en == "Required"
        assert error.zh == "必填"
        assert_bilingual(error)


def test_text_max_length() -> None:
    field = spec(max_chars=5)
    assert field.parse("abcde", TODAY) == "abcde"
    assert field.parse("吴伟科技有", TODAY) == "吴伟科技有"  # characters, not bytes
    error = error_of(field, "abcdef")
    assert "6" in error.en and "5" in error.en
    assert "6" in error.zh and "5" in error.zh
    assert_bilingual(error)


def test_text_length_counted_after_trimming() -> None:
    assert spec(max_chars=3).parse("  abc  ", TODAY) == "abc"


def test_multiline_allows_up_to_max_field_chars() -> None:
    field = spec(Kind.MULTILINE, max_chars=10)
    text = "a\n" * (MAX_FIELD_CHARS // 2 - 1) + "ab"
    assert len(text) == MAX_FIELD_CHARS
    assert field.parse(text, TODAY) == text
    assert_bilingual(error_of(field, "x" * (MAX_FIELD_CHARS + 1)))


def test_text_keeps_markup_literally() -> None:
    assert spec().parse("[bold]x[/]", TODAY) == "[bold]x[/]"


# --- numbers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [Kind.INT, Kind.MONEY])
@pytest.mark.parametrize("raw, expected", [
    ("1200", 1200),
    ("1,200", 1200),
    ("1,200,000", 1_200_000),
    ("1，200", 1200),  # full-width comma
    ("1 200", 1200),
    ("1_200", 1200),
    (" 42 ", 42),
    ("+7", 7),
    ("0", 0),
    (1500, 1500),
])
def test_numbers(kind: Kind, raw, expected: int) -> None:
    assert spec(kind).parse(raw, TODAY) == expected


@pytest.mark.parametrize("kind", [Kind.INT, Kind.MONEY, Kind.PERCENT])
@pytest.mark.parametrize("raw", ["abc", "1.5", "12k", "1e3", "--1", "1-2", "½", "0x10"])
def test_numbers_refuse_non_integers(kind: Kind, raw: str) -> None:
    error = error_of(spec(kind), raw)
    assert "whole number" in error.en
    assert "整数" in error.zh
    assert_bilingual(error)


def test_numbers_empty_is_none_unless_required() -> None:
    assert spec(Kind.INT).parse("", TODAY) is None
    assert spec(Kind.INT).parse(None, TODAY) is None
    assert spec(Kind.MONEY).parse(" ", TODAY) is None
    assert error_of(spec(Kind.INT, required=True), "").en == "Required"


def test_numbers_minimum_defaults_to_zero() -> None:
    error = error_of(spec(Kind.INT), "-1")
    assert "0" in error.en and "0" in error.zh
    assert_bilingual(error)
    assert spec(Kind.INT, min_value=None).parse("-5", TODAY) == -5
    assert spec(Kind.INT, min_value=-10).parse("-10", TODAY) == -10
    assert_bilingual(error_of(spec(Kind.INT, min_value=-10), "-11"))


def test_numbers_maximum() -> None:
    field = spec(Kind.INT, max_value=100)
    assert field.parse("100", TODAY) == 100
    error = error_of(field, "101")
    assert "100" in error.en and "100" in error.zh
    assert_bilingual(error)


def test_huge_number_is_a_field_error_not_a_crash() -> None:
    # int() refuses strings longer than 4300 digits with a bare ValueError.
    error = error_of(spec(Kind.INT), "9" * 5000)
    assert_bilingual(error)
    assert_bilingual(error_of(spec(Kind.MONEY, max_value=10**12), "1" + "0" * 40))


@pytest.mark.parametrize("raw, expected", [("0", 0), ("1", 1), ("50", 50), ("100", 100)])
def test_percent_bounds_ok(raw: str, expected: int) -> None:
    assert spec(Kind.PERCENT).parse(raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["101", "-1", "1000"])
def test_percent_bounds_refused(raw: str) -> None:
    assert_bilingual(error_of(spec(Kind.PERCENT), raw))


def test_percent_cap_is_100_even_if_max_value_is_larger() -> None:
    assert_bilingual(error_of(spec(Kind.PERCENT, max_value=1000), "101"))


# --- DATE ---------------------------------------------------------------------------------------

def test_date_field() -> None:
    field = spec(Kind.DATE)
    assert field.parse("2026-11-05", TODAY) == date(2026, 11, 5)
    assert field.parse("明天", TODAY) == date(2026, 11, 24)
    assert field.parse("+1m", TODAY) == date(2026, 12, 23)
    assert field.parse("", TODAY) is None
    assert field.parse(None, TODAY) is None


@pytest.mark.parametrize("raw", ["2026-02-30", "garbage", "+9999y"])
def test_date_field_errors(raw: str) -> None:
    error = error_of(spec(Kind.DATE), raw)
    assert_bilingual(error)
    assert "YYYY-MM-DD" in error.en and "YYYY-MM-DD" in error.zh


def test_date_required() -> None:
    assert error_of(spec(Kind.DATE, required=True), "").zh == "必填"


# --- CHOICE -------------------------------------------------------------------------------------

def test_choice_accepts_codes_only() -> None:
    field = spec(Kind.CHOICE, choices=vocab.AbcClass)
    assert field.parse("A", TODAY) == "A"
    assert field.parse(vocab.AbcClass.B, TODAY) == "B"
    assert field.parse("", TODAY) == ""
    for raw in ("D", "a", "A strategic", "A 战略客户"):
        assert_bilingual(error_of(field, raw))


def test_choice_required() -> None:
    field = spec(Kind.CHOICE, choices=vocab.Layer, required=True)
    assert error_of(field, "").en == "Required"
    assert error_of(field, None).en == "Required"
    assert field.parse("watch", TODAY) == "watch"


# --- BOOL / REF ---------------------------------------------------------------------------------

def test_bool() -> None:
    field = spec(Kind.BOOL)
    assert field.parse(True, TODAY) is True
    assert field.parse(False, TODAY) is False
    assert field.parse(None, TODAY) is False


def test_ref() -> None:
    field = spec(Kind.REF, ref="staff")
    assert field.parse(3, TODAY) == 3
    assert field.parse("3", TODAY) == 3
    assert field.parse(None, TODAY) is None
    assert field.parse("", TODAY) is None
    assert error_of(spec(Kind.REF, ref="staff", required=True), None).en == "Required"


def test_ref_garbage_is_a_field_error() -> None:
    assert_bilingual(error_of(spec(Kind.REF, ref="staff"), "abc"))


# --- labels, hints, validate --------------------------------------------------------------------

def test_label_and_hint() -> None:
    field = spec(Kind.DATE)
    assert field.label() == "X"
    assert field.label("zh") == "叉"
    assert "YYYY-MM-DD" in field.hint("en")
    assert "今天" in field.hint("zh")
    assert spec(Kind.INT).hint("zh") == "整数"
    assert spec(Kind.MONEY).hint("en") == "whole number"
    assert spec(Kind.PERCENT).hint() == "0–100"
    assert spec().hint() == ""


def test_validate_collects_all_errors_and_all_good_values() -> None:
    specs = (
        FieldSpec("name", "Name", "名称", required=True),
        FieldSpec("qty", "Qty", "数量", Kind.INT),
        FieldSpec("on", "On", "日期", Kind.DATE),
        FieldSpec("note", "Note", "备注", Kind.MULTILINE),
    )
    values, errors = validate(specs, {"name": "", "qty": "x", "on": "+1d", "note": " hi "}, TODAY)
    assert set(errors) == {"name", "qty"}
    assert values == {"on": date(2026, 11, 24), "note": "hi"}
    values, errors = validate(specs, {"name": "ACME", "qty": "1,000"}, TODAY)
    assert errors == {}
    assert values == {"name": "ACME", "qty": 1000, "on": None, "note": ""}


ALL_SPECS = {
    "account": f.ACCOUNT_FIELDS, "contact": f.CONTACT_FIELDS, "purchase": f.PURCHASE_FIELDS,
    "activity": f.ACTIVITY_FIELDS, "competitor": f.COMPETITOR_FIELDS,
    "product": f.PRODUCT_FIELDS, "opportunity": f.OPPORTUNITY_FIELDS,
}


@pytest.mark.parametrize("kind_name", list(ALL_SPECS))
def test_record_specs_are_consistent(kind_name: str) -> None:
    specs = ALL_SPECS[kind_name]
    names = [s.name for s in specs]
    assert len(names) == len(set(names)), "duplicate field names"
    for s in specs:
        assert s.en and s.zh, s.name
        if s.kind is Kind.CHOICE:
            assert s.choices is not None, s.name
        if s.kind is Kind.REF:
            assert s.ref in ("staff", "dealer", "contact"), s.name
            assert s.name.endswith("_id"), s.name
        if s.section:
            assert s.section in {sec.key for sec in f.SECTIONS}, s.name


def test_sections_bilingual() -> None:
    for section in f.SECTIONS:
        assert section.label("en") and section.label("zh")
        assert section.label("en") != section.label("zh")


def test_account_classification_fields_required() -> None:
    required = {s.name for s in f.ACCOUNT_FIELDS if s.required}
    assert required == {"name", "abc_class", "layer", "status", "lifecycle"}


def test_private_fields_are_the_personal_file() -> None:
    private = {s.name for s in f.CONTACT_FIELDS if s.private}
    assert private == {"birthday", "hobbies", "family", "career", "character", "tastes"}


@pytest.mark.parametrize("raw, expected", [
    ("120万", 1_200_000),
    ("1.2亿", 120_000_000),
    ("1.25万", 12_500),
    ("1,200,000", 1_200_000),
    ("1，200，000", 1_200_000),
    ("¥3,500", 3_500),
    ("￥3500元", 3_500),
    ("３５００", 3_500),  # full-width digits, as a Chinese input method types them
    ("RMB 80万", 800_000),
])
def test_amounts_as_reps_write_them(raw: str, expected: int) -> None:
    assert spec(Kind.MONEY).parse(raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["1.23456万", "万", "1.2.3万", "12k", "¥", "1万万"])
def test_amounts_that_are_not_whole_are_refused_with_the_forms_shown(raw: str) -> None:
    error = error_of(spec(Kind.MONEY), raw)
    assert "120万" in error.en and "1.2亿" in error.zh
    assert_bilingual(error)


def test_percent_takes_a_trailing_percent_sign() -> None:
    assert spec(Kind.PERCENT).parse("30%", TODAY) == 30
    assert "whole number" in error_of(spec(Kind.PERCENT), "30万").en


# --- the record tables' limits, pinned field by field --------------------------------------------

# (record, field, the most characters it holds): the limits of the field tables, written out so
# that a changed limit fails here; each is checked at the limit (accepted) and one over (refused).
TEXT_LIMITS = [
    ("account", "name", 200), ("account", "short_name", 60), ("account", "address", 300),
    ("account", "postcode", 20), ("account", "website", 200), ("account", "phone", 60),
    ("account", "region", 60), ("account", "industry", 100),
    ("contact", "name", 100), ("contact", "title", 100), ("contact", "department", 100),
    ("contact", "phone", 60), ("contact", "mobile", 60), ("contact", "email", 200),
    ("contact", "wechat", 100),
    ("purchase", "project", 200), ("purchase", "product", 200),
    ("competitor", "competitor", 200), ("competitor", "their_rep", 100),
    ("product", "purpose", 200), ("product", "brand", 100),
    ("opportunity", "title", 200), ("opportunity", "product", 200),
]


@pytest.mark.parametrize("record, name, limit", TEXT_LIMITS)
def test_text_field_holds_exactly_its_limit(record: str, name: str, limit: int) -> None:
    """A one-line field accepts a value of exactly its limit in characters."""
    value = "吴" * limit  # counted in characters, so Chinese text gets the same room as ASCII
    values, errors = validate(ALL_SPECS[record], {name: value}, TODAY)
    assert name not in errors
    assert values[name] == value


@pytest.mark.parametrize("record, name, limit", TEXT_LIMITS)
def test_text_field_refuses_one_over_its_limit(record: str, name: str, limit: int) -> None:
    """A one-line field refuses limit+1 characters, naming both counts in both languages."""
    _, errors = validate(ALL_SPECS[record], {name: "a" * (limit + 1)}, TODAY)
    assert errors[name].en == f"Too long: {limit + 1} characters, at most {limit}"
    assert errors[name].zh == f"太长：{limit + 1} 个字符，最多 {limit} 个"


def test_text_field_limit_defaults_to_200_characters() -> None:
    """A text field that names no limit holds 200 characters and refuses 201."""
    assert spec().parse("x" * 200, TODAY) == "x" * 200
    assert error_of(spec(), "x" * 201).en == "Too long: 201 characters, at most 200"


@pytest.mark.parametrize("record, name", [
    ("account", "notes"), ("contact", "hobbies"), ("activity", "summary"),
    ("competitor", "history"), ("opportunity", "next_action"),
])
def test_multiline_record_fields_hold_ten_thousand_characters(record: str, name: str) -> None:
    """A multi-line field of a record holds 10,000 characters and refuses 10,001."""
    values, errors = validate(ALL_SPECS[record], {name: "x" * 10_000}, TODAY)
    assert name not in errors and len(values[name]) == 10_000
    _, errors = validate(ALL_SPECS[record], {name: "x" * 10_001}, TODAY)
    assert errors[name].en == "Too long: 10001 characters, at most 10000"


# (record, field, the largest value it takes), each checked at the limit and one over.
VALUE_LIMITS = [
    ("account", "installed_base", 10_000_000),
    ("purchase", "quantity", 1_000_000), ("purchase", "amount", 10**12),
    ("product", "quantity", 10_000_000), ("product", "years_in_use", 100),
    ("opportunity", "quantity", 1_000_000), ("opportunity", "amount", 10**12),
]


@pytest.mark.parametrize("record, name, limit", VALUE_LIMITS)
def test_number_field_takes_exactly_its_largest_value(record: str, name: str, limit: int) -> None:
    """A number field accepts its largest value."""
    values, errors = validate(ALL_SPECS[record], {name: str(limit)}, TODAY)
    assert name not in errors
    assert values[name] == limit


@pytest.mark.parametrize("record, name, limit", VALUE_LIMITS)
def test_number_field_refuses_one_over_its_largest_value(record: str, name: str,
                                                         limit: int) -> None:
    """A number field refuses its largest value plus one, naming the limit in both languages."""
    _, errors = validate(ALL_SPECS[record], {name: str(limit + 1)}, TODAY)
    assert errors[name].en == f"Must be at most {limit}"
    assert errors[name].zh == f"不能大于 {limit}"


def test_amount_limit_as_reps_write_it() -> None:
    """The amount limit of 10^12 is 10000亿: accepted; 1,000,000,000,001 is refused."""
    amount = dict((s.name, s) for s in f.OPPORTUNITY_FIELDS)["amount"]
    assert amount.parse("10000亿", TODAY) == 1_000_000_000_000
    assert error_of(amount, "1,000,000,000,001").en == "Must be at most 1000000000000"


# The required fields of each record (DOMAIN.md: a card has a name and its four classifications;
# a contact a name; a purchase its date; an activity its date, kind and summary; a competitor,
# a product in use and an opportunity the thing they are about).
REQUIRED = {
    "account": {"name", "abc_class", "layer", "status", "lifecycle"},
    "contact": {"name"},
    "purchase": {"purchased_on"},
    "activity": {"occurred_on", "kind", "summary"},
    "competitor": {"competitor"},
    "product": {"purpose"},
    "opportunity": {"title"},
}


@pytest.mark.parametrize("record", list(REQUIRED))
def test_an_empty_form_is_refused_exactly_on_its_required_fields(record: str) -> None:
    """Submitting a record with nothing filled in is refused on its required fields, and only those."""
    _, errors = validate(ALL_SPECS[record], {}, TODAY)
    assert set(errors) == REQUIRED[record]
    for error in errors.values():
        assert (error.en, error.zh) == ("Required", "必填")


@pytest.mark.parametrize("record, name", [
    (record, name) for record, names in REQUIRED.items() for name in sorted(names)])
def test_a_required_field_left_blank_is_refused(record: str, name: str) -> None:
    """A required field holding only spaces counts as left empty and is refused."""
    _, errors = validate(ALL_SPECS[record], {name: "   "}, TODAY)
    assert errors[name].en == "Required"


# --- the length of a typed number ----------------------------------------------------------------

THIRTY_DIGITS = " ".join("123456789012345678901234567890")  # 30 digits, 29 spaces: 59 characters


def test_a_number_of_sixty_characters_is_still_read() -> None:
    """At most 60 typed characters are read as a number: "¥" + 59 characters is 60, and read."""
    text = "¥" + THIRTY_DIGITS
    assert len(text) == 60
    assert spec(Kind.MONEY, max_value=None).parse(text, TODAY) == 123456789012345678901234567890


def test_a_number_of_sixty_one_characters_is_too_large() -> None:
    """More than 60 typed characters are refused as too large, before any reading."""
    text = "¥ " + THIRTY_DIGITS
    assert len(text) == 61
    error = error_of(spec(Kind.MONEY, max_value=None), text)
    assert (error.en, error.zh) == ("Number too large", "数字太大")


# --- errors, labels and specs ---------------------------------------------------------------------

def test_field_error_reasons_can_be_given_by_name() -> None:
    """A FieldError takes its two reasons by name too, and has no parameters unless given."""
    error = FieldError(en="Too big", zh="太大")
    assert (error.message("en"), error.message("zh")) == ("Too big", "太大")
    assert error.params == {}
    assert error.key == ""


def test_keyed_field_error_carries_its_key_and_params() -> None:
    """A keyed error names the UI catalog key in every language, with its parameters."""
    error = FieldError.keyed("errors.duplicate_name", name="ACME")
    assert isinstance(error, FieldError)
    assert error.key == "errors.duplicate_name"
    assert error.params == {"name": "ACME"}
    assert error.message("en") == "errors.duplicate_name"
    assert error.message("zh") == "errors.duplicate_name"
    assert str(error) == "errors.duplicate_name"


# Anything but "zh" is shown in English, the default language, including codes sorting after "zh".
OTHER_LANGUAGES = ["en", "", "de", "zu"]


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_field_texts_fall_back_to_english(lang: str) -> None:
    """Labels, hints, section titles and errors are English for any language but zh."""
    assert spec().label(lang) == "X"
    assert spec(Kind.DATE).hint(lang) == f.DATE_HINT_EN
    assert spec(Kind.INT).hint(lang) == "whole number"
    assert f.BASICS.label(lang) == "Basics"
    assert FieldError("Required", "必填").message(lang) == "Required"


def test_field_texts_in_chinese() -> None:
    """With zh, labels, hints, section titles and errors are the Chinese ones."""
    assert spec().label("zh") == "叉"
    assert spec(Kind.DATE).hint("zh") == f.DATE_HINT_ZH
    assert spec(Kind.MONEY).hint("zh") == "整数"
    assert [s.label("zh") for s in f.SECTIONS] == [
        "基础资料", "客户性质", "业务状况", "与我方关系", "客户分类"]
    assert [s.label("en") for s in f.SECTIONS] == [
        "Basics", "Nature", "Business", "Relationship to us", "Classification"]


def test_specs_and_sections_cannot_be_changed() -> None:
    """A field spec and a section are shared by every form, so they are immutable."""
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        f.ACCOUNT_FIELDS[0].max_chars = 10**6  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.BASICS.en = "Other"  # type: ignore[misc]
