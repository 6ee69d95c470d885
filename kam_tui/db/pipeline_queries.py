"""The pipeline in SQL: column totals, card pages, moves with their history, closing, scorecards."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from kam_tui.db import models as m
from kam_tui.domain import pipeline as rules
from kam_tui.domain import vocab
from kam_tui.domain.search import search_terms
from kam_tui.domain.text import normalise_input

STALL_SETTING = "pipeline.stall_days"
PERIOD_SETTING = "pipeline.period"

# Positions are floats so a card can always go between two others; when two neighbours get
# closer than this, the column is renumbered 1, 2, 3… in its current order.
MIN_GAP = 1e-6


class MoveRefused(RuntimeError):
    """The card changed since the board showed it (moved, closed or deleted elsewhere)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "gone", "closed", "moved", "open"


@dataclass(frozen=True)
class BoardQuery:
    """What the board shows: search and filters (owner, ABC class, region, close month)."""

    search: str = ""
    owner_id: int | None = None
    abc_class: str = ""
    region: str = ""
    close_month: str = ""  # "YYYY-MM"
    account_id: int | None = None  # one account's deals, when another area asks for them


@dataclass(frozen=True)
class ColumnStats:
    """One stage's figures over the filtered open deals."""

    stage: int
    count: int = 0
    amount: int = 0
    weighted: int = 0
    stalled: int = 0


@dataclass(frozen=True)
class BoardStats:
    """The six columns' figures and the headline: open pipeline, forecast, won and lost."""

    columns: tuple[ColumnStats, ...]
    won_count: int
    won_amount: int
    lost_count: int
    lost_amount: int
    period: rules.Period
    stall_days: dict[int, int]

    @property
    def open_count(self) -> int:
        """Return the number of open deals shown."""
        return sum(column.count for column in self.columns)

    @property
    def open_amount(self) -> int:
        """Return the total open pipeline."""
        return sum(column.amount for column in self.columns)

    @property
    def forecast(self) -> int:
        """Return the weighted forecast, Σ amount × win rate (overrides included)."""
        return sum(column.weighted for column in self.columns)

    def with_card_moved(self, before: CardFigures, after: CardFigures) -> BoardStats:
        """Return the figures with one card's share taken from its old stage, added to its new."""
        columns = []
        for column in self.columns:
            count, amount = column.count, column.amount
            weighted, stalled = column.weighted, column.stalled
            for card, sign in ((before, -1), (after, 1)):
                if card.stage == column.stage:
                    count += sign
                    amount += sign * card.amount
                    weighted += sign * card.weighted
                    stalled += sign * card.stalled
            columns.append(ColumnStats(column.stage, count, amount, weighted, stalled))
        return replace(self, columns=tuple(columns))

    @property
    def stalled(self) -> int:
        """Return how many shown deals are past their stage's stall threshold."""
        return sum(column.stalled for column in self.columns)

    def column(self, stage: int) -> ColumnStats:
        """Return the figures of one stage."""
        return self.columns[stage - 1]


@dataclass(frozen=True)
class CardFigures:
    """One open card's share of its column's figures, as board_stats' SQL counts it."""

    stage: int
    amount: int
    weighted: int
    stalled: int


@dataclass(frozen=True)
class CardRow:
    """What a card on the board shows."""

    id: int
    account_id: int
    account: str  # short name, else the full name
    title: str
    amount: int
    stage: int
    days: int
    stalled: bool
    next_action: str
    next_action_date: date | None
    win_rate_override: int | None
    owner: str
    position: float


@dataclass(frozen=True)
class MoveResult:
    """Where a moved card landed and the board's figures after the move."""

    opportunity_id: int
    from_stage: int
    to_stage: int
    index: int  # the card's place in its column under the same filters
    stats: BoardStats


@dataclass(frozen=True)
class ClosedRow:
    """A won or lost deal in the closed list."""

    id: int
    account: str
    title: str
    amount: int
    stage: int
    status: str
    closed_at: datetime | None
    lost_reason: str
    lost_to: str


