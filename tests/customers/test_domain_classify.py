"""Customers' rules (ABC by Pareto, enterprise size, MAN advice) and the shared decline warnings."""

from __future__ import annotations

import ast
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
from kam_tui.core.domain.decline import decline_warnings, usual_purchase_cycle
from kam_tui.core.domain.vocab import AbcClass, EnterpriseSize, OperatingScope

A, B, C = AbcClass.A, AbcClass.B, AbcClass.C
ONE, CROSS = OperatingScope.ONE_REGION.value, OperatingScope.CROSS_REGION.value


def test_module_is_pure() -> None:
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

@pytest.mark.parametrize("money, authority, need, combination, code", [
    (True, True, True, "M+A+N", "pursue"),
    (True, True, False, "M+A+n", "sell_need"),
    (True, False, True, "M+a+N", "find_authority"),
    (False, True, True, "m+A+N", "check_credit"),
    (False, False, True, "m+a+N", "nurture"),
    (False, True, False, "m+A+n", "nurture"),
    (True, False, False, "M+a+n", "nurture"),
    (False, False, False, "m+a+n", "stop"),
])
def test_all_eight_man_combinations(money: bool, authority: bool, need: bool,
                                     combination: str, code: str) -> None:
    advice = man_advice(money, authority, need)
    assert advice.combination == combination
    assert advice.code == code
    assert advice.message("en") and advice.message("zh")
    assert advice.message("en") != advice.message("zh")
    assert advice.en == advice.message("en")
    assert advice.zh == advice.message("zh")
    assert advice.label("zh") != advice.label("en")
    assert advice.is_prospect is (code != "stop")


def test_man_texts_follow_the_domain() -> None:
    assert man_advice(True, True, True).label() == "Ideal"
    assert "pursue" in man_advice(True, True, True).en
    assert "sell the need" in man_advice(True, True, False).en
    assert "authority" in man_advice(True, False, True).en
    assert "credit" in man_advice(False, True, True).en
    assert "financing" in man_advice(False, True, True).en
    assert "nurture" in man_advice(False, False, True).en
    assert man_advice(False, False, False).label() == "Not a customer"
    assert "stop" in man_advice(False, False, False).en
    for combo in [(True, True, False), (True, False, True), (False, True, True),
                  (False, False, True), (False, True, False), (True, False, False)]:
        assert man_advice(*combo).label() == "Contact"


def test_man_codes_cover_six_distinct_actions() -> None:
    codes = {man_advice(m, a, n).code for m in (0, 1) for a in (0, 1) for n in (0, 1)}
    assert codes == {"pursue", "sell_need", "find_authority", "check_credit", "nurture", "stop"}


def test_man_accepts_truthy_values() -> None:
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
    assert suggest_size(base, scope) is expected


def test_size_accepts_scope_enum() -> None:
    assert suggest_size(201, OperatingScope.CROSS_REGION) is EnterpriseSize.LARGE
    assert suggest_size(201, OperatingScope.ONE_REGION) is EnterpriseSize.MEDIUM


@pytest.mark.parametrize("scope", [None, "", "nonsense"])
def test_size_unknown_scope(scope: str | None) -> None:
    assert suggest_size(49, scope) is EnterpriseSize.SMALL
    assert suggest_size(50, scope) is EnterpriseSize.MEDIUM
    assert suggest_size(201, scope) is EnterpriseSize.MEDIUM  # large needs cross-region known


def test_size_none_base() -> None:
    assert suggest_size(None, CROSS) is None
    assert suggest_size(None, None) is None


def test_size_negative_base_refused() -> None:
    with pytest.raises(ValueError):
        suggest_size(-1, CROSS)


# --- ABC ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("share, expected", [
    (0.0, A), (0.5, A), (0.7999, A), (0.8, B), (0.9, B), (0.9499, B), (0.95, C), (0.99, C),
    (1.0, C),
])
def test_suggest_abc_thresholds(share: float, expected: AbcClass) -> None:
    assert suggest_abc(share) is expected


def test_suggest_abc_none() -> None:
    assert suggest_abc(None) is None


