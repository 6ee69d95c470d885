"""The product's vocabulary (DOMAIN.md): every fixed choice, with English and Chinese labels."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Self

Lang = str  # "en" or "zh"


class Choice(str, Enum):
    """A fixed choice stored by its code, shown by its label in the user's language."""

    en: str
    zh: str

    def __new__(cls, code: str, en: str, zh: str) -> Self:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.en = en
        obj.zh = zh
        return obj

    def __str__(self) -> str:
        return self.value

    def label(self, lang: Lang = "en") -> str:
        """Return the label in the given language."""
        return self.zh if lang == "zh" else self.en

    @classmethod
    def options(cls, lang: Lang = "en") -> list[tuple[str, str]]:
        """Return (label, code) pairs in their natural order, for select widgets."""
        return [(member.label(lang), member.value) for member in cls]

    @classmethod
    def parse(cls, code: str | None) -> Self | None:
        """Return the member for a stored code, or None for empty or unknown codes."""
        if not code:
            return None
        try:
            return cls(code)
        except ValueError:
            return None

    @classmethod
    def label_of(cls, code: str | None, lang: Lang = "en") -> str:
        """Return the label for a stored code, or an empty string."""
        member = cls.parse(code)
        return member.label(lang) if member else ""


# --- §1 customer card -------------------------------------------------------------------------


class AbcClass(Choice):
    A = "A", "A strategic", "A 战略客户"
    B = "B", "B key", "B 重点客户"
    C = "C", "C general", "C 一般客户"


class Layer(Choice):
    CONSOLIDATE = "consolidate", "Consolidate", "巩固提升"
    BREAKTHROUGH = "breakthrough", "Breakthrough", "突破"
    WATCH = "watch", "Watch", "关注"


class AccountStatus(Choice):
    POTENTIAL = "potential", "Potential", "潜在客户"
    CURRENT = "current", "Current", "现实客户"
    LOST = "lost", "Lost", "流失客户"


class Lifecycle(Choice):
    ACQUISITION = "acquisition", "Acquisition", "获取期"
    GROWTH = "growth", "Growth", "成长期"
    MATURITY = "maturity", "Maturity", "成熟期"
    DECLINE = "decline", "Decline", "衰退期"
    DEPARTURE = "departure", "Departure", "离开期"


class Nature(Choice):
    GOV_AGENCY = "gov_agency", "Government agency", "政府机关"
    PUBLIC_INSTITUTION = "public_institution", "Public institution", "事业单位"
    ASSOCIATION = "association", "Association", "团体协会"
    ENTERPRISE = "enterprise", "Enterprise", "企业"
    INDIVIDUAL = "individual", "Individual", "个人/个体"


class EnterpriseSize(Choice):
    LARGE = "large", "Large", "大型"
    MEDIUM = "medium", "Medium", "中型"
    SMALL = "small", "Small", "小型"


class OperatingScope(Choice):
    ONE_REGION = "one_region", "One region", "单一区域"
    CROSS_REGION = "cross_region", "Across regions", "跨区域"


class Closeness(Choice):
    ACQUAINTED = "acquainted", "Acquainted", "认识"
    FAMILIAR = "familiar", "Familiar", "熟识"
    TRUSTED = "trusted", "Trusted", "信赖"
    ALLIED = "allied", "Allied", "同盟"


class Satisfaction(Choice):
    VERY_SATISFIED = "very_satisfied", "Very satisfied", "非常满意"
    SATISFIED = "satisfied", "Satisfied", "满意"
    NEUTRAL = "neutral", "Neutral", "一般"
    DISSATISFIED = "dissatisfied", "Dissatisfied", "不满意"
    VERY_DISSATISFIED = "very_dissatisfied", "Very dissatisfied", "非常不满意"


class CreditRating(Choice):
    EXCELLENT = "excellent", "Excellent", "优"
    GOOD = "good", "Good", "良"
    FAIR = "fair", "Fair", "中"
    POOR = "poor", "Poor", "差"


class Pyramid(Choice):
    VIP = "vip", "VIP", "VIP客户"
    MAJOR = "major", "Major", "主要客户"
    ORDINARY = "ordinary", "Ordinary", "普通客户"
    SMALL = "small", "Small", "小客户"


class UsageRegion(Choice):
    IN_PROVINCE = "in_province", "In-province", "省内"
    CROSS_PROVINCE = "cross_province", "Cross-province", "跨省"
    CITY_DELIVERY = "city_delivery", "City delivery", "城市配送"