@dataclass(frozen=True)
class HistoryRow:
    """One entry of a deal's stage history."""

    changed_at: datetime | None
    from_stage: int | None
    to_stage: int
    from_status: str
    to_status: str
    note: str


@dataclass(frozen=True)
class RoleCoverage:
    """Who is mapped in a deal's buying group (the relationship map's summary, from SQL)."""

    people: int = 0
    by_role: dict[str, int] = field(default_factory=dict)
    weight_total: int = 0
    weight_by_stance: dict[str, int] = field(default_factory=dict)
    decision_maker_stances: tuple[str, ...] = ()

    @property
    def has_coach(self) -> bool:
        """Return whether a coach is named: every deal needs one (DOMAIN.md §3)."""
        return self.by_role.get(vocab.BuyingRole.COACH.value, 0) > 0


@dataclass(frozen=True)
class CheckRow:
    """One item of the contract checklist; id is None for a standard item not yet ticked."""

    item: str
    done: bool
    note: str
    standard: rules.ContractItem | None


@dataclass(frozen=True)
class OpportunityDetail:
    """Everything the opportunity's own view shows."""

    id: int
    values: dict[str, Any]
    version: int
    account_id: int
    account_name: str
    account_short: str
    owner_name: str
    history: tuple[HistoryRow, ...]
    weights: dict[str, float]
    weights_saved: bool  # False: the defaults are shown, nothing stored yet
    scores: dict[str, dict[str, float]]  # supplier ("" = us) -> criterion -> score
    competitors: tuple[str, ...]  # competitors on file at the account
    checks: tuple[CheckRow, ...]
    roles: RoleCoverage
    days_in_stage: int
    stalled: bool
    stall_limit: int  # days in this stage after which a deal counts as stalled

    @property
    def status(self) -> str:
        """Return open, won or lost."""
        return str(self.values["status"])

    @property
    def stage(self) -> int:
        """Return the stage number."""
        return int(self.values["stage"])


def _db() -> Any:
    return m.Opportunity._meta.database


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filters(query: BoardQuery) -> tuple[str, list[Any]]:
    clauses = ["o.deleted_at IS NULL", "a.deleted_at IS NULL"]
    params: list[Any] = []
    for term in search_terms(query.search):
        clauses.append("(a.search_text LIKE ? ESCAPE '\\' OR lower(o.title) LIKE ? ESCAPE '\\')")
        params += [_like(term), _like(term)]
    if query.owner_id is not None:
        clauses.append("o.owner_id = ?")
        params.append(query.owner_id)
    if query.account_id is not None:
        clauses.append("o.account_id = ?")
        params.append(query.account_id)
    if query.abc_class:
        clauses.append("a.abc_class = ?")
        params.append(query.abc_class)
    if query.region:
        clauses.append("a.region = ?")
        params.append(query.region)
    month = rules.parse_month(query.close_month)
    if month is not None:
        clauses.append("o.expected_close >= ? AND o.expected_close < ?")
        params += [month[0].isoformat(), month[1].isoformat()]
    return " AND ".join(clauses), params


_FROM = "FROM opportunity o JOIN account a ON a.id = o.account_id"
_RATE = ("COALESCE(o.win_rate_override, CASE o.stage "
         + " ".join(f"WHEN {s.number} THEN {s.win_rate}" for s in vocab.STAGES) + " ELSE 0 END)")


def _stall_case(today: date, stall_days: dict[int, int]) -> tuple[str, list[Any]]:
    """SQL true when a deal entered its stage before today minus that stage's threshold."""
    parts: list[str] = []
    params: list[Any] = []
    for number in rules.STAGE_NUMBERS:
        cutoff = date.fromordinal(today.toordinal() - stall_days[number])
        parts.append(f"WHEN {number} THEN o.stage_entered_at < ?")
        params.append(cutoff.isoformat())
    return "CASE o.stage " + " ".join(parts) + " ELSE 0 END", params


# --- settings ----------------------------------------------------------------------------------


def get_setting(key: str, default: str = "") -> str:
    """Return a stored setting, or the default."""
    value = m.Setting.select(m.Setting.value).where(m.Setting.key == key).scalar()
    return default if value is None else str(value)


