"""search: the haystack search-as-you-type scans, pinyin keys and query terms."""

from __future__ import annotations

import pytest

from kam_tui.core.domain import search
from kam_tui.core.domain.search import handles_text, pinyin_keys, search_terms, search_text


def test_pinyin_keys_full_spaced_and_initials() -> None:
    keys = pinyin_keys("吴伟科技")
    assert "wuweikeji" in keys
    assert "wu wei ke ji" in keys
    assert "wwkj" in keys.split()


def test_pinyin_keys_empty_without_chinese() -> None:
    assert pinyin_keys("ACME Logistics") == ""
    assert pinyin_keys("") == ""
    assert pinyin_keys("12345") == ""


def test_pinyin_keys_lower_case() -> None:
    keys = pinyin_keys("ABC吴伟")
    assert keys == keys.lower()
    assert "wuwei" in keys


def test_search_text_chinese_name() -> None:
    hay = search_text("吴伟科技")
    assert "吴伟科技" in hay
    assert "wwkj" in hay
    assert "wuweikeji" in hay
    assert "wu wei" in hay


def test_search_text_english_lower_cased() -> None:
    hay = search_text("ACME Logistics", "AcMe")
    assert "acme logistics" in hay
    assert "ACME" not in hay
    assert hay == hay.lower()


def test_search_text_short_name_and_contacts() -> None:
    hay = search_text("北京东方物流有限公司", "东方物流", contact_names=["张伟", "Li Na"])
    assert "东方物流" in hay
    assert "zhangwei" in hay
    assert "zw" in hay
    assert "li na" in hay
    assert "dfwl" in hay


def test_search_text_phone_digits() -> None:
    hay = search_text("X", phone="+86 (138) 0013-8000")
    assert "13800138000" in hay
    assert "+86 (138) 0013-8000" in hay
    assert "8613800138000" in hay


def test_search_text_no_phone() -> None:
    hay = search_text("X")
    assert hay == "x"


def test_search_text_no_double_spaces() -> None:
    hay = search_text("A   B", "", "", ["  C  "])
    assert "  " not in hay
    assert hay == hay.strip()


def test_search_text_skips_empty_contacts() -> None:
    assert search_text("X", contact_names=["", ""]) == "x"


def test_search_terms() -> None:
    assert search_terms("  ACME   Wu  ") == ["acme", "wu"]
    assert search_terms("") == []
    assert search_terms("   ") == []
    assert search_terms("a b c d e f g h i j") == ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert search_terms("50%  a_b") == ["50%", "a_b"]


# --- name readings beside the usual one (expected keys worked out from the readings: usual full,
# spaced and initials first, then each variant's full spelling and initials) ------------------------

@pytest.mark.parametrize("text, person, keys", [
    # 单 is read dan by the library; Shanxian (单县) is the county's name.
    ("单县", False, "danxian dan xian dx shanxian sx"),
    # A person's surname 曾 is Zeng, not Ceng.
    ("曾强", True, "cengqiang ceng qiang cq zengqiang zq"),
    ("曾强", False, "cengqiang ceng qiang cq zengqiang zq"),
    # The name reading is placed at the character's own position, wherever it stands.
    ("王曾", True, "wangceng wang ceng wc wangzeng wz"),
    ("王曾", False, "wangceng wang ceng wc wangzeng wz"),
])
def test_name_readings_indexed_beside_the_usual(text: str, person: bool, keys: str) -> None:
    """A character read otherwise in names gets its name reading indexed after the usual one."""
    assert pinyin_keys(text, person) == keys


def test_at_most_four_characters_get_a_name_reading() -> None:
    """Only the first four characters whose name reading differs get a variant: 解 (5th) does not."""
    # usual: pu qu ceng dan jie; variants 朴 piao, 区 ou, 曾 zeng, 单 shan; 解 xie is the fifth.
    assert pinyin_keys("朴区曾单解") == (
        "puqucengdanjie pu qu ceng dan jie pqcdj"
        " piaoqucengdanjie pqcdj puoucengdanjie pocdj"
        " puquzengdanjie pqzdj puqucengshanjie pqcsj")


