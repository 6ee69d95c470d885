"""The account list, paged and aggregated in SQL, the customer card with its records, and the
accounts a new one is likely to duplicate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import peewee as pw

from kam_tui.areas.customers.rules import (
    duplicate_name_key,
    duplicate_phone_key,
    name_search_groups,
    phone_search_term,
)
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import is_postgres, no_index, nocase, sum_int
from kam_tui.core.db.invalid import invalid_fields
from kam_tui.core.db.records import KINDS, values_of
from kam_tui.core.db.sql import as_date, as_float, as_int, like, sql_date, sql_number
from kam_tui.core.domain.search import search_terms

SORT_COLUMNS = (
    "name", "abc_class", "layer", "status", "region", "owner",
    "pipeline", "last_contact", "next_revisit",
)


@dataclass(frozen=True)
class AccountQuery:
    """What the rep asked the list for: search, filters and sort."""

    search: str = ""
    abc_class: str = ""
    layer: str = ""
    status: str = ""
    region: str = ""
    owner_id: int | None = None
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class AccountRow:
    """One line of the account list."""

    id: int
    name: str
    short_name: str
    abc_class: str
    layer: str
    status: str
    region: str
    owner: str
    pipeline: int
    last_contact: date | None
    next_revisit: date | None


def _where(query: AccountQuery, *, for_page: bool = False) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    terms = search_terms(query.search)
    for term in terms:
        if len(term) >= 3 and not is_postgres():
            # A trigram phrase query finds any substring of three or more characters, every
            # character literal (%, _ and quotes included), from the index alone.
            clauses.append("a.id IN (SELECT rowid FROM account_search WHERE account_search MATCH ?)")
            params.append('"' + term.replace('"', '""') + '"')
        else:
            # On PostgreSQL the trigram GIN index on search_text answers this LIKE itself.
            clauses.append("a.search_text LIKE ? ESCAPE '\\'")
            params.append(like(term))
    # The unary + keeps SQLite off the unselective deleted_at index: a page then walks the name
    # index in order instead of sorting, a search looks its matches up by id, and a short term
    # reads the table once in order.
    live = f"{no_index('a.deleted_at')} IS NULL" if for_page or terms else "a.deleted_at IS NULL"
    clauses.insert(0, live)
    for column in ("abc_class", "layer", "status", "region"):
        value = getattr(query, column)
        if value:
            clauses.append(f"a.{column} = ?")
            params.append(value)
    if query.owner_id is not None:
        clauses.append("a.owner_id = ?")
        params.append(query.owner_id)
    return " AND ".join(clauses), params


def count_accounts(query: AccountQuery) -> int:
    """Return how many live accounts match."""
    where, params = _where(query)
    db = m.Account._meta.database
    return int(db.execute_sql(f"SELECT COUNT(*) FROM account a WHERE {where}", params).fetchone()[0])


_ORDER = {
    "abc_class": "a.abc_class",
    "layer": "a.layer",
    "status": "a.status",
    "region": "a.region",
    "owner": "s.name",
    "pipeline": "COALESCE(agg.v, 0)",
    "last_contact": "agg.v",
    "next_revisit": "agg.v",
}


def _order(sort: str) -> str:
    """Return the SQL the list sorts by for a sort column (the name without regard to case)."""
    return nocase("a.name") if sort == "name" else _ORDER[sort]


# A stored value that does not parse counts as no value: it must not sort first or break a page.
# Functions, not constants: each engine spells the checks its own way, known only once opened.
def _pipeline() -> str:
    return sum_int(sql_number("amount"))


def _last_contact() -> str:
    return f"MAX({sql_date('occurred_on')})"


def _next_revisit() -> str:
    return f"MIN({sql_date('due_on')})"


def _aggregate(sort: str) -> str:
    """Return the per-account aggregate subquery an aggregate sort joins."""
    if sort == "pipeline":
        return (f"SELECT account_id, {_pipeline()} AS v FROM opportunity "
                "WHERE status = 'open' AND deleted_at IS NULL GROUP BY account_id")
    if sort == "last_contact":
        return (f"SELECT account_id, {_last_contact()} AS v FROM activity "
                "WHERE deleted_at IS NULL GROUP BY account_id")
    return (f"SELECT account_id, {_next_revisit()} AS v FROM revisit "
            "WHERE status = 'planned' AND deleted_at IS NULL GROUP BY account_id")


_AGGREGATE_SORTS = ("pipeline", "last_contact", "next_revisit")


def _nulls(sort: str, descending: bool) -> str:
    """Return where rows without a value go: last for dates, else as SQLite puts them."""
    if sort in ("last_contact", "next_revisit"):
        return "NULLS LAST"
    if sort == "owner" and is_postgres():
        # PostgreSQL puts NULLs last going up; SQLite, whose order the list keeps, first.
        return "NULLS LAST" if descending else "NULLS FIRST"
    return ""


def _ordered(query: AccountQuery, columns: str) -> tuple[str, list[Any]]:
    """Return the list's SELECT of the given columns, in the list's order, and its parameters."""
    where, params = _where(query, for_page=True)
    sort = query.sort if query.sort in SORT_COLUMNS else "name"
    direction = "DESC" if query.descending else "ASC"
    joins = "LEFT JOIN staff s ON s.id = a.owner_id"
    if sort in _AGGREGATE_SORTS:
        joins += f" LEFT JOIN ({_aggregate(sort)}) agg ON agg.account_id = a.id"
    nulls = _nulls(sort, query.descending)
    return (f"SELECT {columns} FROM account a {joins} WHERE {where} "
            f"ORDER BY {_order(sort)} {direction} {nulls}, a.id {direction}"), params


def account_ids(query: AccountQuery) -> list[int]:
    """Return the ids of every matching account, in the list's order (for an export)."""
    sql, params = _ordered(query, "a.id")
    return [row[0] for row in m.Account._meta.database.execute_sql(sql, params).fetchall()]