def set_setting(key: str, value: str) -> None:
    """Store a setting."""
    (m.Setting.insert(key=key, value=value)
     .on_conflict(conflict_target=[m.Setting.key], update={m.Setting.value: value}).execute())


def stall_days() -> dict[int, int]:
    """Return the stall threshold of each stage (days), stored or default."""
    return rules.parse_stall_days(get_setting(STALL_SETTING))


def set_stall_days(thresholds: dict[int, int]) -> None:
    """Store the stall thresholds."""
    set_setting(STALL_SETTING, rules.format_stall_days(thresholds))


def period() -> rules.Period:
    """Return the period the won and lost figures cover (a quarter unless changed)."""
    try:
        return rules.Period(get_setting(PERIOD_SETTING, rules.Period.QUARTER.value))
    except ValueError:
        return rules.Period.QUARTER


def set_period(value: rules.Period) -> None:
    """Store the period the won and lost figures cover."""
    set_setting(PERIOD_SETTING, value.value)


# --- board -------------------------------------------------------------------------------------


def board_stats(query: BoardQuery, today: date) -> BoardStats:
    """Return per-stage counts, sums, weighted sums and stalls, and the period's won and lost."""
    where, params = _filters(query)
    thresholds = stall_days()
    stall, stall_params = _stall_case(today, thresholds)
    db = _db()
    rows = db.execute_sql(
        f"SELECT o.stage, COUNT(*), COALESCE(SUM(o.amount), 0), "
        f"COALESCE(SUM((o.amount * {_RATE} + 50) / 100), 0), COALESCE(SUM({stall}), 0) "
        f"{_FROM} WHERE o.status = 'open' AND {where} GROUP BY o.stage",
        [*stall_params, *params]).fetchall()
    by_stage = {row[0]: ColumnStats(row[0], int(row[1]), int(row[2]), int(row[3]), int(row[4]))
                for row in rows}
    columns = tuple(by_stage.get(number, ColumnStats(number)) for number in rules.STAGE_NUMBERS)
    chosen = period()
    start, end = rules.period_bounds(today, chosen)
    closed = dict(
        (row[0], (int(row[1]), int(row[2]))) for row in db.execute_sql(
            f"SELECT o.status, COUNT(*), COALESCE(SUM(o.amount), 0) {_FROM} "
            f"WHERE o.status IN ('won', 'lost') AND o.closed_at >= ? AND o.closed_at < ? "
            f"AND {where} GROUP BY o.status",
            [start.isoformat(), end.isoformat(), *params]).fetchall())
    won = closed.get("won", (0, 0))
    lost = closed.get("lost", (0, 0))
    return BoardStats(columns, won[0], won[1], lost[0], lost[1], chosen, thresholds)


def card_figures(query: BoardQuery, opportunity_id: int, today: date,
                 thresholds: dict[int, int]) -> CardFigures | None:
    """Return an open card's share of the board's figures, or None when the board omits it."""
    where, params = _filters(query)
    stall, stall_params = _stall_case(today, thresholds)
    row = _db().execute_sql(
        f"SELECT o.stage, o.amount, (o.amount * {_RATE} + 50) / 100, {stall} "
        f"{_FROM} WHERE o.id = ? AND o.status = 'open' AND {where}",
        [*stall_params, opportunity_id, *params]).fetchone()
    if row is None:
        return None
    return CardFigures(int(row[0]), int(row[1] or 0), int(row[2] or 0), int(row[3] or 0))


