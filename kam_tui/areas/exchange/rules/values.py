"""A cell as a spreadsheet gives it, turned into what a form field takes.

CSV cells are text; calamine gives numbers as floats (13800138000.0, 46027.0), dates as
`date`/`datetime` where the cell has a date format, booleans as bool. Each function here returns
the text (or bool) the field's own `FieldSpec.parse` then validates exactly as a form does, or
raises FieldError when a cell cannot be read at all. Nothing here stores or shows anything.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import cache
from typing import Any

from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldError, FieldSpec, Kind

# Fields that hold digits as text: a float from a sheet must not become "1.38e10" or lose "0".
DIGIT_TEXT_FIELDS = frozenset({"phone", "mobile", "postcode", "wechat"})

# Excel's 1900 system counts a 1900-02-29 that never was (serial 60): from serial 61 (1900-03-01)
# on, serial N is this epoch + N days; before it, one day later than that.
EXCEL_EPOCH = date(1899, 12, 30)
_PHANTOM_LEAP_DAY = 60
_SERIAL_RANGE = (1, 2_958_465)  # 1900-01-01 .. 9999-12-31
# Decimal's default 28 digits would round 10^30 − 1 up to 10^30; 80 hold any amount under the
# limit with its cents and a unit exactly.
_EXACT = Context(prec=80)

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_AMOUNT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(亿|万|千|k|m)?$", re.IGNORECASE)
_CURRENCY = re.compile(r"(?:¥|￥|rmb|cny|人民币|元|圆)", re.IGNORECASE)
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME_TAIL = re.compile(r"[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.0+)?$")

_TRUE = {"1", "y", "yes", "true", "t", "是", "有", "对", "√", "✓", "✔", "●"}
_FALSE = {"0", "n", "no", "false", "f", "否", "无", "没有", "不", "×", "✗", "-", "—"}


def _err(en: str, zh: str) -> FieldError:
    return FieldError(en, zh)


def unguard(text: str) -> str:
    """Return a cell without the apostrophe that kept it from being a formula in Excel."""
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def is_blank(value: Any) -> bool:
    """Return whether a cell holds nothing (None, empty or spaces only, NaN)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def whole(value: float) -> int | None:
    """Return the int a float stands for when it is a whole number (13800138000.0), else None."""
    if math.isfinite(value) and value == int(value):
        return int(value)
    return None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def cell_text(value: Any) -> str:
    """Return a cell as text: whole floats without ".0", dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        number = whole(value)
        return str(number) if number is not None else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def digit_text(value: Any) -> str:
    """Return a phone number, postcode or the like as its text, leading zeros and all.

    A whole float (13800138000.0) gives its digits; text that a spreadsheet turned into
    scientific notation ("1.38E+10") has lost its digits and is refused.
    """
    if isinstance(value, float):
        number = whole(value)
        if number is None:
            raise _err("Not a phone number; format the column as text",
                       "不是电话号码，请将该列设置为文本格式")
        return str(number)
    text = cell_text(value)
    if _SCIENTIFIC.match(_fold(text)):
        raise _err("The sheet shows this number as 1.38E+10 and lost its digits; format the "
                   "column as text and export again",
                   "表格把号码显示为科学计数法，数字已丢失；请将该列设置为文本格式后重新导出")
    return text


def amount_text(value: Any, *, rounding: bool) -> str:
    """Return an amount or count as whole-number text: 120万, 1.2亿, 1,200,000, ¥3,500.

    `rounding` (money) rounds cents to whole yuan; counts must be whole.
    """
    if isinstance(value, bool):
        raise _err("Enter a whole number, like 1200", "请输入整数，例如 1200")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _err("Enter a whole number, like 1200", "请输入整数，例如 1200")
        number = Decimal(repr(value))
    else:
        text = _fold(cell_text(value)).replace(",", "").replace("_", "").replace(" ", "")
        text = _CURRENCY.sub("", text)
        match = _AMOUNT.match(text)
        if not match and not rounding:
            raise _err("Enter a whole number, like 1200", "请输入整数，例如 1200")
        if not match:
            raise _err("Enter an amount, like 1200, 120万 or 1.2亿",
                       "请输入金额，例如 1200、120万 或 1.2亿")
        try:
            number = Decimal(match.group(1))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise _err("Enter a whole number, like 1200", "请输入整数，例如 1200") from None
        unit = (match.group(2) or "").lower()
        number = _EXACT.multiply(number, {"亿": 10**8, "万": 10**4, "千": 10**3, "k": 10**3,
                                          "m": 10**6}.get(unit, 1))
    if number.copy_abs() >= 10**30:  # copy_abs, unlike abs(), never rounds
        raise _err("Number too large", "数字太大")
    if number != number.to_integral_value():
        if not rounding:
            raise _err("Enter a whole number, like 12", "请输入整数，例如 12")
        number = number.quantize(Decimal(1), rounding=ROUND_HALF_UP, context=_EXACT)
    return str(int(number))


def serial_date(serial: float) -> date:
    """Return the date of an Excel serial number (1900 date system)."""
    if not _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
        raise _err("Not a date", "不是日期")
    days = int(serial)
    if days == _PHANTOM_LEAP_DAY:
        raise _err("Not a date: Excel's 1900-02-29 never existed",
                   "不是日期：Excel 的 1900-02-29 并不存在")
    return EXCEL_EPOCH + timedelta(days=days + (1 if days < _PHANTOM_LEAP_DAY else 0))


def date_text(value: Any) -> str:
    """Return a date cell in ISO form: Excel serials, 2026/1/5, 2026年1月5日, 2026.01.05.

    Only calendar dates are read: a sheet's "today" or "+3d" is not the date the rep meant then.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        raise _err("Not a date", "不是日期")
    if isinstance(value, (int, float)):
        return serial_date(float(value)).isoformat()
    text = _TIME_TAIL.sub("", _fold(str(value)))
    if _SERIAL_TEXT.match(text):  # a CSV of a sheet whose date column had no date format
        return serial_date(float(text)).isoformat()
    match = _YMD.match(text) or _COMPACT.match(text)
    if not match:
        raise _err(f"Not a date: {text[:40]!r}; use 2026-01-05, 2026/1/5 or 2026年1月5日",
                   f"不是日期：{text[:40]!r}；请使用 2026-01-05、2026/1/5 或 2026年1月5日")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise _err(f"{year:04d}-{month:02d}-{day:02d} is not a real date",
                   f"{year:04d}-{month:02d}-{day:02d} 不是有效日期") from None


