"""The keys by which a new account is likely one already on file (issue #14, item 5)."""

from __future__ import annotations

import pytest

from kam_tui.areas.customers.rules import (
    duplicate_name_key,
    duplicate_phone_key,
    is_likely_duplicate,
    name_search_groups,
    phone_search_term,
)
from kam_tui.core.domain.names import words


@pytest.mark.parametrize("name", [
    "吴伟科技有限公司", "吴伟 科技", "吴伟科技", "吴伟科技股份有限公司", "吴伟科技有限责任公司",
    "吴伟科技集团", "吴伟科技集团有限公司", "吴伟科技公司", " 吴伟科技 ", "吴伟　科技（有限公司）",
])
def test_spellings_of_one_chinese_company_share_a_key(name) -> None:
    assert duplicate_name_key(name) == "吴伟科技"


@pytest.mark.parametrize("name", [
    "Acme", "ACME", "acme ", "Acme Co.", "Acme Co., Ltd.", "Acme Ltd", "Acme Limited", "Acme Inc.",
    "Acme, Inc", "ACME LLC", "Acme Corp.", "Acme Corporation", "Acme GmbH", "Acme Company",
    "Acme Group", "Ａｃｍｅ Co.,Ltd", "Acme Co Ltd",
])
def test_spellings_of_one_english_company_share_a_key(name) -> None:
    assert duplicate_name_key(name) == "acme"


@pytest.mark.parametrize(("name", "key"), [
    ("Costco", "costco"),  # "co" is a suffix only as a word of its own
    ("Zinc Inc", "zinc"),  # "inc" never comes out of a word
    ("Disco", "disco"),
    ("Acme Trading Co.", "acmetrading"),
    ("远达有限公司Ltd", "远达"),  # after Chinese an English suffix is a word of its own
    ("有限公司", "有限公司"),  # nothing but a suffix: it stays
    ("集团", "集团"),
    ("公司公司", "公司"),
    ("有限公司公司", "有限"),
    ("远达物流北京分公司", "远达物流北京分"),  # a branch is not the company
    ("", ""),
])
def test_suffixes_come_off_whole_and_never_empty_a_name(name, key) -> None:
    assert duplicate_name_key(name) == key


def test_different_companies_keep_different_keys() -> None:
    assert duplicate_name_key("吴伟科技") != duplicate_name_key("吴伟物流")
    assert duplicate_name_key("Acme Trading") != duplicate_name_key("Acme")


@pytest.mark.parametrize(("phone", "key"), [
    ("13800138000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"),
    ("+8613800138000", "13800138000"),
    ("0086 138-0013-8000", "13800138000"),
    ("8613800138000", "13800138000"),
    ("020-8888 1234", "02088881234"),
    ("(020) 88881234", "02088881234"),
    ("+86 20 8888 1234", "02088881234"),  # the area code gets its 0 back after +86
    ("0086-20-88881234", "02088881234"),
    ("+86 (0)20 8888 1234", "02088881234"),
    ("＋８６ ２０ ８８８８ １２３４", "02088881234"),  # full-width
    ("110", ""),  # too short to identify anyone
    ("+86 110", ""),
    ("", ""),
    ("+1 415 555 0100", "14155550100"),  # another country's code stays
])
def test_phone_digits(phone, key) -> None:
    assert duplicate_phone_key(phone) == key


def test_a_likely_duplicate_shares_the_name_key_or_the_phone() -> None:
    assert is_likely_duplicate("吴伟 科技", "", "吴伟科技有限公司", "020-62897893")
    assert is_likely_duplicate("Wuwei Tech", "+86 20 6289 7893", "吴伟科技有限公司",
                               "020-62897893")
    assert not is_likely_duplicate("Wuwei Tech", "", "吴伟科技有限公司", "020-62897893")
    assert not is_likely_duplicate("Wuwei Tech", "110", "Other", "110")  # no phone key
    assert not is_likely_duplicate("", "", "", "")  # nothing typed is like nothing stored


def test_name_search_groups_find_candidates_however_the_stored_name_is_spaced() -> None:
    # The key itself, and its pinyin for a stored name with spaces or brackets.
    assert name_search_groups("吴伟 科技有限公司") == [("吴伟科技",), ("wuweikeji",)]
    # English: the joined key, and its words one by one (every one must be there).
    assert name_search_groups("Acme Trading Co., Ltd.") == [("acmetrading",),
                                                            ("acme", "trading")]
    # A key of one word is not asked twice; a word under three characters cannot be asked.
    assert name_search_groups("Acme Ltd") == [("acme",)]
    assert name_search_groups("HP") == []
    assert name_search_groups("华为") == [("huawei",)]  # two characters: the pinyin finds it
    assert name_search_groups("") == []


def test_phone_search_term_is_found_in_either_way_of_writing_the_number() -> None:
    assert phone_search_term("020-8888 1234") == "2088881234"
    assert phone_search_term("+86 20 8888 1234") == "2088881234"
    assert phone_search_term("13800138000") == "13800138000"
    assert phone_search_term("110") == ""


def test_words_are_split_as_the_keys_see_them() -> None:
    assert words("Acme  Co., Ltd.") == ["acme", "co", "ltd"]
    assert words("恒远（天津）冷链") == ["恒远", "天津", "冷链"]
    assert words("ＡＢＣ·Trucks") == ["abc", "trucks"]
    assert words("") == []