_CARD_COLUMNS = (
    "o.id, o.account_id, COALESCE(NULLIF(a.short_name, ''), a.name), o.title, o.amount, o.stage, "
    "o.stage_entered_at, o.next_action, o.next_action_date, o.win_rate_override, "
    "COALESCE(s.name, ''), o.board_position"
)


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def column_page(query: BoardQuery, stage: int, offset: int, limit: int,
                today: date) -> list[CardRow]:
    """Return one page of a column's cards in board order."""
    rules.check_stage(stage)
    where, params = _filters(query)
    thresholds = stall_days()
    rows = _db().execute_sql(
        f"SELECT {_CARD_COLUMNS} {_FROM} LEFT JOIN staff s ON s.id = o.owner_id "
        f"WHERE o.status = 'open' AND o.stage = ? AND {where} "
        f"ORDER BY o.board_position, o.id LIMIT ? OFFSET ?",
        [stage, *params, limit, offset]).fetchall()
    cards = []
    for row in rows:
        entered = _as_date(row[6]) or today
        days = rules.days_in_stage(entered, today)
        cards.append(CardRow(
            id=row[0], account_id=row[1], account=row[2] or "", title=row[3] or "",
            amount=int(row[4] or 0), stage=row[5], days=days,
            stalled=rules.is_stalled(row[5], days, thresholds), next_action=row[7] or "",
            next_action_date=_as_date(row[8]), win_rate_override=row[9], owner=row[10],
            position=float(row[11] or 0.0)))
    return cards


def card_index(query: BoardQuery, opportunity_id: int) -> tuple[int, int] | None:
    """Return (stage, place in its column under the filters) of an open card, or None."""
    where, params = _filters(query)
    db = _db()
    row = db.execute_sql(
        f"SELECT o.stage, o.board_position {_FROM} WHERE o.id = ? AND o.status = 'open' "
        f"AND {where}", [opportunity_id, *params]).fetchone()
    if row is None:
        return None
    stage, position = row
    before = db.execute_sql(
        f"SELECT COUNT(*) {_FROM} WHERE o.status = 'open' AND o.stage = ? AND "
        f"(o.board_position < ? OR (o.board_position = ? AND o.id < ?)) AND {where}",
        [stage, position, position, opportunity_id, *params]).fetchone()[0]
    return int(stage), int(before)


# --- moving ------------------------------------------------------------------------------------


def _renumber(stage: int) -> None:
    ids = [row[0] for row in _db().execute_sql(
        "SELECT id FROM opportunity WHERE status = 'open' AND stage = ? AND deleted_at IS NULL "
        "ORDER BY board_position, id", [stage]).fetchall()]
    _db().connection().executemany(
        "UPDATE opportunity SET board_position = ? WHERE id = ?",
        [(float(index + 1), opp_id) for index, opp_id in enumerate(ids)])


def _position_of(opp_id: int) -> tuple[int, float] | None:
    row = _db().execute_sql(
        "SELECT stage, board_position FROM opportunity WHERE id = ? AND status = 'open' "
        "AND deleted_at IS NULL", [opp_id]).fetchone()
    return None if row is None else (int(row[0]), float(row[1] or 0.0))


def _neighbour(stage: int, position: float, anchor: int, moving: int, after: bool
               ) -> float | None:
    """Return the position of the card just before (or after) anchor, skipping the moving one."""
    if after:
        cond, order = "(board_position > ? OR (board_position = ? AND id > ?))", "ASC"
    else:
        cond, order = "(board_position < ? OR (board_position = ? AND id < ?))", "DESC"
    row = _db().execute_sql(
        f"SELECT board_position FROM opportunity WHERE status = 'open' AND stage = ? "
        f"AND deleted_at IS NULL AND id != ? AND {cond} "
        f"ORDER BY board_position {order}, id {order} LIMIT 1",
        [stage, moving, position, position, anchor]).fetchone()
    return None if row is None else float(row[0] or 0.0)


def _edge(stage: int, moving: int, top: bool) -> float:
    row = _db().execute_sql(
        f"SELECT {'MIN' if top else 'MAX'}(board_position) FROM opportunity WHERE status = 'open' "
        "AND stage = ? AND deleted_at IS NULL AND id != ?", [stage, moving]).fetchone()
    if row is None or row[0] is None:
        return 0.0
    return float(row[0]) - 1.0 if top else float(row[0]) + 1.0


