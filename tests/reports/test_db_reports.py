"""The reports over a real database, on SQLite and PostgreSQL: forecast, funnel, filter choices.

Today is 2026-11-23 (tests.helpers.TODAY), so the default period is Q4 2026, Oct 1 to Dec 31.
Every expected figure is worked out by hand next to it.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kam_tui.areas.reports.service import (
    ForecastMonth, ForecastOwner, Reason, ReportFilter, ReportsService,
)
from kam_tui.core.db import models as m
from tests.helpers import TODAY, add_account, add_deal

pytestmark = pytest.mark.both_engines

GONE = datetime(2026, 11, 1, 12, 0)  # when the deleted rows were deleted


@pytest.fixture
def reports(db) -> ReportsService:
    return ReportsService(db, lambda: TODAY)


def deal(account_id: int, title: str, stage: int, amount: int, close: date | None = None,
         owner: int | None = None, **model: object) -> int:
    """Create a deal with no history, then set what the forms do not (status, override...)."""
    opp_id = add_deal(account_id, title, stage=stage, amount=amount, expected_close=close,
                      owner_id=owner)
    if model:
        m.Opportunity.update(**model).where(m.Opportunity.id == opp_id).execute()
    return opp_id


def at(month: int, day: int, hour: int = 9, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour)


def history(opp_id: int, *rows: tuple[int | None, int, str, datetime]) -> None:
    """Write a deal's history: (from stage, to stage, to status, when); a None from is creation."""
    status = ""
    for from_stage, to_stage, to_status, when in rows:
        m.StageChange.create(opportunity=opp_id, from_stage=from_stage, to_stage=to_stage,
                             from_status=status, to_status=to_status, changed_at=when)
        status = to_status


# --- the forecast -------------------------------------------------------------------------------


@pytest.fixture
def people(db) -> dict[str, int]:
    return {"wang": m.Staff.create(name="王芳", region="华东").id,
            "li": m.Staff.create(name="Li Ming", region="华南").id}


@pytest.fixture
def open_deals(people) -> dict[str, int]:
    wang, li = people["wang"], people["li"]
    acme = add_account("Acme Freight", short_name="Acme", region="华东", abc_class="A")
    blue = add_account("Blue River", region="华南", abc_class="B")
    cedar = add_account("Cedar Bus", region="华南", abc_class="A")
    gone = add_account("Gone Ltd", region="华东", abc_class="A")
    ids = {
        # Dec: 1,000,000 at stage 3 (20%) = 200,000.
        "d1": deal(acme, "Fleet renewal", 3, 1_000_000, date(2026, 12, 15), wang),
        # Dec: 500,001 at stage 5 (50%): (500,001 × 50 + 50) // 100 = 250,001.
        "d2": deal(cedar, "Buses", 5, 500_001, date(2026, 12, 20), li),
        # Nov, slipped 22 days (Nov 1 to Nov 23): 300,000 at stage 2 (10%) = 30,000.
        "d3": deal(acme, "Spare parts", 2, 300_000, date(2026, 11, 1), wang),
        # Q1 2027: 2,000,000 at stage 1 (5%) = 100,000.
        "d4": deal(blue, "Cold chain", 1, 2_000_000, date(2027, 2, 10), li),
        # Oct, slipped 49 days (26 to Oct 31, 23 in Nov): stage 4 but its own rate 65%:
        # 400,000 × 65% = 260,000 (the stage's 30% would give 120,000).
        "d5": deal(acme, "Tractors", 4, 400_000, date(2026, 10, 5), wang, win_rate_override=65),
        # Slipped 146 days (Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 23), before the period,
        # and nobody owns it.
        "d6": deal(blue, "Depot", 6, 700_000, date(2026, 6, 30)),
        # No close date.
        "d7": deal(acme, "Someday", 1, 50_000, None, wang),
        # Deleted, on a deleted account, won: none counts.
        "d8": deal(acme, "Deleted", 3, 9_000_000, date(2026, 12, 1), wang, deleted_at=GONE),
        "d9": deal(gone, "On a deleted account", 3, 9_000_000, date(2026, 12, 1), wang),
        "d10": deal(acme, "Won", 6, 9_000_000, date(2026, 12, 1), wang, status="won",
                    closed_at=at(11, 2)),
        # Dec: 10 at 5% is 0.5 each, rounded half up per deal: 1 + 1 = 2 (rounding the sum,
        # 20 × 5% = 1, would give 1).
        "d11": deal(blue, "Bolts", 1, 10, date(2026, 12, 20), li),
        "d12": deal(blue, "Nuts", 1, 10, date(2026, 12, 21), li),
    }
    m.Account.update(deleted_at=GONE).where(m.Account.id == gone).execute()
    return ids


