"""The buying-decision map: one opportunity's people by role and stance, with their weights."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from kam_tui.core.domain import coverage
from kam_tui.core.domain.coverage import Participant
from kam_tui.ui.kit.coverage_text import STANCE_STYLES
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.line_list import LineList

ROLE_ORDER: tuple[str, ...] = (*(member.value for member in vocab.BuyingRole), "")
BAR_WIDTH = 20  # 5% of the decision per cell
NAME_MAX = 28


class DecisionMap(LineList):
    """Roles as headings with their summed weight; under each, its people by stance."""

    def __init__(self, t: Callable[[str], str], lang: str, *, id: str | None = None) -> None:
        super().__init__(empty_text=t("relationships.no_group"), id=id)
        self.t = t
        self.lang = lang
        self.people: dict[int, Participant] = {}
        self.titles: dict[int, str] = {}
        self._headings: dict[int, tuple[str, list[Participant]]] = {}

    def set_group(self, participants: list[Participant], titles: dict[int, str],
                  keep: int | None = None) -> None:
        """Show an opportunity's buying group."""
        self.people = {person.contact_id: person for person in participants}
        self.titles = titles
        self._headings = {}
        keys: list[object | None] = []
        stance_rank = {code: rank for rank, code in enumerate(coverage.STANCE_ORDER)}
        for role in ROLE_ORDER:
            members = [p for p in participants
                       if (p.role if p.role in ROLE_ORDER else "") == role]
            if not members:
                continue
            members.sort(key=lambda p: (stance_rank.get(p.stance, 9), -p.weight, p.name))
            self._headings[len(keys)] = (role, members)
            keys.append(None)
            keys.extend(p.contact_id for p in members)
        self.set_keys(keys, keep)

    @property
    def current(self) -> Participant | None:
        """Return the person under the cursor."""
        key = self.cursor_key
        return self.people.get(key) if isinstance(key, int) else None

    def line(self, index: int, width: int) -> Text:
        heading = self._headings.get(index)
        if heading is not None:
            role, members = heading
            label = vocab.BuyingRole.label_of(role, self.lang) or self.t("relationships.no_role")
            total = sum(p.weight for p in members)
            return Text(f"{label} · {len(members)} · {total}%")
        person = self.people[self.keys[index]]  # type: ignore[index]
        style = STANCE_STYLES.get(person.stance, "")
        zh = self.lang == "zh"
        stance_width = 8 if zh else 11
        influence_width = 4 if zh else 6
        title_width = 14 if width >= 70 else 0
        bar_width = BAR_WIDTH if width >= 60 + title_width else 0
        name_width = min(NAME_MAX, max(10, width - 2 - stance_width - influence_width - 4 - 4
                                       - (title_width + 1 if title_width else 0)
                                       - (bar_width + 1 if bar_width else 0)))
        line = Text("  ")
        line.append_text(self.fit(Text(f"{coverage.mark(person.stance)} "
                                       f"{vocab.Stance.label_of(person.stance, self.lang)}",
                                       style=style), stance_width))
        line.append(" ")
        line.append_text(self.fit(Text(one_line(person.name, 80), style=style), name_width))
        if title_width:
            line.append(" ")
            line.append_text(self.fit(self.titles.get(person.contact_id, ""), title_width))
        line.append(" ")
        line.append_text(self.fit(vocab.Influence.label_of(person.influence, self.lang),
                                  influence_width))
        line.append(" ")
        line.append_text(self.fit(f"{person.weight}%", 4, "right"))
        if bar_width:
            cells = min(bar_width, (max(person.weight, 0) + 4) // 5)
            line.append(" ")
            line.append("█" * cells, style=style)
            line.append("░" * (bar_width - cells), style="dim")
        return line
