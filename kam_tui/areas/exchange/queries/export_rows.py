"""The rows of each exported kind, read a page at a time in SQL, never a whole table.

Accounts, contacts, purchases, opportunities, activities and revisits as a rep reads them in a
spreadsheet: live rows of live accounts, the form's fields in the form's order, references as
names (owner, dealer, boss, the account), choices and stages as labels (export_cells), and the
row's kam ID last so an import can find it again. Private fields (a contact's personal file)
and birthday revisits only with include_personal.

Pages are read by id (`WHERE id > last ORDER BY id LIMIT n`), so each page costs the same
however far into the table it is; the caller runs the whole export in one read transaction,
which in WAL mode is a consistent snapshot that blocks no writer. An export of what a screen
shows gets the ids in the screen's order instead: those rows are read a chunk of ids at a time
and written in that order (a row deleted since the screen read its ids is left out).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import peewee as pw

from kam_tui.areas.exchange.rules import export_cells as c
from kam_tui.areas.exchange.rules.export_cells import Column
from kam_tui.areas.exchange.rules.export_vcard import Card
from kam_tui.areas.exchange.rules.values import choice_code
from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.db.records import kind_of
from kam_tui.core.db.sql import like
from kam_tui.core.domain import fields as f
from kam_tui.core.domain import vocab
from kam_tui.core.domain.refusal import Refusal
from kam_tui.core.domain.fields import FieldError
from kam_tui.core.domain.search import search_terms
from kam_tui.core.domain.vocab import STAGE_BY_NUMBER, CadenceRule

PAGE = 1000
# Ids per `IN (…)`: well under SQLite's parameter limit, even an old build's 999.
CHUNK = 500


@dataclass(frozen=True)
class Rows:
    """One kind's columns and its rows (a generator: one page in memory at a time)."""

    kind: str
    columns: tuple[Column, ...]
    rows: Iterator[tuple[Any, ...]]


def _pages(query: pw.ModelSelect, id_field: pw.Field, page: int = PAGE
           ) -> Iterator[tuple[Any, ...]]:
    """Yield the query's rows (the id first, dropped) a page at a time, in id order."""
    last = 0
    while True:
        batch = list(query.where(id_field > last).order_by(id_field).limit(page).tuples())
        if not batch:
            return
        for row in batch:
            yield row[1:]
        last = batch[-1][0]
        if len(batch) < page:
            return


def _in_order(query: pw.ModelSelect, id_field: pw.Field, ids: Sequence[int],
              chunk: int = CHUNK) -> Iterator[tuple[Any, ...]]:
    """Yield the query's rows of the given ids (the id first, dropped), in the ids' order."""
    for start in range(0, len(ids), chunk):
        wanted = list(ids[start:start + chunk])
        found = {row[0]: row[1:] for row in query.where(id_field.in_(wanted)).tuples()}
        for each in wanted:
            row = found.get(each)
            if row is not None:
                yield row


def _walk(query: pw.ModelSelect, id_field: pw.Field, ids: Sequence[int] | None
          ) -> Iterator[tuple[Any, ...]]:
    return _pages(query, id_field) if ids is None else _in_order(query, id_field, ids)


def _spec_columns(model: type[m.BaseModel], specs: tuple[f.FieldSpec, ...],
                  refs: dict[str, pw.Node], include_personal: bool
                  ) -> tuple[list[Column], list[pw.Node]]:
    """Return the columns of a kind's form fields and the SQL that reads each."""
    columns: list[Column] = []
    selected: list[pw.Node] = []
    for spec in specs:
        if spec.private and not include_personal:
            continue
        if spec.kind is f.Kind.REF:
            columns.append(c.column_of(spec, spec.name.removesuffix("_id"), en=spec.en,
                                       zh=spec.zh))
            selected.append(refs[spec.name])
        else:
            columns.append(c.column_of(spec))
            selected.append(getattr(model, spec.name))
    return columns, selected