def test_the_forecast_of_this_quarter(reports, people, open_deals):
    forecast = reports.forecast(ReportFilter())
    assert (forecast.start, forecast.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert forecast.months == (
        ForecastMonth(date(2026, 10, 1), 1, 400_000, 260_000, 260_000),  # d5
        ForecastMonth(date(2026, 11, 1), 1, 300_000, 30_000, 30_000),  # d3
        # d1 + d2 + d11 + d12: 1,000,000 + 500,001 + 10 + 10; 200,000 + 250,001 + 1 + 1.
        ForecastMonth(date(2026, 12, 1), 4, 1_500_021, 450_003, 450_003),
    )
    assert (forecast.deals, forecast.amount, forecast.weighted) == (
        6, 400_000 + 300_000 + 1_500_021, 260_000 + 30_000 + 450_003)
    assert forecast.owners == (
        # d1, d3, d5: 1,000,000 + 300,000 + 400,000; 200,000 + 30,000 + 260,000; d3, d5 slipped.
        # No deal has a buying group yet, so the support-adjusted figure is the weighted one.
        ForecastOwner(people["wang"], "王芳", "华东", 3, 1_700_000, 490_000, 490_000, 2),
        # d2, d11, d12: 500,001 + 10 + 10; 250,001 + 1 + 1.
        ForecastOwner(people["li"], "Li Ming", "华南", 3, 500_021, 250_003, 250_003, 0),
        # d6 only slipped, before the period.
        ForecastOwner(None, "", "", 0, 0, 0, 0, 1),
    )
    assert [(s.opportunity_id, s.days_late) for s in forecast.slipped] == [
        (open_deals["d6"], 146), (open_deals["d5"], 49), (open_deals["d3"], 22)]
    assert forecast.slipped_count == 3
    first = forecast.slipped[0]
    assert (first.title, first.account, first.owner, first.stage, first.amount,
            first.expected_close) == ("Depot", "Blue River", "", 6, 700_000, date(2026, 6, 30))
    third = forecast.slipped[2]
    assert (third.account, third.owner) == ("Acme", "王芳")  # the short name, as on a card
    assert forecast.no_close_date == 1  # d7


def test_the_forecast_by_region_owner_and_class(reports, people, open_deals):
    south = reports.forecast(ReportFilter(region="华南"))  # Blue River and Cedar Bus
    # Dec d2 + d11 + d12; d6 slipped; d4 is next year.
    assert [(mo.deals, mo.amount, mo.weighted) for mo in south.months] == [
        (0, 0, 0), (0, 0, 0), (3, 500_021, 250_003)]
    assert [s.opportunity_id for s in south.slipped] == [open_deals["d6"]]
    assert south.no_close_date == 0

    wang = reports.forecast(ReportFilter(owner_id=people["wang"]))  # d5, d3, d1 (d7 undated)
    assert [(mo.deals, mo.weighted) for mo in wang.months] == [(1, 260_000), (1, 30_000),
                                                               (1, 200_000)]
    assert [o.owner_id for o in wang.owners] == [people["wang"]]
    assert wang.slipped_count == 2 and wang.no_close_date == 1

    # Class A: Acme (d1, d3, d5) and Cedar (d2): 260,000 + 30,000 + 200,000 + 250,001.
    strategic = reports.forecast(ReportFilter(abc_class="A"))
    assert (strategic.deals, strategic.amount, strategic.weighted) == (4, 2_200_001, 740_001)
    both = reports.forecast(ReportFilter(region="华南", abc_class="A"))  # Cedar only: d2
    assert (both.deals, both.weighted, both.slipped_count) == (1, 250_001, 0)
    assert reports.forecast(ReportFilter(abc_class="C")).deals == 0


def test_the_forecast_of_another_period(reports, people, open_deals):
    q1 = reports.forecast(ReportFilter(start=date(2027, 2, 1)))
    assert (q1.start, q1.end) == (date(2027, 1, 1), date(2027, 3, 31))
    # Only d4 closes in Q1 2027; January and March are there, empty.
    assert q1.months == (ForecastMonth(date(2027, 1, 1), 0, 0, 0, 0),
                         ForecastMonth(date(2027, 2, 1), 1, 2_000_000, 100_000, 100_000),
                         ForecastMonth(date(2027, 3, 1), 0, 0, 0, 0))
    # What has slipped is the same whatever the period: d6, d5, d3.
    assert q1.slipped_count == 3
    # Li 100,000 first; Wang and nobody have no weighted in Q1, the named owner first.
    assert [(o.owner_id, o.deals, o.slipped) for o in q1.owners] == [
        (people["li"], 1, 0), (people["wang"], 0, 2), (None, 0, 1)]

    november = reports.forecast(ReportFilter(period="month"))
    assert [(mo.month, mo.deals, mo.weighted) for mo in november.months] == [
        (date(2026, 11, 1), 1, 30_000)]  # d3
    year = reports.forecast(ReportFilter(period="year", start=date(2027, 7, 1)))
    assert len(year.months) == 12 and (year.deals, year.weighted) == (1, 100_000)  # d4
    assert [mo.deals for mo in year.months] == [0, 1] + [0] * 10


def role(opp_id: int, account_id: int, role_code: str, stance: str, weight: int,
         contact_gone: bool = False, role_gone: bool = False) -> None:
    """Put one person in a deal's buying group."""
    contact = m.Contact.create(account=account_id, name=f"{role_code} {stance} {weight}",
                               deleted_at=GONE if contact_gone else None)
    m.DealRole.create(opportunity=opp_id, contact=contact, role=role_code, stance=stance,
                      weight=weight, deleted_at=GONE if role_gone else None)


def test_the_support_adjusted_forecast_beside_the_weighted(reports, people):
    """P = W × (1 + S − O) × veto per deal (DOMAIN.md §3), beside amount × W, summed per month."""
    wang = people["wang"]
    acme = add_account("Acme Freight", region="华东", abc_class="A")
    # Stage 3, 20%: supporters 60, opponent 20, unknown 20 of 100:
    # 20 × (1 + 0.6 − 0.2) = 28%; 1,000,000 × 28% = 280,000 (weighted 200,000).
    e1 = deal(acme, "Fleet", 3, 1_000_000, date(2026, 12, 1), wang)
    role(e1, acme, "user", "supporter", 60)
    role(e1, acme, "purchaser", "opponent", 20)
    role(e1, acme, "user", "unknown", 20)
    # Stage 5, 50%: the decision maker opposes with 50, a supporter 30, 80 of 100 recorded:
    # 50 × (1 + 0.3 − 0.5) × 0.5 = 20%; 100,000 × 20% = 20,000 (weighted 50,000).
    e2 = deal(acme, "Buses", 5, 100_000, date(2026, 12, 2), wang)
    role(e2, acme, "decision_maker", "opponent", 50)
    role(e2, acme, "user", "supporter", 30)
    # Stage 4, 30%: two opposing gatekeepers of 10 each, a supporter of 100; 120 recorded, so
    # shares are of 120: 30 × (1 + 100/120 − 20/120) × 0.75 × 0.75 = 30 × 200/120 × 0.5625 =
    # 28.125, half up 28%; 200,000 × 28% = 56,000 (weighted 60,000).
    e3 = deal(acme, "Tractors", 4, 200_000, date(2026, 12, 3), wang)
    role(e3, acme, "technical_gatekeeper", "opponent", 10)
    role(e3, acme, "technical_gatekeeper", "opponent", 10)
    role(e3, acme, "user", "supporter", 100)
    # Stage 6, 80%: everyone supports (100): 80 × 2 = 160, kept at 100%: 10,000 (weighted 8,000).
    e4 = deal(acme, "Parts", 6, 10_000, date(2026, 12, 4), wang)
    role(e4, acme, "decision_maker", "supporter", 100)
    # Stage 2, 10%: a live supporter of 50 → 10 × 1.5 = 15%: 15,000 (weighted 10,000). Left out:
    # an opposing decision maker who was deleted (×0.5 would give 5%), a deleted role of a
    # supporter (40 more would give 19%), and a weight under 0, which counts as 0 (as −30 it
    # would give 18%).
    e5 = deal(acme, "Depot", 2, 100_000, date(2026, 12, 5), wang)
    role(e5, acme, "user", "supporter", 50)
    role(e5, acme, "decision_maker", "opponent", 50, contact_gone=True)
    role(e5, acme, "user", "supporter", 40, role_gone=True)
    role(e5, acme, "coach", "opponent", -30)
    # No buying group: the adjusted rate is the deal's own: 40,000 at stage 1's 5% is 2,000 both
    # ways, and 100,000 at its own 40% (not the stage's 5%) is 40,000 both ways.
    deal(acme, "Nuts", 1, 40_000, date(2026, 12, 6), wang)
    deal(acme, "Own rate", 1, 100_000, date(2026, 12, 7), wang, win_rate_override=40)

    forecast = reports.forecast(ReportFilter())
    december = forecast.months[2]
    # Weighted: 200,000 + 50,000 + 60,000 + 8,000 + 10,000 + 2,000 + 40,000 = 370,000.
    # Adjusted: 280,000 + 20,000 + 56,000 + 10,000 + 15,000 + 2,000 + 40,000 = 423,000.
    assert (december.deals, december.weighted, december.adjusted) == (7, 370_000, 423_000)
    assert (forecast.weighted, forecast.adjusted) == (370_000, 423_000)
    assert [(o.owner_id, o.weighted, o.adjusted) for o in forecast.owners] == [
        (wang, 370_000, 423_000)]
    assert reports.forecast(ReportFilter(owner_id=people["li"])).adjusted == 0


def test_the_adjusted_forecast_agrees_with_the_map_for_every_group(reports, people):
    """The SQL figure and the map's `support_adjusted` are two codings of one rule: they agree."""
    from itertools import product

    from kam_tui.areas.pipeline import rules as pipeline_rules
    from kam_tui.core.domain.coverage import Participant, support_adjusted

    acme = add_account("Acme Freight")
    expected = 0
    groups = list(product(("decision_maker", "technical_gatekeeper", "user"),
                          ("supporter", "opponent", "neutral", "unknown"), (0, 35, 70)))
    for number, (role_code, stance, weight) in enumerate(groups):
        stage = number % 6 + 1
        opp = deal(acme, f"deal {number}", stage, 1_000 + number, date(2026, 12, 10))
        # Each deal has the one person plus a gatekeeper opposing with 15 on every third deal.
        people_in = [Participant(1, "a", role_code, stance=stance, weight=weight)]
        role(opp, acme, role_code, stance, weight)
        if number % 3 == 0:
            role(opp, acme, "technical_gatekeeper", "opponent", 15)
            people_in.append(Participant(2, "b", "technical_gatekeeper", stance="opponent",
                                         weight=15))
        rate = support_adjusted(pipeline_rules.win_rate(stage, None), people_in)
        expected += pipeline_rules.weighted_amount(1_000 + number, rate)
    assert reports.forecast(ReportFilter()).adjusted == expected


def test_slipped_deals_are_listed_fifty_at_most_most_late_first(reports, people):
    acme = add_account("Acme Freight", region="华东")
    # 60 deals, the n-th expected n days before today: 1..60 days late.
    for late in range(1, 61):
        deal(acme, f"Late {late}", 2, 1_000, date.fromordinal(TODAY.toordinal() - late))
    forecast = reports.forecast(ReportFilter())
    assert forecast.slipped_count == 60
    assert [s.days_late for s in forecast.slipped] == list(range(60, 10, -1))  # 60 down to 11


# --- the funnel ---------------------------------------------------------------------------------


@pytest.fixture
def histories(people) -> dict[str, int]:
    """Deals with their stage histories, around Q4 2026 (Oct 1 - Dec 31)."""
    wang, li = people["wang"], people["li"]
    acme = add_account("Acme Freight", region="华东", abc_class="A")
    blue = add_account("Blue River", region="华南", abc_class="B")
    gone = add_account("Gone Ltd", region="华南")
    ids = {
        "f1": deal(acme, "Open in design", 3, 1_000_000, owner=wang),
        "f2": deal(acme, "Won from design", 3, 800_000, owner=wang, status="won",
                   closed_at=at(11, 5)),
        "f3": deal(blue, "Lost on price", 2, 600_000, owner=li, status="lost",
                   closed_at=at(11, 10), lost_reason="Price", lost_to="Volvo"),
        "f4": deal(blue, "Back to brewing", 2, 400_000, owner=li),
        "f5": deal(blue, "Deleted", 1, 5_000_000, owner=li, deleted_at=GONE),
        "f6": deal(blue, "Lost in compare", 4, 200_000, owner=li, status="lost",
                   closed_at=at(12, 1), lost_reason="Price", lost_to="Scania"),
        "f7": deal(blue, "Lost early", 1, 100_000, owner=li, status="lost",
                   closed_at=at(10, 3), lost_reason="", lost_to="No purchase"),
        "f8": deal(acme, "Won last quarter", 6, 3_000_000, owner=wang, status="won",
                   closed_at=at(9, 15)),
        "f9": deal(gone, "Lost, account deleted", 1, 7_000_000, owner=li, status="lost",
                   closed_at=at(11, 1), lost_reason="Gone", lost_to="Nobody"),
    }
    history(ids["f1"], (None, 1, "open", at(9, 20)), (1, 2, "open", at(10, 10)),
            (2, 3, "open", at(10, 20)))
    history(ids["f2"], (None, 1, "open", at(10, 1)), (1, 3, "open", at(10, 11)),
            (3, 3, "won", at(11, 5)))
    # Created in the evening, moved in the morning: 4 calendar days, not 3.6.
    history(ids["f3"], (None, 1, "open", at(10, 5, 18)), (1, 2, "open", at(10, 9, 8)),
            (2, 2, "lost", at(11, 10)))
    history(ids["f4"], (None, 1, "open", at(8, 1)), (1, 2, "open", at(9, 1)),
            (2, 4, "open", at(10, 15)), (4, 2, "open", at(11, 1)))
    history(ids["f5"], (None, 1, "open", at(10, 2)), (1, 2, "open", at(10, 3)))
    history(ids["f6"], (None, 4, "open", at(6, 1)), (4, 4, "lost", at(12, 1)))
    history(ids["f9"], (None, 1, "open", at(10, 4)), (1, 1, "lost", at(11, 1)))
    m.Account.update(deleted_at=GONE).where(m.Account.id == gone).execute()
    return ids


def test_the_funnel_of_this_quarter(reports, histories):
    funnel = reports.funnel(ReportFilter())
    assert (funnel.start, funnel.end) == (date(2026, 10, 1), date(2026, 12, 31))
    rows = {s.stage: s for s in funnel.stages}
    assert [s.stage for s in funnel.stages] == [1, 2, 3, 4, 5, 6]
    # Open now: f1 in stage 3, f4 in stage 2.
    assert [(s.deals, s.amount) for s in funnel.stages] == [
        (0, 0), (1, 400_000), (1, 1_000_000), (0, 0), (0, 0), (0, 0)]
    # Entered in Q4, and went on to a higher stage or a win afterwards:
    # 1: f2 (created Oct 1, then to 3), f3 (created Oct 5, then to 2): 2 of 2 = 100%.
    #    f1 and f4 were created before Oct; f5 is deleted; f9's account is.
    # 2: f1 (Oct 10, then to 3), f3 (Oct 9, then lost), f4 (back from 4 on Nov 1, nothing
    #    since): 1 of 3 = 33%.
    # 3: f1 (Oct 20, nothing since), f2 (Oct 11, then won): 1 of 2 = 50%.
    # 4: f4 (Oct 15, then back to 2, lower): 0 of 1 = 0%. f6 entered 4 in June.
    assert [(s.entered, s.went_on, s.conversion) for s in funnel.stages] == [
        (2, 2, 100), (3, 1, 33), (2, 1, 50), (1, 0, 0), (0, 0, None), (0, 0, None)]
    # Stays that ended in Q4 (entering row -> the deal's next row), in calendar days:
    # 1: f1 Sep 20 - Oct 10 = 20, f2 Oct 1 - Oct 11 = 10, f3 Oct 5 - Oct 9 = 4: median 10.
    #    (f4's Aug 1 - Sep 1 ended before the period.)
    # 2: f1 Oct 10 - Oct 20 = 10, f3 Oct 9 - Nov 10 (lost) = 32,
    #    f4 Sep 1 - Oct 15 = 29 + 15 = 44: median 32.
    # 3: f2 Oct 11 - Nov 5 (won) = 20 + 5 = 25.
    # 4: f4 Oct 15 - Nov 1 = 17; f6 Jun 1 - Dec 1 (lost) = 30+31+31+30+31+30 = 183:
    #    median (17 + 183) / 2 = 100.
    assert [s.median_days for s in funnel.stages] == [10.0, 32.0, 25.0, 100.0, None, None]
    assert rows[5].median_days is None
    # Closed in Q4: won f2 800,000; lost f3 600,000 + f6 200,000 + f7 100,000
    # (f8 was won in September; f9's account is deleted). 1 / (1 + 3) = 25%.
    assert (funnel.won, funnel.won_amount, funnel.lost, funnel.lost_amount) == (
        1, 800_000, 3, 900_000)
    assert funnel.win_rate == 25
    assert funnel.lost_reasons == (Reason("Price", 2, 800_000), Reason("", 1, 100_000))
    # One deal each: the larger amount first.
    assert funnel.winners == (Reason("Volvo", 1, 600_000), Reason("Scania", 1, 200_000),
                              Reason("No purchase", 1, 100_000))


def test_a_reopened_deal_enters_nothing_but_its_time_in_the_stage_counts(reports):
    acme = add_account("Acme Freight", region="华东")
    deal_id = deal(acme, "Lost, then reopened", 4, 1_000)
    history(deal_id, (None, 3, "open", at(10, 1)), (3, 3, "lost", at(10, 11)),
            (3, 3, "open", at(10, 20)), (3, 4, "open", at(11, 1)))
    # A deleted row is no part of the history.
    m.StageChange.create(opportunity=deal_id, from_stage=4, to_stage=6, from_status="open",
                         to_status="open", changed_at=at(11, 5), deleted_at=GONE)
    funnel = reports.funnel(ReportFilter())
    three, four = funnel.stages[2], funnel.stages[3]
    # Stage 3 was entered once (Oct 1; the reopening enters nothing), and the deal went on to 4.
    assert (three.entered, three.went_on, three.conversion) == (1, 1, 100)
    # In stage 3: Oct 1 - Oct 11 (lost) = 10 days and Oct 20 (reopened) - Nov 1 = 12 days;
    # the days it lay lost are not in it: (10 + 12) / 2 = 11.
    assert three.median_days == 11.0
    # Stage 4 entered Nov 1; the deleted move to 6 does not count, nor end its stay.
    assert (four.entered, four.went_on, four.median_days) == (1, 0, None)
    assert funnel.lost == 0  # open again: it is not lost


def test_the_funnel_by_region_and_owner(reports, people, histories):
    south = reports.funnel(ReportFilter(region="华南"))  # Blue River: f3, f4, f6, f7
    # 1: f3 went on to 2. 2: f3 (lost after), f4 (nothing after): 0 of 2. 4: f4, back down.
    assert [(s.entered, s.went_on) for s in south.stages] == [
        (1, 1), (2, 0), (0, 0), (1, 0), (0, 0), (0, 0)]
    assert [s.conversion for s in south.stages][:4] == [100, 0, None, 0]
    # Lost f3, f6, f7; none won: 0%.
    assert (south.won, south.lost, south.win_rate) == (0, 3, 0)

    wang = reports.funnel(ReportFilter(owner_id=people["wang"]))  # f1, f2 (f8 closed in Sep)
    # 1: f2 to 3. 2: f1 to 3. 3: f1 (nothing since), f2 (won).
    assert [(s.entered, s.went_on, s.conversion) for s in wang.stages][:3] == [
        (1, 1, 100), (1, 1, 100), (2, 1, 50)]
    assert (wang.won, wang.lost, wang.win_rate) == (1, 0, 100)
    assert wang.lost_reasons == () and wang.winners == ()
    # The stays of f1 and f2 only: stage 1 f1 20, f2 10: (10 + 20) / 2 = 15.
    assert wang.stages[0].median_days == 15.0


def test_the_funnel_of_the_year(reports, histories):
    year = reports.funnel(ReportFilter(period="year"))
    # Won f2 and f8 (September), lost f3, f6, f7: 2 / 5 = 40%.
    assert (year.won, year.lost, year.win_rate) == (2, 3, 40)
    # Stage 1 was entered by f1, f2, f3, f4 in 2026, and each went on: 4 of 4.
    assert (year.stages[0].entered, year.stages[0].went_on) == (4, 4)
    # Stage 4: f6 (created there in June, then lost) and f4 (then back): 0 of 2.
    assert (year.stages[3].entered, year.stages[3].conversion) == (2, 0)


# --- the filters' choices and an empty database -------------------------------------------------


def test_the_filter_choices(reports, people):
    idle = m.Staff.create(name="Idle Person", region="华北").id  # owns nothing
    left = m.Staff.create(name="Left Already", deleted_at=GONE).id
    acme = add_account("Acme Freight", region="华东")
    add_account("Blue River", region="华南")
    add_account("No Region")
    gone = add_account("Gone Ltd", region="西北")
    m.Account.update(deleted_at=GONE).where(m.Account.id == gone).execute()
    deal(acme, "Wang's", 1, 1_000, owner=people["wang"])
    deal(acme, "Li's, won", 6, 1_000, owner=people["li"], status="won", closed_at=at(11, 1))
    deal(acme, "Of one who left", 1, 1_000, owner=left)
    options = reports.options()
    assert options["owner"] == [("Li Ming", people["li"]), ("王芳", people["wang"])]
    assert idle not in [value for _label, value in options["owner"]]
    assert options["region"] == [("华东", "华东"), ("华南", "华南")]


def test_an_empty_database(reports):
    assert reports.options() == {"owner": [], "region": []}
    forecast = reports.forecast(ReportFilter())
    assert [(mo.deals, mo.amount, mo.weighted) for mo in forecast.months] == [(0, 0, 0)] * 3
    assert (forecast.owners, forecast.slipped, forecast.slipped_count, forecast.deals,
            forecast.no_close_date) == ((), (), 0, 0, 0)
    funnel = reports.funnel(ReportFilter(period="month"))
    assert (funnel.start, funnel.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert all((s.deals, s.entered, s.conversion, s.median_days) == (0, 0, None, None)
               for s in funnel.stages)
    assert (funnel.won, funnel.lost, funnel.win_rate, funnel.lost_reasons,
            funnel.winners) == (0, 0, None, (), ())
    assert reports.period_bounds(ReportFilter(period="year")) == (date(2026, 1, 1),
                                                                  date(2026, 12, 31))
