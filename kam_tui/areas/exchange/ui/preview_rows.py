"""The first rows of a sheet as the import would store them, each failing cell with its reason.

The same rules the engine reads cells with (`rules.values`, the form's field specs); the dry run
stays the final word, since only it resolves people and accounts against the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.core.domain import fields as f
from kam_tui.core.domain.fields import FieldError, Kind
from kam_tui.core.domain.text import normalise_input


@dataclass(frozen=True)
class PreviewCell:
    """One cell: what would be stored, or the cell as read and why it would be refused."""

    shown: str
    error: FieldError | None = None


@dataclass(frozen=True)
class PreviewRow:
    """One data row: its number as the rep sees it and a cell per mapped column."""

    number: int
    cells: tuple[PreviewCell, ...]


def mapped(mapping: Sequence[str]) -> list[int]:
    """Return the indexes of the columns that are imported."""
    return [index for index, name in enumerate(mapping) if name]


def preview_rows(kind: str, head: Sequence[tuple[int, list[Any]]], header_row: int,
                 mapping: Sequence[str], lang: str, today: date, limit: int = 20
                 ) -> list[PreviewRow]:
    """Return up to `limit` non-blank rows below the header, read as the import reads them."""
    target = c.TARGETS[kind]
    columns = mapped(mapping)
    out: list[PreviewRow] = []
    for number, cells in head:
        if number <= header_row or all(v.is_blank(cell) for cell in cells):
            continue
        out.append(PreviewRow(number, tuple(_row(target, cells, mapping, columns, lang,
                                                 today))))
        if len(out) >= limit:
            break
    return out


def _row(target: c.Target, cells: list[Any], mapping: Sequence[str], columns: list[int],
         lang: str, today: date) -> list[PreviewCell]:
    raw: dict[str, Any] = {}
    read: dict[str, str] = {}
    errors: dict[str, FieldError] = {}
    shown: dict[str, str] = {}
    for index in columns:
        name = mapping[index]
        cell = cells[index] if index < len(cells) else None
        read[name] = "" if v.is_blank(cell) else v.cell_text(cell)
        if v.is_blank(cell):
            continue
        if isinstance(cell, str):
            cell = v.unguard(cell)
        spec = target.spec(name)
        try:
            if spec is None:
                shown[name] = (str(v.stage_number(cell)) if name == c.STAGE
                               else normalise_input(v.cell_text(cell)))
            elif spec.kind is Kind.REF:  # a person's name: the dry run looks it up
                shown[name] = normalise_input(v.cell_text(cell))
            else:
                raw[name] = v.field_value(spec, cell)
        except FieldError as error:
            errors[name] = error
    checked = [spec for spec in target.specs if spec.name in read and spec.kind is not Kind.REF]
    clean, more = f.validate(tuple(checked), raw, today)
    for name, error in more.items():
        errors.setdefault(name, error)
    out = []
    for index in columns:
        name = mapping[index]
        if name in errors:
            out.append(PreviewCell(read[name], errors[name]))
        elif name in shown:
            out.append(PreviewCell(shown[name]))
        else:
            spec = target.spec(name)
            out.append(PreviewCell(_stored(spec, clean.get(name), lang) if spec else ""))
    return out


def _stored(spec: f.FieldSpec, value: Any, lang: str) -> str:
    """Say a clean value as the card would."""
    if value is None or value == "":
        return ""
    if spec.kind is Kind.CHOICE and spec.choices is not None:
        return spec.choices.label_of(value, lang) or str(value)
    if spec.kind is Kind.BOOL:
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, date):
        return value.isoformat()
    if spec.kind is Kind.MONEY and isinstance(value, int):
        return f"{value:,}"
    return str(value)
