"""pinyin_keys cuts a name once and keeps each word's pinyin: the same keys as lazy_pinyin."""

from __future__ import annotations

import random

from pypinyin import Style, lazy_pinyin

from kam_tui.core.domain import search


def _reference(text: str) -> str:
    """The keys as lazy_pinyin gives them, called once per style."""
    if not search._HAN.search(text):
        return ""
    full = [s for s in lazy_pinyin(text, errors="ignore") if s.isascii() and s.isalpha()]
    first = [s for s in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
             if s.isascii() and s.isalpha()]
    if not full:
        return ""
    return f"{''.join(full)} {' '.join(full)} {''.join(first)}".lower()


def test_keys_equal_lazy_pinyin_for_names_and_random_text() -> None:
    rnd = random.Random(7)
    han = [chr(code) for code in range(0x4E00, 0x9FA5)]
    names = ["重庆长安汽车运输有限公司", "长沙银行", "吕梁绿色货运", "乐行天下", "ACME 重型机械",
             "第3分公司", "北京·远达（集团）", "嗯", "〇一二", "Ｆｕｌｌ宽度"]
    texts = names + ["".join(rnd.choice(han) for _ in range(rnd.randrange(1, 10)))
                     for _ in range(1500)]
    texts += ["".join(rnd.choice(han + list("ab 1-·（）")) for _ in range(12))
              for _ in range(300)]
    search.pinyin_keys.cache_clear()
    # The usual reading comes first, whole; name readings (单 shan, 曾 zeng…) may follow it.
    for text in texts + texts[:50]:
        keys, reference = search.pinyin_keys(text), _reference(text)
        assert keys == reference or keys.startswith(reference + " "), text


def test_surnames_and_places_are_found_by_their_own_reading() -> None:
    cases = {("曾强", True): ["cengqiang", "zengqiang", "zq"],
             ("单县物流", False): ["danxian", "shanxianwuliu", "sxwl"],
             ("解军", True): ["xiejun", "xj"], ("仇伟", True): ["qiuwei"],
             ("区明", True): ["ouming"], ("覃海", True): ["qinhai"],
             ("长孙无忌", True): ["zhangsunwuji", "zswj"]}
    for (text, person), wanted in cases.items():
        keys = search.pinyin_keys(text, person)
        for key in wanted:
            assert key in keys, (text, key, keys)  # the list searches for substrings
    assert search.pinyin_keys("吴伟科技") == "wuweikeji wu wei ke ji wwkj"  # nothing added
