"""Pilot tests of lost reasons and winners: the lost dialog's lists, the closed list's filters,
order and sums by reason (issue #15 item 15)."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from rich.console import Console
from textual.widgets import Input, Select

from kam_tui.areas.pipeline.ui.board import PipelineBoard
from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from kam_tui.areas.pipeline.ui.closed_screen import ClosedOpportunitiesScreen
from kam_tui.areas.pipeline.ui.dialogs.lost_dialog import LostDialog
from kam_tui.areas.pipeline.ui.opportunity_screen import OpportunityScreen
from kam_tui.core.db import models as m
from kam_tui.ui.app import KamApp
from kam_tui.ui.kit.paged_table import PagedTable
from tests.helpers import TODAY, settled, wait_for
from tests.helpers import add_account as account
from tests.helpers import add_deal as deal


@pytest.fixture
def deals(db) -> dict[str, int]:
    a = account("华通物流集团有限公司", short_name="华通物流", abc_class="A", region="华东")
    b = account("Northstar Logistics", short_name="Northstar", abc_class="B", region="华北")
    for name in ("Dongfeng", "Volvo"):
        m.CompetitorPresence.create(account=a, competitor=name)
    return {
        "a": a, "b": b,
        "i1": deal(a, "Tractors 60", stage=1, position=1),
        "i2": deal(b, "Cold chain 20", stage=1, position=2),
        "c1": deal(a, "Dump trucks", stage=4, position=1, amount=4_000_000),
    }


async def open_board(app: KamApp, pilot) -> PipelineBoard:
    await pilot.press("2")
    await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen)
                   and app.screen.board.loaded)
    return app.screen.board


def plain(widget) -> str:
    console = Console(width=300, record=True, file=io.StringIO())
    console.print(widget.render() if not hasattr(widget, "content") else widget.content)
    return console.export_text()


async def pick(pilot, select: Select, value: object) -> None:
    """Choose an option the way a rep does: Enter opens the list, arrows, Enter picks."""
    assert select.has_focus
    values = [option for _, option in select._options]
    await pilot.press("enter")
    await wait_for(pilot, lambda: select.expanded)
    current = values.index(select.value) if select.value in values else 0
    target = values.index(value)
    await pilot.press(*(["down"] * (target - current) if target >= current
                        else ["up"] * (current - target)), "enter")
    await wait_for(pilot, lambda: select.value == value and not select.expanded)


async def lost_dialog(app: KamApp, pilot, stage: int = 1, slot: int = 0) -> LostDialog:
    board = await open_board(app, pilot)
    board.set_focus(stage, slot)
    await pilot.press("l")
    await wait_for(pilot, lambda: isinstance(app.screen, LostDialog))
    return app.screen


async def test_the_winner_list_holds_the_accounts_competitors_someone_else_and_no_one(db, deals):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await lost_dialog(app, pilot)
        winner = dialog.query_one("#lost-winner", Select)
        await wait_for(pilot, lambda: len(winner._options) == 5)
        assert [label for label, _ in winner._options[1:]] == [
            "Dongfeng", "Volvo", "Someone else (type the name)", "No one (no decision)"]
        reason = dialog.query_one("#lost-reason", Select)
        assert [value for _, value in reason._options[1:]] == [
            "price", "product", "relationship", "service", "timing", "no_decision", "other"]
        await pick(pilot, reason, "price")
        await pilot.press("tab")
        await wait_for(pilot, lambda: winner.has_focus)
        await pick(pilot, winner, "Volvo")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: m.Opportunity.get_by_id(deals["i1"]).status == "lost")
        row = m.Opportunity.get_by_id(deals["i1"])
        assert (row.lost_reason, row.lost_to) == ("price", "Volvo")


async def test_errors_stand_at_their_field_and_other_needs_a_note(db, deals):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await lost_dialog(app, pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Say why" in plain(dialog.query_one("#lost-reason-error")))
        assert "Name who won" in plain(dialog.query_one("#lost-winner-error"))
        assert dialog.query_one("#lost-reason", Select).has_focus  # the first error's field
        await pick(pilot, dialog.query_one("#lost-reason", Select), "other")
        assert "other reason" in plain(dialog.query_one("#lost-note-label"))
        await pilot.press("tab")
        winner = dialog.query_one("#lost-winner", Select)
        await pick(pilot, winner, "\x00someone-else")
        name = dialog.query_one("#lost-winner-name", Input)
        await wait_for(pilot, lambda: name.display and name.has_focus)  # typed next
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Name who won" in plain(
            dialog.query_one("#lost-winner-name-error")))
        assert "Say in a few words" in plain(dialog.query_one("#lost-note-error"))
        assert plain(dialog.query_one("#lost-reason-error")).strip() == ""
        assert name.has_focus and m.Opportunity.get_by_id(deals["i1"]).status == "open"
        await pilot.press(*"Sany", "enter")  # Enter in the name goes on to the note
        note = dialog.query_one("#lost-note", Input)
        await wait_for(pilot, lambda: note.has_focus)
        await pilot.press(*"Budget moved", "enter")
        await wait_for(pilot, lambda: m.Opportunity.get_by_id(deals["i1"]).status == "lost")
        row = m.Opportunity.get_by_id(deals["i1"])
        assert (row.lost_reason, row.lost_to) == ("other", "Sany")
        change = (m.StageChange.select().where(m.StageChange.opportunity == deals["i1"],
                                               m.StageChange.to_status == "lost").get())
        assert "Budget moved" in change.note


async def test_no_decision_picks_no_one_and_escape_cancels(db, deals):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await lost_dialog(app, pilot)
        await pick(pilot, dialog.query_one("#lost-reason", Select), "no_decision")
        assert dialog.query_one("#lost-winner", Select).value == "no_one"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen))
        assert m.Opportunity.get_by_id(deals["i1"]).status == "open"
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LostDialog))
        dialog = app.screen
        await pick(pilot, dialog.query_one("#lost-reason", Select), "no_decision")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: m.Opportunity.get_by_id(deals["i1"]).status == "lost")
        assert m.Opportunity.get_by_id(deals["i1"]).lost_to == "no_one"


async def test_the_deal_view_offers_its_accounts_competitors(db, deals):
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        board.set_focus(4, 0)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OpportunityScreen)
                       and app.screen.detail is not None)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LostDialog))
        winner = app.screen.query_one("#lost-winner", Select)
        assert [label for label, _ in winner._options[1:3]] == ["Dongfeng", "Volvo"]
        assert winner._options[-1][0] == "无（客户未决策）"
        assert app.screen.query_one("#lost-reason", Select)._options[1][0] == "价格"


def closed(ids: dict[str, int]) -> None:
    """Three lost deals, one with a reason typed before the standard list."""
    for key, reason, winner in (("i1", "price", "Dongfeng"), ("i2", "价格高于对手 8%", "Volvo"),
                                ("c1", "price", "Volvo")):
        m.Opportunity.update(status="lost", closed_at=datetime(2026, 11, 10), lost_reason=reason,
                             lost_to=winner).where(m.Opportunity.id == ids[key]).execute()


async def open_closed(app: KamApp, pilot) -> ClosedOpportunitiesScreen:
    await open_board(app, pilot)
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, ClosedOpportunitiesScreen)
                   and app.screen.query_one(PagedTable).row_count > 0)
    await settled(pilot)
    return app.screen


def cells(screen: ClosedOpportunitiesScreen) -> list[tuple[str, str]]:
    """The shown rows' (title, reason) cells."""
    table = screen.query_one(PagedTable)
    rows = [table._rows[i][1] for i in range(table.row_count)]
    return [(str(row[3]), str(row[7])) for row in rows]


