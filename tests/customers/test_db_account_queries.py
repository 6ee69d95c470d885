"""account_queries: the paged, filtered, sorted account list, its aggregates, the card, Pareto."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from kam_tui.areas.customers.queries import (
    CARD_ACTIVITY_LIMIT,
    SORT_COLUMNS,
    AccountQuery,
    AccountRow,
    count_accounts,
    filter_options,
    load_card,
    page_accounts,
    pareto_position,
)
from kam_tui.areas.customers.rules import classify_by_pareto, suggest_abc
from kam_tui.core.db import models as m
from kam_tui.core.db import records
from tests.helpers import TODAY

pytestmark = pytest.mark.both_engines


def new_account(name: str = "ACME", **over: Any) -> int:
    raw: dict[str, Any] = {
        "name": name, "abc_class": "C", "layer": "watch", "status": "potential",
        "lifecycle": "acquisition",
    }
    raw.update(over)
    return records.save("account", raw, today=TODAY)


def opportunity(account_id: int, amount: int, status: str = "open", deleted: bool = False,
                **over: Any) -> m.Opportunity:
    return m.Opportunity.create(account=account_id, title=f"deal {amount}", amount=amount,
                                status=status, deleted_at=m.utcnow() if deleted else None, **over)


def activity(account_id: int, on: date, deleted: bool = False) -> m.Activity:
    return m.Activity.create(account=account_id, occurred_on=on, summary="visit",
                             deleted_at=m.utcnow() if deleted else None)


def revisit(account_id: int, due: date, status: str = "planned",
            deleted: bool = False) -> m.Revisit:
    return m.Revisit.create(account=account_id, due_on=due, status=status,
                            deleted_at=m.utcnow() if deleted else None)


def purchase(account_id: int, amount: int, on: date | None = None,
             deleted: bool = False) -> m.Purchase:
    return m.Purchase.create(account=account_id, purchased_on=on or TODAY - timedelta(days=30),
                             amount=amount, deleted_at=m.utcnow() if deleted else None)


def ids(query: AccountQuery, offset: int = 0, limit: int = 1000) -> list[int]:
    return [row.id for row in page_accounts(query, offset, limit)]


def all_rows(query: AccountQuery) -> list[AccountRow]:
    return page_accounts(query, 0, 1000)


# --- filters ------------------------------------------------------------------------------------

@pytest.fixture
def filtered(db) -> dict[str, Any]:
    wang = m.Staff.create(name="Wang")
    li = m.Staff.create(name="Li")
    made = {
        "a1": new_account("A1", abc_class="A", layer="consolidate", status="current",
                          region="华北", owner_id=wang.id),
        "a2": new_account("A2", abc_class="A", layer="breakthrough", status="potential",
                          region="华东", owner_id=li.id),
        "b1": new_account("B1", abc_class="B", layer="consolidate", status="lost",
                          region="华北", owner_id=li.id),
        "c1": new_account("C1", abc_class="C", layer="watch", status="potential", region=""),
    }
    gone = new_account("Gone", abc_class="A", region="华南", owner_id=wang.id)
    records.soft_delete("account", gone)
    return {**made, "wang": wang.id, "li": li.id}


@pytest.mark.parametrize("query_kw, expected", [
    ({}, ["a1", "a2", "b1", "c1"]),
    ({"abc_class": "A"}, ["a1", "a2"]),
    ({"abc_class": "B"}, ["b1"]),
    ({"layer": "consolidate"}, ["a1", "b1"]),
    ({"layer": "watch"}, ["c1"]),
    ({"status": "potential"}, ["a2", "c1"]),
    ({"status": "lost"}, ["b1"]),
    ({"region": "华北"}, ["a1", "b1"]),
    ({"region": "华南"}, []),  # only a deleted account there
    ({"abc_class": "A", "layer": "consolidate"}, ["a1"]),
    ({"abc_class": "A", "region": "华北", "status": "potential"}, []),
])
def test_filters(filtered: dict[str, Any], query_kw: dict[str, Any], expected: list[str]) -> None:
    query = AccountQuery(**query_kw)
    assert ids(query) == [filtered[key] for key in expected]
    assert count_accounts(query) == len(expected)


def test_owner_filter(filtered: dict[str, Any]) -> None:
    assert ids(AccountQuery(owner_id=filtered["wang"])) == [filtered["a1"]]
    assert ids(AccountQuery(owner_id=filtered["li"])) == [filtered["a2"], filtered["b1"]]
    assert count_accounts(AccountQuery(owner_id=filtered["li"], abc_class="B")) == 1
    assert count_accounts(AccountQuery(owner_id=99999)) == 0


def test_filter_options_skip_deleted_and_empty(filtered: dict[str, Any]) -> None:
    m.Staff.create(name="Dealer", role="dealer")
    options = filter_options()
    assert options["region"] == [("华东", "华东"), ("华北", "华北")]
    assert options["owner"] == [("Li", filtered["li"]), ("Wang", filtered["wang"])]


def test_rows_carry_list_columns(filtered: dict[str, Any]) -> None:
    row = page_accounts(AccountQuery(abc_class="B"), 0, 10)[0]
    assert (row.name, row.abc_class, row.layer, row.status, row.region, row.owner) == (
        "B1", "B", "consolidate", "lost", "华北", "Li")
    assert row.pipeline == 0
    assert row.last_contact is None and row.next_revisit is None
    assert page_accounts(AccountQuery(abc_class="C"), 0, 10)[0].owner == ""


def test_empty_page_past_the_end(filtered: dict[str, Any]) -> None:
    assert page_accounts(AccountQuery(), 100, 10) == []


# --- search -------------------------------------------------------------------------------------

def test_search_terms_are_and_ed(db) -> None:
    bj = new_account("ACME Logistics Beijing")
    sh = new_account("ACME Freight Shanghai")
    wu = new_account("Wu Logistics")
    assert ids(AccountQuery(search="acme")) == [sh, bj]
    assert ids(AccountQuery(search="logistics")) == [bj, wu]
    assert ids(AccountQuery(search="ACME logistics")) == [bj]
    assert ids(AccountQuery(search="logistics acme")) == [bj]
    assert ids(AccountQuery(search="acme wu")) == []
    assert count_accounts(AccountQuery(search="acme logistics")) == 1
    assert count_accounts(AccountQuery(search="   ")) == 3


def test_search_by_pinyin_contacts_and_phone(db) -> None:
    wu = new_account("吴伟科技", phone="+86 138-0013-8000")
    other = new_account("东方物流")
    records.save("contact", {"name": "张伟"}, today=TODAY, parent_id=other)
    assert ids(AccountQuery(search="wwkj")) == [wu]
    assert ids(AccountQuery(search="wuwei")) == [wu]
    assert ids(AccountQuery(search="wu wei")) == [other, wu]  # terms AND-ed: "wu" (dongfangwuliu) + "wei" (zhangwei)
    assert ids(AccountQuery(search="吴伟")) == [wu]
    assert ids(AccountQuery(search="13800138000")) == [wu]
    assert ids(AccountQuery(search="zhangwei")) == [other]
    assert ids(AccountQuery(search="dfwl zw")) == [other]


def test_search_combined_with_filters(db) -> None:
    a = new_account("ACME North", abc_class="A")
    new_account("ACME South", abc_class="B")
    assert ids(AccountQuery(search="acme", abc_class="A")) == [a]


@pytest.mark.parametrize("query, expected", [
    ("50%", ["50% Off Ltd"]),
    ("%", ["50% Off Ltd"]),
    ("0%o", []),  # "%" must not match "0 o" in "500 off"
    ("a_b", ["a_b corp"]),
    ("_", ["a_b corp"]),
    ("\\", ["back\\slash"]),
    ("k\\s", ["back\\slash"]),
    ("off", ["50% Off Ltd", "500 Off Ltd"]),
])
def test_like_wildcards_are_literal(db, query: str, expected: list[str]) -> None:
    for name in ("50% Off Ltd", "500 Off Ltd", "a_b corp", "axb corp", "back\\slash", "backslash"):
        new_account(name)
    rows = page_accounts(AccountQuery(search=query), 0, 100)
    assert sorted(row.name for row in rows) == sorted(expected)
    assert count_accounts(AccountQuery(search=query)) == len(expected)


# --- aggregates ---------------------------------------------------------------------------------

def test_aggregates(db) -> None:
    x = new_account("X")
    y = new_account("Y")
    opportunity(x, 100)
    opportunity(x, 200)
    opportunity(x, 1000, status="won")
    opportunity(x, 500, status="lost")
    opportunity(x, 50, deleted=True)
    opportunity(y, 7)
    activity(x, date(2026, 10, 1))
    activity(x, date(2026, 11, 20))
    activity(x, date(2026, 11, 22), deleted=True)
    activity(y, date(2026, 11, 22))
    revisit(x, date(2026, 12, 5))
    revisit(x, date(2026, 12, 1))
    revisit(x, date(2026, 11, 25), status="done")
    revisit(x, date(2026, 11, 26), status="skipped")
    revisit(x, date(2026, 11, 24), deleted=True)
    revisit(y, date(2026, 11, 30), status="done")
    rows = {row.id: row for row in all_rows(AccountQuery())}
    assert rows[x].pipeline == 300
    assert rows[x].last_contact == date(2026, 11, 20)
    assert rows[x].next_revisit == date(2026, 12, 1)
    assert rows[y].pipeline == 7
    assert rows[y].last_contact == date(2026, 11, 22)
    assert rows[y].next_revisit is None


def test_aggregates_do_not_depend_on_sort(db) -> None:
    x = new_account("X")
    opportunity(x, 10)
    opportunity(x, 20, status="won")
    activity(x, date(2026, 1, 1))
    revisit(x, date(2026, 12, 1))
    for sort in SORT_COLUMNS:
        for descending in (False, True):
            (row,) = all_rows(AccountQuery(sort=sort, descending=descending))
            assert (row.pipeline, row.last_contact, row.next_revisit) == (
                10, date(2026, 1, 1), date(2026, 12, 1)), (sort, descending)


def test_soft_deleted_accounts_excluded(db) -> None:
    keep = new_account("Keep")
    gone = new_account("Gone")
    opportunity(gone, 1_000_000)
    records.soft_delete("account", gone)
    assert count_accounts(AccountQuery()) == 1
    for sort in SORT_COLUMNS:
        assert ids(AccountQuery(sort=sort)) == [keep]
        assert ids(AccountQuery(sort=sort, descending=True)) == [keep]
    assert ids(AccountQuery(search="gone")) == []


# --- sorting and paging -------------------------------------------------------------------------

def _ascii_lower(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


SORT_KEYS = {
    "name": lambda r: _ascii_lower(r.name),
    "abc_class": lambda r: r.abc_class,
    "layer": lambda r: r.layer,
    "status": lambda r: r.status,
    "region": lambda r: r.region,
    "owner": lambda r: r.owner,  # "" (no owner) first ascending, last descending
    "pipeline": lambda r: r.pipeline,
    "last_contact": lambda r: r.last_contact,
    "next_revisit": lambda r: r.next_revisit,
}
NULLS_LAST = {"last_contact", "next_revisit"}


def expected_order(rows: list[AccountRow], sort: str, descending: bool) -> list[int]:
    key = SORT_KEYS[sort]
    present = [r for r in rows if not (sort in NULLS_LAST and key(r) is None)]
    missing = [r for r in rows if sort in NULLS_LAST and key(r) is None]
    ordered = sorted(present, key=lambda r: (key(r), r.id), reverse=descending)
    ordered += sorted(missing, key=lambda r: r.id, reverse=descending)
    return [r.id for r in ordered]


@pytest.fixture
def many(db) -> list[int]:
    """Twelve accounts with plenty of ties in every sort column."""
    wang = m.Staff.create(name="Wang").id
    an = m.Staff.create(name="An").id
    specs = [
        # name, abc, layer, status, region, owner, pipeline, last contact, next revisit
        ("beta", "A", "watch", "current", "north", wang, 100, 5, 10),
        ("Alpha", "B", "watch", "lost", "south", an, 0, None, None),
        ("alpha", "B", "consolidate", "current", "north", None, 100, 5, 10),
        ("Beta", "C", "breakthrough", "potential", "", wang, 300, 1, None),
        ("gamma", "A", "watch", "current", "north", an, 0, None, 3),
        ("Delta", "C", "watch", "potential", "south", None, 100, 5, 10),
        ("beta", "A", "consolidate", "lost", "east", wang, 0, 2, 3),
        ("epsilon", "B", "watch", "current", "", an, 50, None, None),
        ("zeta", "C", "breakthrough", "current", "north", None, 0, 1, 20),
        ("Eta", "A", "watch", "potential", "east", wang, 300, 5, None),
        ("theta", "B", "watch", "current", "north", an, 0, None, 10),
        ("alpha", "C", "consolidate", "lost", "south", None, 100, 2, 3),
    ]
    made = []
    for name, abc, layer, status, region, owner, pipe, contact, nxt in specs:
        account_id = new_account(name, abc_class=abc, layer=layer, status=status, region=region,
                                 owner_id=owner)
        if pipe:
            opportunity(account_id, pipe)
            opportunity(account_id, 9999, status="won")
        if contact is not None:
            activity(account_id, TODAY - timedelta(days=contact))
        if nxt is not None:
            revisit(account_id, TODAY + timedelta(days=nxt))
            revisit(account_id, TODAY - timedelta(days=1), status="done")
        made.append(account_id)
    return made


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", SORT_COLUMNS)
def test_sort_order(many: list[int], sort: str, descending: bool) -> None:
    rows = all_rows(AccountQuery(sort=sort, descending=descending))
    assert sorted(r.id for r in rows) == sorted(many)
    assert [r.id for r in rows] == expected_order(rows, sort, descending)


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", SORT_COLUMNS)
def test_paging_is_stable(many: list[int], sort: str, descending: bool) -> None:
    query = AccountQuery(sort=sort, descending=descending)
    whole = ids(query)
    assert count_accounts(query) == len(many)
    for page_size in (1, 2, 5):
        paged: list[int] = []
        offset = 0
        while page := ids(query, offset, page_size):
            assert len(page) <= page_size
            paged.extend(page)
            offset += page_size
        assert paged == whole, page_size  # no row twice, none missing, same order
        assert len(set(paged)) == len(many)


def test_sorted_paging_with_filter_and_search(many: list[int]) -> None:
    query = AccountQuery(search="a", region="north", sort="pipeline", descending=True)
    whole = ids(query)
    assert whole
    assert [i for o in range(0, 20, 2) for i in ids(query, o, 2)] == whole
    assert count_accounts(query) == len(whole)


def test_unknown_sort_falls_back_to_name(many: list[int]) -> None:
    assert ids(AccountQuery(sort="id; DROP TABLE account")) == ids(AccountQuery(sort="name"))
    assert count_accounts(AccountQuery()) == len(many)


def test_sort_by_name_is_case_insensitive(db) -> None:
    b = new_account("bravo")
    a = new_account("Alpha")
    c = new_account("CHARLIE")
    assert ids(AccountQuery(sort="name")) == [a, b, c]
    assert ids(AccountQuery(sort="name", descending=True)) == [c, b, a]


# --- the card -----------------------------------------------------------------------------------

@pytest.fixture
def card_data(db) -> dict[str, Any]:
    owner = m.Staff.create(name="王经理")
    dealer = m.Staff.create(name="华通经销", role="dealer")
    account_id = new_account("吴伟科技", owner_id=owner.id, dealer_id=dealer.id,
                             installed_base="250", operating_scope="cross_region")
    boss = records.save("contact", {"name": "Boss", "department": "Board"}, today=TODAY,
                        parent_id=account_id)
    main = records.save("contact", {"name": "Main", "department": "Zeta", "is_main": True,
                                    "reports_to_id": boss}, today=TODAY, parent_id=account_id)
    gone = records.save("contact", {"name": "Gone"}, today=TODAY, parent_id=account_id)
    records.soft_delete("contact", gone)
    open_deal = opportunity(account_id, 500, stage=3)
    opportunity(account_id, 900, status="won", stage=6)
    opportunity(account_id, 1, deleted=True)
    purchase(account_id, 1000, TODAY - timedelta(days=10))
    purchase(account_id, 2000, TODAY - timedelta(days=364))
    purchase(account_id, 4000, TODAY - timedelta(days=366))  # older than 12 months
    purchase(account_id, 8000, TODAY - timedelta(days=5), deleted=True)
    activity(account_id, TODAY - timedelta(days=3))
    activity(account_id, TODAY - timedelta(days=1), deleted=True)
    revisit(account_id, TODAY + timedelta(days=7))
    revisit(account_id, TODAY + timedelta(days=2))
    revisit(account_id, TODAY + timedelta(days=1), status="done")
    m.CompetitorPresence.create(account=account_id, competitor="Rival Co")
    m.CompetitorPresence.create(account=account_id, competitor="Old Rival",
                                deleted_at=m.utcnow())
    m.ProductInUse.create(account=account_id, purpose="城市配送", quantity=120)
    other = new_account("Other")
    purchase(other, 3000)
    return {"id": account_id, "boss": boss, "main": main, "open_deal": open_deal.id,
            "other": other}


def test_load_card_contents(card_data: dict[str, Any]) -> None:
    card = load_card(card_data["id"], TODAY)
    assert card is not None
    assert card.id == card_data["id"]
    assert card.version == 1
    assert card.values["name"] == "吴伟科技"
    assert card.values["installed_base"] == 250
    assert card.owner_name == "王经理"
    assert card.dealer_name == "华通经销"
    # Contacts: the main one first, deleted ones gone, reports_to resolved to a name.
    assert [c.values["name"] for c in card.contacts] == ["Main", "Boss"]
    assert card.contacts[0].extra["reports_to"] == "Boss"
    assert card.contacts[1].extra["reports_to"] == ""
    # Opportunities: live ones only, with stage and status.
    assert sorted(o.values["amount"] for o in card.opportunities) == [500, 900]
    deal = next(o for o in card.opportunities if o.id == card_data["open_deal"])
    assert deal.extra["stage"] == 3 and deal.extra["status"] == "open"
    # Purchases: newest first, deleted excluded; the 12-month total only counts the last year.
    assert [p.values["amount"] for p in card.purchases] == [1000, 2000, 4000]
    assert card.purchase_count == 3
    assert card.last_purchase == TODAY - timedelta(days=10)
    assert card.purchase_total_12m == 3000
    assert [a.values["occurred_on"] for a in card.activities] == [TODAY - timedelta(days=3)]
    assert card.activity_count == 1
    assert [r.values["due_on"] for r in card.revisits] == [
        TODAY + timedelta(days=2), TODAY + timedelta(days=7)]
    assert [c.values["competitor"] for c in card.competitors] == ["Rival Co"]
    assert [p.values["purpose"] for p in card.products] == ["城市配送"]
    # Pareto: the other account bought 3000 too; nobody bought more than this one.
    assert card.pareto_total == 6000
    assert card.pareto_share == 0.0


def test_card_activity_limit(db) -> None:
    account_id = new_account()
    for n in range(CARD_ACTIVITY_LIMIT + 5):
        activity(account_id, TODAY - timedelta(days=n))
    card = load_card(account_id, TODAY)
    assert card is not None
    assert len(card.activities) == CARD_ACTIVITY_LIMIT
    assert card.activity_count == CARD_ACTIVITY_LIMIT + 5
    assert card.activities[0].values["occurred_on"] == TODAY


def test_card_of_deleted_or_missing_account_is_none(db) -> None:
    account_id = new_account()
    records.soft_delete("account", account_id)
    assert load_card(account_id, TODAY) is None
    assert load_card(424242, TODAY) is None


def test_empty_card(db) -> None:
    card = load_card(new_account(), TODAY)
    assert card is not None
    assert card.contacts == card.opportunities == card.purchases == card.activities == []
    assert card.purchase_total_12m == 0
    assert card.last_purchase is None
    assert card.pareto_share is None
    assert card.pareto_total == 0
    assert card.owner_name == "" and card.dealer_name == ""


def test_service_card(service, card_data: dict[str, Any]) -> None:
    card = service.card(card_data["id"])
    assert card is not None and card.purchase_total_12m == 3000


# --- Pareto -------------------------------------------------------------------------------------

@pytest.fixture
def pareto(db) -> dict[str, int]:
    volumes = {"a": 500, "b": 300, "c": 100, "d": 60, "e": 40}
    made = {}
    for key, volume in volumes.items():
        made[key] = new_account(key)
        purchase(made[key], volume // 2, TODAY - timedelta(days=100))
        purchase(made[key], volume - volume // 2, TODAY - timedelta(days=200))
    made["old"] = new_account("old")
    purchase(made["old"], 99_999, TODAY - timedelta(days=400))
    made["gone"] = new_account("gone")
    purchase(made["gone"], 99_999)
    records.soft_delete("account", made["gone"])
    made["deleted_purchase"] = new_account("dp")
    purchase(made["deleted_purchase"], 99_999, deleted=True)
    made["none"] = new_account("none")
    return made


@pytest.mark.parametrize("volume, share", [
    (500, 0.0), (300, 0.5), (100, 0.8), (60, 0.9), (40, 0.96), (1000, 0.0), (1, 1.0),
])
def test_pareto_position(pareto: dict[str, int], volume: int, share: float) -> None:
    got_share, total = pareto_position(volume, TODAY)
    assert total == 1000
    assert got_share == pytest.approx(share)


def test_pareto_position_no_volume(pareto: dict[str, int]) -> None:
    assert pareto_position(0, TODAY) == (None, 1000)


def test_pareto_position_empty_database(db) -> None:
    assert pareto_position(100, TODAY) == (None, 0)


def test_pareto_ties(db) -> None:
    for name in ("p", "q"):
        purchase(new_account(name), 400)
    purchase(new_account("r"), 200)
    assert pareto_position(400, TODAY) == (0.0, 1000)
    assert pareto_position(200, TODAY) == (pytest.approx(0.8), 1000)


def test_card_pareto_agrees_with_classify(pareto: dict[str, int]) -> None:
    volumes = {}
    from_cards = {}
    for key in ("a", "b", "c", "d", "e", "none"):
        card = load_card(pareto[key], TODAY)
        assert card is not None
        volumes[card.id] = card.purchase_total_12m
        from_cards[card.id] = suggest_abc(card.pareto_share)
    classes = classify_by_pareto(volumes)
    for account_id, suggested in from_cards.items():
        assert (suggested or "C") == classes[account_id]
    assert [from_cards[pareto[k]] for k in ("a", "b", "c", "d", "e", "none")] == [
        "A", "A", "B", "B", "C", None]
