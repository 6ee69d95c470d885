"""Writing an import's rows: through the record engine, tagged with the import's batch.

New records of a kind the engine can create many at a time (`RecordKind.batches`: accounts,
purchases, activities) are held until the end of the chunk, or until the import writes anything
else, and then created with `records.create_many`; so the writes happen in the order of the
file, as saving row after row would do them. Other kinds are saved row by row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kam_tui.areas.exchange.queries import batches, matching
from kam_tui.areas.exchange.queries.batches import CREATED, RESTORED, UPDATED, Item
from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.service.reading import Row, RowReader, required_defaults
from kam_tui.areas.exchange.service.report import (
    ImportOptions,
    ImportReport,
    RowIssue,
    join_errors,
)
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.core.db.records import ValidationFailed
from kam_tui.core.domain import fields as f
from kam_tui.core.domain.fields import FieldError

_COUNTERS = {"refused": "refused", "duplicate": "duplicates", "not_found": "not_found"}


class Writer:
    """One import's writes and its report, inside the import's transaction."""

    def __init__(self, target: c.Target, options: ImportOptions, report: ImportReport,
                 today: date) -> None:
        self.target = target
        self.options = options
        self.report = report
        self.today = today
        self.kind = records.kind_of(target.record_kind)
        self.model = self.kind.model
        self.defaults = required_defaults(self.model, target.specs)
        self.mapping = report.mapping
        self.items: list[Item] = []
        self.reader = RowReader(target, self.mapping, options, self.items)
        self.batch_id = 0
        # Rows to create, each with its parent and where its issue goes should it be refused.
        self.pending: list[tuple[Row, int | None, int]] = []

    # -- set up and wind down

    def start(self) -> None:
        """Bring the account keys up to date, know our people, and open the batch."""
        matching.sync_account_keys()
        self.reader.staff = matching.staff_keys()
        self.batch_id = batches.new_batch(self.target.name, str(self.options.mode),
                                          str(self.report.file))
        self.report.batch_id = self.batch_id

    def finish(self) -> None:
        """Write what is held, and close the batch."""
        self.flush()
        batches.finish_batch(self.batch_id, self.report.rows)

    def flush(self) -> None:
        """Create the rows held back, and note in the batch what was written."""
        self._create_pending()
        batches.add_items(self.batch_id, self.items)
        self.items.clear()

    # -- what the report says of a row

    def issue(self, row: Row, action: str, en: str, zh: str, *,
              errors: dict[str, FieldError] | None = None, record_id: int | None = None,
              at: int | None = None) -> None:
        """Note a row that is not imported as it stands (or a note about it)."""
        counter = _COUNTERS.get(action)
        if counter:
            setattr(self.report, counter, getattr(self.report, counter) + 1)
        issue = RowIssue(row.number, action, en, zh, errors or {}, record_id,
                         list(row.cells) if action == "refused" else [])
        if at is None:
            self.report.issues.append(issue)
        else:
            self.report.issues.insert(at, issue)

    def refuse(self, row: Row, errors: dict[str, FieldError], at: int | None = None) -> None:
        """Note a row the rules refused, with every field's reason."""
        self.issue(row, "refused", join_errors(self.target, errors, "en"),
                   join_errors(self.target, errors, "zh"), errors=errors, at=at)

    # -- writes

    def create(self, row: Row, parent_id: int | None) -> None:
        """Create the row's record (held back for create_many when its kind batches)."""
        if self.kind.batches:
            self.pending.append((row, parent_id, len(self.report.issues)))
            if len(self.pending) >= records.BATCH:
                self._create_pending()
            return
        raw = {**self.defaults, **row.values}
        try:
            with records.transaction():
                record_id = records.save(self.kind.name, raw, today=self.today,
                                         parent_id=parent_id)
                self._after_write(record_id, row, created=True)
        except ValidationFailed as failed:
            self.refuse(row, failed.errors)
            return
        self.items.append(Item(self.kind.name, record_id, CREATED))
        self.report.new += 1

    def _create_pending(self) -> None:
        pending, self.pending = self.pending, []
        if not pending:
            return
        results = records.create_many(
            self.kind.name, [{**self.defaults, **row.values} for row, _, _ in pending],
            today=self.today, parent_ids=[parent_id for _, parent_id, _ in pending])
        created: list[int] = []
        refused: list[tuple[int, Row, ValidationFailed]] = []
        for (row, _, at), result in zip(pending, results):
            if isinstance(result, ValidationFailed):
                refused.append((at, row, result))
                continue
            created.append(result)
            self.items.append(Item(self.kind.name, result, CREATED))
        self.report.new += len(created)
        # Latest first, so that each issue goes where row-by-row saving would have put it.
        for at, row, failed in reversed(refused):
            self.refuse(row, failed.errors, at=at)
        if self.target.name == "accounts":
            matching.refresh_account_keys(created)

    def update(self, row: Row, record_id: int, before: dict[str, Any] | None, *,
               restore: bool = False) -> None:
        """Change a stored record as the row says (bringing it back first when deleted)."""
        self._create_pending()  # earlier rows first: a later row's hooks may depend on them
        if restore:
            before = records.values_of(self.kind, self.model.get_by_id(record_id))
        elif before is None:
            before, _ = records.load(self.kind.name, record_id)
        merged = {**before, **row.values}
        old, _ = f.validate(self.target.specs, before, self.today)
        new, errors = f.validate(self.target.specs, merged, self.today)
        if errors:
            self.refuse(row, errors)
            return
        if new == old and not restore:
            self.report.unchanged += 1
            return
        try:
            with records.transaction():
                if restore:
                    records.restore(self.kind.name, record_id)
                version = self.model.select(self.model.version).where(
                    self.model.id == record_id).scalar()
                records.save(self.kind.name, merged, today=self.today, record_id=record_id,
                             expected_version=version, opened_values=before)
                self._after_write(record_id, row, created=False)
        except ValidationFailed as failed:
            self.refuse(row, failed.errors)
            return
        self.items.append(Item(self.kind.name, record_id, RESTORED if restore else UPDATED,
                               before))
        self.report.updated += 1

    def _after_write(self, record_id: int, row: Row, *, created: bool) -> None:
        if self.target.name == "accounts":
            matching.refresh_account_keys([record_id])
        stage = row.links.get(c.STAGE)
        if created and stage and stage != 1 and self.target.name == "opportunities":
            # Entered its stage when it was made: the history's first row says so too.
            records.bump(m.Opportunity, m.Opportunity.id == record_id, stage=stage)
            (m.StageChange.update(to_stage=stage)
             .where(m.StageChange.opportunity == record_id).execute())
