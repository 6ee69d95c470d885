"""The rep's language from the environment: the app and the commands pick it the same way."""

from __future__ import annotations

import os
from collections.abc import Mapping


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """Pick the UI language: KAM_LANG, else the person's config file, else the locale."""
    from kam_tui.core import config

    return config.load(environ=environ).lang


def locale_lang(environ: Mapping[str, str] | None = None) -> str:
    """Pick the UI language from the locale environment: zh for Chinese locales, else en."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
