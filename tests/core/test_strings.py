"""The one catalog of UI strings: both languages, the same placeholders, no key unused."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import kam_tui
from kam_tui.ui import app  # noqa: F401 - importing the app registers every area's strings
from kam_tui.ui.i18n import STRINGS, register_strings, translate

# The code only: the catalogs are TOML files, so a key never counts as used by its own entry.
SOURCE = "\n".join(path.read_text(encoding="utf-8")
                   for path in Path(kam_tui.__file__).parent.rglob("*.py"))
# Keys the code builds from a name, e.g. f"kind.{kind}" or f"pipeline.refused_{reason}".
BUILT = tuple(set(re.findall(r"""f["']([a-z_.]+)\{""", SOURCE)))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_has_both_languages_with_the_same_placeholders(key: str) -> None:
    en, zh = STRINGS[key]
    assert en.strip() and zh.strip()
    assert _placeholders(en) == _placeholders(zh)


def test_no_string_is_unused() -> None:
    unused = [key for key in STRINGS
              if f'"{key}"' not in SOURCE and f"'{key}'" not in SOURCE
              and not key.startswith(BUILT)]
    assert unused == []


def test_an_area_cannot_redefine_a_key() -> None:
    with pytest.raises(ValueError, match="defined twice"):
        register_strings({"verb.save": ("Store", "存储")})
    register_strings({"verb.save": STRINGS["verb.save"]})  # the same again is no clash


def test_a_missing_key_shows_itself_rather_than_crash() -> None:
    assert translate("no.such.key", "zh") == "no.such.key"
