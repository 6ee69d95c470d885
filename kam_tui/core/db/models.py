"""Peewee models for the whole domain: accounts, people, opportunities, decisions, contacts made."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, ClassVar

import peewee as pw

from kam_tui.core.db.dialect import database_proxy
from kam_tui.core.db.tolerant import (
    CharField, DateField, DateTimeField, FloatField, IntegerField, StageField,
)


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo, as SQLite stores it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_uuid() -> str:
    """Return a fresh row UUID, stable across machines for later sync."""
    return uuid.uuid4().hex


class BaseModel(pw.Model):
    """Every row: a stable UUID, timestamps, a version for conflict checks, soft delete."""

    uuid = CharField(max_length=32, unique=True, default=new_uuid)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow, index=True)
    deleted_at = DateTimeField(null=True)
    version = IntegerField(default=1)

    class Meta:
        database = database_proxy
        legacy_table_names = False

    @classmethod
    def alive(cls) -> pw.ModelSelect:
        """Select the rows that are not soft-deleted."""
        return cls.select().where(cls.deleted_at.is_null())


# Rows named by what they are about get the same uuid on every machine (see NaturalKeyed).
NATURAL_NAMESPACE = uuid.UUID("6b616d00-7475-6900-8000-6e61747572a1")


class NaturalKeyed(BaseModel):
    """A row named by what it is about (a deal and a person): one uuid wherever it is made, so
    the same row made on two machines offline merges in sync instead of colliding."""

    natural_key: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def natural_uuid(cls, data: Mapping[str, Any]) -> str | None:
        """Return the uuid a new row's natural key gives it (None when the key is incomplete)."""
        parts = [cls._meta.table_name]
        for name in cls.natural_key:
            value = data.get(name)
            field = cls._meta.fields[name]
            if isinstance(field, pw.ForeignKeyField):
                value = _uuid_of(field.rel_model, value)
            if value is None:
                return None
            parts.append(str(value))
        # sync_schema.natural_text names the rows made before sync the same way.
        return uuid.uuid5(NATURAL_NAMESPACE, "|".join(parts)).hex

    @classmethod
    def insert(cls, __data: Any = None, **insert: Any) -> pw.ModelInsert:
        """Insert a row under the uuid its natural key gives it."""
        data = cls._normalize_data(__data, insert)
        named = cls.natural_uuid({field.name: value for field, value in data.items()
                                  if isinstance(field, pw.Field)})
        if named is not None:
            data[cls.uuid] = named
        return super().insert(data)


def _uuid_of(model: type[pw.Model], value: Any) -> str | None:
    """Return the uuid of the row a link value names (an id or a row), or None."""
    if isinstance(value, pw.Model):
        return getattr(value, "uuid", None)
    if isinstance(value, int) and not isinstance(value, bool):
        row = model.select(model.uuid).where(model.id == value).tuples().first()
        return row[0] if row else None
    return None


class Staff(BaseModel):
    """One of our people: rep, regional or project manager, dealer."""

    name = CharField()
    role = CharField(default="rep")  # StaffRole
    region = CharField(default="")
    phone = CharField(default="")
    email = CharField(default="")
    # Their database login on the team's server ("" when they have none): who a session is.
    login = CharField(default="", index=True)


class Account(BaseModel):
    """The customer card (客户资料卡)."""

    # Basics
    name = CharField(index=True)
    short_name = CharField(default="")
    address = pw.TextField(default="")
    postcode = CharField(default="")
    website = CharField(default="")
    phone = CharField(default="")
    region = CharField(default="", index=True)
    owner = pw.ForeignKeyField(Staff, null=True, backref="accounts", on_delete="SET NULL")
    first_cooperation_date = DateField(null=True)
    first_cooperation_reason = pw.TextField(default="")
    # Nature
    nature = CharField(default="")  # Nature
    enterprise_size = CharField(default="")  # EnterpriseSize
    installed_base = IntegerField(null=True)  # units of our kind of product in use
    operating_scope = CharField(default="")  # OperatingScope
    # Business
    main_business = pw.TextField(default="")
    industry = CharField(default="")
    industry_position = pw.TextField(default="")
    business_partners = pw.TextField(default="")
    own_competitors = pw.TextField(default="")
    usage_region = CharField(default="")  # UsageRegion
    usage_environment = CharField(default="")  # UsageEnvironment
    # Relationship to us
    bought_before = pw.BooleanField(default=False)
    dealer = pw.ForeignKeyField(Staff, null=True, backref="dealt_accounts", on_delete="SET NULL")
    credit_rating = CharField(default="")  # CreditRating
    satisfaction = CharField(default="")  # Satisfaction
    closeness = CharField(default="")  # Closeness
    # Classifications
    abc_class = CharField(default="C", index=True)  # AbcClass
    layer = CharField(default="watch", index=True)  # Layer
    status = CharField(default="potential", index=True)  # AccountStatus
    lifecycle = CharField(default="acquisition")  # Lifecycle
    pyramid = CharField(default="")  # Pyramid
    man_money = pw.BooleanField(default=False)
    man_authority = pw.BooleanField(default=False)
    man_need = pw.BooleanField(default=False)
    notes = pw.TextField(default="")
    # Lower-cased name, short name, phone, pinyin and contact names: what search-as-you-type scans.
    search_text = pw.TextField(default="")


