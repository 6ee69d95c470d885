"""Contradictions between an account's layer, status, lifecycle and its purchase history
(issue #14 item 19), and the layer, status and lifecycle the data suggests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kam_tui.areas.customers.rules import (
    LOST_AFTER_DAYS,
    NEW_FOR_DAYS,
    RECENT_PURCHASE_DAYS,
    PurchaseHistory,
    contradictions,
    suggest_layer,
    suggest_lifecycle,
    suggest_status,
)
from kam_tui.core.domain.vocab import AccountStatus, Layer, Lifecycle

TODAY = date(2026, 11, 23)
NEVER = PurchaseHistory()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def bought(first: int, last: int | None = None, count: int = 2,
           flag: bool = True) -> PurchaseHistory:
    return PurchaseHistory(flag, ago(first), ago(first if last is None else last), count)


def codes(layer: str, status: str, lifecycle: str, history: PurchaseHistory,
          **kwargs: bool) -> dict[str, tuple[str, str | bool]]:
    return {c.code: (c.field, c.suggested)
            for c in contradictions(layer, status, lifecycle, history, TODAY, **kwargs)}


# --- the history --------------------------------------------------------------------------------


def test_history_of_dates_takes_first_last_and_count_skipping_unreadable_ones():
    history = PurchaseHistory.of(False, [ago(10), None, ago(400), ago(50)])
    assert history == PurchaseHistory(False, ago(400), ago(10), 3)
    assert history.has_bought


def test_history_with_neither_flag_nor_purchases_has_not_bought():
    assert PurchaseHistory.of(False, []) == PurchaseHistory(False, None, None, 0)
    assert not NEVER.has_bought
    assert PurchaseHistory(True).has_bought  # the flag alone says it bought
    assert PurchaseHistory.of(1, []).bought_before is True  # a stored 1 reads as yes


# --- suggestions --------------------------------------------------------------------------------


def test_suggested_layer():
    assert suggest_layer(NEVER) is Layer.WATCH
    assert suggest_layer(NEVER, need=True) is Layer.BREAKTHROUGH
    assert suggest_layer(PurchaseHistory(True)) is Layer.CONSOLIDATE
    assert suggest_layer(bought(30, flag=False), need=False) is Layer.CONSOLIDATE


def test_suggested_status():
    assert suggest_status(NEVER, TODAY) is AccountStatus.POTENTIAL
    assert suggest_status(PurchaseHistory(True), TODAY) is AccountStatus.CURRENT
    assert suggest_status(bought(500, LOST_AFTER_DAYS), TODAY) is AccountStatus.CURRENT
    assert suggest_status(bought(500, LOST_AFTER_DAYS + 1), TODAY) is AccountStatus.LOST


def test_suggested_lifecycle():
    assert suggest_lifecycle(NEVER, TODAY) is Lifecycle.ACQUISITION
    assert suggest_lifecycle(NEVER, TODAY, declining=True) is Lifecycle.ACQUISITION
    assert suggest_lifecycle(PurchaseHistory(True), TODAY) is Lifecycle.GROWTH
    assert suggest_lifecycle(bought(NEW_FOR_DAYS, 10), TODAY) is Lifecycle.GROWTH
    assert suggest_lifecycle(bought(NEW_FOR_DAYS + 1, 10), TODAY) is Lifecycle.MATURITY
    assert suggest_lifecycle(bought(NEW_FOR_DAYS + 1, 10), TODAY,
                             declining=True) is Lifecycle.DECLINE
    assert suggest_lifecycle(bought(900, LOST_AFTER_DAYS), TODAY) is Lifecycle.MATURITY
    assert suggest_lifecycle(bought(900, LOST_AFTER_DAYS + 1), TODAY,
                             declining=True) is Lifecycle.DEPARTURE


# --- contradictions -----------------------------------------------------------------------------


def test_a_consistent_account_has_none():
    assert codes("watch", "potential", "acquisition", NEVER) == {}
    assert codes("breakthrough", "potential", "acquisition", NEVER) == {}
    assert codes("consolidate", "current", "growth", bought(100, 20)) == {}
    assert codes("consolidate", "lost", "departure", bought(900, RECENT_PURCHASE_DAYS + 1)) == {}
    assert codes("consolidate", "current", "maturity", PurchaseHistory(True)) == {}


def test_watch_with_the_flag_set_is_flagged_the_issues_case():
    found = contradictions("watch", "current", "growth", PurchaseHistory(True), TODAY)
    assert [(c.code, c.field, c.suggested) for c in found] == [
        ("layer_bought", "layer", "consolidate")]
    assert found[0].message("en") == (
        "Layer Watch means never bought, but marked as having bought from us: "
        "suggest Consolidate")
    assert found[0].message("zh") == "分层“关注”表示从未购买，但标记为曾向我们购买：建议“巩固提升”"


def test_watch_or_breakthrough_with_purchases_is_flagged():
    for layer in ("watch", "breakthrough"):
        assert codes(layer, "current", "growth", bought(30, flag=True)) == {
            "layer_bought": ("layer", "consolidate")}


def test_the_flag_no_with_purchases_on_file_suggests_yes():
    found = contradictions("consolidate", "current", "growth", bought(30, count=3, flag=False),
                           TODAY)
    assert [(c.code, c.field, c.suggested) for c in found] == [
        ("flag_purchases", "bought_before", True)]
    assert "3 purchase(s) on file" in found[0].en
    assert "已有 3 笔购买记录" in found[0].zh


def test_consolidate_with_nothing_bought_suggests_by_the_need():
    assert codes("consolidate", "potential", "acquisition", NEVER) == {
        "layer_never_bought": ("layer", "watch")}
    assert codes("consolidate", "potential", "acquisition", NEVER, need=True) == {
        "layer_never_bought": ("layer", "breakthrough")}


def test_status_potential_but_bought():
    assert codes("consolidate", "potential", "growth", bought(30)) == {
        "status_potential_bought": ("status", "current")}
    assert codes("consolidate", "potential", "departure", bought(900, 400)) == {
        "status_potential_bought": ("status", "lost")}


def test_status_current_but_never_bought():
    assert codes("watch", "current", "acquisition", NEVER) == {
        "status_current_never": ("status", "potential")}


def test_status_lost_but_bought_recently():
    history = bought(400, RECENT_PURCHASE_DAYS)
    found = contradictions("consolidate", "lost", "growth", history, TODAY)
    assert [(c.code, c.suggested) for c in found] == [("status_lost_recent", "current")]
    assert str(ago(RECENT_PURCHASE_DAYS)) in found[0].en
    assert codes("consolidate", "lost", "growth", bought(400, RECENT_PURCHASE_DAYS + 1)) == {}
    assert codes("consolidate", "lost", "growth", PurchaseHistory(True)) == {}


def test_lifecycle_new_but_first_purchase_years_ago():
    found = contradictions("consolidate", "current", "acquisition", bought(NEW_FOR_DAYS + 1, 10),
                           TODAY)
    assert [(c.code, c.field, c.suggested) for c in found] == [
        ("lifecycle_new_old", "lifecycle", "maturity")]
    assert str(ago(NEW_FOR_DAYS + 1)) in found[0].zh
    assert codes("consolidate", "current", "acquisition", bought(NEW_FOR_DAYS, 10)) == {}
    assert codes("consolidate", "current", "acquisition", PurchaseHistory(True)) == {}
    assert codes("consolidate", "current", "acquisition", bought(NEW_FOR_DAYS + 1, 10),
                 declining=True) == {"lifecycle_new_old": ("lifecycle", "decline")}


def test_lifecycle_departure_but_bought_recently():
    assert codes("consolidate", "current", "departure", bought(100, RECENT_PURCHASE_DAYS)) == {
        "lifecycle_departed_recent": ("lifecycle", "growth")}
    assert codes("consolidate", "current", "departure",
                 bought(100, RECENT_PURCHASE_DAYS + 1)) == {}


@pytest.mark.parametrize("stage", ["growth", "maturity", "decline"])
def test_lifecycle_past_acquisition_but_never_bought(stage):
    found = contradictions("watch", "potential", stage, NEVER, TODAY)
    assert [(c.code, c.field, c.suggested) for c in found] == [
        ("lifecycle_never_bought", "lifecycle", "acquisition")]
    assert found[0].en == ("Lifecycle " + Lifecycle(stage).en + ", but no purchase is on file: "
                           "suggest Acquisition")


def test_every_contradiction_at_once_in_field_order():
    found = contradictions("watch", "potential", "departure", bought(10, 5, flag=False), TODAY)
    assert [(c.field, c.suggested) for c in found] == [
        ("bought_before", True), ("layer", "consolidate"), ("status", "current"),
        ("lifecycle", "growth")]
    for contradiction in found:
        assert contradiction.message("zh") == contradiction.zh != contradiction.en
        assert contradiction.message() == contradiction.en


def test_unknown_codes_give_no_contradiction_for_that_field():
    assert codes("", "", "", bought(900, 5, flag=False)) == {
        "flag_purchases": ("bought_before", True)}
    assert codes("nonsense", "nonsense", "nonsense", NEVER) == {}


def test_a_lost_account_may_be_watched_though_it_bought():
    assert codes("watch", "lost", "departure", bought(900, 400)) == {}
    assert codes("breakthrough", "lost", "departure", PurchaseHistory(True)) == {}
    # Bought in the last 90 days, it is not lost: the status says so, not the layer.
    assert codes("watch", "lost", "growth", bought(100, 10)) == {
        "status_lost_recent": ("status", "current")}
