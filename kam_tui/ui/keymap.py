"""The person's key overrides: checked against kam's action ids before Textual applies them.

Every key of kam's has an id, and that id is the catalog key of its description (see
`Localised`), so an id the catalog does not know is a typo. A key given to an action that is
also one of the keys that work everywhere (the areas' digits, `?`, `q`) would hide that key on
every screen, so it is refused too. Both are reported at start and the rest applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import _normalize_key_list

from kam_tui.ui.i18n import STRINGS


@dataclass(frozen=True)
class KeymapCheck:
    """The overrides that apply and what was wrong with the others."""

    keymap: dict[str, str]
    unknown: tuple[str, ...]
    clashes: tuple[tuple[str, str, str], ...]  # (action id, key, the global action holding it)


def check(keys: Mapping[str, str], global_bindings: Iterable[Binding]) -> KeymapCheck:
    """Split the overrides into those that apply, unknown ids and clashes with global keys."""
    keys = {action: _normalize_key_list(key) for action, key in keys.items()}
    holders: dict[str, str] = {}  # key -> the global action it triggers, overrides applied
    for binding in global_bindings:
        if binding.id is not None:
            for key in keys.get(binding.id, binding.key).split(","):
                holders[key.strip()] = binding.id
    usable: dict[str, str] = {}
    unknown: list[str] = []
    clashes: list[tuple[str, str, str]] = []
    for action, key in keys.items():
        if action not in STRINGS:
            unknown.append(action)
            continue
        taken = [(part, holders[part]) for part in key.split(",")
                 if holders.get(part) not in (None, action)]
        if taken:
            clashes.extend((action, part, holder) for part, holder in taken)
            continue
        usable[action] = key
    return KeymapCheck(usable, tuple(unknown), tuple(clashes))