class ProductInUse(BaseModel):
    """Products of our kind the customer runs: purpose, brand, quantity, years in use."""

    account = pw.ForeignKeyField(Account, backref="products_in_use", on_delete="CASCADE")
    purpose = CharField(default="")
    brand = CharField(default="")
    quantity = IntegerField(default=0)
    years_in_use = IntegerField(null=True)


class Contact(BaseModel):
    """A person at an account; reports_to builds the org chart."""

    account = pw.ForeignKeyField(Account, backref="contacts", on_delete="CASCADE")
    name = CharField()
    title = CharField(default="")
    department = CharField(default="")
    phone = CharField(default="")
    mobile = CharField(default="")
    email = CharField(default="")
    wechat = CharField(default="")
    reports_to = pw.ForeignKeyField("self", null=True, backref="reports", on_delete="SET NULL")
    is_main = pw.BooleanField(default=False)
    closeness = CharField(default="")  # Closeness
    contact_plan = CharField(default="")  # ContactPlan
    relationship_owner = pw.ForeignKeyField(
        Staff, null=True, backref="held_contacts", on_delete="SET NULL"
    )
    # Personal file (个人信息): private, shown only in the person's own detail view.
    birthday = DateField(null=True)
    hobbies = pw.TextField(default="")
    family = pw.TextField(default="")
    career = pw.TextField(default="")
    character = pw.TextField(default="")
    tastes = pw.TextField(default="")
    notes = pw.TextField(default="")


class Opportunity(BaseModel):
    """A sales opportunity (销售机会) moving through the six purchasing stages."""

    account = pw.ForeignKeyField(Account, backref="opportunities", on_delete="CASCADE")
    title = CharField()
    product = CharField(default="")
    quantity = IntegerField(default=0)
    amount = IntegerField(default=0)  # whole currency units (元)
    expected_close = DateField(null=True)
    owner = pw.ForeignKeyField(Staff, null=True, backref="opportunities", on_delete="SET NULL")
    stage = StageField(default=1)  # 1..6, see vocab.STAGES
    stage_entered_at = DateTimeField(default=utcnow)
    board_position = FloatField(default=0.0)  # order within a pipeline column
    status = CharField(default="open", index=True)  # OpportunityStatus
    closed_at = DateTimeField(null=True)
    lost_reason = pw.TextField(default="")
    lost_to = CharField(default="")  # the winner
    next_action = pw.TextField(default="")
    next_action_date = DateField(null=True)
    win_rate_override = IntegerField(null=True)  # percent; needs a reason
    win_rate_override_reason = pw.TextField(default="")
    notes = pw.TextField(default="")

    class Meta:
        indexes = ((("status", "stage", "board_position"), False),)


class StageChange(BaseModel):
    """One entry of an opportunity's stage history."""

    opportunity = pw.ForeignKeyField(Opportunity, backref="stage_changes", on_delete="CASCADE")
    from_stage = StageField(null=True)
    to_stage = StageField()
    from_status = CharField(default="")
    to_status = CharField(default="")
    changed_at = DateTimeField(default=utcnow)
    note = pw.TextField(default="")


class DealRole(NaturalKeyed):
    """A person's part in one opportunity: buying role, influence, stance, weight."""

    natural_key = ("opportunity", "contact")

    opportunity = pw.ForeignKeyField(Opportunity, backref="deal_roles", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, backref="deal_roles", on_delete="CASCADE")
    role = CharField(default="")  # BuyingRole
    influence = CharField(default="medium")  # Influence
    stance = CharField(default="unknown")  # Stance
    weight = IntegerField(default=0)  # percent of the decision
    last_meeting_result = pw.TextField(default="")
    open_problems = pw.TextField(default="")
    next_step = pw.TextField(default="")
    meetings = IntegerField(default=0)

    class Meta:
        indexes = ((("opportunity", "contact"), True),)


class Relation(BaseModel):
    """A tie between two contacts, or between a contact and one of our people."""

    contact = pw.ForeignKeyField(Contact, backref="relations", on_delete="CASCADE")
    other_contact = pw.ForeignKeyField(
        Contact, null=True, backref="relations_in", on_delete="CASCADE"
    )
    staff = pw.ForeignKeyField(Staff, null=True, backref="relations", on_delete="CASCADE")
    kind = CharField()  # RelationKind
    note = pw.TextField(default="")


