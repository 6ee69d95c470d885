"""Whole numbers as reps write them: 1,200,000 · 120万 · 1.2亿 · ¥3,500 · full-width digits."""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CURRENCY = re.compile(r"^(?:¥|RMB|CNY)\s*|\s*(?:元|RMB|CNY)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,_\s'’]")
_DECIMAL = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
MAX_DIGITS = 30  # int() refuses >4300 digits; nothing kam stores is a tenth that long


def parse_whole(text: str, *, units: bool = True, percent: bool = False) -> int | None:
    """Return the whole number text means, or None when it is not one.

    With units, 万 and 亿 multiply (so 1.2亿 is 120000000) and a currency mark may stand before
    or after; a fraction is accepted only when the result is whole. With percent, a trailing %.
    """
    # NFKC turns full-width digits, commas and ￥ into their ASCII forms.
    value = unicodedata.normalize("NFKC", text).strip()
    if percent and value.endswith("%"):
        value = value[:-1]
    multiplier = 1
    if units:
        value = _CURRENCY.sub("", value)
        if value and value[-1] in UNITS:
            multiplier = UNITS[value[-1]]
            value = value[:-1]
    value = _SEPARATORS.sub("", value)
    if len(value) > MAX_DIGITS or not _DECIMAL.match(value):
        return None
    if multiplier == 1 and "." in value:
        return None  # 1.5 of something counted in whole units is a typo, not a rounding
    try:
        # Exact: Decimal's default 28-digit context would round a 29- or 30-digit number.
        number = Fraction(value) * multiplier
    except ValueError:
        return None
    if number != int(number):
        return None
    return int(number)