def _live(field: pw.Field) -> pw.Expression:
    """`field IS NULL`, written so that SQLite does not use an index for it.

    With the index on deleted_at SQLite would read every live row and sort them for each page;
    `+column` keeps it walking the table in id order, a page at a time. PostgreSQL has no
    unary plus for a timestamp, and plans by its statistics instead.
    """
    if is_postgres():
        return field.is_null()
    return pw.NodeList((pw.SQL("+"), field), glue="").is_null()


def _live_account() -> pw.Expression:
    return _live(m.Account.deleted_at)


def accounts(*, include_personal: bool = False, ids: Sequence[int] | None = None,
             where: pw.Expression | None = None) -> Rows:
    """Every live account (or those of `ids`, in that order, or those `where` holds for),
    every card field; owner and dealer by name."""
    owner, dealer = m.Staff.alias(), m.Staff.alias()
    columns, selected = _spec_columns(m.Account, f.ACCOUNT_FIELDS, {
        "owner_id": owner.name, "dealer_id": dealer.name}, include_personal)
    query = (m.Account.select(m.Account.id, *selected, m.Account.uuid)
             .join_from(m.Account, owner, pw.JOIN.LEFT_OUTER, on=(m.Account.owner == owner.id))
             .join_from(m.Account, dealer, pw.JOIN.LEFT_OUTER,
                        on=(m.Account.dealer == dealer.id))
             .where(_live_account() if where is None else _live_account() & where))
    return Rows("accounts", (*columns, c.KEY), _walk(query, m.Account.id, ids))


def _child(model: type[m.BaseModel], kind: str, specs: tuple[f.FieldSpec, ...],
           refs: dict[str, pw.Node], joins: list[tuple[Any, Any]], *, include_personal: bool,
           before: tuple[tuple[Column, pw.Node], ...] = (),
           after: tuple[tuple[Column, pw.Node], ...] = (),
           where: pw.Expression | None = None, ids: Sequence[int] | None = None,
           account_where: pw.Expression | None = None) -> Rows:
    columns, selected = _spec_columns(model, specs, refs, include_personal)
    query = model.select(model.id, m.Account.name, *(node for _, node in before), *selected,
                         *(node for _, node in after), model.uuid, m.Account.uuid)
    # CROSS JOIN: SQLite keeps the row's own table as the outer loop, walked in id order.
    query = query.join_from(model, m.Account, pw.JOIN.CROSS)
    for alias, on in joins:
        query = query.join_from(model, alias, pw.JOIN.LEFT_OUTER, on=on)
    condition = (model.account == m.Account.id) & _live(model.deleted_at) & _live_account()
    if where is not None:
        condition &= where
    if account_where is not None:
        condition &= account_where
    all_columns = (c.ACCOUNT, *(column for column, _ in before), *columns,
                   *(column for column, _ in after), c.KEY, c.ACCOUNT_KEY)
    return Rows(kind, all_columns, _walk(query.where(condition), model.id, ids))


def contacts(*, include_personal: bool = False, ids: Sequence[int] | None = None,
             account_where: pw.Expression | None = None) -> Rows:
    """Every live contact of a live account; the personal file only when asked for."""
    boss, holder = m.Contact.alias(), m.Staff.alias()
    return _child(m.Contact, "contacts", f.CONTACT_FIELDS,
                  {"reports_to_id": boss.name, "relationship_owner_id": holder.name},
                  [(boss, m.Contact.reports_to == boss.id),
                   (holder, m.Contact.relationship_owner == holder.id)],
                  include_personal=include_personal, ids=ids, account_where=account_where)


def purchases(*, include_personal: bool = False, ids: Sequence[int] | None = None,
              account_where: pw.Expression | None = None) -> Rows:
    """The purchase trajectory of every live account."""
    return _child(m.Purchase, "purchases", f.PURCHASE_FIELDS, {}, [],
                  include_personal=include_personal, ids=ids, account_where=account_where)


