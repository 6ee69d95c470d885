"""Contacts as vCard 3.0 cards for a phone's address book (vobject writes and escapes them).

A card carries the name (Chinese names split into family and given name, compound surnames
kept whole), every number of the phone and mobile fields, the e-mail, the account as the
organisation (and the department as its unit), the title; the birthday only when the rep asks
for personal fields. Text is made safe first: no control character reaches the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import vobject

from kam_tui.core.domain.text import one_line

# The common two-character surnames: 欧阳修 is 欧阳 + 修, not 欧 + 阳修.
COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "万俟", "闻人", "澹台",
    "申屠", "太史", "呼延", "钟离", "赫连", "百里", "东郭", "第五", "单于",
))
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Several numbers in one field: "0571-8888 8888 / 138 0000 0000", "…；…", "…、…".
_NUMBER_SPLIT = re.compile(r"\s*(?:[/;,、，；|]|\s{2,})\s*")
_DIALABLE = re.compile(r"[^0-9+#*]")


@dataclass(frozen=True)
class Card:
    """What one contact's card says."""

    uid: str
    name: str
    account: str = ""
    department: str = ""
    title: str = ""
    phone: str = ""
    mobile: str = ""
    email: str = ""
    birthday: date | None = None


def split_name(name: str) -> tuple[str, str]:
    """Return (family, given): 张伟 → 张, 伟; 欧阳修 → 欧阳, 修; John Smith → Smith, John."""
    name = name.strip()
    if _CJK.match(name) and " " not in name:
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
        return surname, name[len(surname):]
    parts = name.split()
    if len(parts) < 2:
        return name, ""
    return parts[-1], " ".join(parts[:-1])


def numbers(field: str) -> list[str]:
    """Return the phone numbers in a field, as written (a `tel:` prefix dropped)."""
    found = []
    for part in _NUMBER_SPLIT.split(field or ""):
        part = part.strip()
        if part.lower().startswith("tel:"):
            part = part[4:].strip()
        if _DIALABLE.sub("", part):  # a note like "ask reception" is not a number
            found.append(part)
    return found


def _line(value: object, limit: int = 300) -> str:
    return one_line(value, limit)


def vcard(card: Card, *, include_personal: bool = False) -> str:
    """Return one vCard 3.0 (CRLF line endings, folded by vobject)."""
    item = vobject.vCard()
    name = _line(card.name, 100)
    family, given = split_name(name)
    item.add("n").value = vobject.vcard.Name(family=family, given=given)
    item.add("fn").value = name
    if card.account or card.department:
        org = [_line(card.account, 200)]
        if card.department:
            org.append(_line(card.department, 100))
        item.add("org").value = org
    if card.title:
        item.add("title").value = _line(card.title, 100)
    for field, kind in ((card.mobile, "CELL"), (card.phone, "WORK")):
        for number in numbers(_line(field, 200)):
            tel = item.add("tel")
            tel.value = number
            tel.type_paramlist = [kind, "VOICE"]
    if card.email:
        mail = item.add("email")
        mail.value = _line(card.email, 200)
        mail.type_param = "INTERNET"
    if include_personal and card.birthday is not None:
        item.add("bday").value = card.birthday.isoformat()
    if card.uid:
        item.add("uid").value = _line(card.uid, 64)
    return item.serialize()
