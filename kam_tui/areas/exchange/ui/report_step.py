"""Step 6: the dry run's report: the counts, and every row that needs the rep's eye."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kam_tui.areas.exchange.service import ImportReport, RowIssue
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.paged_table import Column, PagedTable
from kam_tui.ui.localised import Localised

COUNTS = ("new", "updated", "unchanged", "duplicates", "refused", "not_found")


class ReportStep(Localised, Vertical):
    """Counts on top, the issues by row number below, what happens next at the bottom."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._issues: list[RowIssue] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="imp-counts")
        yield PagedTable([Column("row", self.t("imp.row"), 7, align="right"),
                          Column("what", self.t("imp.what"), 10),
                          Column("why", self.t("imp.why"), 0)],
                         empty_text=self.t("imp.no_issues"), id="imp-issues")
        yield Static("", id="imp-outcome", classes="imp-note")

    def show(self, report: ImportReport, skip_refused: bool) -> None:
        """Show a dry run's report and say whether the import can go ahead."""
        t = self.t
        counts = Text(t("imp.read_rows", rows=report.rows, row=report.header_row) + "\n")
        for index, name in enumerate(COUNTS):
            if index:
                counts.append("  ")
            number = getattr(report, name)
            style = "bold red" if name == "refused" and number else "bold"
            counts.append(f"{number:,}", style=style)
            counts.append(" " + t(f"imp.count.{name}"))
        self.query_one("#imp-counts", Static).update(counts)
        self._issues = list(report.issues)
        self.query_one(PagedTable).reset(len(self._issues), self._page(0))
        if report.refused and not skip_refused:
            outcome = Text(t("imp.blocked", refused=report.refused), style="bold red")
        elif report.refused:
            outcome = Text(t("imp.ready_skipping", refused=report.refused))
        else:
            outcome = Text(t("imp.ready"))
        self.query_one("#imp-outcome", Static).update(outcome)

    def _page(self, offset: int) -> list[tuple[object, tuple[str | Text, ...]]]:
        rows = []
        for position in range(offset, min(offset + PagedTable.PAGE_SIZE, len(self._issues))):
            issue = self._issues[position]
            what = Text(self.t(f"imp.issue.{issue.action}"),
                        style="bold red" if issue.action == "refused" else "")
            rows.append((position, (str(issue.row), what,
                                    fmt.literal(issue.message(self.lang), 300))))
        return rows

    @on(PagedTable.PageWanted)
    def _page_wanted(self, message: PagedTable.PageWanted) -> None:
        message.table.add_page(message.generation, message.offset, self._page(message.offset))
