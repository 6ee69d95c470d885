"""Coverage of a buying group (DOMAIN.md §3): weight shares by stance, warnings, adjusted odds.

The support-adjusted probability is

    P = W × (1 + S − O) × V, rounded half up and kept within 0–100 %

where W is the stage's standard win rate, S and O are the supporting and opposing weight as a
fraction of the decision (of 100 %, or of the recorded total when it is over 100 %), and V is a
veto factor: ×0.5 when a decision maker opposes us (they say the final yes, whatever their
weight), ×0.75 for each technical gatekeeper who opposes us (they can say no). Neutral and
unknown weight leaves W as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from kam_tui.core.domain.text import one_line
from kam_tui.core.domain.vocab import BuyingRole, Influence, Stance

STALE_DAYS = 30  # a high-influence person not contacted for this long is a warning
DECISION_MAKER_VETO = Fraction(1, 2)
GATEKEEPER_VETO = Fraction(3, 4)

# Stance must read without colour: a sign for each, in ASCII so every terminal shows it.
STANCE_MARKS: dict[str, str] = {
    Stance.SUPPORTER: "+",
    Stance.NEUTRAL: "=",
    Stance.OPPONENT: "-",
    Stance.UNKNOWN: "?",
}
STANCE_ORDER: tuple[str, ...] = tuple(member.value for member in Stance)
INFLUENCE_ORDER: tuple[str, ...] = tuple(member.value for member in Influence)

FORMULA_EN = ("Support-adjusted probability = stage win rate × (1 + support − opposition) × "
              "veto; support and opposition are shares of the decision weight; veto is ×0.5 "
              "when a decision maker opposes us and ×0.75 for each opposing technical "
              "gatekeeper; kept within 0–100%.")
FORMULA_ZH = ("支持度调整后赢率 = 阶段赢率 × (1 + 支持权重 − 反对权重) × 否决系数；"
              "支持与反对权重按决策权重占比计算；决策者反对时否决系数 ×0.5，"
              "每位反对的技术把关者 ×0.75；结果限定在 0–100%。")


def mark(stance: str | None) -> str:
    """Return the colour-free sign of a stance ('?' for none)."""
    return STANCE_MARKS.get(stance or Stance.UNKNOWN, "?")


def _cycle(order: tuple[str, ...], code: str | None) -> str:
    if code not in order:
        return order[0]
    return order[(order.index(code) + 1) % len(order)]


def next_stance(code: str | None) -> str:
    """Return the stance after this one: supporter → neutral → opponent → unknown → supporter."""
    return _cycle(STANCE_ORDER, code)


def next_influence(code: str | None) -> str:
    """Return the influence after this one: high → medium → low → high."""
    return _cycle(INFLUENCE_ORDER, code)


@dataclass(frozen=True)
class Participant:
    """One person's part in one opportunity, as the coverage rules need it."""

    contact_id: int
    name: str
    role: str = ""
    influence: str = Influence.MEDIUM.value
    stance: str = Stance.UNKNOWN.value
    weight: int = 0
    last_contact: date | None = None


@dataclass(frozen=True)
class Shares:
    """The decision weight held by supporters, neutrals, opponents and unknowns, in percent."""

    support: int = 0
    neutral: int = 0
    oppose: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        """Return the recorded weight of the whole group."""
        return self.support + self.neutral + self.oppose + self.unknown

    @property
    def base(self) -> int:
        """Return what shares are taken of: the whole decision, or the total when over 100."""
        return max(self.total, 100)

    @property
    def unassigned(self) -> int:
        """Return the weight no one holds yet."""
        return max(0, 100 - self.total)

    def percent(self, part: int) -> int:
        """Return part as a whole percentage of the base."""
        return _half_up(Fraction(part * 100, self.base))


@dataclass(frozen=True)
class CoverageWarning:
    """A gap in the buying-group coverage, with its severity and the people it concerns."""

    code: str
    severity: str  # "error", "warning" or "note"
    en: str
    zh: str
    contact_ids: tuple[int, ...] = field(default=())

    def message(self, lang: str = "en") -> str:
        """Return the warning in the given language."""
        return self.zh if lang == "zh" else self.en


SEVERITY_MARKS = {"error": "✗", "warning": "⚠", "note": "•"}


def _half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def shares(participants: Iterable[Participant]) -> Shares:
    """Return the weight shares by stance."""
    sums = {code: 0 for code in STANCE_ORDER}
    for person in participants:
        stance = person.stance if person.stance in sums else Stance.UNKNOWN.value
        sums[stance] += max(person.weight or 0, 0)
    return Shares(support=sums["supporter"], neutral=sums["neutral"],
                  oppose=sums["opponent"], unknown=sums["unknown"])


