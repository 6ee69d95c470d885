"""Pipeline rules (DOMAIN.md §2): forecast, stalls, moves between stages, closing, scorecard."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldError
from kam_tui.core.domain.text import normalise_input
from kam_tui.core.domain.vocab import win_rate  # shared with the relationship map

STAGE_NUMBERS: tuple[int, ...] = tuple(stage.number for stage in vocab.STAGES)
FIRST_STAGE = STAGE_NUMBERS[0]
LAST_STAGE = STAGE_NUMBERS[-1]

# Days in a stage after which a deal counts as stalled. Early stages move slowly by nature;
# from Compare on, a quiet month usually means the deal is slipping.
DEFAULT_STALL_DAYS: dict[int, int] = {1: 60, 2: 45, 3: 45, 4: 30, 5: 30, 6: 60}
# Days without any contact logged against the deal after which it counts as stalled too
# (Pipedrive's "rotting"): a deal in Commit that nobody has spoken about for two weeks is cold.
DEFAULT_QUIET_DAYS: dict[int, int] = {1: 45, 2: 30, 3: 30, 4: 21, 5: 14, 6: 30}
MAX_STALL_DAYS = 3650

MAX_REASON_CHARS = 500
MAX_WINNER_CHARS = 200
MAX_LOST_NOTE_CHARS = 2000
SCORE_MIN = 0.0
SCORE_MAX = 10.0
WEIGHT_TOLERANCE = 0.005  # weights are typed with two decimals; 0.1 + 0.2 must still pass
CENT = Decimal("0.01")  # a weighted score is shown to two decimals


def _too_long(limit: int) -> FieldError:
    """Return the error for a text over its limit."""
    return FieldError(f"At most {limit} characters", f"最多 {limit} 个字符")

def check_stage(number: int) -> int:
    """Return number if it is a purchasing stage, else raise ValueError."""
    vocab.stage(number)
    return number


# --- forecast ----------------------------------------------------------------------------------


def weighted_amount(amount: int, rate: int) -> int:
    """Return amount × rate%, rounded half up to whole currency units."""
    return (amount * rate + 50) // 100


def forecast(deals: Iterable[tuple[int, int, int | None]]) -> int:
    """Return Σ amount × win rate over (amount, stage, override) triples."""
    return sum(weighted_amount(amount or 0, win_rate(stage, override))
               for amount, stage, override in deals)


def check_override(rate: int | None, reason: str) -> dict[str, FieldError]:
    """Check a per-deal win-rate override: 0-100 and a reason; None clears it."""
    errors: dict[str, FieldError] = {}
    if rate is None:
        return errors
    if not 0 <= rate <= 100:
        errors["rate"] = FieldError("A win rate is between 0 and 100", "赢率应在 0 到 100 之间")
    reason = normalise_input(reason or "")
    if not reason:
        errors["reason"] = FieldError("Say why this deal differs from the stage's rate",
                                      "请说明该机会与阶段标准赢率不同的原因")
    elif len(reason) > MAX_REASON_CHARS:
        errors["reason"] = _too_long(MAX_REASON_CHARS)
    return errors


# --- stalls ------------------------------------------------------------------------------------


def days_in_stage(entered: date, today: date) -> int:
    """Return whole days since the deal entered its stage (0 on the day it moved)."""
    return max((today - entered).days, 0)


def days_quiet(entered: date, last_contact: date | None, today: date) -> int:
    """Return whole days since the deal last moved into its stage or had a contact logged."""
    latest = entered if last_contact is None or last_contact < entered else last_contact
    return max((today - latest).days, 0)


def is_stalled(stage: int, days: int, thresholds: Mapping[int, int] | None = None,
               quiet: int | None = None, quiet_limits: Mapping[int, int] | None = None) -> bool:
    """Return whether a deal has sat in its stage, or without any contact, past the stage's limit."""
    limits = thresholds or DEFAULT_STALL_DAYS
    if days > limits.get(stage, DEFAULT_STALL_DAYS[stage]):
        return True
    return quiet is not None and is_quiet(stage, quiet, quiet_limits)


def is_quiet(stage: int, quiet: int, limits: Mapping[int, int] | None = None) -> bool:
    """Return whether a deal has gone without any contact past the stage's quiet limit."""
    chosen = limits or DEFAULT_QUIET_DAYS
    return quiet > chosen.get(stage, DEFAULT_QUIET_DAYS[stage])


