"""SQL for a deal's figures, alike on the board and in the reports: amount, win rate, weighted
and support-adjusted amounts (the last two the map's coverage rule, in SQL on both engines).

Every piece reads the deal as `o`; the support-adjusted ones are aggregates over
buying_group_joins(), grouped by deal.
"""

from __future__ import annotations

from kam_tui.core.db.sql import sql_number
from kam_tui.core.domain import vocab
from kam_tui.core.domain.vocab import BuyingRole, Stance


def amount() -> str:
    """SQL for a deal's amount; a malformed one counts as nothing, as on the board."""
    return sql_number("o.amount")


def win_rate() -> str:
    """SQL for a deal's win rate: a valid override wins, else the stage's standard rate."""
    return ("COALESCE(" + sql_number("o.win_rate_override", 1000) + ", CASE o.stage "
            + " ".join(f"WHEN {stage.number} THEN {stage.win_rate}" for stage in vocab.STAGES)
            + " ELSE 0 END)")


def weighted() -> str:
    """SQL for a deal's amount × its win rate, rounded half up to whole units per deal.

    The same figure as the pipeline's `rules.weighted_amount(amount, win_rate(stage, override))`.
    """
    return f"(({amount()} * {win_rate()} + 50) / 100)"


# Past this many opposing gatekeepers the adjusted odds are under half a percent for any rate up
# to 100% (200% × 0.75^21 < 0.5), so they round to 0 and 3^g and 4^g need not grow further.
_GATEKEEPERS_COUNTED = 20


def buying_group_joins() -> str:
    """SQL joining each deal's live roles of live people (by the deal's own index), for the sums."""
    return ("LEFT JOIN deal_role r ON r.opportunity_id = o.id AND r.deleted_at IS NULL "
            "LEFT JOIN contact c ON c.id = r.contact_id AND c.deleted_at IS NULL")


def _group_sum(condition: str) -> str:
    """SQL summing the weight of the group's people that condition holds for, grouped by deal.

    As the map's `coverage.shares`: a person deleted, or a weight that is not a number or under
    0, counts as nothing.
    """
    weight = (f"CASE WHEN COALESCE({sql_number('r.weight')}, 0) > 0 "
              "THEN CAST(r.weight AS INTEGER) ELSE 0 END")
    return f"COALESCE(SUM(CASE WHEN c.id IS NOT NULL AND {condition} THEN {weight} ELSE 0 END), 0)"


def group_weight() -> str:
    """SQL for the weight the deal's group holds in all, as `coverage.shares(...).total`."""
    return _group_sum("1 = 1")


def group_has(role: str, stance: str | None = None) -> str:
    """SQL that is 1 when someone in the deal's live group plays role (with stance), else 0."""
    held = f"c.id IS NOT NULL AND r.role = '{role}'"
    if stance is not None:
        held += f" AND r.stance = '{stance}'"
    return f"MAX(CASE WHEN {held} THEN 1 ELSE 0 END)"


def adjusted_rate() -> str:
    """SQL for the support-adjusted win rate, `coverage.support_adjusted` in whole numbers.

    P = W × (base + S − O) × 3^g / (base × 4^g × (2 if a decision maker opposes)), half up,
    at most 100; base is 100 or the recorded total when over 100, so P is never below 0. An
    aggregate: the query groups by deal, with buying_group_joins().
    """
    opposes = f"r.stance = '{Stance.OPPONENT.value}'"
    supporting = _group_sum(f"r.stance = '{Stance.SUPPORTER.value}'")
    opposing = _group_sum(opposes)
    total = group_weight()
    base = f"(CASE WHEN {total} > 100 THEN {total} ELSE 100 END)"
    veto = (f"(CASE WHEN MAX(CASE WHEN c.id IS NOT NULL AND {opposes} AND r.role = "
            f"'{BuyingRole.DECISION_MAKER.value}' THEN 1 ELSE 0 END) = 1 THEN 2 ELSE 1 END)")
    gk = (f"SUM(CASE WHEN c.id IS NOT NULL AND {opposes} AND r.role = "
          f"'{BuyingRole.TECHNICAL_GATEKEEPER.value}' THEN 1 ELSE 0 END)")
    numerator = (f"(CAST({win_rate()} AS BIGINT) * ({base} + {supporting} - {opposing}) "
                 f"* {_powers(gk, 3)})")
    denominator = f"(CAST({base} AS BIGINT) * {_powers(gk, 4)} * {veto})"
    rounded = (f"(CASE WHEN {gk} > {_GATEKEEPERS_COUNTED} THEN 0 ELSE "
               f"(2 * {numerator} + {denominator}) / (2 * {denominator}) END)")
    return f"(CASE WHEN {rounded} > 100 THEN 100 ELSE {rounded} END)"


def adjusted_weighted() -> str:
    """SQL for a deal's amount × its support-adjusted rate, half up (an aggregate, per deal)."""
    return f"(({amount()} * {adjusted_rate()} + 50) / 100)"


def _powers(exponent: str, number: int) -> str:
    return (f"(CASE COALESCE({exponent}, 0) "
            + " ".join(f"WHEN {n} THEN {number ** n}" for n in range(_GATEKEEPERS_COUNTED + 1))
            + " ELSE 1 END)")
