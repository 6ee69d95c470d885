"""Suggested classifications (DOMAIN.md §1): ABC by Pareto, enterprise size, MAN advice; the
contradictions between layer, status, lifecycle and purchase history; and the keys by which
a new account is likely one already on file.

Pure functions: they only suggest; the rep decides what goes on the card.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from kam_tui.core.domain.names import COMPANY_SUFFIXES, phone_key, words
from kam_tui.core.domain.search import pinyin_keys
from kam_tui.core.domain.vocab import (
    AbcClass,
    AccountStatus,
    EnterpriseSize,
    Lang,
    Layer,
    Lifecycle,
    OperatingScope,
)

# --- ABC class by Pareto (80/20) ----------------------------------------------------------------

PARETO_A = 0.80  # accounts above hold less than this share: the account is in the first 80%
PARETO_B = 0.95


def suggest_abc(share_above: float | None) -> AbcClass | None:
    """Suggest the ABC class from the share of volume held by accounts that bought more.

    share_above is what db.account_queries.pareto_position returns: the share of the 12-month
    purchase volume held by the accounts that bought strictly more than this one. The account is
    A when that share is below 80% (it is among the accounts making up the first 80% of volume),
    B below 95%, C otherwise. None (the account bought nothing, or nobody did) gives None.
    """
    if share_above is None:
        return None
    if share_above < PARETO_A:
        return AbcClass.A
    if share_above < PARETO_B:
        return AbcClass.B
    return AbcClass.C


def classify_by_pareto(volumes: Mapping[int, int]) -> dict[int, AbcClass]:
    """Suggest the ABC class of every account from its purchase volume (account id -> volume).

    Accounts are taken by volume, largest first; each one's share is that of the accounts that
    bought strictly more (computed before adding the account itself), so accounts with equal
    volume get the same class, exactly as suggest_abc(pareto_position(...)) gives one by one.
    Accounts with no (or negative) volume are C.
    """
    positive = {key: volume for key, volume in volumes.items() if volume > 0}
    total = sum(positive.values())
    result: dict[int, AbcClass] = {key: AbcClass.C for key in volumes}
    if total <= 0:
        return result
    above = 0  # volume of the accounts strictly bigger than the current group of equals
    ordered = sorted(positive.items(), key=lambda item: (-item[1], item[0]))
    index = 0
    while index < len(ordered):
        volume = ordered[index][1]
        group_end = index
        while group_end < len(ordered) and ordered[group_end][1] == volume:
            group_end += 1
        suggested = suggest_abc(above / total) or AbcClass.C
        for key, _ in ordered[index:group_end]:
            result[key] = suggested
        above += volume * (group_end - index)
        index = group_end
    return result


# --- Enterprise size by installed base --------------------------------------------------------

SIZE_LARGE_ABOVE = 200  # more than 200 units, across regions
SIZE_MEDIUM_FROM = 50  # 50 units and more


def suggest_size(installed_base: int | None, scope: str | None) -> EnterpriseSize | None:
    """Suggest the enterprise size from the installed base (units of our kind of product).

    DOMAIN.md §1: large = more than 200 units and operating across regions; medium = 50-200
    across regions, or 50 and more in one region; small = fewer than 50.

    So a one-region enterprise is never large: more than 200 units in one region is medium.
    When the scope is unknown (empty or not an OperatingScope code), 50 units and more is taken
    as medium: "large" needs the cross-region scope to be known, and medium is right for either
    scope up to 200 units. An unknown installed base (None) gives None; a negative one is refused
    with ValueError.
    """
    if installed_base is None:
        return None
    if installed_base < 0:
        raise ValueError(f"installed base cannot be negative: {installed_base}")
    if installed_base < SIZE_MEDIUM_FROM:
        return EnterpriseSize.SMALL
    if installed_base > SIZE_LARGE_ABOVE and OperatingScope.parse(scope) is \
            OperatingScope.CROSS_REGION:
        return EnterpriseSize.LARGE
    return EnterpriseSize.MEDIUM


# --- MAN qualification -------------------------------------------------------------------------


@dataclass(frozen=True)
class Advice:
    """What to do with a prospect, from its MAN combination."""

    code: str  # pursue, sell_need, find_authority, check_credit, nurture, stop
    combination: str  # "M+A+n": upper case for yes, lower case for no
    verdict_en: str
    verdict_zh: str
    action_en: str
    action_zh: str

    @property
    def is_prospect(self) -> bool:
        """Return False only for m+a+n, which is not a customer."""
        return self.code != "stop"

    def label(self, lang: Lang = "en") -> str:
        """Return the short verdict ("Ideal", "Contact", "Not a customer")."""
        return self.verdict_zh if lang == "zh" else self.verdict_en

    def message(self, lang: Lang = "en") -> str:
        """Return the verdict and what to do, in the given language."""
        if lang == "zh":
            return f"{self.verdict_zh}：{self.action_zh}"
        return f"{self.verdict_en}: {self.action_en}"

    @property
    def en(self) -> str:
        """The full advice in English."""
        return self.message("en")

    @property
    def zh(self) -> str:
        """The full advice in Chinese."""
        return self.message("zh")


def man_combination(money: bool, authority: bool, need: bool) -> str:
    """Return the combination label, e.g. "M+a+N"."""
    return "+".join((
        "M" if money else "m",
        "A" if authority else "a",
        "N" if need else "n",
    ))


_CONTACT = ("Contact", "可以接触")
_NURTURE = ("nurture over time", "长期观察、培养")

_ADVICE: dict[tuple[bool, bool, bool], tuple[str, str, str, str, str]] = {
    (True, True, True): ("pursue", "Ideal", "理想客户", "pursue", "全力争取"),
    (True, True, False): ("sell_need", *_CONTACT, "sell the need", "激发其需求"),
    (True, False, True): ("find_authority", *_CONTACT, "find the person with authority",
                          "设法找到有决定权的人"),
    (False, True, True): ("check_credit", *_CONTACT, "check credit, offer financing",
                          "调查其信用，提供融资方案"),
    (False, False, True): ("nurture", *_CONTACT, *_NURTURE),
    (False, True, False): ("nurture", *_CONTACT, *_NURTURE),
    (True, False, False): ("nurture", *_CONTACT, *_NURTURE),
    (False, False, False): ("stop", "Not a customer", "非客户", "stop", "停止接触"),
}


def man_advice(money: bool, authority: bool, need: bool) -> Advice:
    """Return the advice for a prospect's MAN qualification (DOMAIN.md §1)."""
    key = (bool(money), bool(authority), bool(need))
    code, verdict_en, verdict_zh, action_en, action_zh = _ADVICE[key]
    return Advice(code, man_combination(*key), verdict_en, verdict_zh, action_en, action_zh)