def parse_stall_days(text: str | None,
                     defaults: Mapping[int, int] = DEFAULT_STALL_DAYS) -> dict[int, int]:
    """Read thresholds stored as "60,45,45,30,30,60"; anything unreadable falls back to defaults."""
    result = dict(defaults)
    parts = (text or "").split(",")
    if len(parts) != len(STAGE_NUMBERS):
        return result
    for number, part in zip(STAGE_NUMBERS, parts):
        try:
            value = int(part.strip())
        except ValueError:
            return dict(defaults)
        if not 1 <= value <= MAX_STALL_DAYS:
            return dict(defaults)
        result[number] = value
    return result


def format_stall_days(thresholds: Mapping[int, int]) -> str:
    """Return thresholds in the stored form."""
    return ",".join(str(thresholds[number]) for number in STAGE_NUMBERS)


def check_stall_days(raw: Mapping[int, str]) -> tuple[dict[int, int], dict[int, FieldError]]:
    """Parse typed thresholds per stage; return the values and the errors by stage."""
    values: dict[int, int] = {}
    errors: dict[int, FieldError] = {}
    for number in STAGE_NUMBERS:
        text = normalise_input(str(raw.get(number, "")))
        try:
            value = int(text)
        except ValueError:
            errors[number] = FieldError("Enter a number of days", "请输入天数")
            continue
        if not 1 <= value <= MAX_STALL_DAYS:
            errors[number] = FieldError(f"Between 1 and {MAX_STALL_DAYS} days",
                                        f"应在 1 到 {MAX_STALL_DAYS} 天之间")
            continue
        values[number] = value
    return values, errors


# --- moves -------------------------------------------------------------------------------------


class MoveKind(StrEnum):
    """What a move between stages means for the rep."""

    REORDER = "reorder"  # same stage, another place in the column
    ADVANCE = "advance"  # to the next stage: confirm the exit event
    SKIP = "skip"  # forward past one or more stages: confirm each exit event and the skip
    BACK = "back"  # to an earlier stage: allowed, recorded


def classify_move(from_stage: int, to_stage: int) -> MoveKind:
    """Return the kind of a move from one stage to another."""
    check_stage(from_stage)
    check_stage(to_stage)
    if to_stage == from_stage:
        return MoveKind.REORDER
    if to_stage == from_stage + 1:
        return MoveKind.ADVANCE
    if to_stage > from_stage:
        return MoveKind.SKIP
    return MoveKind.BACK


def exit_events(from_stage: int, to_stage: int) -> list[vocab.Stage]:
    """Return the stages whose exit event a forward move claims has happened, in order."""
    if to_stage <= from_stage:
        return []
    return [vocab.stage(number) for number in range(from_stage, to_stage)]


def skipped_stages(from_stage: int, to_stage: int) -> list[vocab.Stage]:
    """Return the stages a forward move jumps over without the deal ever sitting in them."""
    return [vocab.stage(number) for number in range(from_stage + 1, to_stage)]


def needs_confirmation(from_stage: int, to_stage: int) -> bool:
    """Return whether the rep must confirm a move (every forward move does)."""
    return classify_move(from_stage, to_stage) in (MoveKind.ADVANCE, MoveKind.SKIP)


# A move out of a stage and straight back within this long was a slip or a correction, not
# progress: shift+→ then shift+← must not turn a 37-day stall into 0 days.
RETURN_WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class StageMove:
    """One row of a deal's stage history, as its stage clock reads it."""

    from_stage: int | None  # None: the deal's first row, when it was made
    to_stage: int
    at: datetime


def stage_clock(moves: Sequence[StageMove], window: timedelta = RETURN_WINDOW
                ) -> datetime | None:
    """Return when the deal's clock in its present stage started, replaying its history.

    The first row and each move to another stage start the clock, except a move straight back
    to the stage the last move left, within `window` of it: that stage's clock runs on as if
    the deal had never left. Rows within one stage (closing, reopening) keep the clock. None
    when there is no history, or the move back is to a stage whose start it does not hold.
    """
    clock: datetime | None = None
    left: StageMove | None = None  # the last move to another stage
    left_clock: datetime | None = None  # the clock the stage it left had then
    for move in moves:
        if move.from_stage is None:
            clock, left = move.at, None
        elif move.from_stage != move.to_stage:
            back = (left is not None and left.from_stage == move.to_stage
                    and timedelta(0) <= move.at - left.at <= window)
            left, left_clock, clock = move, clock, (left_clock if back else move.at)
    return clock


# --- closing -----------------------------------------------------------------------------------


