"""The demo database: about forty realistic accounts of a truck maker's regional sales team.

Every date is relative to ``today`` so each screen has something current to show: overdue,
due-today and upcoming revisits, recent visits, deals moving through all six stages. The
trade's relationship-map example of DOMAIN.md §3 is the 华通物流集团 fleet deal.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.domain import vocab
from kam_tui.core.domain.search import search_text
from kam_tui.sample.demo_data import (
    CHINESE_ACCOUNTS, COMPETITORS, EN_NAMES, ENGLISH_ACCOUNTS, GIVEN, NEXT_ACTIONS, PRODUCTS,
    PROJECTS_EN, PROJECTS_ZH, STAFF, SURNAMES, TITLES_EN, TITLES_ZH,
)

DEMO_SEED = 7


def table_counts(db: pw.Database) -> dict[str, int]:
    """Return the number of rows in each table of the model."""
    return {model._meta.table_name: model.select().count() for model in m.ALL_MODELS}


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour))


class _Demo:
    """Builds the demo rows with one seeded random generator."""

    def __init__(self, today: date, seed: int) -> None:
        self.today = today
        self.rnd = random.Random(seed)
        self.staff: list[m.Staff] = []

    def days(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def run(self) -> None:
        self.staff = [m.Staff.create(name=name, role=role, region=region,
                                     phone=f"138{self.rnd.randrange(10**8):08d}")
                      for name, role, region in STAFF]
        accounts = [(spec, False) for spec in CHINESE_ACCOUNTS]
        accounts += [(spec, True) for spec in ENGLISH_ACCOUNTS]
        for index, (spec, english) in enumerate(accounts):
            account = self.account(index, spec, english)
            contacts = self.contacts(account, english, index)
            if index == 2:
                contacts[-1].birthday = date(1988, 2, 29)  # leap-day birthdays need care
                contacts[-1].save()
                m.RevisitRule.create(account=account, rule="card_review", enabled=False)
            if index == 0:
                self.trade_example(account, contacts)
            else:
                self.opportunities(account, contacts, index)
            self.purchases(account, index)
            self.activities(account, contacts, index)
            self.revisits(account, contacts, index)
            self.competitors(account, index)
            names = [c.name for c in contacts]
            handles = [way for c in contacts for way in (c.phone, c.mobile, c.email, c.wechat)]
            account.search_text = search_text(account.name, account.short_name, account.phone,
                                              names, handles)
            account.save()

    # --- the card ------------------------------------------------------------------------
    def account(self, index: int, spec: tuple[str, str, str, str, str],
                english: bool) -> m.Account:
        name, short, region, nature, area = spec
        rnd = self.rnd
        reps = [s for s in self.staff if s.role != "dealer"]
        owner = next((s for s in reps if s.region == region), reps[index % len(reps)])
        dealers = [s for s in self.staff if s.role == "dealer"]
        status = ("current", "current", "potential", "current", "lost")[index % 5]
        if index < 2:
            status = "current"
        installed = rnd.choice((8, 25, 40, 60, 120, 180, 260, 420))
        cross = installed > 100 or rnd.random() < 0.3
        abc = "A" if index < 6 else ("B" if index < 18 else "C")
        layer = {"current": "consolidate", "potential": "breakthrough", "lost": "watch"}[status]
        lifecycle = {"current": rnd.choice(("growth", "maturity", "maturity", "decline")),
                     "potential": "acquisition", "lost": "departure"}[status]
        if index == 1:
            lifecycle = "decline"  # so the demo shows a decline warning on a known card
        first_day = self.days(-rnd.randrange(400, 3000)) if status != "potential" else None
        street = f"{rnd.randrange(1, 999)} Industrial Road" if english else \
            f"{rnd.choice(('经开区', '高新区', '物流园', '港区'))}{rnd.randrange(1, 99)}号"
        return m.Account.create(
            name=name, short_name=short, region=region, owner=owner,
            address=street, postcode=f"{rnd.randrange(100000, 999999)}",
            website=f"www.{''.join(ch for ch in short.lower() if ch.isascii() and ch.isalnum())}"
                    ".com" if english else "",
            phone=f"{area}-{rnd.randrange(10**7, 10**8)}",
            first_cooperation_date=first_day,
            first_cooperation_reason=("Fleet renewal tender" if english else "车队更新招标")
            if first_day else "",
            nature=nature,
            enterprise_size=("large" if installed > 200 else "medium" if installed >= 50
                             else "small") if nature == "enterprise" else "",
            installed_base=installed,
            operating_scope="cross_region" if cross else "one_region",
            main_business=("Freight and logistics" if english else "公路货运与仓储"),
            industry=("Logistics" if english else rnd.choice(("物流", "建筑", "市政", "冷链"))),
            industry_position=("Top 10 in the province" if english else "省内前十"),
            usage_region=rnd.choice(("in_province", "cross_province", "city_delivery")),
            usage_environment=rnd.choice(("highway", "provincial_road", "rural_road", "mixed")),
            bought_before=status != "potential",
            dealer=rnd.choice(dealers) if abc == "C" else None,
            credit_rating=rnd.choice(("excellent", "good", "good", "fair")),
            satisfaction=rnd.choice(("very_satisfied", "satisfied", "neutral", "dissatisfied")),
            closeness=rnd.choice(("acquainted", "familiar", "trusted", "allied")),
            abc_class=abc, layer=layer, status=status, lifecycle=lifecycle,
            pyramid=("vip", "major", "ordinary", "small")[min(3, index // 8)],
            man_money=rnd.random() < 0.8, man_authority=rnd.random() < 0.6,
            man_need=status != "lost",
            notes=("Prefers quarterly reviews." if english else "重视售后服务响应速度。"),
        )

    def contacts(self, account: m.Account, english: bool, index: int) -> list[m.Contact]:
        rnd = self.rnd
        titles = TITLES_EN if english else TITLES_ZH
        count = 6 if index == 0 else rnd.randrange(2, 6)
        people: list[m.Contact] = []
        for position in range(count):
            title, department, _role, _influence = titles[position % len(titles)]
            if english:
                name = EN_NAMES[(index * 3 + position) % len(EN_NAMES)]
            else:
                name = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
            boss = people[0] if people and position else None
            people.append(m.Contact.create(
                account=account, name=name, title=title, department=department,
                phone=account.phone, mobile=f"13{rnd.randrange(10**9):09d}",
                email=f"{name.split()[0].lower()}@example.com" if english else "",
                wechat="" if english else f"wx_{rnd.randrange(10**6)}",
                reports_to=boss, is_main=position == 0,
                closeness=rnd.choice(("acquainted", "familiar", "trusted")),
                # Plans are for the people who matter most, not for everyone on file.
                contact_plan=("monthly", "quarterly")[position] if position < 2 else "",
                relationship_owner=account.owner,
                birthday=date(rnd.randrange(1965, 1992), rnd.randrange(1, 13),
                              rnd.randrange(1, 29)),
                hobbies=rnd.choice(("golf", "hiking", "tea", "football")) if english
                else rnd.choice(("钓鱼", "羽毛球", "书法", "登山")),
            ))
        return people

    # --- the funnel ------------------------------------------------------------------------
    def opportunity(self, account: m.Account, stage: int, status: str = "open",
                    title: str = "", days_in_stage: int = 10) -> m.Opportunity:
        rnd = self.rnd
        product, price = rnd.choice(PRODUCTS)
        quantity = rnd.choice((5, 10, 20, 30, 50))
        entered = self.days(-days_in_stage)
        english = account.name.isascii()
        project = rnd.choice(PROJECTS_EN if english else PROJECTS_ZH)
        next_zh, next_en = NEXT_ACTIONS[stage]
        opp = m.Opportunity.create(
            account=account, title=title or f"{project} {product.split()[-1]} ×{quantity}",
            product=product, quantity=quantity, amount=price * quantity,
            expected_close=self.days(rnd.randrange(20, 200)), owner=account.owner,
            stage=stage, stage_entered_at=_at(entered), status=status,
            board_position=float(rnd.randrange(1000)),
            closed_at=_at(self.days(-rnd.randrange(5, 60))) if status != "open" else None,
            lost_reason="价格高于对手 8%" if status == "lost" else "",
            lost_to="东风商用车" if status == "lost" else "",
            next_action=(next_en if english else next_zh) if status == "open" else "",
            next_action_date=self.days(rnd.randrange(-3, 14)) if status == "open" else None,
        )
        changed = self.days(-days_in_stage - 20 * stage)
        previous: int | None = None
        for number in range(1, stage + 1):
            step_day = changed + timedelta(days=20 * number) if number < stage else entered
            m.StageChange.create(opportunity=opp, from_stage=previous, to_stage=number,
                                 from_status="open" if previous else "", to_status="open",
                                 changed_at=_at(step_day))
            previous = number
        if status != "open":
            m.StageChange.create(opportunity=opp, from_stage=stage, to_stage=stage,
                                 from_status="open", to_status=status, changed_at=opp.closed_at)
        return opp

    def opportunities(self, account: m.Account, contacts: list[m.Contact], index: int) -> None:
        if account.status == "lost":
            self.opportunity(account, 4, "lost", days_in_stage=90)
            return
        stage = index % 6 + 1
        opp = self.opportunity(account, stage, days_in_stage=self.rnd.randrange(3, 70))
        self.deal_roles(opp, contacts)
        if index == 3:  # a second scored deal, where a competitor leads
            self.scorecard(opp, ("Volvo Trucks", 7.8), ours=7.2)
        if index % 4 == 0:
            self.opportunity(account, 6, "won", days_in_stage=40)
        if index % 7 == 3:
            self.opportunity(account, min(6, stage + 1), days_in_stage=5)

    def deal_roles(self, opp: m.Opportunity, contacts: list[m.Contact]) -> None:
        titles = TITLES_EN if contacts and contacts[0].name.isascii() else TITLES_ZH
        left = 100
        for position, person in enumerate(contacts[:4]):
            _t, _d, role, influence = titles[position % len(titles)]
            weight = min(left, (40, 30, 20, 10)[position])
            left -= weight
            m.DealRole.create(opportunity=opp, contact=person, role=role or "user",
                              influence=influence,
                              stance=self.rnd.choice(("supporter", "neutral", "unknown")),
                              weight=weight, meetings=self.rnd.randrange(0, 6))

    def trade_example(self, account: m.Account, contacts: list[m.Contact]) -> None:
        """DOMAIN.md §3: the decider is against us, no coach, only 20% of the weight for us."""
        names = (("周建国", "技术总监", "技术部", "technical_gatekeeper", "high", "neutral", 30),
                 ("钱志刚", "采购部长", "采购部", "purchaser", "high", "neutral", 40),
                 ("孙海涛", "车队队长", "运输部", "user", "medium", "supporter", 20),
                 ("郑文斌", "总经理", "总经办", "decision_maker", "high", "opponent", 10),
                 ("冯晓燕", "财务经理", "财务部", "", "medium", "unknown", 0))
        gm = contacts[0]
        opp = self.opportunity(account, 4, title="华通物流 2027 车队更新 60 台牵引车",
                               days_in_stage=18)
        opp.product, opp.quantity, opp.amount = "6×4 牵引车 J7", 60, 25_200_000
        opp.save()
        for person, (name, title, dept, role, influence, stance, weight) in zip(
                contacts[:5], names[3:4] + names[:3] + names[4:]):
            person.name, person.title, person.department = name, title, dept
            person.reports_to = None if person is gm else gm
            person.save()
            m.DealRole.create(opportunity=opp, contact=person, role=role, influence=influence,
                              stance=stance, weight=weight, meetings=2,
                              open_problems="对售后网点覆盖有疑虑" if stance == "opponent" else "")
        m.Relation.create(contact=contacts[1], other_contact=contacts[3], kind="classmate",
                          note="大学同学")
        m.Relation.create(contact=contacts[2], staff=account.owner, kind="owns_relationship")
        self.scorecard(opp, ("东风商用车", 7.0), ours=7.5)
        # The buyers met lately, so the map's warnings are exactly the trade's (§3).
        met = self.days(-7)
        meeting = m.Activity.create(account=account, opportunity=opp, occurred_on=met,
                                    kind="meeting", summary="技术交流与报价说明",
                                    result="采购部要求补充售后网点资料", problems="总经理倾向对手",
                                    next_step="提交售后网点覆盖方案")
        for person in contacts[:3]:
            m.ActivityPerson.create(activity=meeting, contact=person)
        m.ActivityPerson.create(activity=meeting, staff=account.owner)
        for item in ("配置", "价格（含运费、上牌费）", "付款方式", "交货期"):
            m.ContractCheck.create(opportunity=opp, item=item, done=item == "配置")
        self.opportunity(account, 6, "won", title="华通物流 冷藏车 20 台", days_in_stage=30)

    def scorecard(self, opp: m.Opportunity, rival: tuple[str, float], ours: float) -> None:
        for criterion, weight in vocab.DEFAULT_SCORE_WEIGHTS.items():
            m.ScorecardWeight.create(opportunity=opp, criterion=criterion.value, weight=weight)
            for supplier, base in (("", ours), rival):
                m.ScorecardScore.create(opportunity=opp, supplier=supplier,
                                        criterion=criterion.value,
                                        score=round(base + self.rnd.uniform(-1.5, 1.5), 1))

    # --- history and follow-up -------------------------------------------------------------
    def purchases(self, account: m.Account, index: int) -> None:
        if account.status == "potential":
            return
        rnd = self.rnd
        # A-class accounts buy much more: the Pareto suggestion then has something to find.
        scale = 12 if index < 6 else (4 if index < 18 else 1)
        stop = 420 if index == 1 or account.status == "lost" else 0  # stopped buying: a warning
        for number in range(rnd.randrange(3, 7)):
            product, price = rnd.choice(PRODUCTS)
            quantity = rnd.randrange(1, 6) * scale
            day = self.days(-stop - rnd.randrange(10, 700))
            m.Purchase.create(account=account, purchased_on=day, project=f"{day.year} 批次",
                              product=product, quantity=quantity, amount=price * quantity,
                              delivered_on=day + timedelta(days=rnd.randrange(10, 40)))
        m.ProductInUse.create(account=account, purpose="干线运输", brand="我司",
                              quantity=account.installed_base or 0,
                              years_in_use=rnd.randrange(1, 9))
        if index % 3 == 0:
            m.ProductInUse.create(account=account, purpose="城市配送", brand="东风",
                                  quantity=rnd.randrange(5, 40), years_in_use=rnd.randrange(1, 9))

    def activities(self, account: m.Account, contacts: list[m.Contact], index: int) -> None:
        rnd = self.rnd
        quiet = 200 if index == 1 else 0  # 吴伟科技: no contact for months
        for _ in range(rnd.randrange(2, 6)):
            kind = rnd.choice(("visit", "phone", "visit", "meeting", "email"))
            day = self.days(-quiet - rnd.randrange(1, 120))
            activity = m.Activity.create(
                account=account, occurred_on=day, kind=kind,
                summary=rnd.choice(("季度回访，了解车辆使用情况", "介绍新款牵引车", "处理售后投诉",
                                    "Quarterly review of fleet usage", "技术交流会")),
                result=rnd.choice(("客户满意", "需要报价", "Asked for a quote", "")),
                problems=rnd.choice(("", "配件到货慢", "")),
                next_step=rnd.choice(("发送报价", "安排试驾", "")),
            )
            m.ActivityPerson.create(activity=activity, contact=contacts[0])
            other = rnd.choice(contacts)
            if other is not contacts[0]:
                m.ActivityPerson.create(activity=activity, contact=other)
            m.ActivityPerson.create(activity=activity, staff=account.owner)

    def revisits(self, account: m.Account, contacts: list[m.Contact], index: int) -> None:
        # Spread over overdue, today and the next weeks so the calendar and list have both.
        offsets = (-5, 0, 3, 9, 16, -1, 0, 25, 40, 6)
        due = self.days(offsets[index % len(offsets)])
        rule = ("manual", "next_step")[index % 2]
        m.Revisit.create(account=account, contact=contacts[0], due_on=due,
                         kind="visit" if index % 2 else "phone", rule=rule,
                         note="Check the fleet's service log" if account.name.isascii()
                         else "检查车辆保养记录")
        if index % 3 == 0:
            done = m.Activity.alive().where(m.Activity.account == account).first()
            m.Revisit.create(account=account, contact=contacts[-1], due_on=self.days(-30),
                             kind="phone", rule="manual", status="done", activity=done)

    def competitors(self, account: m.Account, index: int) -> None:
        for name, strengths, weaknesses in COMPETITORS[index % 2: index % 2 + 1 + index % 3]:
            m.CompetitorPresence.create(account=account, competitor=name,
                                        history="2019 年起供货" if not name.isascii() else
                                        "Supplied since 2020",
                                        strengths=strengths, weaknesses=weaknesses)


def generate_demo(db: pw.Database, today: date, seed: int = DEMO_SEED) -> dict[str, int]:
    """Fill an empty database with the demo data; return the rows per table."""
    from kam_tui.areas.calendar.queries.generation import generate as generate_revisits

    with db.atomic():
        _Demo(today, seed).run()
    with db.atomic():
        generate_revisits(today)  # what the cadence rules plan, as the calendar would
    return table_counts(db)