def page_accounts(query: AccountQuery, offset: int, limit: int) -> list[AccountRow]:
    """Return one page of the list; aggregates are computed for that page only."""
    sql, params = _ordered(query, "a.id, a.name, a.short_name, a.abc_class, a.layer, "
                                  "a.status, a.region, COALESCE(s.name, '')")
    db = m.Account._meta.database
    base = db.execute_sql(sql + " LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    if not base:
        return []
    ids = [row[0] for row in base]
    marks = ",".join("?" * len(ids))
    # +status: look the page's accounts up by account_id, not every open opportunity by status.
    pipeline = dict(db.execute_sql(
        f"SELECT account_id, {_pipeline()} FROM opportunity WHERE {no_index('status')} = 'open' "
        f"AND deleted_at IS NULL AND account_id IN ({marks}) GROUP BY account_id", ids).fetchall())
    last = dict(db.execute_sql(
        f"SELECT account_id, {_last_contact()} FROM activity WHERE deleted_at IS NULL "
        f"AND account_id IN ({marks}) GROUP BY account_id", ids).fetchall())
    nxt = dict(db.execute_sql(
        f"SELECT account_id, {_next_revisit()} FROM revisit WHERE status = 'planned' "
        f"AND deleted_at IS NULL AND account_id IN ({marks}) GROUP BY account_id", ids).fetchall())
    return [
        AccountRow(
            id=row[0], name=row[1], short_name=row[2], abc_class=row[3], layer=row[4],
            status=row[5], region=row[6], owner=row[7],
            pipeline=as_int(pipeline.get(row[0])) or 0,
            last_contact=as_date(last.get(row[0])), next_revisit=as_date(nxt.get(row[0])),
        )
        for row in base
    ]


def filter_options() -> dict[str, list[tuple[str, Any]]]:
    """Return the distinct regions and owners that filters offer."""
    db = m.Account._meta.database
    regions = [r for (r,) in db.execute_sql(
        "SELECT DISTINCT region FROM account WHERE deleted_at IS NULL AND region != '' "
        "ORDER BY region").fetchall()]
    owners = [(name, sid) for sid, name in db.execute_sql(
        "SELECT id, name FROM staff WHERE deleted_at IS NULL AND role != 'dealer' "
        "ORDER BY name").fetchall()]
    return {"region": [(r, r) for r in regions], "owner": owners}


@dataclass
class Record:
    """A sub-record on the card: its id, version and form values."""

    id: int
    version: int
    values: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class AccountCard:
    """Everything the customer card shows for one account."""

    id: int
    uuid: str
    version: int
    values: dict[str, Any]
    owner_name: str
    dealer_name: str
    contacts: list[Record]
    opportunities: list[Record]
    purchases: list[Record]
    activities: list[Record]
    activity_count: int
    competitors: list[Record]
    products: list[Record]
    revisits: list[Record]
    purchase_total_12m: int
    purchase_count: int
    last_purchase: date | None
    pareto_share: float | None  # share of 12-month volume held by accounts bigger than this one
    pareto_total: int
    # The raw stored text of the account's fields that do not parse, shown as invalid values.
    invalid: dict[str, str] = field(default_factory=dict)


CARD_ACTIVITY_LIMIT = 50


def _records(kind_name: str, query: pw.ModelSelect,
             extra: Callable[[Any], dict[str, Any]] | None = None) -> list[Record]:
    kind = KINDS[kind_name]
    return [Record(row.id, row.version, values_of(kind, row), extra(row) if extra else {})
            for row in query]


def load_card(account_id: int, today: date) -> AccountCard | None:
    """Return the card of a live account, or None if it is gone."""
    account = (m.Account.alive().where(m.Account.id == account_id).first())
    if account is None:
        return None
    owner = m.Staff.get_or_none(m.Staff.id == account.owner_id) if account.owner_id else None
    dealer = m.Staff.get_or_none(m.Staff.id == account.dealer_id) if account.dealer_id else None
    contacts = _records("contact", m.Contact.alive().where(m.Contact.account == account_id)
                        .order_by(m.Contact.is_main.desc(), m.Contact.department, m.Contact.name))
    names = {record.id: record.values["name"] for record in contacts}
    for record in contacts:
        boss = record.values.get("reports_to_id")
        record.extra["reports_to"] = names.get(boss, "") if boss else ""
    opportunities = _records(
        "opportunity", m.Opportunity.alive().where(m.Opportunity.account == account_id)
        .order_by(m.Opportunity.status.desc(), m.Opportunity.stage.desc()),
        lambda row: {"stage": row.stage, "status": row.status,
                     "win_rate_override": row.win_rate_override})
    purchases = _records("purchase", m.Purchase.alive().where(m.Purchase.account == account_id)
                         .order_by(m.Purchase.purchased_on.desc()))
    activities_q = m.Activity.alive().where(m.Activity.account == account_id)
    activities = _records("activity", activities_q.order_by(m.Activity.occurred_on.desc(),
                                                             m.Activity.id.desc())
                          .limit(CARD_ACTIVITY_LIMIT))
    revisits = [
        Record(row.id, row.version, {"due_on": row.due_on, "kind": row.kind, "rule": row.rule,
                                     "note": row.note})
        for row in m.Revisit.alive().where((m.Revisit.account == account_id)
                                           & (m.Revisit.status == "planned"))
        .order_by(m.Revisit.due_on).limit(20)
    ]
    year_ago = today - timedelta(days=365)
    total_12m = as_int(m.Account._meta.database.execute_sql(
        f"SELECT {sum_int(sql_number('amount'))} FROM purchase WHERE deleted_at IS NULL "
        "AND account_id = ? AND purchased_on > ?", (account_id, year_ago.isoformat()))
        .fetchone()[0]) or 0
    share, grand = pareto_position(total_12m, today)
    return AccountCard(
        id=account.id, uuid=account.uuid, version=account.version,
        values=values_of(KINDS["account"], account),
        owner_name=owner.name if owner else "", dealer_name=dealer.name if dealer else "",
        contacts=contacts, opportunities=opportunities, purchases=purchases,
        activities=activities, activity_count=activities_q.count(),
        competitors=_records("competitor", m.CompetitorPresence.alive()
                             .where(m.CompetitorPresence.account == account_id)),
        products=_records("product", m.ProductInUse.alive()
                          .where(m.ProductInUse.account == account_id)),
        revisits=revisits, purchase_total_12m=total_12m, purchase_count=len(purchases),
        last_purchase=purchases[0].values["purchased_on"] if purchases else None,
        pareto_share=share, pareto_total=grand, invalid=invalid_fields(m.Account, account_id),
    )


def pareto_position(volume: int, today: date) -> tuple[float | None, int]:
    """Return the share of 12-month volume held by accounts buying more than `volume`, and the total.

    An account is in the Pareto A group when the accounts above it hold less than 80%.
    """
    year_ago = (today - timedelta(days=365)).isoformat()
    db = m.Account._meta.database
    # PostgreSQL 15 wants a name for a subquery in FROM; SQLite's statement stays as it was.
    alias = " AS per_account" if is_postgres() else ""
    total, above = db.execute_sql(
        f"SELECT COALESCE({sum_int('v')}, 0), "
        f"COALESCE({sum_int('CASE WHEN v > ? THEN v ELSE 0 END')}, 0) FROM ("
        f" SELECT p.account_id, SUM({sql_number('p.amount')}) AS v FROM purchase p"
        " JOIN account a ON a.id = p.account_id AND a.deleted_at IS NULL"
        f" WHERE p.deleted_at IS NULL AND p.purchased_on > ? GROUP BY p.account_id){alias}",
        [volume, year_ago]).fetchone()
    total = as_int(total) or 0
    if not total or volume <= 0:
        return None, total
    return (as_float(above) or 0.0) / total, total


# --- likely duplicates of a new account ---------------------------------------------------------

DUPLICATE_CANDIDATES = 200  # rows of the search index checked per question, shortest names first
DUPLICATES_SHOWN = 5


@dataclass(frozen=True)
class LikelyDuplicate:
    """A live account a new one is likely to be: same name key, or same phone digits."""

    id: int
    name: str
    region: str
    owner: str
    phone: str
    same_name: bool
    same_phone: bool


def _search_match(groups: list[tuple[str, ...]]) -> tuple[str, list[Any]]:
    """Return SQL true for accounts whose search text holds every term of any one group, from
    the trigram index (fts5 on SQLite, pg_trgm's GIN index on PostgreSQL)."""
    if not is_postgres():
        phrase = " OR ".join(
            "(" + " AND ".join('"' + term.replace('"', '""') + '"' for term in group) + ")"
            for group in groups)
        return ("a.id IN (SELECT rowid FROM account_search WHERE account_search MATCH ?)",
                [phrase])
    clauses = ["(" + " AND ".join("a.search_text LIKE ? ESCAPE '\\'" for _ in group) + ")"
               for group in groups]
    return "(" + " OR ".join(clauses) + ")", [like(term) for group in groups for term in group]


def candidate_sql(groups: list[tuple[str, ...]],
                  exclude_id: int | None = None) -> tuple[str, list[Any]]:
    """Return the statement reading the candidates for the search groups, and its parameters."""
    match, params = _search_match(groups)
    where = f"{no_index('a.deleted_at')} IS NULL AND {match}"
    if exclude_id is not None:
        where += " AND a.id <> ?"
        params.append(exclude_id)
    # Shortest names first: a duplicate is the key with a suffix, not a longer name holding it.
    sql = ("SELECT a.id, a.name, a.region, COALESCE(s.name, ''), a.phone FROM account a"
           f" LEFT JOIN staff s ON s.id = a.owner_id WHERE {where}"
           " ORDER BY LENGTH(a.name), a.id LIMIT ?")
    return sql, [*params, DUPLICATE_CANDIDATES]


def _candidates(groups: list[tuple[str, ...]], exclude_id: int | None) -> list[tuple[Any, ...]]:
    if not groups:
        return []
    sql, params = candidate_sql(groups, exclude_id)
    return m.Account._meta.database.execute_sql(sql, params).fetchall()


def likely_duplicates(name: str, phone: str = "",
                      exclude_id: int | None = None) -> list[LikelyDuplicate]:
    """Return the live accounts a new account with this name and phone is likely to be: the
    same name key (spacing, width, case and company suffixes aside) or the same phone digits.

    Soft-deleted accounts are not matches. Candidates come from the search index (the name key,
    its pinyin, its words; the phone's digits), at most DUPLICATE_CANDIDATES per question, and
    are then checked with the keys: no account is read that shares neither. Same name first.
    """
    key = duplicate_name_key(name)
    digits = duplicate_phone_key(phone)
    rows = _candidates(name_search_groups(name), exclude_id) if key else []
    term = phone_search_term(phone)
    if term:
        rows += _candidates([(term,)], exclude_id)
    found: dict[int, LikelyDuplicate] = {}
    for row_id, other, region, owner, other_phone in rows:
        same_name = bool(key) and duplicate_name_key(other or "") == key
        same_phone = bool(digits) and duplicate_phone_key(other_phone or "") == digits
        if (same_name or same_phone) and row_id not in found:
            found[row_id] = LikelyDuplicate(row_id, other or "", region or "", owner,
                                            other_phone or "", same_name, same_phone)
    ordered = sorted(found.values(), key=lambda d: (not d.same_name, not d.same_phone,
                                                    d.name.casefold(), d.id))
    return ordered[:DUPLICATES_SHOWN]