def won_needs_confirmation(stage: int) -> bool:
    """Return whether marking a deal won needs a confirmation: only Use (stage 6) is normal."""
    return check_stage(stage) != LAST_STAGE


def check_lost(reason: str, winner: str, note: str = "") -> dict[str, FieldError]:
    """Check a lost deal's record: a reason from the standard list and the winner are both
    required, and "other" needs a short note saying what it was."""
    errors: dict[str, FieldError] = {}
    winner = normalise_input(winner or "")
    if not normalise_input(reason or ""):
        errors["reason"] = FieldError("Say why the deal was lost", "请填写丢单原因")
    elif vocab.LostReason.parse(reason) is None:
        errors["reason"] = FieldError("Pick a reason from the list", "请从列表中选择丢单原因")
    elif reason == vocab.LostReason.OTHER and not normalise_input(note or ""):
        errors["note"] = FieldError("Say in a few words what the other reason was",
                                    "请简要说明其他原因")
    if not winner:
        errors["winner"] = FieldError("Name who won it (a competitor, or no one)",
                                      "请填写赢单方（竞争对手，或无人）")
    elif len(winner) > MAX_WINNER_CHARS:
        errors["winner"] = _too_long(MAX_WINNER_CHARS)
    if len(normalise_input(note or "")) > MAX_LOST_NOTE_CHARS:
        errors["note"] = _too_long(MAX_LOST_NOTE_CHARS)
    return errors


class Period(StrEnum):
    """The period the won and lost figures cover."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def period_bounds(today: date, period: Period) -> tuple[date, date]:
    """Return [start, end) of the month, quarter or year that holds today."""
    if period is Period.MONTH:
        start = today.replace(day=1)
        end = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    elif period is Period.QUARTER:
        first = (today.month - 1) // 3 * 3 + 1
        start = date(today.year, first, 1)
        end = date(today.year + (first == 10), (first + 2) % 12 + 1, 1)
    else:
        start = date(today.year, 1, 1)
        end = date(today.year + 1, 1, 1)
    return start, end


def parse_month(text: str | None) -> tuple[date, date] | None:
    """Return [first day, first day of next month) for "YYYY-MM", or None."""
    if not text or len(text) != 7 or text[4] != "-":
        return None
    try:
        start = date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        return None
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


# --- scorecard ---------------------------------------------------------------------------------


def default_weights() -> dict[str, float]:
    """Return DOMAIN.md's example weights keyed by criterion code."""
    return {criterion.value: weight for criterion, weight in vocab.DEFAULT_SCORE_WEIGHTS.items()}