# --- Likely duplicates -------------------------------------------------------------------------

# Words that end an English company name and say nothing of which company it is. Taken off as
# whole words only: "Costco" keeps its "co", "Acme Co." loses it.
ENGLISH_SUFFIX_WORDS = frozenset((
    "co", "company", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "llc",
    "gmbh", "plc", "group",
))
# What a warning may also take off beyond the import's key (which must not merge a group with
# its company): 远达物流集团 and 远达物流有限公司 are likely the same customer to ask about.
GROUP_SUFFIX = "集团"
_SUFFIX_WORDS = ENGLISH_SUFFIX_WORDS | frozenset(COMPANY_SUFFIXES) | {GROUP_SUFFIX}
# Longest first, as the import's: "股份有限公司" goes before "有限公司" can leave "股份" behind.
_KEY_SUFFIXES = tuple(sorted({*COMPANY_SUFFIXES, GROUP_SUFFIX}, key=len, reverse=True))
SEARCH_TERM_MIN = 3  # the trigram index finds substrings of three characters and more
_MOBILE = re.compile(r"1\d{10}")


def _named_words(name: str) -> list[str]:
    """Return the name's words without the suffix words that end it ("Acme", "Co", "Ltd")."""
    parts = words(name)
    while len(parts) > 1 and parts[-1] in _SUFFIX_WORDS:
        parts.pop()
    return parts


