"""The Conflicts screen: each field where two edits met, both values, who and when; t takes
the other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from kam_tui.areas.sync.service import ConflictGone, ConflictRow, Edit, SyncService
from kam_tui.core.domain import vocab
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.fitting_footer import FittingFooter
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.paged_table import Column, PagedTable
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised


class ConflictsScreen(Localised, Screen):
    """Fields where two edits met: the later one is kept; t writes the other instead."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="nav.back"),
        Binding("t", "take_other", "Take the other", id="sync.take_other"),
        Binding("x", "keep", "Keep", id="sync.keep"),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        """The counts and the first page."""

        count: int
        waiting: int
        rows: list[ConflictRow]
        number: int

    @dataclass
    class PageLoaded(Message):
        """One more page."""

        generation: int
        offset: int
        rows: list[ConflictRow]

    @dataclass
    class Taken(Message):
        """The other value was written (row), or could not be (gone)."""

        row: ConflictRow | None

    class Kept(Message):
        """A conflict was marked looked at."""

    def __init__(self) -> None:
        super().__init__()
        self._order = LoadOrder()
        self._rows: dict[int, ConflictRow] = {}

    @property
    def service(self) -> SyncService:
        """Return the app's sync service."""
        return self.app.service(SyncService)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        yield Static(Text(t("sync.loading")), id="conflicts-status")
        yield PagedTable([
            Column("state", "", 1),
            Column("record", t("sync.col_record"), 0, min_width=16),
            Column("field", t("sync.col_field"), 14, priority=2),
            Column("kept", t("sync.col_kept"), 0, min_width=12),
            Column("kept_by", t("sync.col_by"), 16, priority=3),
            Column("other", t("sync.col_other"), 0, min_width=12),
            Column("other_by", t("sync.col_by"), 16, priority=1),
        ], empty_text=t("sync.empty"), id="conflicts-table")
        yield Static(id="conflicts-detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.t("sync.title")
        self.query_one(PagedTable).focus()
        self._fetch()

    def _fetch(self) -> None:
        self._read(self._order.next())

    @db_work(exclusive=True, group="conflicts")
    def _read(self, number: int) -> None:
        count, waiting, rows = self.service.first(PagedTable.PAGE_SIZE)
        self.post_message(self.Loaded(count, waiting, rows, number))

    @db_work(group="conflict-pages")
    def _fetch_page(self, generation: int, offset: int, limit: int) -> None:
        self.post_message(self.PageLoaded(generation, offset, self.service.page(offset, limit)))

    @db_work(group="conflict-take")
    def _take(self, conflict_id: int) -> None:
        try:
            row = self.service.take_other(conflict_id)
        except ConflictGone:
            row = None
        self.post_message(self.Taken(row))

    @db_work(group="conflict-take")
    def _keep(self, conflict_id: int) -> None:
        self.service.keep(conflict_id)
        self.post_message(self.Kept())

    def _cells(self, row: ConflictRow) -> tuple[object, tuple[str | Text, ...]]:
        self._rows[row.id] = row
        kind = self.t(f"kind.{row.kind}") if row.kind else row.table
        field = row.spec.label(self.lang) if row.spec else row.field
        mark = Text("✓", style="green") if row.settled else Text("!", style="bold yellow")
        return row.id, (mark, fmt.literal(f"{kind}: {row.record}", 120), fmt.literal(field, 40),
                        self._value(row, row.kept.value), self._by(row.kept),
                        self._value(row, row.other.value), self._by(row.other))

    def _value(self, row: ConflictRow, value: Any, limit: int = 120) -> Text:
        if value is None or value == "":
            return Text(self.t("sync.empty_value"), style="dim")
        if isinstance(value, bool):
            return Text(self.t("sync.yes") if value else self.t("sync.no"))
        if row.spec is not None and row.spec.choices is not None:
            return fmt.literal(vocab.label_or_text(row.spec.choices, str(value), self.lang),
                               limit)
        return fmt.literal(value, limit)

    def _by(self, edit: Edit) -> Text:
        who = {"me": self.t("sync.me"), "server": self.t("sync.server")}.get(edit.who, edit.who)
        return fmt.literal(f"{who} {_when(edit.when)}".strip(), 60)

    def _detail(self, row: ConflictRow | None) -> Text:
        if row is None:
            return Text("")
        text = Text()
        for label, edit in ((self.t("sync.col_kept"), row.kept),
                            (self.t("sync.col_other"), row.other)):
            text.append(f" {label}", style="bold")
            text.append(" · ")
            text.append_text(self._by(edit))
            text.append("\n ")
            text.append_text(self._value(row, edit.value, 400))
            text.append("\n")
        text.append(" " + self.t("sync.settled" if row.settled else "sync.how"), style="dim")
        return text

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if not self._order.accept(message.number):
            return
        self._rows = {}
        table = self.query_one(PagedTable)
        table.reset(message.count, [self._cells(row) for row in message.rows], keep_cursor=True)
        self.query_one("#conflicts-status", Static).update(Text(" " + self.t(
            "sync.count", count=message.count, waiting=message.waiting)))
        self._show_detail(table.cursor_key)

    @on(Kept)
    def _kept(self) -> None:
        self._fetch()

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        self.query_one(PagedTable).add_page(message.generation, message.offset,
                                            [self._cells(row) for row in message.rows])

    @on(PagedTable.PageWanted)
    def _page_wanted(self, message: PagedTable.PageWanted) -> None:
        self._fetch_page(message.generation, message.offset, message.limit)

    @on(PagedTable.RowHighlighted)
    def _highlighted(self, message: PagedTable.RowHighlighted) -> None:
        self._show_detail(message.key)

    def _show_detail(self, key: object | None) -> None:
        row = self._rows.get(key) if isinstance(key, int) else None
        self.query_one("#conflicts-detail", Static).update(self._detail(row))

    @on(PagedTable.RowChosen)
    def _chosen(self, message: PagedTable.RowChosen) -> None:
        row = self._rows.get(message.key) if isinstance(message.key, int) else None
        if row is None or row.record_id is None or not row.kind:
            return
        try:
            self.app.open_record(row.kind, row.record_id)  # type: ignore[attr-defined]
        except StopIteration:
            self.notify(self.t("sync.no_screen"), severity="warning")

    @on(Taken)
    def _taken(self, message: Taken) -> None:
        if message.row is None:
            self.notify(self.t("sync.gone"), severity="warning")
        else:
            row = message.row
            self.notify(self.t("sync.taken", value=fmt.literal(
                self._value(row, row.kept.value).plain, 60).plain), markup=False)
        self._fetch()  # the screens below reload when this one closes (App.open_tool)

    def action_take_other(self) -> None:
        key = self.query_one(PagedTable).cursor_key
        if isinstance(key, int):
            self._take(key)

    def action_keep(self) -> None:
        key = self.query_one(PagedTable).cursor_key
        if isinstance(key, int):
            self._keep(key)

    def action_back(self) -> None:
        self.dismiss()

    def refresh_data(self) -> None:
        """Reload the list after data changed (a sync brought new conflicts)."""
        self._fetch()

    def action_refresh_data(self) -> None:
        self._fetch()


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""
