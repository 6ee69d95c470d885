"""What a sheet's columns mean: the kinds a file can hold, their fields, header synonyms.

A column maps to a field of the record kind's form (the same FieldSpec the form validates
with), to a link column (the account a contact belongs to, a deal's stage), or to nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kam_tui.core.domain import fields as f
from kam_tui.core.domain.fields import FieldSpec, Kind

IGNORE = ""  # "do not import"
ACCOUNT = "account"  # link column: the name of the account a row belongs to
STAGE = "stage"  # opportunities: 1-6, or the stage's name in either language
HEADER_SCAN_ROWS = 30  # how far down a sheet the header row is looked for


@dataclass(frozen=True)
class Column:
    """A link column that is not a field of the record's form."""

    name: str
    en: str
    zh: str

    def label(self, lang: str = "en") -> str:
        """Return the column's label in the given language."""
        return self.zh if lang == "zh" else self.en


ACCOUNT_COLUMN = Column(ACCOUNT, "Account", "客户名称")
STAGE_COLUMN = Column(STAGE, "Stage", "采购阶段")

_ACCOUNT_WORDS = ("客户名称", "单位名称", "公司名称", "企业名称", "客户", "单位", "公司", "所属客户",
                  "account", "account name", "company", "company name", "customer",
                  "customer name", "organisation", "organization")

# field -> header spellings beyond the form's own labels (which always count).
_ACCOUNT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("客户名称", "单位名称", "公司名称", "企业名称", "客户", "单位", "公司", "名称",
             "customer", "customer name", "account", "account name", "company",
             "company name"),
    "short_name": ("简称", "客户简称", "short name", "abbreviation"),
    "address": ("地址", "详细地址", "通讯地址", "单位地址", "公司地址", "address"),
    "postcode": ("邮编", "邮政编码", "postcode", "post code", "zip", "zip code", "postal code"),
    "website": ("网站", "网址", "主页", "website", "web", "url", "homepage"),
    "phone": ("联系电话", "电话", "手机", "手机号", "座机", "固话", "phone", "tel", "telephone",
              "mobile"),
    "region": ("区域", "地区", "片区", "省份", "region", "area", "territory"),
    "owner_id": ("负责人", "业务员", "客户经理", "销售", "销售代表", "owner", "rep", "sales rep",
                 "account manager"),
    "first_cooperation_date": ("首次合作日期", "首次合作时间", "合作日期", "first cooperation",
                               "first cooperation date"),
    "first_cooperation_reason": ("首次合作原因", "合作原因"),
    "nature": ("客户性质", "单位性质", "性质", "nature"),
    "installed_base": ("保有量", "installed base", "fleet"),
    "operating_scope": ("经营范围", "operating scope", "scope"),
    "enterprise_size": ("企业规模", "规模", "size", "enterprise size"),
    "main_business": ("主营业务", "主营", "main business"),
    "industry": ("行业", "所属行业", "industry"),
    "industry_position": ("行业地位", "industry position"),
    "business_partners": ("业务伙伴", "合作伙伴", "partners", "business partners"),
    "own_competitors": ("竞争对手", "其竞争对手", "competitors"),
    "usage_region": ("使用区域", "usage region"),
    "usage_environment": ("使用环境", "usage environment"),
    "bought_before": ("曾购买", "是否购买过", "曾购买我方产品", "bought before"),
    "dealer_id": ("经销商", "代理商", "dealer", "distributor"),
    "credit_rating": ("信用度", "信用", "信用等级", "credit", "credit rating"),
    "satisfaction": ("满意度", "satisfaction"),
    "closeness": ("关系紧密度", "紧密度", "closeness"),
    "abc_class": ("客户类别", "abc", "abc分类", "abc类", "客户等级", "类别", "等级", "class",
                  "abc class", "grade"),
    "layer": ("客户分层", "分层", "layer"),
    "status": ("客户状态", "状态", "status"),
    "lifecycle": ("生命周期", "lifecycle"),
    "pyramid": ("客户金字塔", "金字塔", "pyramid"),
    "notes": ("备注", "说明", "notes", "note", "remarks", "comment", "comments"),
}

_CONTACT_SYNONYMS: dict[str, tuple[str, ...]] = {
    ACCOUNT: _ACCOUNT_WORDS,
    "name": ("联系人", "姓名", "联系人姓名", "名字", "name", "contact", "contact name"),
    "title": ("职务", "职位", "头衔", "title", "position", "job title"),
    "department": ("部门", "department", "dept"),
    "phone": ("电话", "联系电话", "办公电话", "座机", "phone", "tel", "telephone",
              "office phone"),
    "mobile": ("手机", "手机号", "手机号码", "移动电话", "mobile", "cell", "cellphone"),
    "email": ("邮箱", "电子邮件", "电子邮箱", "email", "e-mail", "mail"),
    "wechat": ("微信", "微信号", "wechat", "weixin"),
    "is_main": ("主要联系人", "是否主要联系人", "main contact", "primary"),
    "closeness": ("关系紧密度", "紧密度", "closeness"),
    "contact_plan": ("联系计划", "contact plan"),
    "relationship_owner_id": ("我方关系人", "关系人", "维护人", "held by"),
    "birthday": ("生日", "出生日期", "birthday"),
    "hobbies": ("爱好", "兴趣爱好", "hobbies"),
    "family": ("家庭", "家庭情况", "family"),
    "career": ("职业经历", "履历", "career"),
    "character": ("性格", "character"),
    "tastes": ("喜好", "口味", "tastes"),
    "notes": ("备注", "说明", "notes", "note", "remarks"),
}

