"""The contract checklist records what was agreed on each item, not only ticks (#15.16)."""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, TextArea

from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from kam_tui.areas.pipeline.ui.dialogs.agreement_dialog import AgreementDialog
from kam_tui.areas.pipeline.ui.opportunity_screen import OpportunityScreen
from kam_tui.core.db import models as m
from kam_tui.ui.app import KamApp
from tests.helpers import TODAY, wait_for
from tests.helpers import add_account as account
from tests.helpers import add_deal as deal


def checklist_rows(screen: OpportunityScreen) -> list[str]:
    table = screen.query_one("#opp-checks", DataTable)
    return [" ".join(str(cell) for cell in table.get_row_at(row)).rstrip()
            for row in range(table.row_count)]


async def open_deal(pilot, app: KamApp) -> OpportunityScreen:
    await pilot.press("2")
    await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen)
                   and app.screen.board.loaded and app.screen.board.focused_card is not None)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, OpportunityScreen)
                   and app.screen.detail is not None)
    return app.screen


async def test_a_writes_what_was_agreed_and_whether_the_item_is_settled(db):
    a = account("华通物流集团有限公司", short_name="华通物流")
    opp = deal(a, "Tractors 60", stage=1)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deal(pilot, app)
        table = screen.query_one("#opp-checks", DataTable)
        table.focus()
        await pilot.press("down", "a")  # the second item: the price
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementDialog))
        dialog = app.screen
        assert "Price" in dialog.item and dialog.query_one(Checkbox).value is False
        await pilot.press(*"418,000 a unit, freight and registration included")
        assert str(dialog.query_one(Checkbox).label) == "Settled: not yet"
        await pilot.press("tab", "space")  # on to the box, ticked
        await wait_for(pilot, lambda: str(dialog.query_one(Checkbox).label) == "Settled: yes")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, OpportunityScreen)
                       and any("418,000 a unit" in row for row in checklist_rows(app.screen)))
        stored = m.ContractCheck.get((m.ContractCheck.opportunity == opp)
                                     & (m.ContractCheck.item == "price"))
        assert stored.done and stored.note == "418,000 a unit, freight and registration included"
        assert "1 of 7 settled" in str(screen.query_one("#opp-contract-title").render())
        # Opened again, the dialog holds what was written; escape changes nothing.
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementDialog))
        assert app.screen.query_one(TextArea).text.startswith("418,000 a unit")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, OpportunityScreen))
        assert m.ContractCheck.get_by_id(stored.id).note == stored.note


async def test_checklist_lines_are_cut_with_an_ellipsis_at_80_columns(db):
    a = account("华通物流集团有限公司", short_name="华通物流")
    deal(a, "Tractors 60", stage=1)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_deal(pilot, app)
        await wait_for(pilot, lambda: checklist_rows(screen))
        table = screen.query_one("#opp-checks", DataTable)
        price = checklist_rows(screen)[1]
        assert "Price (freight" in price and "…" in price
        assert table.virtual_size.width <= table.size.width  # nothing hides past the edge


async def test_space_ticks_and_unticks_the_item_under_the_cursor(db):
    a = account("华通物流集团有限公司", short_name="华通物流")
    opp = deal(a, "Tractors 60", stage=1)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deal(pilot, app)
        screen.query_one("#opp-checks", DataTable).focus()
        await pilot.press("down", "down", "space")  # the payment terms
        await wait_for(pilot, lambda: checklist_rows(screen)[2].startswith("☑ Payment terms"))
        assert [c.item for c in m.ContractCheck.select().where(
            (m.ContractCheck.opportunity == opp) & m.ContractCheck.done)] == ["payment"]
        assert "1 of 7 settled" in str(screen.query_one("#opp-contract-title").render())
        await pilot.press("space")
        await wait_for(pilot, lambda: checklist_rows(screen)[2].startswith("☐ Payment terms"))
        assert not m.ContractCheck.get(m.ContractCheck.item == "payment").done
