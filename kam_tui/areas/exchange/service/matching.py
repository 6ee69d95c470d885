"""What each row of a chunk is: new, an update of a stored record, unchanged, a duplicate.

The records a chunk's rows may already be are looked up for the whole chunk at once
(`queries.matching`), never by loading a table: accounts by normalised name and phone digits,
contacts and deals by their account and name, purchases and contacts made by every column the
sheet gives.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from itertools import islice
from typing import Any

from kam_tui.areas.exchange.queries import matching as lookup
from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.areas.exchange.service.reading import Row
from kam_tui.areas.exchange.service.report import ImportCancelled, Mode
from kam_tui.areas.exchange.service.writing import Writer
from kam_tui.core.db import records
from kam_tui.core.domain import fields as f
from kam_tui.core.domain.fields import FieldError
from kam_tui.core.domain.names import company_key, person_key, phone_key

CHUNK = 500


class Run(Writer):
    """One import's work inside its transaction: rows in chunks, each row matched and written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen: dict[Any, int] = {}  # key -> the row of the file that had it first
        self.current: dict[int, tuple[dict[str, Any], int]] = {}  # a chunk's matched records

    def rows(self, rows: Iterator[tuple[int, list[Any]]],
             progress: Callable[[int], None] | None, cancel: threading.Event | None) -> None:
        """Work the rows a chunk at a time, reporting progress after each."""
        while chunk := list(islice(rows, CHUNK)):
            if cancel is not None and cancel.is_set():
                raise ImportCancelled
            parsed = []
            for number, cells in chunk:
                if all(v.is_blank(cell) for cell in cells):
                    self.report.blank += 1
                    continue
                self.report.rows += 1
                parsed.append(self.reader.parse(number, cells))
            self._chunk(parsed)
            self.flush()
            if progress is not None:
                progress(self.report.rows)

    # -- a chunk: look up what it may already be, then write it

    def _prefetch(self, found: Any) -> None:
        """Read the live records a chunk's rows matched, in one query per CHUNK ids."""
        if self.options.mode is Mode.CREATE:
            return
        ids = sorted({each.id for matches in found.values() for each in matches
                      if not each.deleted})
        self.current = {}
        for batch in lookup.chunks(ids):
            for row in self.model.alive().where(self.model.id.in_(batch)):
                self.current[row.id] = (records.values_of(self.kind, row), row.version)

    def _chunk(self, rows: list[Row]) -> None:
        if self.target.name == "accounts":
            self._accounts(rows)
            return
        accounts = self._link_accounts(rows)
        live = [row for row in rows if row.number in accounts]
        ids = {accounts[row.number] for row in live}
        if self.target.name in ("contacts", "opportunities"):
            found = (lookup.contact_keys(ids) if self.target.name == "contacts"
                     else lookup.opportunity_keys(ids))
            self._prefetch(found)
            for row in live:
                self._keyed_child(row, accounts[row.number], found)
        else:
            self._plain_children(live, accounts, ids)

    def _first(self, row: Row, key: Any) -> bool:
        """Return whether the row is the first of the file with this key (else a duplicate)."""
        earlier = self.seen.get(key)
        if earlier is None:
            self.seen[key] = row.number
            return True
        self.issue(row, "duplicate", f"The same as row {earlier} of the file",
                   f"与文件第 {earlier} 行重复")
        return False

    def _accounts(self, rows: list[Row]) -> None:
        names = [company_key(str(row.values.get("name", ""))) for row in rows]
        phones = [phone_key(str(row.values.get("phone", ""))) for row in rows]
        by_name = lookup.accounts_by_name(names)
        by_phone = lookup.accounts_by_phone(phones)
        self._prefetch(by_name)
        for row, name_key, tel in zip(rows, names, phones):
            if row.errors:
                self.refuse(row, self._all_errors(row))
                continue
            if name_key and not self._first(row, ("name", name_key)):
                continue
            found = by_name.get(name_key, [])
            if not found and tel:
                same_phone = [each for each in by_phone.get(tel, []) if not each.deleted]
                if same_phone:
                    other = same_phone[0]
                    self.issue(row, "duplicate",
                               f"Same phone as account #{other.id} {other.name!r}; not "
                               "imported in case it is the same customer",
                               f"与客户 #{other.id}「{other.name}」电话相同，可能是同一客户，未导入",
                               record_id=other.id)
                    continue
            self._matched(row, found, None)

    def _link_accounts(self, rows: list[Row]) -> dict[int, int]:
        """Return row number -> account id for rows whose account column names one account;
        refuse the others."""
        keys = [company_key(str(row.links.get(c.ACCOUNT, ""))) for row in rows]
        found = lookup.accounts_by_name(keys)
        out: dict[int, int] = {}
        for row, key in zip(rows, keys):
            name = row.links.get(c.ACCOUNT, "")
            live = [each for each in found.get(key, []) if not each.deleted]
            if len(live) == 1:
                out[row.number] = live[0].id
                continue
            error = (FieldError(f"No account is named {name!r}", f"没有名为 {name!r} 的客户")
                     if not live else
                     FieldError(f"Several accounts are named {name!r}: "
                                + ", ".join(f"#{each.id}" for each in live),
                                f"有多个客户名为 {name!r}"))
            self.refuse(row, {**self._all_errors(row), c.ACCOUNT: error})
        return out

    def _keyed_child(self, row: Row, account_id: int,
                     found: dict[tuple[int, str], list[lookup.Found]]) -> None:
        if row.errors:
            self.refuse(row, self._all_errors(row))
            return
        name = row.values.get("name" if self.target.name == "contacts" else "title", "")
        key = (account_id, person_key(str(name)))
        if key[1] and not self._first(row, key):
            return
        matches = found.get(key, [])
        if not matches and self.target.name == "contacts":
            for number in {phone_key(str(row.values.get(n, ""))) for n in ("mobile", "phone")}:
                same = [each for each in found.get((account_id, f"tel:{number}"), [])
                        if number and not each.deleted]
                if same:
                    self.issue(row, "duplicate",
                               f"Same phone as contact #{same[0].id} {same[0].name!r}",
                               f"与联系人 #{same[0].id}「{same[0].name}」电话相同",
                               record_id=same[0].id)
                    return
        self._matched(row, matches, account_id)

    def _plain_children(self, rows: list[Row], accounts: dict[int, int], ids: set[int]) -> None:
        """Purchases and contacts made: no name to match by; a row equal to a stored one in
        every column the sheet gives is that one (unchanged), otherwise it is new."""
        provided = [name for name in self.mapping if self.target.spec(name) is not None]
        stored: set[tuple[Any, ...]] = set()
        for each in lookup.children_of(self.model, ids, provided):
            if not each["deleted"]:
                stored.add((each["account_id"], *self._clean_tuple(each, provided)))
        for row in rows:
            if row.errors:
                self.refuse(row, self._all_errors(row))
                continue
            clean, errors = f.validate(self.target.specs, {**self.defaults, **row.values},
                                       self.today)
            if errors:
                self.refuse(row, errors)
                continue
            key = (accounts[row.number], *(clean.get(name) for name in provided))
            if not self._first(row, key):
                continue
            if key in stored:
                self.report.unchanged += 1
                continue
            if self.options.mode is Mode.UPDATE:
                self.issue(row, "not_found", "No stored record is the same; update only "
                           "changes records it finds", "没有相同的已存记录；仅更新模式不新建")
                continue
            self.create(row, accounts[row.number])

    def _clean_tuple(self, stored: dict[str, Any], names: list[str]) -> tuple[Any, ...]:
        out = []
        for name in names:
            spec = self.target.spec(name)
            value = stored.get(name)
            try:
                out.append(spec.parse(value.isoformat() if isinstance(value, date) else value,
                                      self.today) if spec is not None else value)
            except FieldError:
                out.append(value)
        return tuple(out)

    # -- one row: new, updated, unchanged, or not imported

    def _matched(self, row: Row, found: list[lookup.Found], parent_id: int | None) -> None:
        live = [each for each in found if not each.deleted]
        deleted = [each for each in found if each.deleted]
        mode = self.options.mode
        noun = self.target.record_kind
        if len(live) > 1:
            shown = ", ".join(f"#{each.id}" for each in live[:5])
            self.issue(row, "duplicate", f"Matches several stored records ({shown}); not "
                       "imported: merge them first", f"与多条已存记录重复（{shown}），未导入；请先合并")
            return
        if live:
            if mode is Mode.CREATE:
                self.issue(row, "duplicate", f"Already stored as {noun} #{live[0].id}",
                           f"已存在（#{live[0].id}）", record_id=live[0].id)
                return
            # A row earlier in the chunk may not have written it: then it is read afresh.
            before = self.current.pop(live[0].id, (None, 0))[0]
            self.update(row, live[0].id, before)
            return
        if deleted and self.options.restore_deleted:
            self.update(row, deleted[-1].id, None, restore=True)
            return
        if mode is Mode.UPDATE:
            self.issue(row, "not_found", "No stored record matches; update only changes "
                       "records it finds", "没有匹配的已存记录；仅更新模式不新建")
            return
        if deleted:
            self.issue(row, "note", f"A deleted {noun} #{deleted[-1].id} has this name; a new "
                       "one was made (import with restore to bring it back instead)",
                       f"已删除的记录 #{deleted[-1].id} 同名；已新建（可选择恢复该记录）",
                       record_id=deleted[-1].id)
        self.create(row, parent_id)

    def _all_errors(self, row: Row) -> dict[str, FieldError]:
        """The cells that could not be read, with what the form's rules say of the rest."""
        ok = {name: value for name, value in row.values.items() if name not in row.errors}
        _, more = f.validate(self.target.specs, {**self.defaults, **ok}, self.today)
        return {**row.errors, **{n: e for n, e in more.items() if n not in row.errors}}
