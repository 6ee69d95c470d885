"""Pilot tests of the board's keys for every move: the stage picker, a new deal in any stage,
what shift+→ on Use and shift+← on Interest say, and a slip undone keeping the days."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Select
from textual.widgets._footer import FooterKey

from kam_tui.areas.customers.ui.picker import AccountPickDialog
from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from kam_tui.areas.pipeline.ui.dialogs.advance_dialog import AdvanceDialog
from kam_tui.areas.pipeline.ui.dialogs.stage_pick_dialog import StagePickDialog
from kam_tui.areas.pipeline.ui.new_deal_form import NewDealForm
from kam_tui.core.db import models as m
from kam_tui.ui.app import KamApp
from kam_tui.ui.help_screen import HelpScreen
from kam_tui.ui.kit.fitting_footer import FittingFooter
from tests.helpers import TODAY, errors_told, history, settled, wait_for
from tests.helpers import add_account as account
from tests.helpers import add_deal as deal
from tests.core.test_keys_and_themes import help_text, write_config
from tests.pipeline.test_ui_pipeline import open_board, plain, stage_of


@pytest.fixture
def deals(db) -> dict[str, int]:
    a = account("华通物流集团有限公司", short_name="华通物流", abc_class="A", region="华东")
    b = account("Northstar Logistics", short_name="Northstar", region="华北")
    return {
        "a": a, "b": b,
        "i1": deal(a, "Tractors 60", stage=1, position=1),
        "i2": deal(b, "Cold chain 20", stage=1, position=2, days=37),
        "c1": deal(b, "Dump trucks", stage=4, position=1),
        "u1": deal(a, "Buses", stage=6, position=1),
    }


def shown_keys(screen) -> list[str]:
    """Return the keys the screen's footer shows."""
    return [key.key for key in screen.query_one(FittingFooter).query(FooterKey) if key.display]


async def picker(app: KamApp, pilot) -> StagePickDialog:
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, StagePickDialog)
                   and app.screen.is_mounted)
    return app.screen


@pytest.mark.both_engines
async def test_s_then_a_digit_skips_ahead_through_the_exit_events_and_the_skip_warning(
        db, deals):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        assert board.focused_card.id == deals["i1"]
        dialog = await picker(app, pilot)
        lines = [str(dialog.query_one(OptionList).get_option_at_index(i).prompt)
                 for i in range(6)]
        assert lines[0].startswith("1  Interest") and "5%" in lines[0] and "now" in lines[0]
        assert lines[5].startswith("6  Use") and "80%" in lines[5]
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, AdvanceDialog))
        events = " ".join(str(s.render()) for s in app.screen.query(".advance-event"))
        assert "An initiator asks" in events and "designer finishes" in events
        assert "skips Brewing, Design" in plain(app.screen.query_one("#advance-skip"))
        await pilot.press(*"Tender", "enter")
        await wait_for(pilot, lambda: stage_of(deals["i1"]) == 4)
        await wait_for(pilot, lambda: board.focused_card is not None
                       and (board.focus_stage, board.focused_card.id) == (4, deals["i1"]))
        assert history(deals["i1"]) == [(1, 4, "open", "open")]


async def test_arrows_and_enter_pick_a_stage_back_without_asking(db, deals):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("right", "right", "right")  # Compare: Dump trucks
        assert board.focused_card.id == deals["c1"]
        dialog = await picker(app, pilot)
        assert dialog.query_one(OptionList).highlighted == 3  # where the deal is
        await wait_for(pilot, lambda: "enter" in shown_keys(dialog))
        await pilot.press("up", "up", "enter")
        await wait_for(pilot, lambda: stage_of(deals["c1"]) == 2)
        assert history(deals["c1"]) == [(4, 2, "open", "open")]


async def test_picking_the_stage_the_deal_is_in_moves_nothing_and_says_so(db, deals,
                                                                          monkeypatch):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        told = errors_told(app, monkeypatch, severity=None)
        await picker(app, pilot)
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen))
        await settled(pilot)
        assert told == ["Already in Interest"]
        assert history(deals["i1"]) == [] and stage_of(deals["i1"]) == 1
        await picker(app, pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen))
        await settled(pilot)
        assert history(deals["i1"]) == [] and told == ["Already in Interest"]


