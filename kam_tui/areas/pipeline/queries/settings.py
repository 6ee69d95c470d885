"""The pipeline's settings: the team's stall and quiet thresholds and the person's won and lost period."""

from __future__ import annotations

from kam_tui.areas.pipeline import rules
from kam_tui.core.db.records import database
from kam_tui.core.db.settings import get_setting, set_setting
from kam_tui.core.state import PersonalState

STALL_SETTING = "pipeline.stall_days"  # a team rule: in the database, for everyone
QUIET_SETTING = "pipeline.quiet_days"  # a team rule too: days without contact per stage
PERIOD_SETTING = "pipeline.period"  # the person's own view: in their state, per database


def stall_days() -> dict[int, int]:
    """Return the stall threshold of each stage (days), stored or default."""
    return rules.parse_stall_days(get_setting(STALL_SETTING))


def set_stall_days(thresholds: dict[int, int]) -> None:
    """Store the stall thresholds."""
    set_setting(STALL_SETTING, rules.format_stall_days(thresholds))


def quiet_days() -> dict[int, int]:
    """Return the days without contact after which a deal in each stage counts as stalled."""
    return rules.parse_stall_days(get_setting(QUIET_SETTING), rules.DEFAULT_QUIET_DAYS)


def set_quiet_days(thresholds: dict[int, int]) -> None:
    """Store the days without contact after which a deal counts as stalled."""
    set_setting(QUIET_SETTING, rules.format_stall_days(thresholds))


def period() -> rules.Period:
    """Return the period the won and lost figures cover (a quarter unless changed)."""
    try:
        return rules.Period(PersonalState(database()).get(PERIOD_SETTING,
                                                          rules.Period.QUARTER.value))
    except ValueError:
        return rules.Period.QUARTER


def set_period(value: rules.Period) -> None:
    """Remember the period the won and lost figures cover, for this person and database."""
    PersonalState(database()).put(PERIOD_SETTING, value.value)
