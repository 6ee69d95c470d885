"""Keys that find the same account, person or deal however it is spelled.

Shared by the import (which matches a sheet's rows to stored records by them) and the customer
area (which warns of a likely duplicate before a new account is saved).
"""

from __future__ import annotations

import re
import unicodedata

# Longest first: "股份有限公司" must go before "有限公司" can leave "股份" behind.
COMPANY_SUFFIXES = tuple(sorted((
    "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "公司",
    "companylimited", "colimited", "coltd", "ltd", "limited", "inc", "corp",
    "corporation", "company", "llc", "gmbh",
), key=len, reverse=True))
_DROP = re.compile(r"[\s\u3000.,，。·・\-_'\"“”‘’&()（）\[\]【】/]+")
_DIGITS = re.compile(r"\D+")


def _fold(text: str) -> str:
    """Full-width to half-width (NFKC), case folded, spaces and punctuation dropped."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def words(text: str) -> list[str]:
    """Return the words of a name as the keys see them: NFKC, case folded, split at spaces and
    punctuation ("Acme Co., Ltd." -> ["acme", "co", "ltd"])."""
    return [word for word in _DROP.split(unicodedata.normalize("NFKC", text or "").casefold())
            if word]


def company_key(name: str) -> str:
    """Return the key two spellings of one organisation share.

    "北京 远达物流 股份有限公司", "北京远达物流有限公司" and "北京远达物流" all give "北京远达物流";
    a name that is nothing but a suffix keeps it ("有限公司" stays itself).
    """
    key = _fold(name)
    if key in COMPANY_SUFFIXES:
        return key
    changed = True
    while changed:
        changed = False
        for suffix in COMPANY_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                changed = True
                break
    return key


def person_key(name: str) -> str:
    """Return the key of a person's or a deal's name: width, case, spaces and dots folded."""
    return _fold(name)


def phone_key(phone: str) -> str:
    """Return the digits of a phone number that identify it, or "" when too short to.

    A leading country code 86 (+86, 0086) is dropped; extensions after "转" or "ext" are not.
    """
    text = unicodedata.normalize("NFKC", phone or "")
    digits = _DIGITS.sub("", text)
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits if len(digits) >= 7 else ""