async def test_the_closed_list_filters_sorts_and_sums_by_reason(db, deals):
    closed(deals)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_closed(app, pilot)
        assert ("Cold chain 20", "价格高于对手 8%") in cells(screen)  # old text, as written
        assert ("Tractors 60", "Price") in cells(screen)  # a code, by its label
        sums = plain(screen.query_one("#closed-sums"))
        assert "Price 2 · 5.00M" in sums and "价格高于对手 8% 1 · 1.00M" in sums
        await pilot.press("f")
        reason = screen.query_one("#closed-filter-reason", Select)
        await wait_for(pilot, lambda: reason.has_focus)
        await pick(pilot, reason, "price")
        table = screen.query_one(PagedTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        await settled(pilot)
        assert {title for title, _ in cells(screen)} == {"Tractors 60", "Dump trucks"}
        assert "2 closed" in plain(screen.query_one("#closed-status"))
        sums = plain(screen.query_one("#closed-sums"))
        assert "Price 2 · 5.00M" in sums and "价格" not in sums
        await pilot.press("tab")
        winner = screen.query_one("#closed-filter-winner", Select)
        await wait_for(pilot, lambda: winner.has_focus and len(winner._options) == 3)
        await pick(pilot, winner, "Volvo")
        await wait_for(pilot, lambda: table.row_count == 1)
        await settled(pilot)
        assert cells(screen) == [("Dump trucks", "Price")]
        # Back to every reason, then sorted by reason with s: the standard list's first.
        reason.focus()
        await wait_for(pilot, lambda: reason.has_focus)
        await pick(pilot, reason, Select.NULL)
        await wait_for(pilot, lambda: table.row_count == 2)
        table.focus()
        await wait_for(pilot, lambda: table.has_focus)
        await pilot.press("s")  # closed date → reason
        await wait_for(pilot, lambda: "sorted by Reason" in plain(
            screen.query_one("#closed-status")))
        await settled(pilot)
        assert [title for title, _ in cells(screen)] == ["Dump trucks", "Cold chain 20"]
        assert table.sorted_column == "reason"
        await pilot.press("s")  # reason → winner
        await wait_for(pilot, lambda: "sorted by Winner" in plain(
            screen.query_one("#closed-status")))