def _names(people: Sequence[Participant], limit: int = 3) -> str:
    shown = [one_line(person.name, 24) for person in people[:limit]]
    more = len(people) - limit
    return "、".join(shown) + (f" +{more}" if more > 0 else "")


def warnings(participants: Sequence[Participant], today: date) -> list[CoverageWarning]:
    """Return what the rep must see at once, the most serious first."""
    people = list(participants)
    found: list[CoverageWarning] = []
    deciders = [p for p in people if p.role == BuyingRole.DECISION_MAKER]
    total = shares(people).total
    if total > 100:
        found.append(CoverageWarning(
            "weights_over", "error",
            f"Weights add up to {total}%, over 100%", f"权重合计 {total}%，超过 100%"))
    opposed = [p for p in deciders if p.stance == Stance.OPPONENT]
    if opposed:
        found.append(CoverageWarning(
            "decision_maker_opposed", "warning",
            f"Decision maker against us: {_names(opposed)}", f"决策者反对我方：{_names(opposed)}",
            tuple(p.contact_id for p in opposed)))
    if not deciders:
        found.append(CoverageWarning("no_decision_maker", "warning",
                                     "No decision maker named", "未明确决策者"))
    if not any(p.role == BuyingRole.COACH for p in people):
        found.append(CoverageWarning("no_coach", "warning", "No coach named", "未找到教练（向导）"))
    gatekeepers = [p for p in people if p.role == BuyingRole.TECHNICAL_GATEKEEPER
                   and p.stance != Stance.SUPPORTER]
    if gatekeepers:
        found.append(CoverageWarning(
            "gatekeeper_not_supporter", "warning",
            f"Technical gatekeeper not a supporter: {_names(gatekeepers)}",
            f"技术把关者未支持我方：{_names(gatekeepers)}",
            tuple(p.contact_id for p in gatekeepers)))
    stale = [p for p in people if p.influence == Influence.HIGH
             and (p.last_contact is None or (today - p.last_contact).days >= STALE_DAYS)]
    if stale:
        found.append(CoverageWarning(
            "stale_contact", "warning",
            f"High influence, no contact for {STALE_DAYS}+ days: {_names(stale)}",
            f"高影响力人物 {STALE_DAYS} 天以上未联系：{_names(stale)}",
            tuple(p.contact_id for p in stale)))
    if total < 100:
        found.append(CoverageWarning(
            "weights_under", "note",
            f"Weights add up to {total}%; {100 - total}% not assigned",
            f"权重合计 {total}%，尚有 {100 - total}% 未分配"))
    return found


def support_adjusted(win_rate: int, participants: Sequence[Participant]) -> int:
    """Return the stage win rate adjusted for the group's stance (formula in the module doc)."""
    split = shares(participants)
    base = Fraction(split.base)
    opposed = [p for p in participants if p.stance == Stance.OPPONENT]
    # Several opposing deciders are no worse than one: the final say is said once.
    veto = DECISION_MAKER_VETO if any(
        p.role == BuyingRole.DECISION_MAKER for p in opposed) else Fraction(1)
    veto *= GATEKEEPER_VETO ** sum(1 for p in opposed
                                   if p.role == BuyingRole.TECHNICAL_GATEKEEPER)
    value = Fraction(win_rate) * (1 + (split.support - split.oppose) / base) * veto
    return max(0, min(100, _half_up(value)))


# A card on the board has room for three gaps only: the ones a manager asks about first.
CARD_GAPS: tuple[str, ...] = ("decision_maker_opposed", "no_coach", "weights_under")


def card_gaps(has_coach: bool, decision_maker_opposed: bool, weight_total: int) -> tuple[str, ...]:
    """Return the gaps a board card flags, in CARD_GAPS order, as the warnings' own codes."""
    found = {"decision_maker_opposed": decision_maker_opposed, "no_coach": not has_coach,
             "weights_under": weight_total < 100}
    return tuple(code for code in CARD_GAPS if found[code])


@dataclass(frozen=True)
class Coverage:
    """The whole coverage reading of one opportunity."""

    shares: Shares
    warnings: tuple[CoverageWarning, ...]
    win_rate: int
    adjusted: int
    people: int


def assess(win_rate: int, participants: Sequence[Participant], today: date) -> Coverage:
    """Return shares, warnings and the support-adjusted probability for one buying group."""
    people = list(participants)
    return Coverage(shares(people), tuple(warnings(people, today)), win_rate,
                    support_adjusted(win_rate, people), len(people))
