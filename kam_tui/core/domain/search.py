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
    # word on its own, so each word's pinyin can be kept (initials come from the syllables).
    converter = UltimateConverter()
    segment = Pinyin(converter).seg

    @lru_cache(maxsize=32_768)
    def word(text: str) -> tuple[str, ...]:
        full = converter.convert(text, Style.NORMAL, False, "ignore", strict=True)
        return tuple(s for item in full for s in item)

    return segment, word


# Readings a character takes in surnames and place names where the library reads the common
# word: 曾强 is Zeng Qiang, not Ceng; 单县 Shanxian; 解 Xie, 仇 Qiu, 查 Zha, 朴 Piao, 区 Ou, 覃 Qin.
# Indexed beside the usual reading, so either finds it. A person's compound surname is read as
# one (长孙 Zhangsun).
SURNAMES = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "查": "zha", "朴": "piao", "区": "ou",
    "覃": "qin", "翟": "zhai", "乐": "yue", "盖": "ge", "缪": "miao", "尉": "yu", "句": "gou",
    "种": "chong", "召": "shao", "员": "yun", "秘": "bi", "折": "she", "繁": "po", "黑": "he",
    "朝": "chao", "柏": "bai", "长": "chang", "重": "chong", "藏": "zang", "祭": "zhai",
    "能": "nai", "阚": "kan", "隗": "wei", "逄": "pang", "郇": "huan", "洗": "xian",
}
COMPOUND_SURNAMES = {
    "长孙": ("zhang", "sun"), "尉迟": ("yu", "chi"), "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"), "澹台": ("tan", "tai"), "令狐": ("ling", "hu"),
    "欧阳": ("ou", "yang"), "上官": ("shang", "guan"), "皇甫": ("huang", "fu"),
}
VARIANT_CHARACTERS = 4  # characters per name whose name reading is indexed beside the usual


def _syllables(text: str) -> list[str]:
    segment, word = _pinyin()
    # As lazy_pinyin(text, errors="ignore"), an import's thousands of names in a fraction of
    # the time: an import's names share most of their words.
    syllables: list[str] = []
    for part in segment(text):
        syllables.extend(s.lower() for s in word(part) if s.isascii() and s.isalpha())
    return syllables


def _spellings(text: str, person: bool) -> list[list[str]]:
    """Return the ways the Chinese in text may be read: the usual one first, then variants."""
    usual = _syllables(text)
    if not usual:
        return []
    found = [usual]
    han = _HAN.findall(text)
    if len(han) != len(usual):  # a character read as nothing: variants could not be placed
        return found
    if person:
        compound = COMPOUND_SURNAMES.get("".join(han[:2]))
        if compound is not None:
            found.append([*compound, *usual[2:]])
        elif han[0] in SURNAMES:
            found.append([SURNAMES[han[0]], *usual[1:]])
    # These characters' name readings anywhere (单县 Shanxian, the county; 曾家湾): the rep may
    # know a place or a person either way. Only these: every reading of every polyphonic
    # character would bury the haystack in noise (汽 "gai", 车 "ju").
    varied = 0
    for index, character in enumerate(han):
        reading = SURNAMES.get(character)
        if reading is None or reading == usual[index]:
            continue
        found.append([*usual[:index], reading, *usual[index + 1:]])
        varied += 1
        if varied == VARIANT_CHARACTERS:
            break
    unique: list[list[str]] = []
    for spelling in found:
        if spelling not in unique:
            unique.append(spelling)
    return unique


@lru_cache(maxsize=65_536)
def pinyin_keys(text: str, person: bool = False) -> str:
    """Return full pinyin and initials of the Chinese in text ("吴伟科技" -> "wuweikeji wwkj").

    The usual reading comes first, then the name readings of characters the library reads
    otherwise in names and places, and a person's compound surname ("曾强" -> "cengqiang …
    zengqiang zq", "单县" -> "danxian … shanxian sx").
    """
    if not _HAN.search(text):
        return ""
    spellings = _spellings(text, person)
    if not spellings:
        return ""
    usual = spellings[0]
    parts = [f"{''.join(usual)} {' '.join(usual)} {''.join(s[0] for s in usual)}"]
    parts.extend(f"{''.join(other)} {''.join(s[0] for s in other)}" for other in spellings[1:])
    return " ".join(parts)


def search_text(name: str, short_name: str = "", phone: str = "",
                contact_names: Iterable[str] = (), contact_handles: Iterable[str] = ()) -> str:
    """Return the lower-cased haystack stored on an account for substring search.

    contact_handles are the contacts' phones, mobiles, e-mails and WeChat ids: a rep looks a
    caller up by the number on the phone.
    """
    names = [(name, False), (short_name, False), *((person, True) for person in contact_names)]
    parts: list[str] = []
    for value, person in names:
        if value:
            parts.append(value.lower())
            keys = pinyin_keys(value, person)
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
