"""text.clean / one_line / normalise_input: untrusted text made safe to show and to store."""

from __future__ import annotations

import pytest

from kam_tui.core.domain.text import (
    MAX_FIELD_CHARS,
    clean,
    for_block_editor,
    for_line_editor,
    has_line_breaks,
    normalise_input,
    one_line,
)

ESC = "\x1b"


def test_escape_shown_as_visible_symbol() -> None:
    assert clean(f"{ESC}[31mred{ESC}[0m") == "␛[31mred␛[0m"
    assert ESC not in clean(f"a{ESC}b")


@pytest.mark.parametrize("char, shown", [
    ("\x00", "␀"),
    ("\x07", "␇"),
    ("\x08", "␈"),
    ("\x0b", "␋"),
    ("\x0c", "␌"),
    ("\r", "␍"),
    ("\x1b", "␛"),
    ("\x1f", "␟"),  # the last C0 control, U+001F, is the last of the Control Pictures too
    ("\x7f", "␡"),
])
def test_c0_controls_and_del_become_control_pictures(char: str, shown: str) -> None:
    assert clean(f"a{char}b") == f"a{shown}b"


@pytest.mark.parametrize("char", ["\x80", "\x85", "\x9b", "\x9f"])
def test_c1_controls_are_replaced(char: str) -> None:
    out = clean(f"a{char}b")
    assert char not in out
    assert out == "a\ufffdb"


@pytest.mark.parametrize("char", [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # LRE RLE PDF LRO RLO
    "\u2066", "\u2067", "\u2068", "\u2069",  # LRI RLI FSI PDI
])
def test_bidi_overrides_are_neutralised(char: str) -> None:
    text = f"invoice{char}fdp.exe"
    assert char not in clean(text)
    assert char not in one_line(text)
    assert char not in normalise_input(text)
    assert normalise_input(text) == "invoicefdp.exe"


def test_clean_keeps_newlines_and_tabs_for_multiline_text() -> None:
    assert clean("a\nb\tc") == "a\nb\tc"


def test_rich_markup_is_preserved_literally() -> None:
    markup = "[bold]x[/]"
    assert clean(markup) == markup
    assert one_line(markup) == markup
    assert normalise_input(markup) == markup
    assert clean("[link=file:///etc/passwd]click[/link]") == "[link=file:///etc/passwd]click[/link]"


def test_clean_accepts_none_and_non_strings() -> None:
    assert clean(None) == ""
    assert clean(42) == "42"
    assert one_line(None) == ""
    assert one_line(3.5) == "3.5"


def test_chinese_and_emoji_untouched() -> None:
    text = "吴伟科技有限公司 🚚 — «ok»"
    assert clean(text) == text
    assert one_line(text) == text


def test_one_line_folds_line_breaks() -> None:
    assert one_line("a\nb") == "a b"
    assert one_line("a\r\nb") == "a b"
    assert one_line("a\n\n\nb") == "a b"
    assert one_line("a\tb") == "a b"
    assert one_line("a\u2028b\u2029c") == "a b c"
    assert "\n" not in one_line("x\n" * 50)


def test_one_line_cuts_ten_thousand_chars() -> None:
    long = "x" * MAX_FIELD_CHARS
    out = one_line(long)
    assert len(out) == 500
    assert out.endswith("…")
    assert out[:-1] == "x" * 499


def test_one_line_custom_limit() -> None:
    assert one_line("abcdefghij", limit=5) == "abcd…"
    assert one_line("abcde", limit=5) == "abcde"  # exactly at the limit: not cut
    assert len(one_line("吴" * 100, limit=20)) == 20


def test_one_line_escapes_control_characters_too() -> None:
    assert one_line(f"a{ESC}]0;title\x07b") == "a␛]0;title␇b"


def test_normalise_input_nfc() -> None:
    decomposed = "Cafe\u0301"
    assert normalise_input(decomposed) == "Café"
    assert len(normalise_input(decomposed)) == 4


def test_normalise_input_strips_controls_and_trims() -> None:
    assert normalise_input(f"  {ESC}[31mACME\x00 \x7f ") == "[31mACME"
    assert normalise_input("\u202eabc") == "abc"
    assert normalise_input("   ") == ""
    assert normalise_input("") == ""


def test_normalise_input_keeps_newlines_drops_carriage_returns() -> None:
    assert normalise_input("line 1\r\nline 2") == "line 1\nline 2"
    assert normalise_input("a\tb") == "a\tb"


def test_normalise_input_keeps_chinese() -> None:
    assert normalise_input(" 北京市朝阳区 ") == "北京市朝阳区"


def test_multi_line_text_holds_ten_thousand_characters() -> None:
    """The most characters a stored multi-line text may hold is ten thousand."""
    assert MAX_FIELD_CHARS == 10_000


# --- what the editors are given -------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    ("a\nb", "a ⏎ b"),
    ("a\r\nb", "a ⏎ b"),  # CRLF is one break, not two
    ("a\rb\u2028c\u2029d", "a ⏎ b ⏎ c ⏎ d"),
    ("a\n\nb", "a ⏎  ⏎ b"),  # an empty line stays visible as its own mark
    ("a\tb", "a b"),  # a tab is a space on one line
    (f"a{ESC}b", "a␛b"),
    ("plain", "plain"),
    ("", ""),
    (None, ""),
    (42, "42"),
])
def test_line_editor_shows_breaks_as_marks(value: object, shown: str) -> None:
    """A one-line editor gets every line break as a visible ⏎ and controls as symbols."""
    assert for_line_editor(value) == shown


@pytest.mark.parametrize("value, shown", [
    ("a\nb", "a\nb"),
    ("a\r\nb", "a\nb"),  # CRLF and a lone CR become one newline each
    ("a\rb", "a\nb"),
    ("a\tb", "a\tb"),  # tabs are kept in a block of text
    (f"a{ESC}b", "a␛b"),
    ("plain", "plain"),
    (None, ""),
    (7, "7"),
])
def test_block_editor_keeps_lines_and_tabs(value: object, shown: str) -> None:
    """A multi-line editor gets lines (as \\n) and tabs kept, and controls as symbols."""
    assert for_block_editor(value) == shown


@pytest.mark.parametrize("value, expected", [
    ("a\nb", True),
    ("a\r\nb", True),
    ("a\rb", True),
    ("a\u2028b", True),
    ("one line", False),
    ("a\tb", False),  # a tab is not a line break
    ("", False),
])
def test_has_line_breaks(value: str, expected: bool) -> None:
    """Text holds more than one line when it has any line break, a tab is not one."""
    assert has_line_breaks(value) is expected