_PURCHASE_SYNONYMS: dict[str, tuple[str, ...]] = {
    ACCOUNT: _ACCOUNT_WORDS,
    "purchased_on": ("日期", "购买日期", "采购日期", "成交日期", "下单日期", "date",
                     "purchase date"),
    "project": ("项目", "项目名称", "project"),
    "product": ("产品", "产品名称", "车型", "型号", "product", "model"),
    "quantity": ("数量", "台数", "quantity", "qty", "units"),
    "amount": ("金额", "总金额", "合同金额", "成交金额", "amount", "value", "total"),
    "delivered_on": ("交付日期", "交车日期", "交货日期", "delivered", "delivery date"),
}

_OPPORTUNITY_SYNONYMS: dict[str, tuple[str, ...]] = {
    ACCOUNT: _ACCOUNT_WORDS,
    "title": ("项目名称", "机会名称", "项目", "商机", "销售机会", "title", "opportunity",
              "project", "deal"),
    "product": ("产品", "车型", "型号", "product", "model"),
    "quantity": ("数量", "台数", "quantity", "qty"),
    "amount": ("金额", "预计金额", "项目金额", "amount", "value"),
    "expected_close": ("预计成交", "预计成交日期", "预计签约", "expected close", "close date"),
    "owner_id": ("负责人", "业务员", "销售", "owner", "rep"),
    "next_action": ("下一步", "下一步行动", "next action", "next step"),
    "next_action_date": ("行动日期", "下一步日期", "next action date"),
    "notes": ("备注", "说明", "notes", "remarks"),
    STAGE: ("阶段", "采购阶段", "销售阶段", "stage"),
}

_ACTIVITY_SYNONYMS: dict[str, tuple[str, ...]] = {
    ACCOUNT: _ACCOUNT_WORDS,
    "occurred_on": ("日期", "拜访日期", "联系日期", "时间", "date"),
    "kind": ("方式", "拜访方式", "联系方式", "类型", "kind", "type", "channel"),
    "summary": ("内容", "拜访内容", "摘要", "summary", "content"),
    "result": ("结果", "result"),
    "problems": ("问题", "problems", "issues"),
    "next_step": ("下一步", "next step"),
    "next_step_date": ("下一步日期", "next step date"),
    "confirmed_by_customer": ("客户确认", "客户已确认", "confirmed"),
}


@dataclass(frozen=True)
class Target:
    """A kind of row a file can hold: the record kind it becomes and the columns it knows."""

    name: str  # as the command says it: "accounts"
    record_kind: str  # the record engine's kind: "account"
    en: str
    zh: str
    specs: tuple[FieldSpec, ...]
    links: tuple[Column, ...] = ()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        """Return the kind's name in the given language."""
        return self.zh if lang == "zh" else self.en

    def columns(self) -> tuple[str, ...]:
        """Return every field or link name a column can map to."""
        return tuple(column.name for column in self.links) + tuple(s.name for s in self.specs)

    def spec(self, name: str) -> FieldSpec | None:
        """Return the field spec of a mapped name (None for a link column)."""
        return next((spec for spec in self.specs if spec.name == name), None)

    def column_label(self, name: str, lang: str = "en") -> str:
        """Return how the form (or the link column) names a mapped column."""
        spec = self.spec(name)
        if spec is not None:
            return spec.label(lang)
        link = next((column for column in self.links if column.name == name), None)
        return link.label(lang) if link else name


def _importable(specs: tuple[FieldSpec, ...]) -> tuple[FieldSpec, ...]:
    # A contact's boss is a row of the same file or the database: not a column of its own yet.
    return tuple(spec for spec in specs if spec.name != "reports_to_id")


TARGETS: dict[str, Target] = {
    target.name: target for target in (
        Target("accounts", "account", "Accounts", "客户", f.ACCOUNT_FIELDS,
               synonyms=_ACCOUNT_SYNONYMS),
        Target("contacts", "contact", "Contacts", "联系人", _importable(f.CONTACT_FIELDS),
               links=(ACCOUNT_COLUMN,), synonyms=_CONTACT_SYNONYMS),
        Target("purchases", "purchase", "Purchases", "购买记录", f.PURCHASE_FIELDS,
               links=(ACCOUNT_COLUMN,), synonyms=_PURCHASE_SYNONYMS),
        Target("opportunities", "opportunity", "Opportunities", "销售机会",
               f.OPPORTUNITY_FIELDS, links=(ACCOUNT_COLUMN, STAGE_COLUMN),
               synonyms=_OPPORTUNITY_SYNONYMS),
        Target("activities", "activity", "Activities", "联系记录", f.ACTIVITY_FIELDS,
               links=(ACCOUNT_COLUMN,), synonyms=_ACTIVITY_SYNONYMS),
    )
}

