"""The relationship net: who knows whom, and who on our side holds each tie, person by person."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from kam_tui.areas.relationships.service import RelationRow
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.line_list import LineList

NetKey = tuple[int, int]  # (the person whose group it is, relation id)
NO_TIES = 0  # the relation id of the line a person without ties gets, so the cursor can land


class RelationNet(LineList):
    """Every person of the account, who on our side holds them, then their ties; enter follows
    a tie to the other person."""

    def __init__(self, t: Callable[[str], str], lang: str, *, id: str | None = None) -> None:
        super().__init__(empty_text=t("relationships.no_relations"), id=id)
        self.t = t
        self.lang = lang
        self.names: dict[int, str] = {}
        self.titles: dict[int, str] = {}
        self.owners: dict[int, str] = {}
        self.relations: dict[int, RelationRow] = {}
        self._headings: dict[int, int] = {}

    def set_net(self, relations: list[RelationRow], names: dict[int, str],
                titles: dict[int, str], owners: dict[int, str] | None = None,
                keep: object | None = None) -> None:
        """Show everyone in names with their ties; a tie between two of them is under both."""
        self.names = dict(names)
        self.titles = titles
        self.owners = dict(owners or {})
        self.relations = {relation.id: relation for relation in relations}
        groups: dict[int, list[int]] = {person: [] for person in names}
        for relation in relations:
            groups.setdefault(relation.contact_id, []).append(relation.id)
            self.names.setdefault(relation.contact_id, relation.contact_name)
            if relation.other_contact_id is not None and relation.other_contact_id in names:
                groups.setdefault(relation.other_contact_id, []).append(relation.id)
        keys: list[object | None] = []
        self._headings = {}
        for person in sorted(groups, key=lambda pid: (self.names.get(pid, ""), pid)):
            self._headings[len(keys)] = person
            keys.append(None)
            keys.extend((person, relation_id) for relation_id in groups[person] or [NO_TIES])
        self.set_keys(keys, keep)

    def person_at(self, key: object | None) -> int | None:
        """Return the person whose group a line belongs to."""
        return key[0] if isinstance(key, tuple) else None

    def show_person(self, contact_id: int) -> bool:
        """Put the cursor on the person's first tie; return whether they have one."""
        for key in self.keys:
            if isinstance(key, tuple) and key[0] == contact_id:
                return self.move_to(key)
        return False

    def action_choose(self) -> None:
        key = self.cursor_key
        if not isinstance(key, tuple):
            return
        relation = self.relations.get(key[1])
        if relation is None:
            return  # a person without ties: nowhere to follow
        other, _name = relation.other_of(key[0])
        if other is not None and (other, relation.id) in self.keys:
            self.move_to((other, relation.id))
        super().action_choose()

    def line(self, index: int, width: int) -> Text:
        person = self._headings.get(index)
        if person is not None:
            text = Text(one_line(self.names.get(person, ""), 60))
            title = self.titles.get(person, "")
            if title:
                text.append(f" · {one_line(title, 40)}")
            holder = self.owners.get(person, "")
            if holder:
                text.append(" · " + self.t("relationships.held_by", owner=one_line(holder, 40)),
                            style="italic")
            else:
                text.append(" · " + self.t("relationships.held_by_nobody"), style="dim")
            return text
        owner, relation_id = self.keys[index]  # type: ignore[misc]
        relation = self.relations.get(relation_id)
        if relation is None:
            return Text("  " + self.t("relationships.no_ties"), style="dim")
        other, name = relation.other_of(owner)
        line = Text("  ↔ ")
        line.append(one_line(name, 60), style="bold")
        if other is None:
            line.append(f" ({self.t('relationships.our_side')})", style="italic")
        line.append(" · " + vocab.RelationKind.label_of(relation.kind, self.lang))
        if relation.note:
            line.append(" · " + one_line(relation.note, 200), style="dim")
        return line
