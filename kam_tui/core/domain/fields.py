"""Field specifications for every record a rep types in, and the validation of each field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from kam_tui.core.domain import vocab
from kam_tui.core.domain.dates import (
    DATE_HINT_EN,
    DATE_HINT_ZH,
    DateParseError,
    parse_date,
)
from kam_tui.core.domain.numbers import parse_whole
from kam_tui.core.domain.text import MAX_FIELD_CHARS, normalise_input


class Kind(StrEnum):
    """How a field is typed in and stored."""

    TEXT = "text"
    MULTILINE = "multiline"
    INT = "int"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    CHOICE = "choice"
    BOOL = "bool"
    REF = "ref"  # a row of another table, picked from a list the service provides


class FieldError(ValueError):
    """A value that cannot be accepted: the reason in both languages, or a UI string key.

    The rules give their reasons in both languages, as the vocabulary does; the data layer
    names a key of the UI catalog instead (`FieldError.keyed`), and the UI translates it.
    """

    def __init__(self, en: str = "", zh: str = "", *, key: str = "",
                 params: dict[str, object] | None = None) -> None:
        super().__init__(en or key)
        self.en = en
        self.zh = zh
        self.key = key
        self.params = params or {}

    @classmethod
    def keyed(cls, key: str, **params: object) -> FieldError:
        """Return an error whose text is the UI catalog's string for key."""
        return cls(key=key, params=params)

    def message(self, lang: str = "en") -> str:
        """Return the reason in the given language (the key itself for a keyed error)."""
        if self.key:
            return self.key
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: its name, labels, kind and rules."""

    name: str
    en: str
    zh: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: type[vocab.Choice] | None = None
    ref: str = ""  # with Kind.REF: which list of options ("staff", "dealer", "contact")
    max_chars: int = 200
    min_value: int | None = 0
    max_value: int | None = None
    section: str = ""
    private: bool = False  # personal data: only in the person's own detail view

    def label(self, lang: str = "en") -> str:
        """Return the field label in the given language."""
        return self.zh if lang == "zh" else self.en

    def hint(self, lang: str = "en") -> str:
        """Return a short placeholder that says what the field takes."""
        if self.kind is Kind.DATE:
            return DATE_HINT_ZH if lang == "zh" else DATE_HINT_EN
        if self.kind in (Kind.INT, Kind.MONEY):
            return "整数" if lang == "zh" else "whole number"
        if self.kind is Kind.PERCENT:
            return "0–100"
        return ""

    def parse(self, raw: Any, today: date) -> Any:
        """Turn what the widget holds into the stored value, or raise FieldError."""
        if self.kind is Kind.BOOL:
            return bool(raw)
        if self.kind is Kind.REF:
            if raw in (None, ""):
                return self._empty(None)
            try:
                return int(raw)
            except (TypeError, ValueError):
                raise FieldError("Pick one of the listed values", "请从列表中选择") from None
        text = "" if raw is None else normalise_input(str(raw))
        if self.kind is Kind.CHOICE:
            if not text:
                return self._empty("")
            assert self.choices is not None
            if self.choices.parse(text) is None:
                raise FieldError("Pick one of the listed values", "请从列表中选择")
            return text
        if self.kind is Kind.DATE:
            if not text:
                return self._empty(None)
            try:
                return parse_date(text, today)
            except DateParseError as error:
                raise FieldError(
                    f"Not a date ({error}). Use {DATE_HINT_EN}",
                    f"日期无效。请使用 {DATE_HINT_ZH}",
                ) from None
        if self.kind in (Kind.INT, Kind.MONEY, Kind.PERCENT):
            return self._parse_number(text)
        if not text:
            return self._empty("")
        limit = MAX_FIELD_CHARS if self.kind is Kind.MULTILINE else self.max_chars
        if len(text) > limit:
            raise FieldError(
                f"Too long: {len(text)} characters, at most {limit}",
                f"太长：{len(text)} 个字符，最多 {limit} 个",
            )
        return text

    def _empty(self, empty: Any) -> Any:
        if self.required:
            raise FieldError("Required", "必填")
        return empty

    def _parse_number(self, text: str) -> int | None:
        if not text:
            return self._empty(None)
        if len(text) > 60:
            raise FieldError("Number too large", "数字太大")
        value = parse_whole(text, units=self.kind is not Kind.PERCENT,
                            percent=self.kind is Kind.PERCENT)
        if value is None:
            if self.kind is Kind.MONEY:
                raise FieldError("Enter a whole number, like 1200, 1,200,000, 120万 or 1.2亿",
                                 "请输入整数，例如 1200、1,200,000、120万 或 1.2亿")
            raise FieldError("Enter a whole number, like 1200", "请输入整数，例如 1200")
        low = self.min_value
        high = 100 if self.kind is Kind.PERCENT else self.max_value
        if low is not None and value < low:
            raise FieldError(f"Must be at least {low}", f"不能小于 {low}")
        if high is not None and value > high:
            raise FieldError(f"Must be at most {high}", f"不能大于 {high}")
        return value


def validate(specs: tuple[FieldSpec, ...], raw: dict[str, Any], today: date) -> tuple[
    dict[str, Any], dict[str, FieldError]
]:
    """Parse every field; return the clean values and the errors by field name."""
    values: dict[str, Any] = {}
    errors: dict[str, FieldError] = {}
    for spec in specs:
        try:
            values[spec.name] = spec.parse(raw.get(spec.name), today)
        except FieldError as error:
            errors[spec.name] = error
    return values, errors


@dataclass(frozen=True)
class Section:
    """A titled group of fields in a form or on the card."""

    key: str
    en: str
    zh: str

    def label(self, lang: str = "en") -> str:
        """Return the section title in the given language."""
        return self.zh if lang == "zh" else self.en


BASICS = Section("basics", "Basics", "基础资料")
NATURE = Section("nature", "Nature", "客户性质")
BUSINESS = Section("business", "Business", "业务状况")
RELATIONSHIP = Section("relationship", "Relationship to us", "与我方关系")
CLASSIFICATION = Section("classification", "Classification", "客户分类")
SECTIONS = (BASICS, NATURE, BUSINESS, RELATIONSHIP, CLASSIFICATION)

F = FieldSpec
K = Kind
ML = K.MULTILINE

ACCOUNT_FIELDS: tuple[FieldSpec, ...] = (
    F("name", "Name", "客户名称", required=True, max_chars=200, section="basics"),
    F("short_name", "Short name", "简称", max_chars=60, section="basics"),
    F("address", "Address", "地址", max_chars=300, section="basics"),
    F("postcode", "Postcode", "邮编", max_chars=20, section="basics"),
    F("website", "Website", "网站", max_chars=200, section="basics"),
    F("phone", "Phone", "电话", max_chars=60, section="basics"),
    F("region", "Region", "区域", max_chars=60, section="basics"),
    F("owner_id", "Owner", "负责人", K.REF, ref="staff", section="basics"),
    F("first_cooperation_date", "First cooperation", "首次合作日期", K.DATE, section="basics"),
    F("first_cooperation_reason", "Why they first bought", "首次合作原因", ML, section="basics"),
    F("nature", "Nature", "客户性质", K.CHOICE, choices=vocab.Nature, section="nature"),
    F("installed_base", "Installed base (units)", "保有量（台）", K.INT, max_value=10_000_000,
      section="nature"),
    F("operating_scope", "Operating scope", "经营范围", K.CHOICE, choices=vocab.OperatingScope,
      section="nature"),
    F("enterprise_size", "Enterprise size", "企业规模", K.CHOICE, choices=vocab.EnterpriseSize,
      section="nature"),
    F("main_business", "Main business", "主营业务", ML, section="business"),
    F("industry", "Industry", "所属行业", max_chars=100, section="business"),
    F("industry_position", "Position in industry", "行业地位", ML, section="business"),
    F("business_partners", "Business partners", "业务伙伴", ML, section="business"),
    F("own_competitors", "Its own competitors", "其竞争对手", ML, section="business"),
    F("usage_region", "Usage region", "使用区域", K.CHOICE, choices=vocab.UsageRegion,
      section="business"),
    F("usage_environment", "Usage environment", "使用环境", K.CHOICE,
      choices=vocab.UsageEnvironment, section="business"),
    F("bought_before", "Has bought from us", "曾购买我方产品", K.BOOL, section="relationship"),
    F("dealer_id", "Dealer", "经销商", K.REF, ref="dealer", section="relationship"),
    F("credit_rating", "Credit rating", "信用度", K.CHOICE, choices=vocab.CreditRating,
      section="relationship"),
    F("satisfaction", "Satisfaction", "满意度", K.CHOICE, choices=vocab.Satisfaction,
      section="relationship"),
    F("closeness", "Closeness", "关系紧密度", K.CHOICE, choices=vocab.Closeness,
      section="relationship"),
    F("abc_class", "ABC class", "ABC 分类", K.CHOICE, required=True, choices=vocab.AbcClass,
      section="classification"),
    F("layer", "Layer", "客户分层", K.CHOICE, required=True, choices=vocab.Layer,
      section="classification"),
    F("status", "Status", "客户状态", K.CHOICE, required=True, choices=vocab.AccountStatus,
      section="classification"),
    F("lifecycle", "Lifecycle", "生命周期", K.CHOICE, required=True, choices=vocab.Lifecycle,
      section="classification"),
    F("pyramid", "Pyramid", "客户金字塔", K.CHOICE, choices=vocab.Pyramid,
      section="classification"),
    F("man_money", "M: can pay", "M 有购买力", K.BOOL, section="classification"),
    F("man_authority", "A: we reach the decider", "A 接触到决策者", K.BOOL,
      section="classification"),
    F("man_need", "N: has a need", "N 有需求", K.BOOL, section="classification"),
    F("notes", "Notes", "备注", ML, section="classification"),
)

CONTACT_FIELDS: tuple[FieldSpec, ...] = (
    F("name", "Name", "姓名", required=True, max_chars=100),
    F("title", "Title", "职务", max_chars=100),
    F("department", "Department", "部门", max_chars=100),
    F("phone", "Phone", "电话", max_chars=60),
    F("mobile", "Mobile", "手机", max_chars=60),
    F("email", "E-mail", "电子邮件", max_chars=200),
    F("wechat", "WeChat", "微信", max_chars=100),
    F("reports_to_id", "Reports to", "上级", K.REF, ref="contact"),
    F("is_main", "Main contact", "主要联系人", K.BOOL),
    F("closeness", "Closeness", "关系紧密度", K.CHOICE, choices=vocab.Closeness),
    F("contact_plan", "Contact plan", "联系计划", K.CHOICE, choices=vocab.ContactPlan),
    F("relationship_owner_id", "Held by (our side)", "我方关系人", K.REF, ref="staff"),
    F("birthday", "Birthday", "生日", K.DATE, private=True),
    F("hobbies", "Hobbies and sports", "爱好与运动", ML, private=True),
    F("family", "Family", "家庭", ML, private=True),
    F("career", "Career history", "职业经历", ML, private=True),
    F("character", "Character", "性格", ML, private=True),
    F("tastes", "Tastes", "喜好", ML, private=True),
    F("notes", "Notes", "备注", ML),
)

PURCHASE_FIELDS: tuple[FieldSpec, ...] = (
    F("purchased_on", "Date", "日期", K.DATE, required=True),
    F("project", "Project", "项目", max_chars=200),
    F("product", "Product", "产品", max_chars=200),
    F("quantity", "Quantity", "数量", K.INT, max_value=1_000_000),
    F("amount", "Amount", "金额", K.MONEY, max_value=10**12),
    F("delivered_on", "Delivered", "交付日期", K.DATE),
)

ACTIVITY_FIELDS: tuple[FieldSpec, ...] = (
    F("occurred_on", "Date", "日期", K.DATE, required=True),
    F("kind", "Kind", "方式", K.CHOICE, required=True, choices=vocab.ActivityKind),
    F("summary", "Summary", "内容", ML, required=True),
    F("result", "Result", "结果", ML),
    F("problems", "Problems", "问题", ML),
    F("next_step", "Next step", "下一步", ML),
    F("next_step_date", "Next step date", "下一步日期", K.DATE),
    F("confirmed_by_customer", "Confirmed by customer", "客户已确认", K.BOOL),
)

COMPETITOR_FIELDS: tuple[FieldSpec, ...] = (
    F("competitor", "Competitor", "竞争对手", required=True, max_chars=200),
    F("history", "History with the customer", "与客户的合作历史", ML),
    F("their_rep", "Their rep", "对方业务员", max_chars=100),
    F("strengths", "Strengths", "优势", ML),
    F("weaknesses", "Weaknesses", "劣势", ML),
)

PRODUCT_FIELDS: tuple[FieldSpec, ...] = (
    F("purpose", "Purpose", "用途", required=True, max_chars=200),
    F("brand", "Brand", "品牌", max_chars=100),
    F("quantity", "Quantity", "数量", K.INT, max_value=10_000_000),
    F("years_in_use", "Years in use", "使用年限", K.INT, max_value=100),
)

OPPORTUNITY_FIELDS: tuple[FieldSpec, ...] = (
    F("title", "Title", "项目名称", required=True, max_chars=200),
    F("product", "Product", "产品", max_chars=200),
    F("quantity", "Quantity", "数量", K.INT, max_value=1_000_000),
    F("amount", "Amount", "金额", K.MONEY, max_value=10**12),
    F("expected_close", "Expected close", "预计成交", K.DATE),
    F("owner_id", "Owner", "负责人", K.REF, ref="staff"),
    F("next_action", "Next action", "下一步行动", ML),
    F("next_action_date", "Next action date", "行动日期", K.DATE),
    F("notes", "Notes", "备注", ML),
)