class Activity(BaseModel):
    """A contact made (the visit log): when, how, with whom, what came of it."""

    account = pw.ForeignKeyField(Account, backref="activities", on_delete="CASCADE")
    opportunity = pw.ForeignKeyField(
        Opportunity, null=True, backref="activities", on_delete="SET NULL"
    )
    occurred_on = DateField()
    kind = CharField(default="visit")  # ActivityKind
    summary = pw.TextField(default="")
    result = pw.TextField(default="")
    problems = pw.TextField(default="")
    next_step = pw.TextField(default="")
    next_step_date = DateField(null=True)
    confirmed_by_customer = pw.BooleanField(default=False)

    class Meta:
        indexes = ((("account", "occurred_on"), False),)


class ActivityPerson(BaseModel):
    """Who took part in an activity: a contact or one of our people."""

    activity = pw.ForeignKeyField(Activity, backref="people", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, null=True, backref="activities", on_delete="CASCADE")
    staff = pw.ForeignKeyField(Staff, null=True, backref="activities", on_delete="CASCADE")


class Revisit(BaseModel):
    """A scheduled follow-up (回访), made by a cadence rule or by hand."""


    account = pw.ForeignKeyField(Account, backref="revisits", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, null=True, backref="revisits", on_delete="SET NULL")
    opportunity = pw.ForeignKeyField(
        Opportunity, null=True, backref="revisits", on_delete="SET NULL"
    )
    due_on = DateField(index=True)
    kind = CharField(default="visit")  # ActivityKind
    rule = CharField(default="manual")  # CadenceRule
    rule_key = CharField(default="")  # what makes a generated revisit unique
    status = CharField(default="planned")  # RevisitStatus
    activity = pw.ForeignKeyField(Activity, null=True, backref="revisits", on_delete="SET NULL")
    skip_reason = pw.TextField(default="")
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("account", "status", "due_on"), False),)


class RevisitRule(NaturalKeyed):
    """A cadence rule as set for one account (enabled, interval override)."""

    natural_key = ("account", "rule")

    account = pw.ForeignKeyField(Account, backref="revisit_rules", on_delete="CASCADE")
    rule = CharField()  # CadenceRule
    enabled = pw.BooleanField(default=True)
    every_days = IntegerField(null=True)

    class Meta:
        indexes = ((("account", "rule"), True),)


class Purchase(BaseModel):
    """One purchase in the account's trajectory (购买轨迹)."""

    account = pw.ForeignKeyField(Account, backref="purchases", on_delete="CASCADE")
    purchased_on = DateField()
    project = CharField(default="")
    product = CharField(default="")
    quantity = IntegerField(default=0)
    amount = IntegerField(default=0)
    delivered_on = DateField(null=True)

    class Meta:
        indexes = ((("account", "purchased_on"), False),)


class CompetitorPresence(BaseModel):
    """A competitor at this account (竞争信息)."""

    account = pw.ForeignKeyField(Account, backref="competitors", on_delete="CASCADE")
    competitor = CharField()
    history = pw.TextField(default="")
    their_rep = CharField(default="")
    strengths = pw.TextField(default="")
    weaknesses = pw.TextField(default="")


class ScorecardWeight(NaturalKeyed):
    """The weight of one evaluation criterion in one opportunity."""

    natural_key = ("opportunity", "criterion")

    opportunity = pw.ForeignKeyField(Opportunity, backref="score_weights", on_delete="CASCADE")
    criterion = CharField()  # ScoreCriterion
    weight = FloatField()

    class Meta:
        indexes = ((("opportunity", "criterion"), True),)


class ScorecardScore(NaturalKeyed):
    """How a supplier (us or a competitor) scores on one criterion in one opportunity."""

    natural_key = ("opportunity", "supplier", "criterion")

    opportunity = pw.ForeignKeyField(Opportunity, backref="scores", on_delete="CASCADE")
    supplier = CharField()  # "" for us, else the competitor's name
    criterion = CharField()
    score = FloatField()

    class Meta:
        indexes = ((("opportunity", "supplier", "criterion"), True),)


class ContractCheck(NaturalKeyed):
    """One item of an opportunity's contract checklist (合同签订)."""

    natural_key = ("opportunity", "item")

    opportunity = pw.ForeignKeyField(Opportunity, backref="contract_checks", on_delete="CASCADE")
    item = CharField()
    done = pw.BooleanField(default=False)
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("opportunity", "item"), True),)


class Setting(pw.Model):
    """A key/value user setting stored with the data."""

    key = CharField(primary_key=True)
    value = pw.TextField(default="")

    class Meta:
        database = database_proxy
        legacy_table_names = False


ALL_MODELS: tuple[type[pw.Model], ...] = (
    Staff,
    Account,
    ProductInUse,
    Contact,
    Opportunity,
    StageChange,
    DealRole,
    Relation,
    Activity,
    ActivityPerson,
    Revisit,
    RevisitRule,
    Purchase,
    CompetitorPresence,
    ScorecardWeight,
    ScorecardScore,
    ContractCheck,
    Setting,
)