def test_pareto_small_dataset() -> None:
    # total 1000: 500 (above 0 -> A), 300 (above 500 = .5 -> A), 100 (above .8 -> B),
    # 60 (above .9 -> B), 40 (above .96 -> C), 0 -> C
    volumes = {1: 500, 2: 300, 3: 100, 4: 60, 5: 40, 6: 0}
    assert classify_by_pareto(volumes) == {1: A, 2: A, 3: B, 4: B, 5: C, 6: C}


def test_pareto_order_of_input_does_not_matter() -> None:
    volumes = {6: 0, 5: 40, 4: 60, 3: 100, 2: 300, 1: 500}
    assert classify_by_pareto(volumes) == {1: A, 2: A, 3: B, 4: B, 5: C, 6: C}


def test_pareto_ties_share_a_class() -> None:
    # total 1000; 400, 400 both have 0 above -> A; the 100s have 800 above (.8) -> B; 
    # nothing lands in C except zero volume.
    volumes = {1: 400, 2: 400, 3: 100, 4: 100, 5: 0}
    assert classify_by_pareto(volumes) == {1: A, 2: A, 3: B, 4: B, 5: C}


def test_pareto_ties_at_boundary_not_split_by_id() -> None:
    # 4 equal accounts: each has 0 above -> all A, whatever their ids.
    assert classify_by_pareto({9: 10, 3: 10, 7: 10, 1: 10}) == {9: A, 3: A, 7: A, 1: A}


def test_pareto_one_buyer() -> None:
    assert classify_by_pareto({1: 100, 2: 0, 3: 0}) == {1: A, 2: C, 3: C}


def test_pareto_nobody_bought() -> None:
    assert classify_by_pareto({1: 0, 2: 0}) == {1: C, 2: C}
    assert classify_by_pareto({}) == {}


def test_pareto_negative_volume_is_c() -> None:
    assert classify_by_pareto({1: 100, 2: -50}) == {1: A, 2: C}


def test_pareto_consistent_with_suggest_abc() -> None:
    volumes = {1: 700, 2: 120, 3: 120, 4: 40, 5: 15, 6: 5, 7: 0}
    total = sum(volumes.values())
    classes = classify_by_pareto(volumes)
    for key, volume in volumes.items():
        above = sum(v for v in volumes.values() if v > volume)
        expected = suggest_abc(above / total) if volume > 0 else None
        assert classes[key] is (expected or C), key
    assert classes == {1: A, 2: A, 3: A, 4: B, 5: C, 6: C, 7: C}


# --- decline ------------------------------------------------------------------------------------

TODAY = date(2026, 11, 23)


def test_usual_purchase_cycle() -> None:
    assert usual_purchase_cycle([]) is None
    assert usual_purchase_cycle([TODAY]) is None
    assert usual_purchase_cycle([TODAY, TODAY]) is None
    days = [date(2026, 1, 1), date(2026, 3, 2), date(2026, 5, 1)]  # 60, 60
    assert usual_purchase_cycle(days) == 60
    assert usual_purchase_cycle(reversed(days)) == 60


def test_no_purchase_for_longer_than_usual_cycle() -> None:
    purchases = [date(2026, 1, 1), date(2026, 3, 2), date(2026, 5, 1)]  # every 60 days
    warnings = decline_warnings(TODAY, purchases)
    assert [w.code for w in warnings] == ["no_purchase"]
    assert warnings[0].limit == 60
    assert warnings[0].days == (TODAY - date(2026, 5, 1)).days
    assert warnings[0].message("en") != warnings[0].message("zh")
    on_time = [TODAY - timedelta(days=120), TODAY - timedelta(days=60)]
    assert decline_warnings(TODAY, on_time) == []  # exactly one cycle: not yet late


def test_single_purchase_gives_no_cycle_warning() -> None:
    assert decline_warnings(TODAY, [date(2020, 1, 1)]) == []


def test_no_contact_for_too_long() -> None:
    warnings = decline_warnings(TODAY, last_contact=TODAY - timedelta(days=91))
    assert [w.code for w in warnings] == ["no_contact"]
    assert warnings[0].days == 91
    assert decline_warnings(TODAY, last_contact=TODAY - timedelta(days=90)) == []
    assert decline_warnings(TODAY, last_contact=TODAY - timedelta(days=31),
                            max_days_without_contact=30)[0].code == "no_contact"
    assert decline_warnings(TODAY, last_contact=None) == []
