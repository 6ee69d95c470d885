"""The synthetic rows: staff, then accounts in chunks with all their records, from one seed.

Every row is drawn from one random stream in a fixed order, so the same (seed, today) always
gives the same data, row ids and UUIDs included.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from typing import Any

from kam_tui.core.db import models as m
from kam_tui.sample.bulk_sql import insert_sql
from kam_tui.sample.synthetic_names import (
    ACTIVITY_KIND_WEIGHTS, BRAND, CITIES, EN_ACTIVITIES, EN_FIRST, EN_LAST, EN_NEXT_ACTIONS,
    EN_OPP_TITLES, EN_PRODUCTS, EN_REGIONS, EN_SUFFIXES, EN_TITLES, EN_TRADES, EN_WORDS, GIVEN,
    PUBLIC, REVISIT_KINDS, REVISIT_RULES, SUFFIXES, SURNAMES, TRADES, ZH_ACTIVITIES,
    ZH_NEXT_ACTIONS, ZH_OPP_TITLES, ZH_PRODUCTS, ZH_TITLES,
)

CHUNK = 2000  # accounts per executemany batch
_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D")


class RowGenerator:
    """Writes staff, then accounts in chunks with all their rows."""

    def __init__(self, conn: Any, seed: int, today: date) -> None:
        self.conn = conn
        self.rng = random.Random(seed)
        self.uuid_bits = random.Random(f"kam-synthetic-uuid:{seed}").getrandbits
        self.today = today
        stamp = datetime.combine(today, datetime.min.time()).replace(hour=8)
        self.stamp = str(stamp)
        fixed = {"created_at": self.stamp, "updated_at": self.stamp}
        self.sql = {
            "staff": insert_sql(m.Staff, ("id", "uuid", "name", "role", "region", "phone",
                                          "email"), fixed),
            "account": insert_sql(m.Account, (
                "id", "uuid", "name", "short_name", "phone", "region", "owner_id",
                "first_cooperation_date", "nature", "enterprise_size", "installed_base",
                "operating_scope", "industry", "bought_before", "dealer_id", "credit_rating",
                "satisfaction", "closeness", "abc_class", "layer", "status", "lifecycle",
                "man_money", "man_authority", "man_need", "search_text"), fixed),
            "contact": insert_sql(m.Contact, (
                "id", "uuid", "account_id", "name", "title", "department", "mobile",
                "reports_to_id", "is_main", "closeness", "contact_plan", "birthday"), fixed),
            "opportunity": insert_sql(m.Opportunity, (
                "id", "uuid", "account_id", "title", "product", "quantity", "amount",
                "expected_close", "owner_id", "stage", "stage_entered_at", "board_position",
                "next_action", "next_action_date"), fixed),
            "stage_change": insert_sql(m.StageChange, (
                "id", "uuid", "opportunity_id", "from_stage", "to_stage", "from_status",
                "changed_at"), {**fixed, "to_status": "open"}),
            "activity": insert_sql(m.Activity, (
                "id", "uuid", "account_id", "opportunity_id", "occurred_on", "kind", "summary",
                "result", "next_step", "next_step_date", "confirmed_by_customer"), fixed),
            "purchase": insert_sql(m.Purchase, (
                "id", "uuid", "account_id", "purchased_on", "project", "product", "quantity",
                "amount", "delivered_on"), fixed),
            "revisit": insert_sql(m.Revisit, (
                "id", "uuid", "account_id", "contact_id", "due_on", "kind", "rule", "rule_key",
                "status", "skip_reason"), fixed),
        }
        # ISO strings for every day the data can use, indexed by offset from today.
        self.day_base = 24_000  # birthdays reach back ~63 years
        self.days = [(today + timedelta(days=offset)).isoformat()
                     for offset in range(-self.day_base, 800)]
        self.ids = {name: 0 for name in self.sql}
        self.board: dict[int, float] = {n: 0.0 for n in range(1, 7)}
        self.zh_people = self._people_pool(16_384, chinese=True)
        self.en_people = self._people_pool(4_096, chinese=False)

    def uuid(self) -> str:
        return "%032x" % self.uuid_bits(128)

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def day(self, offset: int) -> str:
        return self.days[self.day_base + offset]

    def _people_pool(self, size: int, *, chinese: bool) -> list[tuple[str, str]]:
        """Return (name, search fragment) pairs; the fragment is what search_text adds."""
        r = self.rng.random
        pool = []
        for _ in range(size):
            if chinese:
                parts = [SURNAMES[int(r() * len(SURNAMES))], GIVEN[int(r() * len(GIVEN))]]
                if r() < 0.45:
                    parts.append(GIVEN[int(r() * len(GIVEN))])
                name = "".join(p[0] for p in parts)
                keys = (f"{''.join(p[1] for p in parts)} {' '.join(p[2] for p in parts)} "
                        f"{''.join(p[3] for p in parts)}")
                pool.append((name, f"{name} | {keys}"))
            else:
                name = f"{EN_FIRST[int(r() * len(EN_FIRST))]} {EN_LAST[int(r() * len(EN_LAST))]}"
                pool.append((name, name.lower()))
        return pool

    # -- staff ---------------------------------------------------------------------------------

    def staff(self, accounts: int) -> dict[str, list[int]]:
        r = self.rng.random
        reps = max(3, accounts // 300)
        plan = (("rep", reps), ("regional_manager", max(1, reps // 6)),
                ("project_manager", max(1, reps // 20)), ("dealer", max(2, accounts // 800)))
        rows = []
        by_role: dict[str, list[int]] = {}
        regions = sorted({region for _, region, _ in CITIES}) + list(EN_REGIONS)
        for role, count in plan:
            for n in range(count):
                sid = self.next_id("staff")
                if role == "dealer":
                    brand = (BRAND[int(r() * len(BRAND))][0] + BRAND[int(r() * len(BRAND))][0])
                    name = f"{brand}汽车贸易有限公司" if n % 3 else (
                        f"{EN_WORDS[int(r() * len(EN_WORDS))]} Truck Sales Ltd")
                    email = ""
                elif n % 4 == 3:
                    name = self.en_people[int(r() * len(self.en_people))][0]
                    email = name.lower().replace(" ", ".") + "@tianxing-trucks.com"
                else:
                    name = self.zh_people[int(r() * len(self.zh_people))][0]
                    email = ""
                region = regions[n % len(regions)]
                phone = f"13{int(r() * 10)} {int(r() * 9000) + 1000} {int(r() * 9000) + 1000}"
                rows.append((sid, self.uuid(), name, role, region, phone, email))
                by_role.setdefault(role, []).append(sid)
        self.conn.executemany(self.sql["staff"], rows)
        return by_role

    # -- accounts and their rows ---------------------------------------------------------------

    def run(self, accounts: int) -> None:
        by_role = self.staff(accounts)
        self.owners = by_role["rep"] + by_role["regional_manager"]
        self.managers = by_role["regional_manager"] + by_role["project_manager"]
        self.dealers = by_role["dealer"]
        done = 0
        while done < accounts:
            size = min(CHUNK, accounts - done)
            self.chunk(size)
            done += size

    def chunk(self, size: int) -> None:
        rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in self.sql if name != "staff"}
        for _ in range(size):
            self.account(rows)
        for name, batch in rows.items():
            if batch:
                self.conn.executemany(self.sql[name], batch)

    def account(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        rng = self.rng
        r = rng.random
        day = self.day
        uuid = self.uuid
        aid = self.next_id("account")
        english = r() < 0.25

        # --- classification, consistent with DOMAIN.md §1
        x = r()
        status = "current" if x < 0.6 else "potential" if x < 0.9 else "lost"
        x = r()
        abc = "A" if x < 0.05 else "B" if x < 0.25 else "C"
        if status == "current":
            layer = "consolidate"
            x = r()
            lifecycle = "growth" if x < 0.3 else "maturity" if x < 0.85 else "decline"
        elif status == "potential":
            layer = "breakthrough" if r() < 0.5 else "watch"
            lifecycle = "acquisition"
        else:
            layer, lifecycle = "watch", "departure"
        x = r()
        nature = ("enterprise" if x < 0.85 else "public_institution" if x < 0.91
                  else "gov_agency" if x < 0.95 else "association" if x < 0.97
                  else "individual")
        if abc == "A":
            installed = 200 + int(r() * 1300)
        elif abc == "B":
            installed = 50 + int(r() * 350)
        else:
            installed = int(r() * 80)
        scope = "cross_region" if r() < (0.85 if abc == "A" else 0.45) else "one_region"
        if nature == "individual":
            installed = 1 + int(r() * 6)
            scope = "one_region"
        size = ""
        if nature == "enterprise":
            if installed > 200 and scope == "cross_region":
                size = "large"
            elif installed >= 50:
                size = "medium"
            else:
                size = "small"

        # --- names
        short_keys = ""
        if english:
            word = EN_WORDS[int(r() * len(EN_WORDS))]
            region = EN_REGIONS[int(r() * len(EN_REGIONS))]
            if nature == "individual":
                name, _frag = self.en_people[int(r() * len(self.en_people))]
                short, industry = "", "Owner-driver"
            elif nature == "enterprise":
                trade, industry = EN_TRADES[int(r() * len(EN_TRADES))]
                last = EN_LAST[int(r() * len(EN_LAST))]
                if r() < 0.5:
                    name = f"{word} {trade} {EN_SUFFIXES[int(r() * len(EN_SUFFIXES))]}"
                else:
                    name = f"{last} {word} {trade} {EN_SUFFIXES[int(r() * len(EN_SUFFIXES))]}"
                short = f"{word} {trade}"
            else:
                kind = {"gov_agency": ("City Council", "Government"),
                        "public_institution": ("Community Hospital", "Healthcare"),
                        "association": ("Hauliers Association", "Association")}[nature]
                name, short, industry = f"{word} {kind[0]}", word, kind[1]
            name_l, name_keys = name.lower(), ""
            phone = (f"+44 {int(r() * 80) + 11} {int(r() * 9000) + 1000} "
                     f"{int(r() * 9000) + 1000}")
        else:
            city, region, area = CITIES[int(r() * len(CITIES))]
            if nature == "individual":
                name, frag = self.zh_people[int(r() * len(self.zh_people))]
                name_l, name_keys = frag.split(" | ", 1)
                short, industry = "", "个体运输"
            elif nature == "enterprise":
                b1 = BRAND[int(r() * len(BRAND))]
                b2 = BRAND[int(r() * len(BRAND))]
                trade, industry = TRADES[int(r() * len(TRADES))]
                suffix = SUFFIXES[int(r() * len(SUFFIXES))]
                parts = (city, b1, b2, trade, suffix) if r() < 0.7 else (b1, b2, trade, suffix)
                name = "".join(p[0] for p in parts)
                name_keys = (f"{''.join(p[1] for p in parts)} {' '.join(p[2] for p in parts)} "
                             f"{''.join(p[3] for p in parts)}")
                short = b1[0] + b2[0] + trade[0]
                short_keys = (f"{b1[1]}{b2[1]}{trade[1]} {b1[2]} {b2[2]} {trade[2]} "
                              f"{b1[3]}{b2[3]}{trade[3]}")
                name_l = name
            else:
                choices = [p for p in PUBLIC if p[0] == nature]
                _nature, tail, short_tail, industry = choices[int(r() * len(choices))]
                name = city[0] + tail[0]
                name_keys = f"{city[1]}{tail[1]} {city[2]} {tail[2]} {city[3]}{tail[3]}"
                short = city[0] + short_tail[0]
                short_keys = (f"{city[1]}{short_tail[1]} {city[2]} {short_tail[2]} "
                              f"{city[3]}{short_tail[3]}")
                name_l = name
            phone = f"{area}-{int(r() * 90_000_000) + 10_000_000}"

        owner = self.owners[int(r() * len(self.owners))]
        if abc != "C" and r() < 0.5:
            owner = self.managers[int(r() * len(self.managers))]
        dealer = self.dealers[int(r() * len(self.dealers))] if abc == "C" and r() < 0.6 else None
        bought = status != "potential"
        first_coop = day(-400 - int(r() * 2600)) if bought else None
        credit = ("excellent", "good", "good", "fair", "poor", "")[int(r() * 6)]
        satisfaction = ("very_satisfied", "satisfied", "satisfied", "neutral", "dissatisfied",
                        "")[int(r() * 6)]
        closeness = ("acquainted", "familiar", "familiar", "trusted", "allied", "")[int(r() * 6)]
        man_m, man_a, man_n = r() < 0.7, r() < 0.5, r() < 0.6

        # --- contacts: 1..5, the first is the boss, the second the main contact
        people = self.en_people if english else self.zh_people
        titles = EN_TITLES if english else ZH_TITLES
        n_contacts = 1 + int(r() * 5)
        contact_ids = []
        fragments = []
        boss = None
        for k in range(n_contacts):
            cid = self.next_id("contact")
            person, fragment = people[int(r() * len(people))]
            title, department = titles[k] if k < len(titles) else titles[-1]
            birthday = (day(-int(r() * 14_000) - 9_000) if r() < 0.3 else None)
            rows["contact"].append((
                cid, uuid(), aid, person, title, department,
                f"1{30 + int(r() * 60)}{int(r() * 90_000_000) + 10_000_000}",
                boss, k == min(1, n_contacts - 1),
                ("", "acquainted", "familiar", "trusted")[int(r() * 4)],
                ("", "", "weekly", "monthly", "quarterly")[int(r() * 5)], birthday))
            if boss is None:
                boss = cid
            contact_ids.append(cid)
            fragments.append(fragment)

        # --- search text, exactly as kam_tui.core.domain.search.search_text builds it
        parts = [name_l]
        if name_keys:
            parts.append(name_keys)
        if short:
            parts.append(short.lower())
            if short_keys:
                parts.append(short_keys)
        parts.extend(fragments)
        parts.append(phone.lower())
        parts.append(_NOT_DIGIT.sub("", phone))
        haystack = _SPACES.sub(" ", " | ".join(parts)).strip()

        rows["account"].append((
            aid, uuid(), name, short, phone, region, owner, first_coop, nature, size, installed,
            scope, industry, bought, dealer, credit, satisfaction, closeness, abc, layer, status,
            lifecycle, man_m, man_a, man_n, haystack))

        products = EN_PRODUCTS if english else ZH_PRODUCTS

        # --- one open opportunity for half of the accounts, with its stage history
        oid = None
        if status != "lost" and r() < (0.5 / 0.9):
            oid = self.next_id("opportunity")
            stage = 1 + int(r() * 6)
            product, price = products[int(r() * 7)]
            quantity = 1 + int(r() * (30 if abc == "A" else 12 if abc == "B" else 5))
            amount = max(200_000, quantity * price)
            in_stage = 1 + int(r() * 120)
            entered = day(-in_stage) + " 09:00:00"
            self.board[stage] += 1.0
            title = (EN_OPP_TITLES if english else ZH_OPP_TITLES)[int(r() * 6)]
            action = (EN_NEXT_ACTIONS if english else ZH_NEXT_ACTIONS)[stage - 1]
            rows["opportunity"].append((
                oid, uuid(), aid, f"{self.today.year + 1} {title}" if english
                else f"{self.today.year + 1}年{title}", product, quantity, amount,
                day(30 + int(r() * 330)), owner, stage, entered, self.board[stage], action,
                day(int(r() * 40) - 10)))
            back = in_stage
            history = []
            for to_stage in range(stage, 0, -1):
                history.append((to_stage, back))
                back += 7 + int(r() * 30)
            for to_stage, ago in reversed(history):
                rows["stage_change"].append((
                    self.next_id("stage_change"), uuid(), oid,
                    to_stage - 1 if to_stage > 1 else None, to_stage,
                    "open" if to_stage > 1 else "", day(-ago) + " 09:00:00"))

        # --- activities: 2..8
        templates = EN_ACTIVITIES if english else ZH_ACTIVITIES
        for _ in range(2 + int(r() * 7)):
            kind, summary, result, step = templates[ACTIVITY_KIND_WEIGHTS[int(r() * 12)]]
            ago = int(r() * 730)
            rows["activity"].append((
                self.next_id("activity"), uuid(), aid,
                oid if oid is not None and r() < 0.3 else None, day(-ago), kind, summary,
                result, step, day(-ago + 14) if step and r() < 0.3 else None, r() < 0.4))

        # --- purchases: current 1..11, lost 1..7 (older), potential none; mean 4 overall
        if status != "potential":
            count = 1 + int(r() * (11 if status == "current" else 7))
            span, start = (1095, 0) if status == "current" else (700, 400)
            for _ in range(count):
                ago = start + int(r() * span)
                product, price = products[int(r() * 8)]
                quantity = 1 + int(r() * 10)
                delivered = ago - 20 - int(r() * 70)
                rows["purchase"].append((
                    self.next_id("purchase"), uuid(), aid, day(-ago),
                    product if english else f"{product}采购", product, quantity,
                    quantity * price, day(-delivered) if delivered >= 0 else None))

        # --- revisits: 0..4; past ones mostly done or skipped, some still planned (overdue)
        for k in range(int(r() * 5)):
            offset = int(r() * 91) - 30
            if offset < 0:
                x = r()
                state = "done" if x < 0.5 else "skipped" if x < 0.6 else "planned"
            else:
                state = "planned"
            rule = REVISIT_RULES[int(r() * len(REVISIT_RULES))]
            rows["revisit"].append((
                self.next_id("revisit"), uuid(), aid,
                contact_ids[int(r() * len(contact_ids))], day(offset),
                REVISIT_KINDS[int(r() * len(REVISIT_KINDS))], rule,
                f"{rule}:{aid}:{k}" if rule != "manual" else "", state,
                ("Customer travelling" if english else "客户出差") if state == "skipped"
                else ""))
