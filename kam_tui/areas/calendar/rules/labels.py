"""What a revisit is called where it leaves the screens: the rule that planned it."""

from __future__ import annotations

from kam_tui.areas.calendar.rules.holidays import MAJOR_NAMES
from kam_tui.core.domain.vocab import CadenceRule, Lang


def rule_label(rule: str, rule_key: str, lang: Lang = "en") -> str:
    """Return what planned a revisit, with the festival's name for a holiday visit."""
    label = CadenceRule.label_of(rule, lang) or rule
    if rule == CadenceRule.HOLIDAY.value:
        parts = (rule_key or "").split("/")
        if len(parts) > 1 and parts[1] in MAJOR_NAMES:
            en, zh = MAJOR_NAMES[parts[1]]
            label += f" · {zh if lang == 'zh' else en}"
    return label