def test_a_name_reading_equal_to_the_usual_uses_up_none_of_the_four() -> None:
    """柏 is already read bai, its name reading: no variant, and 朴区曾单 still get theirs."""
    assert pinyin_keys("柏朴区曾单解") == (
        "baipuqucengdanjie bai pu qu ceng dan jie bpqcdj"
        " baipiaoqucengdanjie bpqcdj baipuoucengdanjie bpocdj"
        " baipuquzengdanjie bpqzdj baipuqucengshanjie bpqcsj")


# 万俟 typed apart is read "wan qi" by the library; as a person's compound surname it is Moqi.
SPACED_COMPOUND = "万 俟卨"


def test_a_persons_compound_surname_is_read_as_one() -> None:
    """A person's leading compound surname is indexed with its own reading (万俟 Moqi)."""
    assert pinyin_keys(SPACED_COMPOUND, person=True) == "wanqixie wan qi xie wqx moqixie mqx"


def test_a_compound_surname_reading_is_for_people_only() -> None:
    """An account's name (the default) is not read as a person's compound surname."""
    assert pinyin_keys(SPACED_COMPOUND, person=False) == "wanqixie wan qi xie wqx"
    assert pinyin_keys(SPACED_COMPOUND) == "wanqixie wan qi xie wqx"


def test_search_text_reads_only_contacts_as_people() -> None:
    """In an account's haystack, contact names are people; the name and short name are not."""
    assert "moqi" not in search_text("万 俟物流")
    assert "moqi" not in search_text("X", short_name="万 俟物流")
    assert "moqixie mqx" in search_text("X", contact_names=[SPACED_COMPOUND])


@pytest.mark.parametrize("text, keys", [
    ("曾㐂", "ceng ceng c"),  # 㐂 has no reading: only 1 syllable for 2 characters
    ("曾〇", "cengling ceng ling cl"),  # 〇 is read ling but is not in the Han block counted
])
def test_no_name_readings_when_syllables_and_characters_do_not_line_up(text: str,
                                                                       keys: str) -> None:
    """When syllables and Han characters differ in number, only the usual reading is indexed."""
    assert pinyin_keys(text) == keys


def test_han_text_without_any_reading_has_no_keys() -> None:
    """A Han character the library cannot read gives an empty key string, not None."""
    assert pinyin_keys("㐂") == ""


def test_pinyin_tables_are_loaded_once() -> None:
    """The pinyin converter (tens of MB of tables) is built on first use and then kept."""
    assert search._pinyin() is search._pinyin()


# --- handles -------------------------------------------------------------------------------------

@pytest.mark.parametrize("handles, text", [
    (["13800138000"], "13800138000"),  # already only digits: not indexed twice
    (["0755-1234"], "0755-1234 | 07551234"),
    (["Tel 0755-1234"], "tel 0755-1234 | 07551234"),  # lower-cased, and digits beside it
    (["12-3"], "12-3 | 123"),  # three digits: indexed as digits
    (["1-2"], "1-2"),  # two digits: too few to be worth it
    (["", "0755-1234"], "0755-1234 | 07551234"),  # an empty handle is skipped, not the end
    (["wu@acme.cn", "", "wx_wu"], "wu@acme.cn | wx_wu"),
])
def test_handles_as_written_and_phones_as_digits(handles: list[str], text: str) -> None:
    """Each handle is indexed as written; one with three or more digits also as its digits."""
    assert handles_text(handles) == text


@pytest.mark.parametrize("text, spellings", [
    ("单县", [["dan", "xian"], ["shan", "xian"]]),  # the usual reading first, then the variant
    ("㐂", []),  # a Han character without any reading: no spelling at all
    ("ACME", []),
])
def test_spellings_are_a_list_of_readings(text: str, spellings: list[list[str]]) -> None:
    """The readings of a text are a list of syllable lists, empty (never None) when there are none."""
    assert search._spellings(text, False) == spellings
