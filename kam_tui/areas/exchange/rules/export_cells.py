"""What an exported cell holds: columns in the rep's language, values safe for a spreadsheet.

Everything exported is other people's text. A cell that starts like a formula (`=`, `+`, `-`,
`@`, and their full-width forms, or a tab or carriage return) is what Excel and WPS would run
from a CSV file: CSV cells get an apostrophe in front (OWASP's advice); XLSX text is written as
a string cell and is never a formula. Control characters are shown as visible symbols (␛), line
breaks kept as a spreadsheet cell keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldSpec, Kind
from kam_tui.core.domain.text import for_block_editor
from kam_tui.core.domain.vocab import Lang

# Excel keeps at most this many characters in a cell; a longer one would be refused or cut.
MAX_CELL_CHARS = 32_767
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")


class Value(StrEnum):
    """How a column's value is written: text, a real number, a real date, yes or no."""

    TEXT = "text"
    CHOICE = "choice"  # a stored code, written as its label in the rep's language
    INT = "int"
    DATE = "date"
    BOOL = "bool"
    STAGE = "stage"  # a purchasing stage number, written as its name


@dataclass(frozen=True)
class Column:
    """One exported column: its key, its header in both languages, how its value is written."""

    key: str
    en: str
    zh: str
    value: Value = Value.TEXT
    choices: type[vocab.Choice] | None = None
    private: bool = False
    width: int = 14  # characters, for the XLSX sheet

    def header(self, lang: Lang = "en") -> str:
        """Return the column header in the given language."""
        return self.zh if lang == "zh" else self.en


_BY_KIND = {
    Kind.INT: Value.INT, Kind.MONEY: Value.INT, Kind.PERCENT: Value.INT, Kind.DATE: Value.DATE,
    Kind.BOOL: Value.BOOL, Kind.CHOICE: Value.CHOICE,
}


def column_of(spec: FieldSpec, key: str | None = None, *, en: str = "", zh: str = "") -> Column:
    """Return the exported column of a form field: its labels, its kind, its privacy."""
    value = _BY_KIND.get(spec.kind, Value.TEXT)
    width = {Kind.MULTILINE: 30, Kind.DATE: 12, Kind.BOOL: 8}.get(spec.kind, 16)
    return Column(key or spec.name, en or spec.en, zh or spec.zh, value, spec.choices,
                  spec.private, width)


def columns_of(specs: tuple[FieldSpec, ...], *, include_personal: bool) -> tuple[Column, ...]:
    """Return a kind's exported columns, the private ones only when asked for."""
    return tuple(column_of(spec) for spec in specs if include_personal or not spec.private)


# Columns that are not form fields: where a row belongs, what the board or the calendar sets.
ACCOUNT = Column("account", "Account", "客户名称", width=24)
ACCOUNT_KEY = Column("account_uuid", "Account kam ID", "客户 kam 编号", width=34)
KEY = Column("uuid", "kam ID", "kam 编号", width=34)
OPPORTUNITY = Column("opportunity", "Opportunity", "销售机会", width=24)
STAGE = Column("stage", "Stage", "采购阶段", Value.STAGE, width=10)
OPPORTUNITY_STATUS = Column("status", "Status", "状态", Value.CHOICE,
                            vocab.OpportunityStatus, width=8)
WIN_RATE = Column("win_rate", "Win rate (%)", "赢率（%）", Value.INT, width=8)
CLOSED_ON = Column("closed_on", "Closed on", "结束日期", Value.DATE, width=12)
LOST_REASON = Column("lost_reason", "Lost reason", "丢单原因", width=24)
LOST_TO = Column("lost_to", "Lost to", "赢单对手", width=16)
REVISIT_STATUS = Column("status", "Status", "状态", Value.CHOICE, vocab.RevisitStatus, width=8)
REVISIT_RULE = Column("rule", "Planned by", "安排规则", Value.CHOICE, vocab.CadenceRule)
SKIP_REASON = Column("skip_reason", "Skip reason", "跳过原因", width=24)


@dataclass(frozen=True)
class Sheet:
    """What one kind of record is called as a sheet or a file."""

    kind: str
    en: str
    zh: str

    def title(self, lang: Lang = "en") -> str:
        """Return the sheet name in the given language."""
        return self.zh if lang == "zh" else self.en


SHEETS: dict[str, Sheet] = {sheet.kind: sheet for sheet in (
    Sheet("accounts", "Accounts", "客户"),
    Sheet("contacts", "Contacts", "联系人"),
    Sheet("purchases", "Purchases", "购买记录"),
    Sheet("opportunities", "Opportunities", "销售机会"),
    Sheet("activities", "Activities", "联系记录"),
    Sheet("revisits", "Revisits", "回访"),
)}
EXPORT_KINDS: tuple[str, ...] = tuple(SHEETS)

YES_NO = {"en": ("Yes", "No"), "zh": ("是", "否")}
# What safe_text changes: C0 and C1 controls but tab and line feed, DEL, bidi overrides.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Convert = Callable[[Any], Any]


def safe_text(value: object) -> str:
    """Return text with line breaks as one spreadsheet cell keeps them and controls visible."""
    if type(value) is str and len(value) <= MAX_CELL_CHARS and not _UNSAFE.search(value):
        return value  # the common case, at the cost of one regex search
    text = for_block_editor(value)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def neutralised(text: str) -> str:
    """Return CSV text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text and text[0] in FORMULA_STARTS else text


def _int(value: Any) -> int | None:
    return value if type(value) is int else None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _text(value: Any) -> str | None:
    return None if value is None else safe_text(value)


def _labels(labels: dict[Any, str]) -> Convert:
    def label(value: Any) -> str | None:
        if value is None:
            return None
        found = labels.get(value)
        return found if found is not None else safe_text(value)
    return label


def converter(column: Column, lang: Lang = "en") -> Convert:
    """Return the function that turns a stored value into what a spreadsheet should hold:
    str, int, date, bool or None.

    Choices and stages become their labels in the rep's language (an unknown stored code stays
    as it is); text is made safe (see safe_text) but not yet neutralised.
    """
    kind = column.value
    if kind is Value.INT:
        return _int
    if kind is Value.DATE:
        return _date
    if kind is Value.BOOL:
        return _bool
    if kind is Value.STAGE:
        return _labels({stage.number: stage.label(lang) for stage in vocab.STAGES})
    if kind is Value.CHOICE and column.choices is not None:
        return _labels({member.value: member.label(lang) for member in column.choices})
    return _text


def csv_converter(column: Column, lang: Lang = "en") -> Callable[[Any], str]:
    """Return the function that writes one CSV cell of the column: ISO dates, plain numbers,
    yes/no in the rep's language, text neutralised."""
    typed_value = converter(column, lang)
    yes, no = YES_NO.get(lang, YES_NO["en"])

    def cell(value: Any) -> str:
        shown = typed_value(value)
        if shown is None:
            return ""
        kind = type(shown)
        if kind is str:
            return "'" + shown if shown and shown[0] in FORMULA_STARTS else shown
        if kind is bool:
            return yes if shown else no
        if kind is int:
            return str(shown)
        return shown.isoformat()
    return cell


def typed(column: Column, value: Any, lang: Lang = "en") -> Any:
    """Return one value as a spreadsheet should hold it (see converter)."""
    return converter(column, lang)(value)


def csv_cell(column: Column, value: Any, lang: Lang = "en") -> str:
    """Return the text of one CSV cell (see csv_converter)."""
    return csv_converter(column, lang)(value)
