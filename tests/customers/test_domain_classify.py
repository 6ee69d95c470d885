"""Customers' rules (ABC by Pareto, enterprise size, MAN advice) and the shared decline warnings."""

from __future__ import annotations

import ast
import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest

from kam_tui.areas.customers import rules as classify
from kam_tui.areas.customers.rules import (
    classify_by_pareto,
    man_advice,
    suggest_abc,
    suggest_size,
)
from kam_tui.core.domain.decline import (
    contact_limit, decline_warnings, usual_purchase_cycle,
)
from kam_tui.core.domain.vocab import AbcClass, EnterpriseSize, OperatingScope

A, B, C = AbcClass.A, AbcClass.B, AbcClass.C
ONE, CROSS = OperatingScope.ONE_REGION.value, OperatingScope.CROSS_REGION.value


def test_module_is_pure() -> None:
    """The classification rules import no database, UI or service code."""
    tree = ast.parse(Path(classify.__file__).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    for name in imported:
        assert not name.startswith(("peewee", "textual", "kam_tui.core.db", "kam_tui.ui",
                                    "kam_tui.areas.customers.queries",
                                    "kam_tui.areas.customers.service")), name


# --- MAN ----------------------------------------------------------------------------------------

# DOMAIN.md §1, worked out per combination: M+A+N ideal, pursue · M+A+n contact, sell the need ·
# M+a+N contact, find the person with authority · m+A+N contact, check credit, offer financing ·
# m+a+N, m+A+n, M+a+n contact, nurture over time · m+a+n not a customer, stop.
MAN_TABLE = [
    # money, authority, need, combination, code, verdict en, verdict zh, action en, action zh
    (True, True, True, "M+A+N", "pursue", "Ideal", "理想客户", "pursue", "全力争取"),
    (True, True, False, "M+A+n", "sell_need", "Contact", "可以接触", "sell the need", "激发其需求"),
    (True, False, True, "M+a+N", "find_authority", "Contact", "可以接触",
     "find the person with authority", "设法找到有决定权的人"),
    (False, True, True, "m+A+N", "check_credit", "Contact", "可以接触",
     "check credit, offer financing", "调查其信用，提供融资方案"),
    (False, False, True, "m+a+N", "nurture", "Contact", "可以接触", "nurture over time",
     "长期观察、培养"),
    (False, True, False, "m+A+n", "nurture", "Contact", "可以接触", "nurture over time",
     "长期观察、培养"),
    (True, False, False, "M+a+n", "nurture", "Contact", "可以接触", "nurture over time",
     "长期观察、培养"),
    (False, False, False, "m+a+n", "stop", "Not a customer", "非客户", "stop", "停止接触"),
]


@pytest.mark.parametrize(
    "money, authority, need, combination, code, verdict_en, verdict_zh, action_en, action_zh",
    MAN_TABLE, ids=[row[3] for row in MAN_TABLE])
def test_all_eight_man_combinations(money: bool, authority: bool, need: bool, combination: str,
                                    code: str, verdict_en: str, verdict_zh: str,
                                    action_en: str, action_zh: str) -> None:
    """Each MAN combination gives DOMAIN.md's verdict and action, in English and in Chinese."""
    advice = man_advice(money, authority, need)
    assert advice.combination == combination
    assert advice.code == code
    assert advice.label() == advice.label("en") == verdict_en
    assert advice.label("zh") == verdict_zh
    assert advice.en == advice.message() == f"{verdict_en}: {action_en}"
    assert advice.zh == advice.message("zh") == f"{verdict_zh}：{action_zh}"
    assert advice.is_prospect is (combination != "m+a+n")  # only m+a+n is not a customer


def test_advice_in_a_language_without_its_own_text_is_english() -> None:
    """Any language but Chinese gets the English advice."""
    advice = man_advice(True, True, True)
    # Zulu ("zu") sorts after "zh": only an exact match on "zh" may give Chinese.
    assert advice.label("zu") == "Ideal"
    assert advice.message("zu") == "Ideal: pursue"


def test_only_the_stop_advice_is_not_a_prospect() -> None:
    """An advice is a prospect unless its code is stop, whatever its code is called."""
    base = man_advice(True, True, True)
    # "visit" sorts after "stop": the rule is "not stop", not an order of codes.
    assert dataclasses.replace(base, code="visit").is_prospect
    assert not dataclasses.replace(base, code="stop").is_prospect


def test_advice_cannot_be_changed() -> None:
    """An advice is a value: it cannot be altered once given."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        man_advice(True, True, True).code = "stop"  # type: ignore[misc]


def test_man_codes_cover_six_distinct_actions() -> None:
    """The eight MAN combinations lead to six distinct actions."""
    codes = {man_advice(m, a, n).code for m in (0, 1) for a in (0, 1) for n in (0, 1)}
    assert codes == {"pursue", "sell_need", "find_authority", "check_credit", "nurture", "stop"}


def test_man_accepts_truthy_values() -> None:
    """MAN answers may be any truthy or falsy values, such as stored 1 and 0."""
    assert man_advice(1, 0, 1).combination == "M+a+N"  # type: ignore[arg-type]


# --- size ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("base, scope, expected", [
    (0, CROSS, EnterpriseSize.SMALL),
    (49, CROSS, EnterpriseSize.SMALL),
    (50, CROSS, EnterpriseSize.MEDIUM),
    (200, CROSS, EnterpriseSize.MEDIUM),
    (201, CROSS, EnterpriseSize.LARGE),
    (5000, CROSS, EnterpriseSize.LARGE),
    (0, ONE, EnterpriseSize.SMALL),
    (49, ONE, EnterpriseSize.SMALL),
    (50, ONE, EnterpriseSize.MEDIUM),
    (200, ONE, EnterpriseSize.MEDIUM),
    (201, ONE, EnterpriseSize.MEDIUM),  # more than 200 in one region: "50 and more in one region"
    (5000, ONE, EnterpriseSize.MEDIUM),
])
def test_size_boundaries(base: int, scope: str, expected: EnterpriseSize) -> None:
    """Under 50 units is small; over 200 across regions is large; the rest is medium."""
    assert suggest_size(base, scope) is expected


def test_size_accepts_scope_enum() -> None:
    """The scope may be given as an OperatingScope as well as its code."""
    assert suggest_size(201, OperatingScope.CROSS_REGION) is EnterpriseSize.LARGE
    assert suggest_size(201, OperatingScope.ONE_REGION) is EnterpriseSize.MEDIUM


@pytest.mark.parametrize("scope", [None, "", "nonsense"])
def test_size_unknown_scope(scope: str | None) -> None:
    """With the scope unknown, 50 units and more is medium, never large."""
    assert suggest_size(49, scope) is EnterpriseSize.SMALL
    assert suggest_size(50, scope) is EnterpriseSize.MEDIUM
    assert suggest_size(201, scope) is EnterpriseSize.MEDIUM  # large needs cross-region known


def test_size_none_base() -> None:
    """An unknown installed base suggests no size."""
    assert suggest_size(None, CROSS) is None
    assert suggest_size(None, None) is None


def test_size_negative_base_refused() -> None:
    """A negative installed base is refused."""
    with pytest.raises(ValueError):
        suggest_size(-1, CROSS)


# --- ABC ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("share, expected", [
    (0.0, A), (0.5, A), (0.7999, A), (0.8, B), (0.9, B), (0.9499, B), (0.95, C), (0.99, C),
    (1.0, C),
])
def test_suggest_abc_thresholds(share: float, expected: AbcClass) -> None:
    """A is under 80% of volume above, B under 95%, C from 95% on."""
    assert suggest_abc(share) is expected


def test_suggest_abc_none() -> None:
    """No share (nothing bought) suggests no class."""
    assert suggest_abc(None) is None


def test_pareto_small_dataset() -> None:
    """Classes follow the share of volume held by the accounts that bought more."""
    # total 1000: 500 (above 0 -> A), 300 (above 500 = .5 -> A), 100 (above .8 -> B),
    # 60 (above .9 -> B), 40 (above .96 -> C), 0 -> C
    volumes = {1: 500, 2: 300, 3: 100, 4: 60, 5: 40, 6: 0}
    assert classify_by_pareto(volumes) == {1: A, 2: A, 3: B, 4: B, 5: C, 6: C}


def test_pareto_order_of_input_does_not_matter() -> None:
    """The order accounts are given in does not change their classes."""
    volumes = {6: 0, 5: 40, 4: 60, 3: 100, 2: 300, 1: 500}
    assert classify_by_pareto(volumes) == {1: A, 2: A, 3: B, 4: B, 5: C, 6: C}


def test_pareto_ties_share_a_class() -> None:
    """Accounts with equal volume get the same class."""
    # total 1000; 400, 400 both have 0 above -> A; the 100s have 800 above (.8) -> B; 
    # nothing lands in C except zero volume.
    volumes = {1: 400, 2: 400, 3: 100, 4: 100, 5: 0}
    assert classify_by_pareto(volumes) == {1: A, 2: A, 3: B, 4: B, 5: C}


def test_pareto_ties_at_boundary_not_split_by_id() -> None:
    """Equal accounts are never split between classes by their ids."""
    # 4 equal accounts: each has 0 above -> all A, whatever their ids.
    assert classify_by_pareto({9: 10, 3: 10, 7: 10, 1: 10}) == {9: A, 3: A, 7: A, 1: A}


def test_pareto_one_buyer() -> None:
    """The only buyer is A and the accounts that bought nothing are C."""
    assert classify_by_pareto({1: 100, 2: 0, 3: 0}) == {1: A, 2: C, 3: C}


def test_pareto_nobody_bought() -> None:
    """When nobody bought, every account is C."""
    assert classify_by_pareto({1: 0, 2: 0}) == {1: C, 2: C}
    assert classify_by_pareto({}) == {}


def test_pareto_negative_volume_is_c() -> None:
    """An account with a negative volume is C."""
    assert classify_by_pareto({1: 100, 2: -50}) == {1: A, 2: C}


@pytest.mark.parametrize("volumes, expected", [
    # total 100 each time; the share above an account decides its class
    ({1: 79, 2: 16, 3: 5}, {1: A, 2: A, 3: C}),  # 2: 79% above -> A; 3: 95% above -> C
    ({1: 80, 2: 15, 3: 5}, {1: A, 2: B, 3: C}),  # 2: exactly 80% above -> B
    ({1: 80, 2: 14, 3: 6}, {1: A, 2: B, 3: B}),  # 3: 94% above -> B
])
def test_pareto_boundaries_at_80_and_95_percent(volumes: dict[int, int],
                                                expected: dict[int, AbcClass]) -> None:
    """An account is A below 80% of volume above it, B below 95%, C from 95% on."""
    assert classify_by_pareto(volumes) == expected


def test_pareto_one_unit_is_a_purchase() -> None:
    """An account that bought a single unit has bought: alone it is A."""
    assert classify_by_pareto({1: 1, 2: 0}) == {1: A, 2: C}


def test_pareto_negative_volume_does_not_shrink_the_total() -> None:
    """A negative volume counts as nothing: shares are of the total of positive volumes."""
    # total 100, not 50: account 2 has 80% above it (B), not 160%.
    assert classify_by_pareto({1: 80, 2: 15, 3: 5, 4: -50}) == {1: A, 2: B, 3: C, 4: C}


def test_pareto_consistent_with_suggest_abc() -> None:
    """Classifying all accounts at once agrees with suggest_abc one by one."""
    volumes = {1: 700, 2: 120, 3: 120, 4: 40, 5: 15, 6: 5, 7: 0}
    total = sum(volumes.values())
    classes = classify_by_pareto(volumes)
    for key, volume in volumes.items():
        above = sum(v for v in volumes.values() if v > volume)
        expected = suggest_abc(above / total) if volume > 0 else None
        assert classes[key] is (expected or C), key
    # total 1000: 700 has 0 above (A); each 120 has 700 (70%, A); 40 has 940 (94%, B);
    # 15 has 980 (98%, C); 5 has 995 (C); 0 bought nothing (C).
    assert classes == {1: A, 2: A, 3: A, 4: B, 5: C, 6: C, 7: C}


# --- decline ------------------------------------------------------------------------------------

TODAY = date(2026, 11, 23)
EVERY_60_DAYS = [date(2026, 1, 1), date(2026, 3, 2), date(2026, 5, 1)]  # 60 and 60 days apart


@pytest.mark.parametrize("purchases, cycle", [
    ([], None),
    ([TODAY], None),
    ([TODAY, TODAY], None),  # one day, bought twice: still no gap
    ([date(2026, 9, 1), date(2026, 10, 1)], 30),  # two purchases on different days: a cycle
    ([date(2026, 9, 1), date(2026, 9, 1), date(2026, 10, 1)], 30),  # a same-day repeat counts once
    (EVERY_60_DAYS, 60),
    (list(reversed(EVERY_60_DAYS)), 60),  # order of the dates does not matter
    # gaps 10, 50, 60: the median is 50 (the mean would be 40)
    ([date(2026, 1, 1), date(2026, 1, 11), date(2026, 3, 2), date(2026, 5, 1)], 50),
])
def test_usual_purchase_cycle_is_the_median_gap(purchases: list[date], cycle: int | None) -> None:
    """The usual cycle is the median gap between purchase days; it needs two different days."""
    assert usual_purchase_cycle(purchases) == cycle


def test_no_purchase_for_longer_than_usual_cycle() -> None:
    """No purchase for longer than the usual cycle is a warning, worded in both languages."""
    warnings = decline_warnings(TODAY, EVERY_60_DAYS)
    assert [w.code for w in warnings] == ["no_purchase"]
    # 2026-05-01 to 2026-11-23: 31 + 30 + 31 + 31 + 30 + 31 days to 1 November, then 22.
    assert (warnings[0].days, warnings[0].limit) == (206, 60)
    assert warnings[0].message() == "No purchase for 206 days; it usually buys every 60 days"
    assert warnings[0].message("en") == "No purchase for 206 days; it usually buys every 60 days"
    assert warnings[0].message("zh") == "已 206 天未采购；通常每 60 天采购一次"
    assert warnings[0].message("zu") == warnings[0].en  # Zulu sorts after zh: English fallback


@pytest.mark.parametrize("last_purchase_ago, warned", [
    (59, False), (60, False),  # exactly one cycle: not yet late
    (61, True),  # one day over
])
def test_a_purchase_is_late_one_day_after_the_cycle(last_purchase_ago: int, warned: bool) -> None:
    """A purchase is overdue only once more days than the usual cycle have passed."""
    last = TODAY - timedelta(days=last_purchase_ago)
    purchases = [last - timedelta(days=120), last - timedelta(days=60), last]
    assert bool(decline_warnings(TODAY, purchases)) is warned


def test_two_purchases_on_different_days_can_be_late() -> None:
    """Two purchases on different days already give a cycle to be late against."""
    warnings = decline_warnings(TODAY, [date(2026, 9, 1), date(2026, 10, 1)])
    # A 30-day cycle; 1 October to 23 November is 31 + 22 = 53 days.
    assert [(w.code, w.days, w.limit) for w in warnings] == [("no_purchase", 53, 30)]


def test_single_purchase_gives_no_cycle_warning() -> None:
    """One purchase (or one day's purchases) gives no cycle, so no purchase warning."""
    assert decline_warnings(TODAY, [date(2020, 1, 1)]) == []
    assert decline_warnings(TODAY, [date(2020, 1, 1), date(2020, 1, 1)]) == []


def test_no_contact_for_too_long() -> None:
    """No contact for more than the limit (default 90 days) warns; never contacted does not."""
    warnings = decline_warnings(TODAY, last_contact=TODAY - timedelta(days=91))
    assert [(w.code, w.days, w.limit) for w in warnings] == [("no_contact", 91, 90)]
    assert warnings[0].message("en") == "No contact for 91 days (limit 90)"
    assert warnings[0].message("zh") == "已 91 天未联系（上限 90 天）"
    assert decline_warnings(TODAY, last_contact=TODAY - timedelta(days=90)) == []
    assert decline_warnings(TODAY, last_contact=TODAY - timedelta(days=31),
                            max_days_without_contact=30)[0].code == "no_contact"
    assert decline_warnings(TODAY, last_contact=TODAY - timedelta(days=30),
                            max_days_without_contact=30) == []
    assert decline_warnings(TODAY, last_contact=None) == []


def test_both_signals_come_purchase_first() -> None:
    """An account late to buy and long out of contact gets both warnings, purchase first."""
    warnings = decline_warnings(TODAY, EVERY_60_DAYS, TODAY - timedelta(days=100))
    assert [w.code for w in warnings] == ["no_purchase", "no_contact"]


@pytest.mark.parametrize("abc_class, limit", [("A", 30), ("B", 60), ("C", 90), ("", 90)])
def test_contact_limit_by_abc_class(abc_class: str, limit: int) -> None:
    """An A account may go 30 days without contact, B 60, C (or unclassed) 90."""
    assert contact_limit(abc_class) == limit
