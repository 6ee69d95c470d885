"""Reading a sheet for an import: its header row, what each column maps to, each row's values.

A row's cells become what the form's fields take (`rules.values`), its link columns (the
account a contact belongs to, a deal's stage) and the errors of cells that cannot be read at
all; the form's own rules are applied when the row is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from kam_tui.areas.exchange.queries.batches import CREATED, STAFF, Item
from kam_tui.areas.exchange.readers.table import Table
from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.areas.exchange.service.report import (
    ImportOptions,
    ImportSetupError,
    Inspection,
)
from kam_tui.core.db import models as m
from kam_tui.core.domain.fields import FieldError, FieldSpec, Kind
from kam_tui.core.domain.names import person_key
from kam_tui.core.domain.text import normalise_input


def header_index(target: c.Target, head: list[tuple[int, list[Any]]], options: ImportOptions,
                 table: Table) -> int:
    """Return the index in head of the header row: the one asked for, else the guessed one."""
    if options.header_row is None:
        return c.guess_header(target, [cells for _, cells in head])
    for index, (number, _) in enumerate(head):
        if number == options.header_row:
            return index
    raise ImportSetupError(f"Row {options.header_row} is not among the first {len(head)} "
                           f"rows of {table.path.name}",
                           f"第 {options.header_row} 行不在 {table.path.name} 的前 "
                           f"{len(head)} 行中")


def choose_mapping(target: c.Target, headers: list[str], options: ImportOptions,
                   saved: dict[str, Any] | None) -> list[str]:
    """Return what each column maps to: as given, as saved under a name, else guessed."""
    if options.mapping is not None:
        known = set(target.columns())
        mapping = [name if name in known else c.IGNORE for name in options.mapping]
        return (mapping + [c.IGNORE] * len(headers))[:len(headers)]
    if options.saved_mapping:
        if saved is None:
            raise ImportSetupError(f"There is no saved mapping {options.saved_mapping!r}",
                                   f"没有名为 {options.saved_mapping!r} 的列对应")
        return c.apply_saved(target, headers, saved.get("columns", {}))
    return c.auto_mapping(target, headers)


def inspection_of(target: c.Target, table: Table, head: list[tuple[int, list[Any]]],
                  options: ImportOptions, saved: dict[str, Any] | None, head_rows: int
                  ) -> tuple[Inspection, int]:
    """Return the inspection of a file from its first rows, and the header's index in them."""
    index = header_index(target, head, options, table)
    number, header_cells = head[index] if head else (1, [])
    headers = [v.cell_text(cell).strip() for cell in header_cells]
    mapping = choose_mapping(target, headers, options, saved)
    return (Inspection(table, head[:head_rows], number, headers, mapping,
                       c.required_missing(target, mapping)), index)


def data_rows(head: list[tuple[int, list[Any]]], index: int,
              rest: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    """Yield the rows below the header: those already read with the head, then the rest."""
    return chain(head[index + 1:], rest)


def required_defaults(model: type[m.BaseModel], specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """The values a new record takes for required choices the sheet leaves out, as the model
    defaults them (an account is C, watch, potential, acquisition; a contact made is a visit)."""
    out: dict[str, Any] = {}
    for spec in specs:
        if spec.required and spec.kind is Kind.CHOICE:
            column = model._meta.fields.get(spec.name)
            default = getattr(column, "default", None)
            if default:
                out[spec.name] = default() if callable(default) else default
    return out


@dataclass
class Row:
    """A row of the file as the import works it."""

    number: int
    cells: list[Any]
    values: dict[str, Any]  # field name -> what the form takes (only cells that hold something)
    links: dict[str, Any]  # link column -> value
    errors: dict[str, FieldError]


class RowReader:
    """Turns a row's cells into field values, naming our people by their ids."""

    def __init__(self, target: c.Target, mapping: list[str], options: ImportOptions,
                 items: list[Item]) -> None:
        self.target = target
        self.mapping = mapping
        self.options = options
        self.items = items  # where one of our people the import adds is noted, for undo
        self.staff: dict[str, list[tuple[int, str]]] = {}  # person key -> (id, role)
        # Per column: the field's spec (None for a link column); ignored columns left out.
        self.columns = [(index, name, target.spec(name)) for index, name in enumerate(mapping)
                        if name]

    def parse(self, number: int, cells: list[Any]) -> Row:
        """Return the row's values, links and the errors of cells that cannot be read."""
        values: dict[str, Any] = {}
        links: dict[str, Any] = {}
        errors: dict[str, FieldError] = {}
        width = len(cells)
        for index, name, spec in self.columns:
            if index >= width:
                continue
            cell = cells[index]
            if v.is_blank(cell):
                continue
            if isinstance(cell, str):
                cell = v.unguard(cell)
            try:
                if spec is None:
                    links[name] = (v.stage_number(cell) if name == c.STAGE
                                   else normalise_input(v.cell_text(cell)))
                elif spec.kind is Kind.REF:
                    values[name] = self.person(spec, normalise_input(v.cell_text(cell)))
                else:
                    values[name] = v.field_value(spec, cell)
            except FieldError as error:
                errors[name] = error
        return Row(number, cells, values, links, errors)

    def person(self, spec: FieldSpec, name: str) -> int:
        """Return the id of one of our people named in a cell (an owner, a dealer)."""
        dealer = spec.ref == "dealer"
        key = person_key(name)
        found = [row_id for row_id, role in self.staff.get(key, [])
                 if (role == "dealer") == dealer]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise FieldError(f"Several of our people are named {name!r}",
                             f"我方有多人名为 {name!r}")
        if not self.options.create_people:
            who = ("dealer", "经销商") if dealer else ("one of our people", "我方人员")
            raise FieldError(f"No {who[0]} is named {name!r}; add them first or let the import "
                             "create them", f"没有名为 {name!r} 的{who[1]}；请先添加，或允许导入时创建")
        clean = name[:100]
        row_id = m.Staff.create(name=clean, role="dealer" if dealer else "rep").id
        self.staff.setdefault(key, []).append((row_id, "dealer" if dealer else "rep"))
        self.items.append(Item(STAFF, row_id, CREATED))
        return row_id
