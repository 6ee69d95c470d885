"""The text that search-as-you-type scans: names, phone digits and the pinyin of Chinese names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _pinyin():  # type: ignore[no-untyped-def]
    # pypinyin loads ~40 MB of phrase tables; import it only when a name is written, never at start.
    from pypinyin import Style
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    # What lazy_pinyin builds on every call: it cuts the text into words, then converts each
    # word on its own, so one cut serves both styles and each word's pinyin can be kept.
    converter = UltimateConverter()
    segment = Pinyin(converter).seg

    @lru_cache(maxsize=32_768)
    def word(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        full = converter.convert(text, Style.NORMAL, False, "ignore", strict=True)
        first = converter.convert(text, Style.FIRST_LETTER, False, "ignore", strict=True)
        return (tuple(s for item in full for s in item),
                tuple(s for item in first for s in item))

    return segment, word


@lru_cache(maxsize=65_536)
def pinyin_keys(text: str) -> str:
    """Return full pinyin and initials of the Chinese in text ("吴伟科技" -> "wuweikeji wwkj")."""
    if not _HAN.search(text):
        return ""
    segment, word = _pinyin()
    # As lazy_pinyin(text, errors="ignore") and with style=FIRST_LETTER, an import's thousands
    # of names in a fraction of the time: an import's names share most of their words.
    syllables: list[str] = []
    initials: list[str] = []
    for part in segment(text):
        full, first = word(part)
        syllables.extend(s for s in full if s.isascii() and s.isalpha())
        initials.extend(s for s in first if s.isascii() and s.isalpha())
    if not syllables:
        return ""
    return f"{''.join(syllables)} {' '.join(syllables)} {''.join(initials)}".lower()


def search_text(name: str, short_name: str = "", phone: str = "",
                contact_names: Iterable[str] = (), contact_handles: Iterable[str] = ()) -> str:
    """Return the lower-cased haystack stored on an account for substring search.

    contact_handles are the contacts' phones, mobiles, e-mails and WeChat ids: a rep looks a
    caller up by the number on the phone.
    """
    names = [name, short_name, *contact_names]
    parts: list[str] = []
    for value in names:
        if value:
            parts.append(value.lower())
            keys = pinyin_keys(value)
            if keys:
                parts.append(keys)
    handles = handles_text([phone, *contact_handles])
    if handles:
        parts.append(handles)
    return _SPACES.sub(" ", " | ".join(parts)).strip()


def handles_text(handles: Iterable[str]) -> str:
    """Return phone numbers, e-mails and ids as searched: as written, and phones as digits."""
    parts: list[str] = []
    for handle in handles:
        if not handle:
            continue
        parts.append(handle.lower())
        digits = re.sub(r"\D", "", handle)
        if len(digits) >= 3 and digits != handle:
            parts.append(digits)
    return " | ".join(parts)


def search_terms(query: str) -> list[str]:
    """Split a typed query into lower-case terms that must all match."""
    return [term for term in query.lower().split() if term][:8]