class UsageEnvironment(Choice):
    HIGHWAY = "highway", "Highway", "高速公路"
    PROVINCIAL_ROAD = "provincial_road", "Provincial road", "省道"
    RURAL_ROAD = "rural_road", "Rural road", "乡村道路"
    MIXED = "mixed", "Mixed", "混合"


# --- our side --------------------------------------------------------------------------------


class StaffRole(Choice):
    REP = "rep", "Sales rep", "销售代表"
    REGIONAL_MANAGER = "regional_manager", "Regional manager", "区域经理"
    PROJECT_MANAGER = "project_manager", "Project manager", "项目经理"
    DEALER = "dealer", "Dealer", "经销商"


# --- §2 funnel -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One of the six purchasing stages with its standard win rate and exit event."""

    number: int
    code: str
    en: str
    zh: str
    win_rate: int  # percent
    work_en: str
    work_zh: str
    exit_en: str
    exit_zh: str

    def label(self, lang: Lang = "en") -> str:
        """Return the stage name in the given language."""
        return self.zh if lang == "zh" else self.en

    def work(self, lang: Lang = "en") -> str:
        """Return our work in this stage."""
        return self.work_zh if lang == "zh" else self.work_en

    def exit_event(self, lang: Lang = "en") -> str:
        """Return the observable event that ends this stage."""
        return self.exit_zh if lang == "zh" else self.exit_en


STAGES: tuple[Stage, ...] = (
    Stage(1, "interest", "Interest", "兴趣", 5, "Analyse the customer", "客户分析",
          "An initiator asks, verbally or in writing, to buy", "发起者口头或书面提出采购"),
    Stage(2, "brewing", "Brewing", "酝酿", 10, "Build trust", "建立信任",
          "The decision maker agrees, and sets time and budget", "决策者同意，并确定时间和预算"),
    Stage(3, "design", "Design", "设计", 20, "Dig out needs", "挖掘需求",
          "The designer finishes the plan and specs and invites suppliers",
          "设计者完成方案和规格，并邀请供应商"),
    Stage(4, "compare", "Compare", "比较", 30, "Present value", "呈现价值",
          "Suppliers have submitted proposals and quotes; negotiation starts",
          "供应商已提交方案和报价，开始谈判"),
    Stage(5, "commit", "Commit", "承诺", 50, "Win commitment", "赢取承诺",
          "The customer picks a supplier, negotiates and signs the contract",
          "客户选定供应商，谈判并签订合同"),
    Stage(6, "use", "Use", "使用", 80, "Collect payment", "回收货款",
          "The customer pays, we deliver, it goes into use with our service",
          "客户付款，我方交付，产品投入使用并获得服务"),
)

STAGE_BY_NUMBER: dict[int, Stage] = {stage.number: stage for stage in STAGES}


def stage(number: int) -> Stage:
    """Return the stage with the given number (1-6)."""
    try:
        return STAGE_BY_NUMBER[number]
    except KeyError:
        raise ValueError(f"no purchasing stage {number!r}; stages are 1-6") from None


def win_rate(stage_number: int, override: int | None = None) -> int:
    """Return a deal's win rate in percent: its own override if set, else its stage's."""
    if override is not None:
        return override
    return stage(stage_number).win_rate


class OpportunityStatus(Choice):
    OPEN = "open", "Open", "进行中"
    WON = "won", "Won", "赢单"
    LOST = "lost", "Lost", "丢单"


class LostReason(Choice):
    """Why a deal was lost: the standard list. Reasons typed before the list stay as written."""

    PRICE = "price", "Price", "价格"
    PRODUCT = "product", "Product", "产品"
    RELATIONSHIP = "relationship", "Relationship", "客户关系"
    SERVICE = "service", "Service", "服务"
    TIMING = "timing", "Timing", "时机"
    NO_DECISION = "no_decision", "No decision", "客户未决策"
    OTHER = "other", "Other", "其他"


# Who won a lost deal: a competitor's name as written, or this code when no one did.
NO_WINNER = "no_one"
NO_WINNER_EN, NO_WINNER_ZH = "No one (no decision)", "无（客户未决策）"


def winner_text(value: str | None, lang: Lang = "en") -> str:
    """Return who won a lost deal as shown: "no one" in the rep's language, else the name."""
    if value == NO_WINNER:
        return NO_WINNER_ZH if lang == "zh" else NO_WINNER_EN
    return value or ""