def duplicate_name_key(name: str) -> str:
    """Return the key two spellings of one account share, for the duplicate warning.

    As the import's company key: NFKC, case folded, spaces and punctuation dropped, the company
    suffixes taken off one after another (有限公司, 股份有限公司, 有限责任公司, 公司, Co., Ltd.,
    Inc., LLC, Corp, GmbH ...), and 集团 as well: "吴伟 科技", "吴伟科技有限公司" and "吴伟科技集团"
    give "吴伟科技"; "Acme Co., Ltd." and "ACME" give "acme". An English suffix comes off as a word
    of its own or after Chinese, never out of a word: "Zinc" keeps its "inc". A name that is
    nothing but a suffix keeps it ("有限公司" stays itself).
    """
    key = "".join(_named_words(name))
    if key in _KEY_SUFFIXES:
        return key
    stripped = True
    while stripped:
        stripped = False
        for suffix in _KEY_SUFFIXES:
            if not key.endswith(suffix) or len(key) <= len(suffix):
                continue
            if suffix.isascii() and key[-len(suffix) - 1].isascii():
                continue  # the end of a Latin word ("zinc"), not a suffix
            key = key[: -len(suffix)]
            stripped = True
            break
    return key


def duplicate_phone_key(phone: str) -> str:
    """Return the digits that identify a phone number, or "" when too short to (under 7).

    Only digits count; a leading country code (+86, 0086) is dropped, and a landline written
    after one gets back the 0 of its area code: "+86 20 8888 1234", "0086-20-88881234" and
    "020 8888 1234" give "02088881234"; "+86 138 0013 8000" gives "13800138000".
    """
    text = unicodedata.normalize("NFKC", phone or "").strip()
    digits = re.sub(r"\D+", "", text)
    coded = digits.startswith("0086") or (text.startswith("+") and digits.startswith("86"))
    if not coded:
        return phone_key(text)
    local = digits[4:] if digits.startswith("0086") else digits[2:]
    if local and not local.startswith("0") and not _MOBILE.fullmatch(local):
        local = "0" + local
    return local if len(local) >= 7 else ""


def is_likely_duplicate(name: str, phone: str, other_name: str, other_phone: str) -> bool:
    """Return whether an account named other_name with other_phone is likely the new one:
    the same name key, or the same phone digits."""
    key = duplicate_name_key(name)
    if key and key == duplicate_name_key(other_name):
        return True
    digits = duplicate_phone_key(phone)
    return bool(digits) and digits == duplicate_phone_key(other_phone)


def name_search_groups(name: str) -> list[tuple[str, ...]]:
    """Return what an account's search text must contain to be a candidate duplicate by name:
    any one group, every term of it (each at least three characters, as the index needs).

    The search text holds the name lower-cased as written, and the full pinyin of its Chinese
    without spaces; the groups are the name key itself ("吴伟科技" in "吴伟科技有限公司"), its
    pinyin ("wuweikeji", whatever spaces or brackets the stored name has), and its words ("acme"
    and "trading" in "Acme Trading Co."). Candidates are then checked with the keys.
    """
    key = duplicate_name_key(name)
    groups: list[tuple[str, ...]] = []
    if len(key) >= SEARCH_TERM_MIN:
        groups.append((key,))
    pinyin = pinyin_keys(key).split(" ", 1)[0]
    if len(pinyin) >= SEARCH_TERM_MIN:
        groups.append((pinyin,))
    parts = _named_words(name)
    if parts:
        parts[-1] = duplicate_name_key(parts[-1])
    terms = tuple(dict.fromkeys(part for part in parts if len(part) >= SEARCH_TERM_MIN))
    if len(terms) > 1 or (terms and terms[0] != key):
        groups.append(terms)
    return list(dict.fromkeys(groups))


def phone_search_term(phone: str) -> str:
    """Return what an account's search text must contain to be a candidate by phone ("" for
    none): the digits without the area code's leading 0, found in "020-…" and "+86 20 …" alike."""
    return duplicate_phone_key(phone).lstrip("0")


# --- Contradictions between layer, status, lifecycle and purchase history ---------------------

# A purchase this recent says the account is buying now: "lost" or "departure" is stale.
RECENT_PURCHASE_DAYS = 90
# No purchase for longer than this and an account that has bought is no longer current.
LOST_AFTER_DAYS = 365
# A first purchase longer ago than this is no acquisition ("new") any more.
NEW_FOR_DAYS = 730