def _new_position(stage: int, moving: int, before_id: int | None, after_id: int | None,
                  retry: bool = True) -> float:
    anchor_id = before_id if before_id is not None else after_id
    if anchor_id is None:
        return _edge(stage, moving, top=True)
    anchor = _position_of(anchor_id)
    if anchor is None or anchor[0] != stage:
        raise MoveRefused("moved")  # the neighbour the rep aimed at is no longer there
    after = before_id is None
    other = _neighbour(stage, anchor[1], anchor_id, moving, after=after)
    if other is None:
        return anchor[1] + (1.0 if after else -1.0)
    low, high = sorted((anchor[1], other))
    if high - low > MIN_GAP:
        return (low + high) / 2
    if not retry:
        raise RuntimeError("board positions could not be spread")
    _renumber(stage)
    return _new_position(stage, moving, before_id, after_id, retry=False)


def move(opportunity_id: int, to_stage: int, *, expected_stage: int | None, now: datetime,
         before_id: int | None = None, after_id: int | None = None, note: str = "") -> int:
    """Move an open card to a stage and a place, with its history row, in one transaction.

    The card goes just before `before_id`, or just after `after_id`, or at the top of the
    column. Returns the stage it came from. Raises MoveRefused when the card is not where the
    rep saw it.
    """
    rules.check_stage(to_stage)
    db = _db()
    with db.atomic():
        row = (m.Opportunity.select(m.Opportunity.stage, m.Opportunity.status,
                                    m.Opportunity.deleted_at)
               .where(m.Opportunity.id == opportunity_id).first())
        if row is None or row.deleted_at is not None:
            raise MoveRefused("gone")
        if row.status != vocab.OpportunityStatus.OPEN.value:
            raise MoveRefused("closed")
        if expected_stage is not None and row.stage != expected_stage:
            raise MoveRefused("moved")
        from_stage = row.stage
        position = _new_position(to_stage, opportunity_id, before_id, after_id)
        changes: dict[Any, Any] = {
            m.Opportunity.board_position: position,
            m.Opportunity.version: m.Opportunity.version + 1,
            m.Opportunity.updated_at: m.utcnow(),
        }
        if to_stage != from_stage:
            changes[m.Opportunity.stage] = to_stage
            changes[m.Opportunity.stage_entered_at] = now
            m.StageChange.create(opportunity=opportunity_id, from_stage=from_stage,
                                 to_stage=to_stage, from_status="open", to_status="open",
                                 changed_at=now, note=normalise_input(note or "")[:2000])
        m.Opportunity.update(changes).where(m.Opportunity.id == opportunity_id).execute()
    return from_stage


def record_created(opportunity_id: int, now: datetime) -> None:
    """Start a new deal's history: entered stage 1 now, at the top of its column."""
    with _db().atomic():
        row = m.Opportunity.get_by_id(opportunity_id)
        position = _edge(row.stage, opportunity_id, top=True)
        (m.Opportunity.update(stage_entered_at=now, board_position=position)
         .where(m.Opportunity.id == opportunity_id).execute())
        if not m.StageChange.select().where(m.StageChange.opportunity == opportunity_id).exists():
            m.StageChange.create(opportunity=opportunity_id, from_stage=None, to_stage=row.stage,
                                 from_status="", to_status="open", changed_at=now)


# --- closing -----------------------------------------------------------------------------------


def _close(opportunity_id: int, status: str, now: datetime, note: str, **extra: Any) -> int:
    with _db().atomic():
        row = m.Opportunity.alive().where(m.Opportunity.id == opportunity_id).first()
        if row is None:
            raise MoveRefused("gone")
        if row.status != vocab.OpportunityStatus.OPEN.value:
            raise MoveRefused("closed")
        (m.Opportunity.update(status=status, closed_at=now, version=m.Opportunity.version + 1,
                              updated_at=m.utcnow(), **extra)
         .where(m.Opportunity.id == opportunity_id).execute())
        m.StageChange.create(opportunity=opportunity_id, from_stage=row.stage,
                             to_stage=row.stage, from_status="open", to_status=status,
                             changed_at=now, note=note)
        return int(row.stage)