async def test_shift_arrows_at_either_end_of_the_funnel_say_what_to_press(db, deals,
                                                                          monkeypatch):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        told = errors_told(app, monkeypatch, severity=None)
        await pilot.press("shift+left")
        await wait_for(pilot, lambda: told == ["Interest is already the first stage"])
        await pilot.press(*["right"] * 5)
        assert board.focused_card.id == deals["u1"]
        await pilot.press("shift+right")
        await wait_for(pilot, lambda: len(told) == 2)
        assert told[1] == "Use is the last stage: w marks the deal won, l lost"
        await settled(pilot)
        assert isinstance(app.screen, PipelineScreen)
        assert history(deals["u1"]) == [] and stage_of(deals["u1"]) == 6


async def test_the_keys_it_names_are_the_persons_own(db, deals, monkeypatch):
    write_config('[keys]\n"pipeline.won_key" = "W"\n')
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        told = errors_told(app, monkeypatch, severity=None)
        await pilot.press(*["right"] * 5)
        assert board.focused_card.id == deals["u1"]
        await pilot.press("shift+right")
        await wait_for(pilot, lambda: told)
        assert told == ["「使用」是最后一个阶段：按 W 标记赢单，按 l 标记丢单"]


async def test_the_stage_key_is_in_the_footer_help_and_palette(db, deals):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await wait_for(pilot, lambda: "s" in shown_keys(app.screen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "s  Stage…" in help_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen))
        commands = {command.title: command.help
                    for command in app.get_system_commands(app.screen)}
        assert commands["Stage…: Tractors 60"].startswith("s")


@pytest.mark.both_engines
async def test_n_starts_the_deal_in_the_focused_stage_and_names_the_account(db, deals):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("right", "right", "right")  # Compare
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog))
        await pilot.press(*"north")
        await wait_for(pilot, lambda: app.screen.shown_search == "north")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NewDealForm)
                       and app.screen.is_loaded)
        form = app.screen
        await wait_for(pilot, lambda: "Northstar Logistics" in plain(
            form.query_one("#form-title")))
        assert "New opportunity" in plain(form.query_one("#form-title"))
        assert form.field("stage").raw() == "4"
        await pilot.press(*"Tender fleet", "ctrl+s")
        await wait_for(pilot, lambda: m.Opportunity.select().where(
            m.Opportunity.title == "Tender fleet").exists())
        row = m.Opportunity.get(m.Opportunity.title == "Tender fleet")
        assert (row.stage, row.account_id) == (4, deals["b"])
        assert history(row.id) == [(None, 4, "", "open")]
        await wait_for(pilot, lambda: board.focused_card is not None
                       and (board.focus_stage, board.focused_card.id) == (4, row.id))


async def test_the_forms_stage_field_changes_where_the_deal_starts(db, deals):
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, AccountPickDialog))
        await pilot.press(*"htwl")
        await wait_for(pilot, lambda: app.screen.shown_search == "htwl")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NewDealForm)
                       and app.screen.is_loaded)
        form = app.screen
        await wait_for(pilot, lambda: "华通物流集团有限公司" in plain(form.query_one("#form-title")))
        stage = form.field("stage")
        assert stage.raw() == "1" and "起始阶段" in plain(stage.query_one(".field-label"))
        stage.query_one(Select).value = "2"
        await pilot.press(*"Depot", "ctrl+s")
        await wait_for(pilot, lambda: m.Opportunity.select().where(
            m.Opportunity.title == "Depot").exists())
        row = m.Opportunity.get(m.Opportunity.title == "Depot")
        assert row.stage == 2 and history(row.id) == [(None, 2, "", "open")]


async def test_shift_right_then_shift_left_keeps_the_days_in_stage(db, deals):
    # A deal kam made has its first history row; the fixture's deals are given theirs.
    entered = m.Opportunity.get_by_id(deals["i2"]).stage_entered_at
    m.StageChange.create(opportunity=deals["i2"], from_stage=None, to_stage=1,
                         from_status="", to_status="open", changed_at=entered)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("down")
        assert (board.focused_card.id, board.focused_card.days) == (deals["i2"], 37)
        await pilot.press("shift+right")
        await wait_for(pilot, lambda: isinstance(app.screen, AdvanceDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: board.focused_card is not None
                       and board.focused_card.stage == 2)
        assert board.focused_card.days == 0
        await pilot.press("shift+left")
        await wait_for(pilot, lambda: board.focused_card is not None
                       and board.focused_card.stage == 1)
        assert (board.focused_card.id, board.focused_card.days) == (deals["i2"], 37)
        assert history(deals["i2"])[1:] == [(1, 2, "open", "open"), (2, 1, "open", "open")]