@dataclass(frozen=True)
class PurchaseHistory:
    """What the card knows of an account's buying: the "has bought from us" flag, and the
    first and last purchase on file with their count."""

    bought_before: bool = False
    first: date | None = None
    last: date | None = None
    count: int = 0

    @classmethod
    def of(cls, bought_before: bool, purchase_dates: Iterable[date | None]) -> PurchaseHistory:
        """Return the history from the flag and the purchases' dates (unreadable ones skipped)."""
        days = [day for day in purchase_dates if day is not None]
        return cls(bool(bought_before), min(days, default=None), max(days, default=None),
                   len(days))

    @property
    def has_bought(self) -> bool:
        """Return whether anything says the account has bought from us."""
        return self.bought_before or self.count > 0


@dataclass(frozen=True)
class Contradiction:
    """A classification the purchase history contradicts, and the value the data suggests."""

    code: str  # e.g. "layer_bought", "flag_purchases", "status_lost_recent"
    field: str  # the account field to change: layer, status, lifecycle or bought_before
    suggested: str | bool  # a Layer / AccountStatus / Lifecycle code, or True for the flag
    en: str
    zh: str

    def message(self, lang: Lang = "en") -> str:
        """Return the contradiction and its suggestion in the given language."""
        return self.zh if lang == "zh" else self.en


def suggest_layer(history: PurchaseHistory, need: bool = False) -> Layer:
    """Suggest the layer (DOMAIN.md §1): consolidate once it has bought from us; never bought,
    breakthrough with a need this year, watch without."""
    if history.has_bought:
        return Layer.CONSOLIDATE
    return Layer.BREAKTHROUGH if need else Layer.WATCH


def suggest_status(history: PurchaseHistory, today: date) -> AccountStatus:
    """Suggest the status: potential until it buys; current while buying; lost after a year
    without a purchase. The flag without dated purchases reads as current."""
    if not history.has_bought:
        return AccountStatus.POTENTIAL
    if history.last is not None and (today - history.last).days > LOST_AFTER_DAYS:
        return AccountStatus.LOST
    return AccountStatus.CURRENT


def suggest_lifecycle(history: PurchaseHistory, today: date,
                      declining: bool = False) -> Lifecycle:
    """Suggest the lifecycle stage: acquisition until it buys; departure after a year without
    a purchase; decline when a decline warning stands; growth within two years of the first
    purchase; maturity after."""
    if not history.has_bought:
        return Lifecycle.ACQUISITION
    if history.last is not None and (today - history.last).days > LOST_AFTER_DAYS:
        return Lifecycle.DEPARTURE
    if declining:
        return Lifecycle.DECLINE
    if history.first is not None and (today - history.first).days > NEW_FOR_DAYS:
        return Lifecycle.MATURITY
    return Lifecycle.GROWTH


def _bought_words(history: PurchaseHistory) -> tuple[str, str]:
    if history.count:
        return (f"{history.count} purchase(s) on file", f"已有 {history.count} 笔购买记录")
    return ("marked as having bought from us", "标记为曾向我们购买")


