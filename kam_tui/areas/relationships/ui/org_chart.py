"""The org chart: an account's people as a tree by reports-to, with their part in one deal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.binding import Binding

from kam_tui.core.domain import coverage
from kam_tui.areas.relationships.service import PersonRow
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.coverage_text import STANCE_STYLES
from kam_tui.ui.kit.line_list import LineList

EXPAND_ALL_UP_TO = 300  # bigger charts open with only the top level expanded


@dataclass(frozen=True)
class ChartColumn:
    """A column after the tree: key, header string key, widths (en, zh), drop order."""

    key: str
    width_en: int
    width_zh: int
    priority: int  # the highest numbers are hidden first on narrow screens
    align: str = "left"


COLUMNS: tuple[ChartColumn, ...] = (
    ChartColumn("title", 14, 10, 5),
    ChartColumn("department", 11, 8, 8),
    ChartColumn("role", 15, 10, 1),
    ChartColumn("stance", 11, 8, 2),
    ChartColumn("influence", 6, 4, 3),
    ChartColumn("weight", 4, 4, 1, "right"),
    ChartColumn("closeness", 10, 6, 7),
    ChartColumn("last", 12, 12, 4),
    ChartColumn("owner", 10, 10, 6),
)
NAME_MIN = 18


def tree_order(people: Iterable[PersonRow]) -> tuple[list[PersonRow], dict[int | None, list[int]]]:
    """Return the roots-first people list and each person's direct reports.

    A boss who is missing (deleted, elsewhere) or a reporting loop makes a person a root, so
    nobody is ever left out of the chart.
    """
    rows = list(people)
    by_id = {person.id: person for person in rows}
    children: dict[int | None, list[int]] = {}
    for person in rows:
        boss = person.reports_to_id if person.reports_to_id in by_id else None
        children.setdefault(boss, []).append(person.id)
    reached: set[int] = set()
    stack = list(children.get(None, []))
    while stack:
        pid = stack.pop()
        if pid not in reached:
            reached.add(pid)
            stack.extend(children.get(pid, []))
    for person in rows:  # members of a loop: cut the loop at the first one met
        if person.id not in reached:
            boss = person.reports_to_id
            children[boss] = [pid for pid in children.get(boss, []) if pid != person.id]
            children.setdefault(None, []).append(person.id)
            stack = [person.id]
            while stack:
                pid = stack.pop()
                if pid not in reached:
                    reached.add(pid)
                    stack.extend(children.get(pid, []))
    return rows, children


class OrgChart(LineList):
    """Who reports to whom; left and right fold and unfold a branch, enter opens the person."""

    has_header = True

    BINDINGS = [
        Binding("left", "fold", "Fold", show=False, id="relationships.key.fold"),
        Binding("right", "unfold", "Unfold", show=False, id="relationships.key.unfold"),
        Binding("space", "toggle", "Fold/unfold", show=False, id="relationships.key.toggle"),
    ]

    def __init__(self, t: Callable[[str], str], lang: str, today: Callable[[], date],
                 *, id: str | None = None) -> None:
        super().__init__(empty_text=t("relationships.no_people"), id=id)
        self.t = t
        self.lang = lang
        self.today = today
        self.people: dict[int, PersonRow] = {}
        self.reports: dict[int | None, list[int]] = {}
        self.boss_of: dict[int, int | None] = {}
        self.expanded: set[int] = set()
        self.in_deal = False
        self._depth: dict[int, int] = {}
        self._guides: dict[int, str] = {}
        self._known: set[int] = set()
        self._columns_for: tuple[int, list[tuple[ChartColumn, int]]] = (-1, [])

    # --- data --------------------------------------------------------------------------------

    def set_people(self, people: list[PersonRow], in_deal: bool, keep: int | None = None) -> None:
        """Show a new list of people; new branches open unless the chart is very large."""
        rows, self.reports = tree_order(people)
        self.people = {person.id: person for person in rows}
        self.boss_of = {child: boss for boss, kids in self.reports.items() for child in kids}
        self.in_deal = in_deal
        fresh = set(self.people) - self._known
        if len(rows) <= EXPAND_ALL_UP_TO:
            self.expanded |= fresh
        else:
            self.expanded |= fresh & set(self.reports.get(None, []))
        self._known = set(self.people)
        self._relayout(keep)

    def _relayout(self, keep: object | None = None) -> None:
        keys: list[object | None] = []
        self._depth.clear()
        self._guides.clear()

        # An explicit stack: a long chain of reports must not hit Python's recursion limit.
        stack: list[tuple[int, int, str, bool]] = [
            (root, 0, "", False) for root in reversed(self.reports.get(None, []))]
        while stack:
            pid, depth, guide, last = stack.pop()
            keys.append(pid)
            self._depth[pid] = depth
            self._guides[pid] = guide + ("" if depth == 0 else ("└─" if last else "├─"))
            if pid in self.expanded:
                kids = self.reports.get(pid, [])
                below = guide + ("" if depth == 0 else ("  " if last else "│ "))
                stack.extend((kid, depth + 1, below, number == len(kids) - 1)
                             for number, kid in reversed(list(enumerate(kids))))
        self.set_keys(keys, keep)

    def select(self, contact_id: int) -> bool:
        """Unfold the person's bosses and put the cursor on them."""
        if contact_id not in self.people:
            return False
        boss = self.boss_of.get(contact_id)
        changed = False
        seen: set[int] = set()
        while boss is not None and boss not in seen:
            seen.add(boss)
            if boss not in self.expanded:
                self.expanded.add(boss)
                changed = True
            boss = self.boss_of.get(boss)
        if changed:
            self._relayout(contact_id)
        return self.move_to(contact_id)

    @property
    def current(self) -> PersonRow | None:
        """Return the person under the cursor."""
        key = self.cursor_key
        return self.people.get(key) if isinstance(key, int) else None

    # --- folding -----------------------------------------------------------------------------

    def action_fold(self) -> None:
        key = self.cursor_key
        if not isinstance(key, int):
            return
        if key in self.expanded and self.reports.get(key):
            self.expanded.discard(key)
            self._relayout(key)
        elif self.boss_of.get(key) is not None:
            self.move_to(self.boss_of[key])

    def action_unfold(self) -> None:
        key = self.cursor_key
        if not isinstance(key, int) or not self.reports.get(key):
            return
        if key not in self.expanded:
            self.expanded.add(key)
            self._relayout(key)
        else:
            self.action_cursor(1)

    def action_toggle(self) -> None:
        key = self.cursor_key
        if isinstance(key, int) and self.reports.get(key):
            self.expanded ^= {key}
            self._relayout(key)

    # --- drawing -----------------------------------------------------------------------------

    def _layout(self, width: int) -> list[tuple[ChartColumn, int]]:
        if self._columns_for[0] != width:
            self._columns_for = (width, self._fit_columns(width))
        return self._columns_for[1]

    def _fit_columns(self, width: int) -> list[tuple[ChartColumn, int]]:
        zh = self.lang == "zh"
        shown = [(column, column.width_zh if zh else column.width_en) for column in COLUMNS]

        def needed() -> int:
            return NAME_MIN + sum(w + 1 for _, w in shown)

        while shown and needed() > width:
            shown.remove(max(shown, key=lambda item: item[0].priority))
        return shown

    def header(self, width: int) -> Text | None:
        columns = self._layout(width)
        name_width = width - sum(w + 1 for _, w in columns)
        line = self.fit(Text(self.t("relationships.col.person")), name_width)
        for column, column_width in columns:
            line.append(" ")
            line.append_text(self.fit(Text(self.t(f"relationships.col.{column.key}")),
                                      column_width, column.align))
        return line

    def line(self, index: int, width: int) -> Text:
        key = self.keys[index]
        person = self.people[key]  # type: ignore[index]
        columns = self._layout(width)
        name_width = width - sum(w + 1 for _, w in columns)
        in_deal = self.in_deal and person.role_id is not None
        style = STANCE_STYLES.get(person.stance, "") if in_deal else ""
        name = Text(self._guides.get(person.id, ""), style="dim")
        kids = self.reports.get(person.id)
        leaf = "─ " if self._depth.get(person.id) else "  "
        name.append("▸ " if kids and person.id not in self.expanded else
                    "▾ " if kids else leaf, style="dim")
        if in_deal:
            name.append(coverage.mark(person.stance) + " ", style=style or None)
        name.append(one_line(person.name, 80) + (" ★" if person.is_main else ""),
                    style=style or None)
        line = self.fit(name, name_width)
        for column, column_width in columns:
            line.append(" ")
            line.append_text(self.fit(self._cell(person, column.key, in_deal), column_width,
                                      column.align))
        return line

    def _cell(self, person: PersonRow, key: str, in_deal: bool) -> Text:
        lang = self.lang
        if key in ("title", "department", "owner"):
            return Text(one_line(getattr(person, key), 60))
        if key == "closeness":
            return Text(vocab.Closeness.label_of(person.closeness, lang))
        if key == "last":
            return self._last(person)
        if not in_deal:
            return Text("·", style="dim") if key != "role" else Text(
                self.t("relationships.not_in_deal") if self.in_deal else "", style="dim")
        if key == "role":
            return Text(vocab.BuyingRole.label_of(person.role, lang)
                        or self.t("relationships.no_role"), style="" if person.role else "dim")
        if key == "stance":
            return Text(f"{coverage.mark(person.stance)} "
                        f"{vocab.Stance.label_of(person.stance, lang)}",
                        style=STANCE_STYLES.get(person.stance, ""))
        if key == "influence":
            return Text(vocab.Influence.label_of(person.influence, lang),
                        style="bold" if person.influence == "high" else "")
        return Text(f"{person.weight}%")

    def _last(self, person: PersonRow) -> Text:
        day = person.last_contact
        stale = (self.in_deal and person.role_id is not None and person.influence == "high"
                 and (day is None or (self.today() - day).days >= coverage.STALE_DAYS))
        text = day.isoformat() if day else self.t("relationships.never")
        if stale:
            return Text("!" + text, style="bold yellow")
        return Text(text, style="" if day else "dim")