_PUNCT = re.compile(r"[\s\u3000*:：#\-_.]+")
_BRACKETS = re.compile(r"[（(\[【].*?[)）\]】]")


def header_key(text: Any) -> str:
    """Return a header cell as compared with synonyms: width, case, spaces and marks folded."""
    raw = unicodedata.normalize("NFKC", "" if text is None else str(text)).casefold()
    return _PUNCT.sub("", raw)


def _header_keys(text: Any) -> tuple[str, ...]:
    key = header_key(text)
    plain = header_key(_BRACKETS.sub("", unicodedata.normalize("NFKC", str(text or ""))))
    return (key, plain) if plain and plain != key else (key,)


def synonym_table(target: Target) -> dict[str, str]:
    """Return header spelling -> column name for a kind: the form's labels and the synonyms.

    Synonyms are listed first so that a kind's own meaning of a word wins ("客户名称" is the
    account's name on an accounts sheet and the link column on a contacts sheet).
    """
    table: dict[str, str] = {}
    for name, words in target.synonyms.items():
        for word in words:
            table.setdefault(header_key(word), name)
    for spec in target.specs:
        for label in (spec.en, spec.zh, spec.name):
            for key in _header_keys(label):
                table.setdefault(key, spec.name)
    for column in target.links:
        for label in (column.en, column.zh, column.name):
            table.setdefault(header_key(label), column.name)
    return table


def column_for(target: Target, header: Any, table: dict[str, str] | None = None) -> str:
    """Return the column name a header cell means, or IGNORE."""
    table = table if table is not None else synonym_table(target)
    for key in _header_keys(header):
        if key in table:
            return table[key]
    return IGNORE


def auto_mapping(target: Target, headers: Sequence[Any]) -> list[str]:
    """Return, per column, the field or link it maps to; a field taken by a column to its left
    leaves later columns unmapped (the rep can change that)."""
    table = synonym_table(target)
    taken: set[str] = set()
    mapping: list[str] = []
    for header in headers:
        name = column_for(target, header, table)
        if name in taken:
            name = IGNORE
        if name:
            taken.add(name)
        mapping.append(name)
    return mapping


def mapping_by_header(headers: Sequence[Any], mapping: Sequence[str]) -> dict[str, str]:
    """Return a mapping keyed by header text, as saved for next month's sheet."""
    return {header_key(header): name for header, name in zip(headers, mapping)
            if header_key(header)}


def apply_saved(target: Target, headers: Sequence[Any], saved: dict[str, str]) -> list[str]:
    """Return the mapping a saved one gives these headers; headers it does not name are mapped
    automatically, names that are not columns of the kind are dropped."""
    known = set(target.columns())
    automatic = auto_mapping(target, headers)
    mapping: list[str] = []
    for header, guess in zip(headers, automatic):
        key = header_key(header)
        name = saved.get(key, guess)
        mapping.append(name if name in known else IGNORE)
    seen: set[str] = set()
    for index, name in enumerate(mapping):
        if name and name in seen:
            mapping[index] = IGNORE
        seen.add(name)
    return mapping


def header_score(target: Target, cells: Sequence[Any], table: dict[str, str]) -> int:
    """Return how many distinct columns of the kind a row's cells name."""
    return len({column_for(target, cell, table) for cell in cells} - {IGNORE})


def guess_header(target: Target, rows: Sequence[Sequence[Any]]) -> int:
    """Return the index among the first rows of the one most like the kind's header row.

    A title row ("2026年大客户名录") or a merged banner above the header names no column; the
    row naming most columns wins, the first of equals; with none, the first non-empty row.
    """
    table = synonym_table(target)
    best, best_score = -1, 0
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = header_score(target, cells, table)
        if score > best_score:
            best, best_score = index, score
    if best >= 0:
        return best
    return next((i for i, cells in enumerate(rows) if any(str(c or "").strip() for c in cells)),
                0)


def required_missing(target: Target, mapping: Sequence[str]) -> list[str]:
    """Return the columns a kind cannot do without that no column maps to."""
    mapped = set(mapping)
    needed = ["name"] if target.name in ("accounts", "contacts") else []
    if target.name == "opportunities":
        needed = ["title"]
    if target.links and target.links[0].name == ACCOUNT:
        needed.insert(0, ACCOUNT)
    needed += [spec.name for spec in target.specs
               if spec.required and spec.kind is not Kind.CHOICE and spec.name not in needed
               and target.name != "accounts"]
    return [name for name in needed if name not in mapped]
