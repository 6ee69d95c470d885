"""search: the haystack search-as-you-type scans, pinyin keys and query terms."""

from __future__ import annotations

from kam_tui.core.domain.search import pinyin_keys, search_terms, search_text


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
