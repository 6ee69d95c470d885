"""The pipeline's stored settings: each stage's stall threshold and the won and lost period."""

from __future__ import annotations

from kam_tui.areas.pipeline import rules
from kam_tui.core.db.settings import get_setting, set_setting

STALL_SETTING = "pipeline.stall_days"
PERIOD_SETTING = "pipeline.period"


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