def close_won(opportunity_id: int, now: datetime, *, confirmed: bool, note: str = "") -> int:
    """Mark an open deal won; before stage 6 only when the rep confirmed. Returns its stage."""
    stage = m.Opportunity.select(m.Opportunity.stage).where(
        m.Opportunity.id == opportunity_id).scalar()
    if stage is None:
        raise MoveRefused("gone")
    if rules.won_needs_confirmation(stage) and not confirmed:
        raise ValueError("a deal before stage 6 is marked won only with confirmation")
    return _close(opportunity_id, "won", now, normalise_input(note or "")[:2000])


def close_lost(opportunity_id: int, now: datetime, *, reason: str, winner: str,
               note: str = "") -> int:
    """Mark an open deal lost with its reason and winner. Returns its stage."""
    errors = rules.check_lost(reason, winner)
    if errors:
        raise ValueError("; ".join(f"{name}: {error.en}" for name, error in errors.items()))
    reason = normalise_input(reason)
    winner = normalise_input(winner)
    # The history keeps why and to whom, so reopening and closing again loses nothing.
    text = " · ".join(part for part in (reason, winner, normalise_input(note or "")) if part)
    return _close(opportunity_id, "lost", now, text[:2000], lost_reason=reason, lost_to=winner)


def reopen(opportunity_id: int, now: datetime) -> int:
    """Put a won or lost deal back on the board, at the top of its stage. Returns its stage."""
    with _db().atomic():
        row = m.Opportunity.alive().where(m.Opportunity.id == opportunity_id).first()
        if row is None:
            raise MoveRefused("gone")
        if row.status == vocab.OpportunityStatus.OPEN.value:
            raise MoveRefused("open")
        position = _edge(row.stage, opportunity_id, top=True)
        (m.Opportunity.update(status="open", closed_at=None, lost_reason="", lost_to="",
                              stage_entered_at=now, board_position=position,
                              version=m.Opportunity.version + 1, updated_at=m.utcnow())
         .where(m.Opportunity.id == opportunity_id).execute())
        m.StageChange.create(opportunity=opportunity_id, from_stage=row.stage,
                             to_stage=row.stage, from_status=row.status, to_status="open",
                             changed_at=now)
        return int(row.stage)


def closed_count(query: BoardQuery) -> int:
    """Return how many won or lost deals match."""
    where, params = _filters(query)
    return int(_db().execute_sql(
        f"SELECT COUNT(*) {_FROM} WHERE o.status IN ('won', 'lost') AND {where}",
        params).fetchone()[0])


def closed_page(query: BoardQuery, offset: int, limit: int) -> list[ClosedRow]:
    """Return one page of won and lost deals, most recently closed first."""
    where, params = _filters(query)
    rows = _db().execute_sql(
        f"SELECT o.id, COALESCE(NULLIF(a.short_name, ''), a.name), o.title, o.amount, o.stage, "
        f"o.status, o.closed_at, o.lost_reason, o.lost_to {_FROM} "
        f"WHERE o.status IN ('won', 'lost') AND {where} "
        f"ORDER BY o.closed_at DESC, o.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    return [ClosedRow(row[0], row[1] or "", row[2] or "", int(row[3] or 0), row[4], row[5],
                      _as_datetime(row[6]), row[7] or "", row[8] or "") for row in rows]


# --- one deal ----------------------------------------------------------------------------------


def set_win_rate_override(opportunity_id: int, rate: int | None, reason: str) -> None:
    """Set or clear a deal's own win rate; a set rate needs a reason."""
    errors = rules.check_override(rate, reason)
    if errors:
        raise ValueError("; ".join(f"{name}: {error.en}" for name, error in errors.items()))
    updated = (m.Opportunity.update(
        win_rate_override=rate, win_rate_override_reason=normalise_input(reason) if rate is not None
        else "", version=m.Opportunity.version + 1, updated_at=m.utcnow())
        .where((m.Opportunity.id == opportunity_id) & m.Opportunity.deleted_at.is_null())
        .execute())
    if not updated:
        raise MoveRefused("gone")