def _choice_fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text).casefold())


@cache
def choice_table(choices: type[vocab.Choice]) -> dict[str, str]:
    """Return every spelling of a choice's values -> code: the code and both labels, then the
    words of a label ("战略客户" of "A 战略客户", "个人" of "个人/个体") where no other value
    has that word."""
    table = {_choice_fold(name): member.value for member in choices
             for name in (member.value, member.en, member.zh) if name}
    parts: dict[str, set[str]] = {}
    for member in choices:
        for label in (member.en, member.zh):
            for part in re.split(r"[/\s]+", label):
                if part:
                    parts.setdefault(_choice_fold(part), set()).add(member.value)
    for part, codes in parts.items():
        if len(codes) == 1 and part not in table:
            table[part] = codes.pop()
    return table


def choice_code(choices: type[vocab.Choice], value: Any) -> str:
    """Return the stored code of a classification cell given by code or either label."""
    text = cell_text(value)
    code = choice_table(choices).get(_choice_fold(text))
    if code is None:
        known = " / ".join(f"{member.value} {member.zh}" for member in choices)
        raise _err(f"Not one of: {known}", f"不在可选值中：{known}")
    return code


def bool_value(value: Any) -> bool:
    """Return a yes/no cell as a bool: 是/否, yes/no, y/n, true/false, 1/0, √/×."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = _fold(cell_text(value)).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _err("Enter yes or no (是/否)", "请填写 是 或 否")


def field_value(spec: FieldSpec, value: Any) -> Any:
    """Return what the form field takes for a non-blank cell; raise FieldError if unreadable.

    REF fields are names of people or records: the caller resolves them, this returns the text.
    """
    if spec.kind is Kind.BOOL:
        return bool_value(value)
    if spec.kind is Kind.CHOICE:
        assert spec.choices is not None
        return choice_code(spec.choices, value)
    if spec.kind is Kind.DATE:
        return date_text(value)
    if spec.kind in (Kind.INT, Kind.PERCENT):
        return amount_text(value, rounding=False)
    if spec.kind is Kind.MONEY:
        return amount_text(value, rounding=True)
    if spec.name in DIGIT_TEXT_FIELDS:
        return digit_text(value)
    return cell_text(value)


_STAGE_NUMBER = re.compile(r"(?<!\d)([1-6])(?!\d)")


def stage_number(value: Any) -> int:
    """Return a purchasing stage (1-6) given by number, code or either language's name.

    "3", 3.0, "第3阶段", "Stage 3", "design", "Design", "设计", "3 设计" all give 3.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = whole(float(value))
        if number in vocab.STAGE_BY_NUMBER:
            return number
    text = _choice_fold(cell_text(value))
    for stage in vocab.STAGES:
        if text in (stage.code, _choice_fold(stage.en), _choice_fold(stage.zh)):
            return stage.number
    numbers = set(_STAGE_NUMBER.findall(text))
    named = {stage.number for stage in vocab.STAGES
             if stage.zh in text or _choice_fold(stage.en) in text}
    found = {int(n) for n in numbers} | named
    if len(found) == 1:
        return found.pop()
    names = " / ".join(f"{s.number} {s.en} {s.zh}" for s in vocab.STAGES)
    raise _err(f"Not a stage: {names}", f"不是采购阶段：{names}")
