"""The app's sync keys and header line: S syncs now, C opens the Conflicts screen, and the
title says when this laptop last synced and what waits."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from kam_tui.ui.kit.workers import db_work

STATUS_EVERY = 15.0  # seconds between two readings of the header's sync line

BINDINGS = [
    Binding("S", "sync_now", "Sync", id="sync.now", key_display="S"),
    Binding("C", "conflicts", "Conflicts", id="sync.conflicts", key_display="C"),
]


def ago(moment: datetime | None, now: datetime, t: Any) -> str:
    """Return how long ago moment was, in the rep's words."""
    if moment is None:
        return t("sync.header_never")
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 1:
        span = t("sync.ago_now")
    elif minutes < 60:
        span = t("sync.ago_min", count=minutes)
    elif minutes < 48 * 60:
        span = t("sync.ago_hour", count=minutes // 60)
    else:
        span = t("sync.ago_day", count=minutes // 1440)
    return t("sync.header", ago=span)


class SyncActions:
    """A mixin for the app: sync now, the Conflicts screen, the header's sync line."""

    app: Any
    db: Any

    class SyncStatusRead(Message):
        """The sync status was read (None: this database does not sync)."""

        def __init__(self, status: Any) -> None:
            super().__init__()
            self.status = status

    class SyncFinished(Message):
        """A sync ended: its report, or why it stopped."""

        def __init__(self, report: Any = None, reason: str = "", server: str = "") -> None:
            super().__init__()
            self.report = report
            self.reason = reason
            self.server = server

    sync_status: Any = None
    _syncing = False

    def start_sync_status(self) -> None:
        """Read the sync line now and every STATUS_EVERY seconds while the database syncs."""
        from kam_tui.core.db.dialect import is_postgres

        if is_postgres(self.db) or self.db.database in ("", ":memory:"):
            return  # the team's server: laptops sync with it, it syncs with nobody
        self._read_sync_status()
        self.set_interval(STATUS_EVERY, self._read_sync_status)  # type: ignore[attr-defined]

    @db_work(group="sync-status", exclusive=True)
    def _read_sync_status(self) -> None:
        from kam_tui.core.sync.status import status

        with self.db.connection_context():
            found = status(self.db)
        self.post_message(self.SyncStatusRead(found))  # type: ignore[attr-defined]

    def on_sync_actions_sync_status_read(self, message: SyncStatusRead) -> None:
        self.sync_status = message.status
        line = self.sync_line()
        if line != self._shown_line:
            self._shown_line = line
            self._redraw_headers()
        self.refresh_bindings()  # type: ignore[attr-defined]

    _shown_line = ""

    def sync_line(self) -> str:
        """Return what the header says of sync ('' where the database does not sync)."""
        status, t = self.sync_status, self.t  # type: ignore[attr-defined]
        if status is None:
            return ""
        parts = [ago(status.synced_at, datetime.now(timezone.utc), t)]
        if status.waiting:
            parts.append(t("sync.header_waiting_one") if status.waiting == 1
                         else t("sync.header_waiting", count=status.waiting))
        if status.conflicts:
            parts.append(t("sync.header_conflicts_one") if status.conflicts == 1
                         else t("sync.header_conflicts", count=status.conflicts))
        return " · ".join(parts)

    def format_title(self, title: str, sub_title: str) -> Content:
        line = self._shown_line
        return super().format_title(  # type: ignore[misc]
            f"{title} · {line}" if line else title, sub_title)

    def _redraw_headers(self) -> None:
        """Give every screen's header the new line, those of areas not in view too."""
        from textual.widgets import Header
        from textual.widgets._header import HeaderTitle

        stacks = getattr(self, "_screen_stacks", {}).values()
        for screen in {screen for stack in stacks for screen in stack}:
            for header in screen.query(Header):
                for title in header.query(HeaderTitle):
                    title.update(header.format_title())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("sync_now", "conflicts"):
            return self.sync_status is not None  # shown only where the database syncs
        return True

    def action_conflicts(self) -> None:
        """Open the Conflicts screen."""
        if not self.screen.is_modal:  # type: ignore[attr-defined]
            self.open_tool("conflicts")  # type: ignore[attr-defined]

    def action_sync_now(self) -> None:
        """Sync with the server the last `kam sync` reached, in the background."""
        from kam_tui.core.sync.address import Address

        t = self.t  # type: ignore[attr-defined]
        address = Address.parse(self.sync_status.address) if self.sync_status else None
        if address is None:
            self.notify(t("sync.no_address"), severity="warning", timeout=12)  # type: ignore[attr-defined]
            return
        if self._syncing:
            self.notify(t("sync.busy"))  # type: ignore[attr-defined]
            return
        self._syncing = True
        self.keep_drafts()  # type: ignore[attr-defined]  # a sync may change what a form shows
        self.notify(t("sync.syncing", server=address.shown()), markup=False)  # type: ignore[attr-defined]
        self._sync(address)

    @db_work(group="sync", exclusive=True)
    def _sync(self, address: Any) -> None:
        from kam_tui.core.sync import session
        from kam_tui.core.sync.client import SyncFailed
        from kam_tui.core.sync.wire import ProtocolError

        try:
            with self.db.connection_context():
                report = session.run(self.db, Path(self.db.database), address, in_app=True)
        except (SyncFailed, ProtocolError, OSError) as error:
            self.post_message(self.SyncFinished(  # type: ignore[attr-defined]
                reason=" ".join(str(error).split()) or type(error).__name__,
                server=address.shown()))
            return
        self.post_message(self.SyncFinished(report, server=address.shown()))  # type: ignore[attr-defined]

    def on_sync_actions_sync_finished(self, message: SyncFinished) -> None:
        self._syncing = False
        t = self.t  # type: ignore[attr-defined]
        if message.report is None:
            self.notify(t("sync.failed", reason=message.reason[:300]), severity="error",  # type: ignore[attr-defined]
                        timeout=15, markup=False)
        else:
            report = message.report
            lines = [t("sync.done", server=message.server, sent=report.pushed,
                       received=report.pulled)]
            if report.conflicts:
                lines.append(t("sync.done_conflicts", count=report.conflicts,
                               press=self.key_of("sync.conflicts", "C")))  # type: ignore[attr-defined]
            if report.refused:
                lines.append(t("sync.done_refused", count=len(report.refused)))
            self.notify("\n".join(lines), timeout=10, markup=False,  # type: ignore[attr-defined]
                        severity="warning" if report.refused else "information")
            for screen in self.screen_stack:  # type: ignore[attr-defined]
                refresh = getattr(screen, "refresh_data", None)
                if refresh is not None:
                    refresh()
        self._read_sync_status()
