"""The rep's language from the environment: the app and the commands pick it the same way."""

from __future__ import annotations

import os


def default_lang(environ: dict[str, str] | None = None) -> str:
    """Pick the UI language from the locale environment: zh for Chinese locales, else en."""
    env = os.environ if environ is None else environ
    for name in ("KAM_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
