"""Pilot tests of the scorecard: the grid's arrows, its headers over its inputs, honest totals."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
from kam_tui.areas.pipeline.ui.dialogs.scorecard_dialog import PipelineScorecardDialog
from kam_tui.areas.pipeline.ui.opportunity_screen import OpportunityScreen
from kam_tui.ui.app import KamApp
from kam_tui.ui.key_list import all_keys
from tests.helpers import TODAY, keys_handled, settled, wait_for
from tests.helpers import add_account as account
from tests.helpers import add_deal as deal

WIDE = (120, 40)
SMALL = (80, 24)


@pytest.fixture
def deal_id(db) -> int:
    return deal(account("华通物流集团有限公司", short_name="华通物流"), "Tractors 60", stage=1)


def plain(widget) -> str:
    """Return what a Static shows, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def screen_lines(app: KamApp) -> list[str]:
    """Return the screen as the terminal shows it, a string a line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def cell_of(line: str, text: str, after: int = 0) -> int:
    """Return the terminal column text first starts at in line from column after on (a Chinese
    character is two columns wide)."""
    return next(cell_len(line[:index]) for index in range(len(line))
                if line.startswith(text, index) and cell_len(line[:index]) >= after)


async def open_scorecard(app: KamApp, pilot) -> PipelineScorecardDialog:
    """Open the board's first deal, then its scorecard with s."""
    await pilot.press("2")
    await wait_for(pilot, lambda: isinstance(app.screen, PipelineScreen)
                   and app.screen.board.loaded)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, OpportunityScreen)
                   and app.screen.detail is not None)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, PipelineScorecardDialog)
                   and app.focused is not None)
    await settled(pilot)
    return app.screen


def focused_id(app: KamApp) -> str | None:
    return app.focused.id if app.focused is not None else None


async def press(pilot, *keys: str) -> None:
    """Press keys and wait until each has had its effect."""
    await pilot.press(*keys)
    await keys_handled(pilot)
    await settled(pilot)


async def test_arrows_move_through_the_grid_and_the_deal_counts_what_was_scored(db, deal_id):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=WIDE) as pilot:
        await open_scorecard(app, pilot)
        assert focused_id(app) == "sc-s-us-relationship"
        await press(pilot, "up")  # above our first score is the header: nowhere to go
        assert focused_id(app) == "sc-s-us-relationship"
        await press(pilot, "8", "down")
        assert focused_id(app) == "sc-s-us-service"
        await press(pilot, "7", "right")  # the cursor is at the end of "7": on to the rival
        assert focused_id(app) == "sc-s-0-service"
        await press(pilot, "9", "up", "up")  # past the rival's first row to its name
        assert focused_id(app) == "sc-rival-0"
        await press(pilot, *"Dongfeng", "left")  # inside the text: the cursor moves, not the cell
        field = app.screen.query_one("#sc-rival-0", Input)
        assert focused_id(app) == "sc-rival-0" and field.cursor_position == len("Dongfen")
        await press(pilot, "right", "right")  # to the end of the name, then out of it
        assert focused_id(app) == "sc-rival-1"
        await press(pilot, "left", "down", "left", "left")  # arriving selects the whole cell
        assert focused_id(app) == "sc-w-relationship"
        await press(pilot, "left")  # the grid's first column: nowhere to go
        assert focused_id(app) == "sc-w-relationship"
        await press(pilot, *["down"] * 9)  # the last row holds
        assert focused_id(app) == "sc-w-fast_solutions"
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, OpportunityScreen)
                       and app.screen.detail is not None and app.screen.detail.scores == {
                           "": {"relationship": 8.0, "service": 7.0},
                           "Dongfeng": {"service": 9.0}})
        await settled(pilot)
        shown = plain(app.screen.query_one("#opp-scorecard"))
        # Each side weighed on what it was scored on: (0.15 × 8 + 0.15 × 7) / 0.30 against 9.
        assert "7.50" in shown and "9.00" in shown
        scored = next(line for line in shown.splitlines() if line.startswith("Scored"))
        assert scored.split() == ["Scored", "2/8", "1/8"]
        assert "▼ Dongfeng leads us by 1.50 (2 vs 1 criteria scored)" in shown


async def test_a_blank_is_shown_as_not_scored_and_no_lead_is_told(db, deal_id):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=WIDE) as pilot:
        dialog = await open_scorecard(app, pilot)
        dialog.query_one("#sc-rival-0", Input).value = "Volvo"
        dialog.query_one("#sc-s-0-price", Input).value = "6"
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, OpportunityScreen)
                       and app.screen.detail is not None
                       and app.screen.detail.scores == {"Volvo": {"price": 6.0}})
        await settled(pilot)
        shown = plain(app.screen.query_one("#opp-scorecard"))
        total = next(line for line in shown.splitlines() if line.startswith("Weighted score"))
        assert total.split()[-2:] == ["—", "6.00"]  # we are not scored: no 0.00
        assert "lead" not in shown


@pytest.mark.parametrize(("lang", "size", "heads"), [
    ("en", WIDE, ("Weight", "Us", "Competitor")),
    ("zh", SMALL, ("权重", "我方", "竞争对手")),
])
async def test_the_headers_start_where_their_inputs_do(db, deal_id, lang, size, heads):
    app = KamApp(db, lang=lang, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await open_scorecard(app, pilot)
        await press(pilot, "8")  # our first score, so the column shows a value
        lines = screen_lines(app)
        head = next(line for line in lines if heads[0] in line and heads[1] in line)
        row = next(line for line in lines if "0.15" in line and "8" in line)
        weight, ours, rival = (cell_of(head, text) for text in heads)
        assert cell_of(row, "0.15") == weight
        assert cell_of(row, "8", after=weight + len("0.15")) == ours
        rival_input = app.screen.query_one("#sc-s-0-relationship", Input)
        assert rival_input.content_region.x == rival
        # Nothing runs off the dialog: its five columns fit.
        last = app.screen.query_one("#sc-s-2-relationship", Input).region
        assert last.right <= app.screen.query_one("#scorecard-grid").content_region.right


async def test_the_grid_keys_are_in_the_footer_in_the_reps_language(db, deal_id):
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_scorecard(app, pilot)
        described = {key: active.binding.description
                     for key, active in dialog.active_bindings.items()}
        assert {key: described[key] for key in ("up", "down", "left", "right")} == {
            "up": "上一格", "down": "下一格", "left": "左一格", "right": "右一格"}
        shown = {key.key for key in dialog.query(FooterKey) if key.display}
        assert {"up", "down", "left", "right", "ctrl+s", "escape"} <= shown
        # On a button the arrows are not the grid's: they leave the focus where it is.
        dialog.query_one("#sc-save").focus()
        await press(pilot, "up", "left")
        assert focused_id(app) == "sc-save"
    # `kam config --keys` lists them, so a rep can move them to other keys.
    listed = {action: (key, text) for action, key, text in all_keys("zh")}
    assert listed["pipeline.sc_cell_up"] == ("up", "上一格")
    assert listed["pipeline.sc_cell_right"] == ("right", "右一格")