def check_weights(weights: Mapping[str, float]) -> FieldError | None:
    """Return why the weights are not usable (each 0-1, summing to 1.0), or None."""
    for value in weights.values():
        if not 0.0 <= value <= 1.0:
            return FieldError("Each weight is between 0 and 1", "每项权重应在 0 到 1 之间")
    total = sum(weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        gap = 1.0 - total
        verb_en = f"add {gap:.2f}" if gap > 0 else f"remove {-gap:.2f}"
        verb_zh = f"还差 {gap:.2f}" if gap > 0 else f"多出 {-gap:.2f}"
        return FieldError(f"Weights sum to {total:.2f}, not 1.00: {verb_en}",
                          f"权重合计 {total:.2f}，应为 1.00：{verb_zh}")
    return None


def scored_criteria(weights: Mapping[str, float], scores: Mapping[str, float]) -> frozenset[str]:
    """Return the criteria (those that have a weight) a supplier has a score for."""
    return frozenset(criterion for criterion in weights if criterion in scores)


def scored_count(weights: Mapping[str, float], scores: Mapping[str, float]) -> int:
    """Return how many of the criteria a supplier has a score for."""
    return len(scored_criteria(weights, scores))


def _typed(value: float) -> Decimal:
    # Weights and scores are typed with a few decimals, which a float's shortest repr gives back.
    return Decimal(repr(value))


def weighted_score(weights: Mapping[str, float], scores: Mapping[str, float]) -> float | None:
    """Return Σ w·s / Σ w over the scored criteria to two decimals; None if none carry weight."""
    scored = [criterion for criterion in weights if criterion in scores]
    total = sum((_typed(weights[criterion]) for criterion in scored), Decimal(0))
    # A blank is "not scored", not 0: a rival scored on price alone is judged on price alone.
    # No score, or scores only where the buyer puts no weight, gives nothing to weigh.
    if total <= 0:
        return None
    mean = sum((_typed(weights[criterion]) * _typed(scores[criterion]) for criterion in scored),
               Decimal(0)) / total
    # In decimals, half up, as the rep works it out by hand: in floats 7.405 would be 7.40.
    try:
        return float(mean.quantize(CENT, rounding=ROUND_HALF_UP))
    except InvalidOperation:  # too many digits for cents: a huge number another program stored
        return float(mean)


@dataclass(frozen=True)
class Lead:
    """How we stand against the strongest rival: gap > 0 we lead, < 0 they do."""

    rival: str
    gap: float
    ours: int  # criteria we are scored on
    theirs: int  # criteria the rival is scored on
    same_criteria: bool  # both scored on exactly the same criteria

    @property
    def counts_differ(self) -> bool:
        """Return whether the two sides are scored on different numbers of criteria."""
        return self.ours != self.theirs


def compare_scores(weights: Mapping[str, float],
                   scores: Mapping[str, Mapping[str, float]]) -> Lead | None:
    """Return how we ("") stand against the best-scored rival, or None unless both are scored."""
    ours = weighted_score(weights, scores.get("", {}))
    totals = {name: weighted_score(weights, values) for name, values in scores.items() if name}
    rated = {name: total for name, total in totals.items() if total is not None}
    if ours is None or not rated:
        return None
    # The strongest rival is the one to beat; of equals, the first on file.
    rival = max(rated, key=lambda name: rated[name])
    our_criteria = scored_criteria(weights, scores.get("", {}))
    their_criteria = scored_criteria(weights, scores[rival])
    # Two totals in cents differ by cents: exact in decimals, where floats leave 0.19999….
    gap = float(_typed(ours) - _typed(rated[rival]))
    return Lead(rival=rival, gap=gap, ours=len(our_criteria), theirs=len(their_criteria),
                same_criteria=our_criteria == their_criteria)


def check_score(value: float) -> FieldError | None:
    """Return why a score is not usable (0-10), or None."""
    if not SCORE_MIN <= value <= SCORE_MAX:
        return FieldError("A score is between 0 and 10", "评分应在 0 到 10 之间")
    return None


def parse_number(text: str) -> float | None:
    """Read a typed decimal ("0.15", "0,15", "15%"); return None for empty or unreadable text."""
    text = normalise_input(text or "").replace("，", ".").replace(",", ".")
    percent = text.endswith("%")
    text = text.rstrip("%").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value / 100 if percent else value


# --- contract checklist ------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractItem:
    """A standard item of the contract checklist (合同签订)."""

    code: str
    en: str
    zh: str

    def label(self, lang: str = "en") -> str:
        """Return the item in the given language."""
        return self.zh if lang == "zh" else self.en


MAX_AGREED_CHARS = 2000  # what was agreed on one item: a paragraph, not a contract

CONTRACT_ITEMS: tuple[ContractItem, ...] = (
    ContractItem("configuration", "Configuration", "配置"),
    ContractItem("price", "Price (freight, packing, registration fees included?)",
                 "价格（运费、包装、上牌费是否包含）"),
    ContractItem("payment", "Payment terms (full, loan, before shipping / after registration)",
                 "付款方式（全款、贷款、发车前或上牌后）"),
    ContractItem("delivery", "Delivery (batches, registered or not, regions)",
                 "交货方式（分批、是否上牌、区域）"),
    ContractItem("delivery_time", "Delivery time vs our production cycle", "交货期与生产周期"),
    ContractItem("service", "Special service", "特殊服务"),
    ContractItem("penalties", "Penalties and retention money", "违约金与质保金"),
)


def _stem(text: str) -> str:
    return text.split("（")[0].split("(")[0].strip().lower()


def contract_item(stored: str) -> ContractItem | None:
    """Return the standard item a stored item stands for (by code or its label's stem).

    Older records name items in their own words ("交货期" for "交货期与生产周期"), so a stem that
    begins the other matches too.
    """
    stem = _stem(stored)
    if not stem:
        return None
    # An item's own code or full label names it before any prefix does: "Delivery time vs our
    # production cycle" begins with the stem of "Delivery", but it is the delivery-time item.
    for item in CONTRACT_ITEMS:
        if stored == item.code or stem in (_stem(item.en), _stem(item.zh)):
            return item
    for item in CONTRACT_ITEMS:
        for label in (_stem(item.en), _stem(item.zh)):
            if label.startswith(stem) or stem.startswith(label):
                return item
    return None
