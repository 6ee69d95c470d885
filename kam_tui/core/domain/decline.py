"""Early warnings of decline (DOMAIN.md §4), shared by the card and the calendar.

Pure functions over dates: no purchase for longer than the account's usual cycle, no contact for
longer than a limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median

from kam_tui.core.domain.vocab import Lang

# No contact for longer than this, by ABC class, is a warning of decline: one rule for the card
# and the Today list (an A account matters most, so it is missed soonest).
CONTACT_LIMIT_DAYS: dict[str, int] = {"A": 30, "B": 60, "C": 90}
DEFAULT_MAX_DAYS_WITHOUT_CONTACT = CONTACT_LIMIT_DAYS["C"]


def contact_limit(abc_class: str) -> int:
    """Return the most days an account of this class may go without contact."""
    return CONTACT_LIMIT_DAYS.get(abc_class, DEFAULT_MAX_DAYS_WITHOUT_CONTACT)


@dataclass(frozen=True)
class DeclineWarning:
    """A high-risk signal that an account is declining."""

    code: str  # "no_purchase" or "no_contact"
    days: int  # days since the last purchase or contact
    limit: int  # the usual purchase cycle, or the contact limit, in days
    en: str
    zh: str

    def message(self, lang: Lang = "en") -> str:
        """Return the warning in the given language."""
        return self.zh if lang == "zh" else self.en


def usual_purchase_cycle(purchase_dates: Iterable[date]) -> int | None:
    """Return the median number of days between purchases, or None with fewer than two dates.

    Purchases on the same day count once.
    """
    days = sorted(set(purchase_dates))
    if len(days) < 2:
        return None
    gaps = [(later - earlier).days for earlier, later in zip(days, days[1:])]
    return round(median(gaps))


def decline_warnings(today: date, purchase_dates: Iterable[date] = (),
                     last_contact: date | None = None, *,
                     max_days_without_contact: int = DEFAULT_MAX_DAYS_WITHOUT_CONTACT,
                     ) -> list[DeclineWarning]:
    """Return the signals of decline DOMAIN.md §4 names that can be read from dates.

    - no purchase for longer than the account's usual cycle (the median gap between its
      purchases; needs at least two purchases on different days);
    - no contact for more than max_days_without_contact days (an account never contacted gives
      no warning here: a new prospect is not declining).
    """
    warnings: list[DeclineWarning] = []
    dates = list(purchase_dates)
    cycle = usual_purchase_cycle(dates)
    if cycle is not None:
        since = (today - max(dates)).days
        if since > cycle:
            warnings.append(DeclineWarning(
                "no_purchase", since, cycle,
                f"No purchase for {since} days; it usually buys every {cycle} days",
                f"已 {since} 天未采购；通常每 {cycle} 天采购一次",
            ))
    if last_contact is not None:
        since = (today - last_contact).days
        if since > max_days_without_contact:
            warnings.append(DeclineWarning(
                "no_contact", since, max_days_without_contact,
                f"No contact for {since} days (limit {max_days_without_contact})",
                f"已 {since} 天未联系（上限 {max_days_without_contact} 天）",
            ))
    return warnings