def opportunities(*, include_personal: bool = False, ids: Sequence[int] | None = None,
                  account_where: pw.Expression | None = None) -> Rows:
    """Every live opportunity: the deal's fields, its stage, status and how it ended."""
    owner = m.Staff.alias()
    rates = pw.Case(m.Opportunity.stage, [(stage.number, stage.win_rate)
                                          for stage in STAGE_BY_NUMBER.values()])
    win_rate = pw.fn.COALESCE(m.Opportunity.win_rate_override, rates)
    return _child(m.Opportunity, "opportunities", f.OPPORTUNITY_FIELDS,
                  {"owner_id": owner.name}, [(owner, m.Opportunity.owner == owner.id)],
                  include_personal=include_personal,
                  after=((c.STAGE, m.Opportunity.stage),
                         (c.OPPORTUNITY_STATUS, m.Opportunity.status),
                         (c.WIN_RATE, win_rate),
                         (c.CLOSED_ON, m.Opportunity.closed_at),
                         (c.LOST_REASON, m.Opportunity.lost_reason),
                         (c.LOST_TO, m.Opportunity.lost_to)),
                  ids=ids, account_where=account_where)


def activities(*, include_personal: bool = False, ids: Sequence[int] | None = None,
               account_where: pw.Expression | None = None) -> Rows:
    """The visit log of every live account, with the opportunity each contact was about."""
    deal = m.Opportunity.alias()
    return _child(m.Activity, "activities", f.ACTIVITY_FIELDS, {},
                  [(deal, m.Activity.opportunity == deal.id)],
                  include_personal=include_personal, before=((c.OPPORTUNITY, deal.title),),
                  ids=ids, account_where=account_where)


def revisits(*, include_personal: bool = False, ids: Sequence[int] | None = None,
             account_where: pw.Expression | None = None) -> Rows:
    """Every live revisit; birthday greetings only with the personal fields."""
    person = m.Contact.alias()
    where = None if include_personal else (m.Revisit.rule != CadenceRule.BIRTHDAY.value)
    return _child(m.Revisit, "revisits", kind_of("revisit").specs,
                  {"contact_id": person.name}, [(person, m.Revisit.contact == person.id)],
                  include_personal=include_personal,
                  after=((c.REVISIT_STATUS, m.Revisit.status), (c.REVISIT_RULE, m.Revisit.rule),
                         (c.SKIP_REASON, m.Revisit.skip_reason)),
                  where=where, ids=ids, account_where=account_where)


KINDS = {
    "accounts": accounts,
    "contacts": contacts,
    "purchases": purchases,
    "opportunities": opportunities,
    "activities": activities,
    "revisits": revisits,
}


def rows_of(kind: str, *, include_personal: bool = False, ids: Sequence[int] | None = None,
            accounts_where: pw.Expression | None = None) -> Rows:
    """Return one kind's columns and rows: every live one, or those of `ids` in that order;
    `accounts_where` keeps the rows of the accounts it holds for (see account_filter)."""
    try:
        build = KINDS[kind]
    except KeyError:
        raise ValueError(f"cannot export {kind!r}; kinds are {', '.join(KINDS)}") from None
    if accounts_where is None:
        return build(include_personal=include_personal, ids=ids)
    if kind == "accounts":
        return accounts(include_personal=include_personal, ids=ids, where=accounts_where)
    # Each other kind is read joined to its account: the account's condition is one more.
    return build(include_personal=include_personal, ids=ids, account_where=accounts_where)


def cards(*, include_personal: bool = False, account_ids: Sequence[int] | None = None,
          accounts_where: pw.Expression | None = None) -> Iterator[Card]:
    """Every live contact of a live account as a phone's address book card; with
    `account_ids`, the contacts of those accounts, account by account in that order."""
    query = (m.Contact.select(m.Contact.id, m.Contact.uuid, m.Contact.name, m.Account.name,
                              m.Contact.department, m.Contact.title, m.Contact.phone,
                              m.Contact.mobile, m.Contact.email, m.Contact.birthday)
             .join(m.Account, pw.JOIN.CROSS)
             .where((m.Contact.account == m.Account.id) & _live(m.Contact.deleted_at)
                    & _live_account()))
    if accounts_where is not None:
        query = query.where(accounts_where)
    if account_ids is None:
        found = _pages(query, m.Contact.id)
    else:
        found = _of_accounts(query.order_by(m.Contact.id), account_ids)
    for uid, name, account, department, title, phone, mobile, email, birthday in found:
        yield Card(uid or "", name or "", account or "", department or "", title or "",
                   phone or "", mobile or "", email or "",
                   birthday if include_personal else None)