def role_coverage(opportunity_id: int) -> RoleCoverage:
    """Return the buying group's coverage: people, roles, weight by stance, the deciders' stance."""
    rows = _db().execute_sql(
        "SELECT d.role, d.stance, COUNT(*), COALESCE(SUM(d.weight), 0) FROM deal_role d "
        "JOIN contact c ON c.id = d.contact_id WHERE d.opportunity_id = ? "
        "AND d.deleted_at IS NULL AND c.deleted_at IS NULL GROUP BY d.role, d.stance",
        [opportunity_id]).fetchall()
    by_role: dict[str, int] = {}
    by_stance: dict[str, int] = {}
    deciders: list[str] = []
    people = 0
    for role, stance, count, weight in rows:
        people += count
        by_role[role or ""] = by_role.get(role or "", 0) + count
        by_stance[stance or "unknown"] = by_stance.get(stance or "unknown", 0) + int(weight)
        if role == vocab.BuyingRole.DECISION_MAKER.value:
            deciders += [stance or "unknown"] * count
    return RoleCoverage(people, by_role, sum(by_stance.values()), by_stance, tuple(deciders))


def _checks(opportunity_id: int) -> tuple[CheckRow, ...]:
    stored = list(m.ContractCheck.alive().where(m.ContractCheck.opportunity == opportunity_id)
                  .order_by(m.ContractCheck.id))
    rows: list[CheckRow] = []
    seen: set[str] = set()
    by_standard = {}
    for check in stored:
        standard = rules.contract_item(check.item)
        if standard is not None and standard.code not in by_standard:
            by_standard[standard.code] = check
    for item in rules.CONTRACT_ITEMS:
        check = by_standard.get(item.code)
        if check is not None:
            seen.add(check.item)
            rows.append(CheckRow(check.item, check.done, check.note, item))
        else:
            rows.append(CheckRow(item.code, False, "", item))
    rows += [CheckRow(check.item, check.done, check.note, None)
             for check in stored if check.item not in seen]
    return tuple(rows)


def detail(opportunity_id: int, today: date) -> OpportunityDetail | None:
    """Return the opportunity's own view, or None when it is gone."""
    row = m.Opportunity.alive().where(m.Opportunity.id == opportunity_id).first()
    if row is None:
        return None
    account = m.Account.get_by_id(row.account_id)
    owner = m.Staff.get_or_none(m.Staff.id == row.owner_id) if row.owner_id else None
    values = {name: getattr(row, name) for name in (
        "title", "product", "quantity", "amount", "expected_close", "stage", "stage_entered_at",
        "status", "closed_at", "lost_reason", "lost_to", "next_action", "next_action_date",
        "win_rate_override", "win_rate_override_reason", "notes", "owner_id")}
    history = tuple(
        HistoryRow(change.changed_at, change.from_stage, change.to_stage, change.from_status,
                   change.to_status, change.note)
        for change in m.StageChange.alive().where(m.StageChange.opportunity == opportunity_id)
        .order_by(m.StageChange.changed_at.desc(), m.StageChange.id.desc()))
    stored_weights = {w.criterion: float(w.weight) for w in m.ScorecardWeight.alive().where(
        m.ScorecardWeight.opportunity == opportunity_id)}
    weights = stored_weights or rules.default_weights()
    scores: dict[str, dict[str, float]] = {}
    for score in (m.ScorecardScore.alive().where(m.ScorecardScore.opportunity == opportunity_id)
                  .order_by(m.ScorecardScore.id)):
        scores.setdefault(score.supplier, {})[score.criterion] = float(score.score)
    competitors = tuple(name for (name,) in m.CompetitorPresence.alive()
                        .select(m.CompetitorPresence.competitor)
                        .where(m.CompetitorPresence.account == row.account_id).tuples())
    entered = _as_date(row.stage_entered_at) or today
    days = rules.days_in_stage(entered, today)
    thresholds = stall_days()
    return OpportunityDetail(
        id=row.id, values=values, version=row.version, account_id=row.account_id,
        account_name=account.name, account_short=account.short_name,
        owner_name=owner.name if owner else "", history=history, weights=weights,
        weights_saved=bool(stored_weights), scores=scores, competitors=competitors,
        checks=_checks(opportunity_id), roles=role_coverage(opportunity_id),
        days_in_stage=days,
        stalled=row.status == "open" and rules.is_stalled(row.stage, days, thresholds),
        stall_limit=thresholds[row.stage])


