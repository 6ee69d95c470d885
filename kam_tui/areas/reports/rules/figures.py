"""The arithmetic of the reports: percentages rounded half up and medians of counted values."""

from __future__ import annotations

from collections.abc import Iterable


def percent(part: int, whole: int) -> int | None:
    """Return part / whole in whole percent, rounded half up; None when whole is 0."""
    if whole <= 0:
        return None
    # Integers only: 1/8 is exactly 12.5%, which float rounding would send either way.
    return (part * 200 + whole) // (2 * whole)


def median(counted: Iterable[tuple[float, int]]) -> float | None:
    """Return the median of values given as (value, how many times); None when there are none.

    With an even number of values it is the mean of the two middle ones.
    """
    pairs = sorted((value, count) for value, count in counted if count > 0)
    total = sum(count for _value, count in pairs)
    if not total:
        return None
    # The 0-based positions of the middle value(s) in the sorted list of all values.
    low_at, high_at = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, count in pairs:
        if low is None and low_at < seen + count:
            low = value
        if high_at < seen + count:
            high = value
            break
        seen += count
    assert low is not None and high is not None
    return (low + high) / 2