def contradictions(layer: str, status: str, lifecycle: str, history: PurchaseHistory,
                   today: date, *, need: bool = False,
                   declining: bool = False) -> list[Contradiction]:
    """Return where the layer, status and lifecycle contradict the purchase history.

    Each comes with the value the data suggests; none is refused, the rep decides (the data may
    be right and the classification stale, or the other way round). need is a need this year
    (MAN need, or an open deal); declining, whether a decline warning stands.
    - the flag says no but purchases are on file;
    - layer watch or breakthrough (never bought) but it has bought, unless its status is lost (a
      lost account has no layer of its own and is watched for a later need); consolidate but
      nothing says it ever bought;
    - status potential but it has bought; current but it never bought; lost but it bought in
      the last 90 days;
    - lifecycle acquisition but the first purchase is over two years old; departure but it
      bought in the last 90 days; growth, maturity or decline but it never bought.
    Unknown codes (empty or unreadable) give no contradiction for that field.
    """
    found: list[Contradiction] = []
    bought_en, bought_zh = _bought_words(history)
    recent = history.last is not None and (today - history.last).days <= RECENT_PURCHASE_DAYS

    if not history.bought_before and history.count:
        found.append(Contradiction(
            "flag_purchases", "bought_before", True,
            f"'Has bought from us' is no, but {bought_en}: suggest yes",
            f"“曾向我们购买”为否，但{bought_zh}：建议改为是"))

    current_layer = Layer.parse(layer)
    layer_wanted = suggest_layer(history, need)
    current_status = AccountStatus.parse(status)
    # A lost account has no layer of its own: watch (a need later) is how it stays on file.
    if (current_layer in (Layer.WATCH, Layer.BREAKTHROUGH) and history.has_bought
            and current_status is not AccountStatus.LOST):
        found.append(Contradiction(
            "layer_bought", "layer", layer_wanted.value,
            f"Layer {current_layer.en} means never bought, but {bought_en}: "
            f"suggest {layer_wanted.en}",
            f"分层“{current_layer.zh}”表示从未购买，但{bought_zh}：建议“{layer_wanted.zh}”"))
    elif current_layer is Layer.CONSOLIDATE and not history.has_bought:
        found.append(Contradiction(
            "layer_never_bought", "layer", layer_wanted.value,
            f"Layer {current_layer.en} means it has bought, but no purchase is on file: "
            f"suggest {layer_wanted.en}",
            f"分层“{current_layer.zh}”表示已购买，但无购买记录：建议“{layer_wanted.zh}”"))

    status_wanted = suggest_status(history, today)
    if current_status is AccountStatus.POTENTIAL and history.has_bought:
        found.append(Contradiction(
            "status_potential_bought", "status", status_wanted.value,
            f"Status {current_status.en}, but {bought_en}: suggest {status_wanted.en}",
            f"状态“{current_status.zh}”，但{bought_zh}：建议“{status_wanted.zh}”"))
    elif current_status is AccountStatus.CURRENT and not history.has_bought:
        found.append(Contradiction(
            "status_current_never", "status", status_wanted.value,
            f"Status {current_status.en}, but no purchase is on file: "
            f"suggest {status_wanted.en}",
            f"状态“{current_status.zh}”，但无购买记录：建议“{status_wanted.zh}”"))
    elif current_status is AccountStatus.LOST and recent:
        found.append(Contradiction(
            "status_lost_recent", "status", status_wanted.value,
            f"Status {current_status.en}, but it bought on {history.last}: "
            f"suggest {status_wanted.en}",
            f"状态“{current_status.zh}”，但 {history.last} 刚采购过：建议“{status_wanted.zh}”"))

    current_stage = Lifecycle.parse(lifecycle)
    stage_wanted = suggest_lifecycle(history, today, declining)
    if (current_stage is Lifecycle.ACQUISITION and history.first is not None
            and (today - history.first).days > NEW_FOR_DAYS):
        found.append(Contradiction(
            "lifecycle_new_old", "lifecycle", stage_wanted.value,
            f"Lifecycle {current_stage.en}, but the first purchase was on {history.first}: "
            f"suggest {stage_wanted.en}",
            f"生命周期“{current_stage.zh}”，但首次采购在 {history.first}："
            f"建议“{stage_wanted.zh}”"))
    elif current_stage is Lifecycle.DEPARTURE and recent:
        found.append(Contradiction(
            "lifecycle_departed_recent", "lifecycle", stage_wanted.value,
            f"Lifecycle {current_stage.en}, but it bought on {history.last}: "
            f"suggest {stage_wanted.en}",
            f"生命周期“{current_stage.zh}”，但 {history.last} 刚采购过：建议“{stage_wanted.zh}”"))
    elif (current_stage in (Lifecycle.GROWTH, Lifecycle.MATURITY, Lifecycle.DECLINE)
          and not history.has_bought):
        found.append(Contradiction(
            "lifecycle_never_bought", "lifecycle", stage_wanted.value,
            f"Lifecycle {current_stage.en}, but no purchase is on file: "
            f"suggest {stage_wanted.en}",
            f"生命周期“{current_stage.zh}”，但无购买记录：建议“{stage_wanted.zh}”"))
    return found