def save_scorecard(opportunity_id: int, weights: dict[str, float],
                   scores: dict[str, dict[str, float]]) -> None:
    """Store a deal's weights and every supplier's scores; scores left out are removed."""
    problem = rules.check_weights(weights)
    if problem is not None:
        raise ValueError(problem.en)
    for per_supplier in scores.values():
        for value in per_supplier.values():
            bad = rules.check_score(value)
            if bad is not None:
                raise ValueError(bad.en)
    now = m.utcnow()
    with _db().atomic():
        for criterion, weight in weights.items():
            (m.ScorecardWeight.insert(opportunity=opportunity_id, criterion=criterion,
                                      weight=weight)
             .on_conflict(conflict_target=[m.ScorecardWeight.opportunity,
                                           m.ScorecardWeight.criterion],
                          update={m.ScorecardWeight.weight: weight,
                                  m.ScorecardWeight.deleted_at: None,
                                  m.ScorecardWeight.updated_at: now,
                                  m.ScorecardWeight.version: m.ScorecardWeight.version + 1})
             .execute())
        # What the rep saved is the whole card: anything not in it is removed.
        (m.ScorecardScore.update(deleted_at=now, updated_at=now)
         .where((m.ScorecardScore.opportunity == opportunity_id)
                & m.ScorecardScore.deleted_at.is_null())
         .execute())
        for supplier, per_supplier in scores.items():
            for criterion, value in per_supplier.items():
                (m.ScorecardScore.insert(opportunity=opportunity_id, supplier=supplier,
                                         criterion=criterion, score=value)
                 .on_conflict(conflict_target=[m.ScorecardScore.opportunity,
                                               m.ScorecardScore.supplier,
                                               m.ScorecardScore.criterion],
                              update={m.ScorecardScore.score: value,
                                      m.ScorecardScore.deleted_at: None,
                                      m.ScorecardScore.updated_at: now,
                                      m.ScorecardScore.version: m.ScorecardScore.version + 1})
                 .execute())


def set_contract_check(opportunity_id: int, item: str, done: bool, note: str | None = None
                       ) -> None:
    """Tick or untick one checklist item (created on first use)."""
    item = normalise_input(item)[:200]
    if not item:
        raise ValueError("a checklist item needs a name")
    update: dict[Any, Any] = {m.ContractCheck.done: done, m.ContractCheck.deleted_at: None,
                              m.ContractCheck.updated_at: m.utcnow(),
                              m.ContractCheck.version: m.ContractCheck.version + 1}
    if note is not None:
        update[m.ContractCheck.note] = normalise_input(note)[:2000]
    (m.ContractCheck.insert(opportunity=opportunity_id, item=item, done=done,
                            note=normalise_input(note or "")[:2000])
     .on_conflict(conflict_target=[m.ContractCheck.opportunity, m.ContractCheck.item],
                  update=update).execute())


# --- filters -----------------------------------------------------------------------------------


def filter_options() -> dict[str, list[tuple[str, Any]]]:
    """Return the owners, regions and close months the board's filters offer."""
    db = _db()
    owners = [(name, staff_id) for staff_id, name in db.execute_sql(
        "SELECT DISTINCT s.id, s.name FROM opportunity o JOIN staff s ON s.id = o.owner_id "
        "WHERE o.status = 'open' AND o.deleted_at IS NULL ORDER BY s.name").fetchall()]
    regions = [(region, region) for (region,) in db.execute_sql(
        "SELECT DISTINCT region FROM account WHERE deleted_at IS NULL AND region != '' "
        "ORDER BY region").fetchall()]
    months = [(month, month) for (month,) in db.execute_sql(
        "SELECT DISTINCT substr(expected_close, 1, 7) FROM opportunity WHERE status = 'open' "
        "AND deleted_at IS NULL AND expected_close IS NOT NULL ORDER BY 1").fetchall() if month]
    return {"owner": owners, "region": regions, "close_month": months}
