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
