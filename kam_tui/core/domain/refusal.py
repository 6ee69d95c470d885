"""A request kam will not carry out, with the reason in both of the rep's languages."""

from __future__ import annotations


class Refusal(ValueError):
    """Refused as asked, nothing changed; the reason in English and Chinese for the rep."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh

    def message(self, lang: str = "en") -> str:
        """Return the reason in the given language."""
        return self.zh if lang == "zh" else self.en
