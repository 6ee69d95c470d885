"""The one write path: kinds registered by their areas, hooks inside one transaction, no lock errors."""

from __future__ import annotations

from datetime import datetime

import pytest

from benchmarks.write_contention import run as contention
from kam_tui.areas import register_record_kinds
from kam_tui.areas.customers.ui.card_screen import CardScreen
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from tests.helpers import TODAY, add_account, add_deal, history, table, wait_for

pytestmark = pytest.mark.both_engines

KINDS = {"account", "contact", "purchase", "activity", "competitor", "product", "opportunity",
         "deal_role", "relation", "revisit", "revisit_rule"}


def test_every_area_registers_its_kinds_at_start_up() -> None:
    register_record_kinds()
    register_record_kinds()  # a second start-up changes nothing
    assert set(records.KINDS) == KINDS


def test_an_unknown_kind_says_how_kinds_are_registered() -> None:
    with pytest.raises(KeyError, match="register_record_kinds"):
        records.kind_of("invoice")


def test_a_hook_that_fails_leaves_nothing_half_saved(db, monkeypatch) -> None:
    kind = records.kind_of("account")

    def broken(*args: object) -> None:
        raise RuntimeError("hook failed")

    monkeypatch.setitem(records.KINDS, "account", records.RecordKind(
        kind.name, kind.model, kind.specs, parent="", after_save=broken))
    with pytest.raises(RuntimeError):
        add_account("Half saved Ltd")
    assert not m.Account.select().where(m.Account.name == "Half saved Ltd").exists()


async def test_a_deal_made_on_the_card_starts_like_one_made_on_the_board(db) -> None:
    account_id = add_account("Atlas Parts")
    older = add_deal(account_id, "Older deal", stage=1, position=1.0)
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen)
                       and app.screen.card is not None)
        await pilot.press("]", "]", "]")  # basics → business → contacts → opportunities
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen)
                       and app.screen.is_loaded)
        assert app.screen.kind == "opportunity"
        await pilot.press(*"Card deal", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
    row = m.Opportunity.get(m.Opportunity.title == "Card deal")
    # The board's own creation test asserts the same: history from nothing into stage 1 today,
    # and the top of the column.
    assert history(row.id) == [(None, 1, "", "open")]
    assert row.board_position < m.Opportunity.get_by_id(older).board_position
    assert (row.stage_entered_at.date() if isinstance(row.stage_entered_at, datetime)
            else row.stage_entered_at) == TODAY


def test_two_processes_creating_accounts_never_hit_database_is_locked() -> None:
    counts = contention(seconds=4, processes=2)
    assert counts["ok"] > 100
    assert counts["locked"] == 0 and counts["other"] == 0