def _of_accounts(query: pw.ModelSelect, account_ids: Sequence[int], chunk: int = CHUNK
                 ) -> Iterator[tuple[Any, ...]]:
    """Yield the contacts of the accounts (the contact's id first, dropped), account by
    account in the given order, each account's contacts by id."""
    for start in range(0, len(account_ids), chunk):
        wanted = list(account_ids[start:start + chunk])
        by_account: dict[int, list[tuple[Any, ...]]] = {}
        for row in query.select_extend(m.Contact.account).where(
                m.Contact.account.in_(wanted)).tuples():
            by_account.setdefault(row[-1], []).append(row[1:-1])
        for each in wanted:
            yield from by_account.get(each, ())


# --- `kam export --filter`: conditions on the account, as the account list filters ----------

class FilterRefused(Refusal):
    """A --filter that names no field kam filters by, or a value no choice has."""


# filter name -> (the account's column, its choices or None for text, "staff" for a person)
FILTERS: dict[str, tuple[str, Any]] = {
    "class": ("abc_class", vocab.AbcClass),
    "layer": ("layer", vocab.Layer),
    "status": ("status", vocab.AccountStatus),
    "lifecycle": ("lifecycle", vocab.Lifecycle),
    "region": ("region", None),
    "owner": ("owner_id", "staff"),
    "dealer": ("dealer_id", "staff"),
}
# What a rep may also type: the column's own name, the list's Chinese headers.
FILTER_SYNONYMS = {"abc_class": "class", "abc": "class", "类别": "class", "客户类别": "class",
                   "层级": "layer", "状态": "status", "生命周期": "lifecycle", "区域": "region",
                   "负责人": "owner", "经销商": "dealer"}


def _filter_name(name: str) -> str:
    folded = name.strip().casefold()
    found = FILTER_SYNONYMS.get(folded, folded)
    if found not in FILTERS:
        known = ", ".join(FILTERS)
        raise FilterRefused(f"Unknown filter field {name!r}; fields are {known}",
                            f"未知的筛选字段 {name!r}；可选：{known}")
    return found


def _choice(choices: type[vocab.Choice], name: str, value: str) -> str:
    try:
        return choice_code(choices, value)
    except FieldError:
        known = " / ".join(f"{member.value} {member.zh}" for member in choices)
        raise FilterRefused(f"{name}={value}: not one of {known}",
                            f"{name}={value}：不在可选值中（{known}）") from None


def account_filter(filters: Sequence[tuple[str, str]], search: str = "") -> pw.Expression | None:
    """Return the SQL condition on the account of `--filter name=value` pairs and `--search`.

    Values of one field are alternatives, fields must all hold; a classification matches by
    its code or either language's label (as import reads it), owner and dealer by name,
    region as written (case and spaces aside). The search matches the words of the account's
    search text, as the account list does. Raises FilterRefused for an unknown field or value.
    """
    by_field: dict[str, list[pw.Expression]] = {}
    for name, value in filters:
        key = _filter_name(name)
        column, kind = FILTERS[key]
        value = value.strip()
        field = getattr(m.Account, column)
        if kind is None:
            condition = pw.fn.lower(pw.fn.trim(field)) == value.casefold()
        elif kind == "staff":
            condition = field.in_(m.Staff.select(m.Staff.id).where(
                pw.fn.lower(pw.fn.trim(m.Staff.name)) == value.casefold()))
        else:
            condition = field == _choice(kind, key, value)
        by_field.setdefault(key, []).append(condition)
    conditions = [_any(each) for each in by_field.values()]
    for term in search_terms(search):
        # Every character of the term literal, as the list's search takes it.
        conditions.append(pw.NodeList((m.Account.search_text, pw.SQL("LIKE"),
                                       pw.Value(like(term)), pw.SQL("ESCAPE '\\'"))))
    if not conditions:
        return None
    result = conditions[0]
    for condition in conditions[1:]:
        result &= condition
    return result


def _any(conditions: list[pw.Expression]) -> pw.Expression:
    result = conditions[0]
    for condition in conditions[1:]:
        result |= condition
    return result