def label_or_text(choice: type[Choice], value: str | None, lang: Lang = "en") -> str:
    """Return a stored code's label, or the stored text itself when it is no code (old data)."""
    member = choice.parse(value)
    return member.label(lang) if member else (value or "")


class ScoreCriterion(Choice):
    RELATIONSHIP = "relationship", "Relationship", "客户关系"
    SERVICE = "service", "After-sales service", "售后服务"
    INDUSTRY_POSITION = "industry_position", "Industry position", "行业地位"
    BRAND = "brand", "Brand", "品牌"
    PERFORMANCE = "performance", "Product performance", "产品性能"
    PRICE = "price", "Price", "价格"
    SUPPLY = "supply", "Supply capacity", "供货能力"
    FAST_SOLUTIONS = "fast_solutions", "Fast solutions", "快速解决方案"


DEFAULT_SCORE_WEIGHTS: dict[ScoreCriterion, float] = {
    ScoreCriterion.RELATIONSHIP: 0.15,
    ScoreCriterion.SERVICE: 0.15,
    ScoreCriterion.INDUSTRY_POSITION: 0.10,
    ScoreCriterion.BRAND: 0.10,
    ScoreCriterion.PERFORMANCE: 0.10,
    ScoreCriterion.PRICE: 0.20,
    ScoreCriterion.SUPPLY: 0.05,
    ScoreCriterion.FAST_SOLUTIONS: 0.15,
}


# --- §3 decision -----------------------------------------------------------------------------


class BuyingRole(Choice):
    DECISION_MAKER = "decision_maker", "Decision maker", "决策者"
    TECHNICAL_GATEKEEPER = "technical_gatekeeper", "Technical gatekeeper", "技术把关者"
    USER = "user", "User / maintainer", "使用者/维护者"
    COACH = "coach", "Coach", "教练/向导"
    INITIATOR = "initiator", "Initiator", "发起者"
    OPERATOR = "operator", "Operator", "操作者"
    PURCHASER = "purchaser", "Purchaser", "采购者"


class Influence(Choice):
    HIGH = "high", "High", "高"
    MEDIUM = "medium", "Medium", "中"
    LOW = "low", "Low", "低"


class Stance(Choice):
    SUPPORTER = "supporter", "Supporter", "支持者"
    NEUTRAL = "neutral", "Neutral", "中立者"
    OPPONENT = "opponent", "Opponent", "反对者"
    UNKNOWN = "unknown", "Unknown", "不清楚"


class RelationKind(Choice):
    CLASSMATE = "classmate", "Classmate", "同学"
    FRIEND = "friend", "Friend", "朋友"
    HOBBY = "hobby", "Hobby partner", "爱好伙伴"
    RELATIVE = "relative", "Relative", "亲戚"
    FORMER_COLLEAGUE = "former_colleague", "Former colleague", "前同事"
    OWNS_RELATIONSHIP = "owns_relationship", "Holds the relationship", "负责维护关系"


# --- §4 contact ------------------------------------------------------------------------------


class ContactPlan(Choice):
    DAILY = "daily", "Daily", "每天"
    WEEKLY = "weekly", "Weekly", "每周"
    MONTHLY = "monthly", "Monthly", "每月"
    QUARTERLY = "quarterly", "Quarterly", "每季度"


class ActivityKind(Choice):
    VISIT = "visit", "Visit", "上门拜访"
    PHONE = "phone", "Phone", "电话"
    EMAIL = "email", "E-mail", "电子邮件"
    MESSAGE = "message", "Instant message", "即时消息"
    LETTER = "letter", "Letter", "信函"
    MEETING = "meeting", "Meeting", "会议"
    TRAINING = "training", "Training", "培训"
    INSPECTION = "inspection", "Product inspection", "产品考察"
    GIFT = "gift", "Gift", "礼品"


class RevisitStatus(Choice):
    PLANNED = "planned", "Planned", "计划"
    DONE = "done", "Done", "已完成"
    SKIPPED = "skipped", "Skipped", "已跳过"


class CadenceRule(Choice):
    AFTER_DELIVERY = "after_delivery", "After delivery", "交付后回访"
    CARD_REVIEW = "card_review", "Card review", "资料卡复核"
    CONTACT_PLAN = "contact_plan", "Contact plan", "联系计划"
    HOLIDAY = "holiday", "Holiday visit", "节日拜访"
    BIRTHDAY = "birthday", "Birthday", "生日问候"
    MANUAL = "manual", "Manual", "手动安排"
    NEXT_STEP = "next_step", "Next step", "下一步"
