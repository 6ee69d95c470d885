"""The rows of each exported kind, read a page at a time in SQL, never a whole table.

Accounts, contacts, purchases, opportunities, activities and revisits as a rep reads them in a
spreadsheet: live rows of live accounts, the form's fields in the form's order, references as
names (owner, dealer, boss, the account), choices and stages as labels (export_cells), and the
row's kam ID last so an import can find it again. Private fields (a contact's personal file)
and birthday revisits only with include_personal.

Pages are read by id (`WHERE id > last ORDER BY id LIMIT n`), so each page costs the same
however far into the table it is; the caller runs the whole export in one read transaction,
which in WAL mode is a consistent snapshot that blocks no writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import peewee as pw

from kam_tui.areas.exchange.rules import export_cells as c
from kam_tui.areas.exchange.rules.export_cells import Column
from kam_tui.areas.exchange.rules.export_vcard import Card
from kam_tui.core.db import models as m
from kam_tui.core.db.records import kind_of
from kam_tui.core.domain import fields as f
from kam_tui.core.domain.vocab import STAGE_BY_NUMBER, CadenceRule

PAGE = 1000


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
    `+column` keeps it walking the table in id order, a page at a time.
    """
    return pw.NodeList((pw.SQL("+"), field), glue="").is_null()


def _live_account() -> pw.Expression:
    return _live(m.Account.deleted_at)


def accounts(*, include_personal: bool = False) -> Rows:
    """Every live account, every card field; owner and dealer by name."""
    owner, dealer = m.Staff.alias(), m.Staff.alias()
    columns, selected = _spec_columns(m.Account, f.ACCOUNT_FIELDS, {
        "owner_id": owner.name, "dealer_id": dealer.name}, include_personal)
    query = (m.Account.select(m.Account.id, *selected, m.Account.uuid)
             .join_from(m.Account, owner, pw.JOIN.LEFT_OUTER, on=(m.Account.owner == owner.id))
             .join_from(m.Account, dealer, pw.JOIN.LEFT_OUTER,
                        on=(m.Account.dealer == dealer.id))
             .where(_live_account()))
    return Rows("accounts", (*columns, c.KEY), _pages(query, m.Account.id))


def _child(model: type[m.BaseModel], kind: str, specs: tuple[f.FieldSpec, ...],
           refs: dict[str, pw.Node], joins: list[tuple[Any, Any]], *, include_personal: bool,
           before: tuple[tuple[Column, pw.Node], ...] = (),
           after: tuple[tuple[Column, pw.Node], ...] = (),
           where: pw.Expression | None = None) -> Rows:
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
    all_columns = (c.ACCOUNT, *(column for column, _ in before), *columns,
                   *(column for column, _ in after), c.KEY, c.ACCOUNT_KEY)
    return Rows(kind, all_columns, _pages(query.where(condition), model.id))


def contacts(*, include_personal: bool = False) -> Rows:
    """Every live contact of a live account; the personal file only when asked for."""
    boss, holder = m.Contact.alias(), m.Staff.alias()
    return _child(m.Contact, "contacts", f.CONTACT_FIELDS,
                  {"reports_to_id": boss.name, "relationship_owner_id": holder.name},
                  [(boss, m.Contact.reports_to == boss.id),
                   (holder, m.Contact.relationship_owner == holder.id)],
                  include_personal=include_personal)


def purchases(*, include_personal: bool = False) -> Rows:
    """The purchase trajectory of every live account."""
    return _child(m.Purchase, "purchases", f.PURCHASE_FIELDS, {}, [],
                  include_personal=include_personal)


def opportunities(*, include_personal: bool = False) -> Rows:
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
                         (c.LOST_TO, m.Opportunity.lost_to)))


def activities(*, include_personal: bool = False) -> Rows:
    """The visit log of every live account, with the opportunity each contact was about."""
    deal = m.Opportunity.alias()
    return _child(m.Activity, "activities", f.ACTIVITY_FIELDS, {},
                  [(deal, m.Activity.opportunity == deal.id)],
                  include_personal=include_personal, before=((c.OPPORTUNITY, deal.title),))


def revisits(*, include_personal: bool = False) -> Rows:
    """Every live revisit; birthday greetings only with the personal fields."""
    person = m.Contact.alias()
    where = None if include_personal else (m.Revisit.rule != CadenceRule.BIRTHDAY.value)
    return _child(m.Revisit, "revisits", kind_of("revisit").specs,
                  {"contact_id": person.name}, [(person, m.Revisit.contact == person.id)],
                  include_personal=include_personal,
                  after=((c.REVISIT_STATUS, m.Revisit.status), (c.REVISIT_RULE, m.Revisit.rule),
                         (c.SKIP_REASON, m.Revisit.skip_reason)),
                  where=where)


KINDS = {
    "accounts": accounts,
    "contacts": contacts,
    "purchases": purchases,
    "opportunities": opportunities,
    "activities": activities,
    "revisits": revisits,
}


def rows_of(kind: str, *, include_personal: bool = False) -> Rows:
    """Return one kind's columns and rows."""
    try:
        build = KINDS[kind]
    except KeyError:
        raise ValueError(f"cannot export {kind!r}; kinds are {', '.join(KINDS)}") from None
    return build(include_personal=include_personal)


def cards(*, include_personal: bool = False) -> Iterator[Card]:
    """Every live contact of a live account as a phone's address book card."""
    query = (m.Contact.select(m.Contact.id, m.Contact.uuid, m.Contact.name, m.Account.name,
                              m.Contact.department, m.Contact.title, m.Contact.phone,
                              m.Contact.mobile, m.Contact.email, m.Contact.birthday)
             .join(m.Account, pw.JOIN.CROSS)
             .where((m.Contact.account == m.Account.id) & _live(m.Contact.deleted_at)
                    & _live_account()))
    for uid, name, account, department, title, phone, mobile, email, birthday in _pages(
            query, m.Contact.id):
        yield Card(uid or "", name or "", account or "", department or "", title or "",
                   phone or "", mobile or "", email or "",
                   birthday if include_personal else None)
