"""A person's own file: the only view that shows their private personal fields, on request."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from kam_tui.core.domain import coverage
from kam_tui.areas.relationships.service import PersonFile, RelationshipService
from kam_tui.ui.kit.coverage_text import STANCE_STYLES
from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import CONTACT_FIELDS, FieldSpec, Kind
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised
from kam_tui.ui.kit.fitting_footer import FittingFooter


class PersonScreen(Localised, Screen):
    """Name, work, deal roles, ties and recent contacts; the personal file stays hidden until p."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="nav.back"),
        Binding("e", "edit", "Edit", id="relationships.edit_person"),
        Binding("p", "toggle_private", "Personal file", id="relationships.toggle_private"),
        Binding("ctrl+r", "refresh_data", "Refresh", id="verb.refresh", show=False),
    ]

    class Loaded(Message):
        """A worker read the person's file (None when they are gone)."""

        def __init__(self, person: PersonFile | None, number: int) -> None:
            super().__init__()
            self.person = person
            self.number = number

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.person: PersonFile | None = None
        self.show_private = False
        self._order = LoadOrder()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="person-scroll"):
            yield Static(Text(self.app.t("list.loading")), id="person-body")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.app.t("relationships.person_title")
        self.query_one("#person-scroll").focus()
        self._fetch()

    def on_screen_resume(self) -> None:
        if self.person is not None:
            self._fetch()

    def _fetch(self) -> None:
        self._read(self._order.next())

    @db_work(exclusive=True, group="person")
    def _read(self, number: int) -> None:
        service = self.app.service(RelationshipService)  # type: ignore[attr-defined]
        self.post_message(self.Loaded(service.person(self.contact_id), number))

    def refresh_data(self) -> None:
        """Reload the file after data changed."""
        self._fetch()

    def action_refresh_data(self) -> None:
        self._fetch()

    def on_person_screen_loaded(self, message: Loaded) -> None:
        if not self._order.accept(message.number):
            return  # a read started before an edit landed; the newer file is shown
        self.person = message.person
        self._draw()

    # --- drawing -----------------------------------------------------------------------------

    def _draw(self) -> None:
        body = self.query_one("#person-body", Static)
        person = self.person
        t = self.app.t
        if person is None:
            body.update(Text(t("form.gone", kind=t("kind.contact")), style="bold"))
            return
        lang = self.app.lang
        values = person.values
        head = Text(one_line(values["name"], 100), style="bold")
        for part in (values["title"], values["department"]):
            if part:
                head.append(f" · {one_line(part, 60)}")
        head.append(f"\n{one_line(person.account_name, 100)}", style="dim")
        public = [spec for spec in CONTACT_FIELDS if not spec.private]
        names = {"reports_to_id": person.reports_to, "relationship_owner_id": person.owner}
        parts: list[object] = [head, Text(""), self._grid(public, names)]
        parts.append(Text(f"{t('relationships.col.last')}: "
                          f"{fmt.day(person.last_contact)}"))
        parts += [Text(""), Text(t("relationships.person_roles"), style="bold underline")]
        roles = Table.grid(padding=(0, 2))
        for title, role, stance, influence, weight, next_step in person.roles:
            roles.add_row(
                Text(one_line(title, 50)),
                Text(vocab.BuyingRole.label_of(role, lang) or t("relationships.no_role")),
                Text(f"{coverage.mark(stance)} {vocab.Stance.label_of(stance, lang)}",
                     style=STANCE_STYLES.get(stance, "")),
                Text(vocab.Influence.label_of(influence, lang)), Text(f"{weight}%"),
                Text(one_line(next_step, 60), style="dim"))
        parts.append(roles if person.roles else Text("—", style="dim"))
        parts += [Text(""), Text(t("relationships.relations"), style="bold underline")]
        for relation in person.relations:
            other, name = relation.other_of(person.id)
            line = Text("↔ " + one_line(name, 60))
            if other is None:
                line.append(f" ({t('relationships.our_side')})", style="italic")
            line.append(" · " + vocab.RelationKind.label_of(relation.kind, lang))
            if relation.note:
                line.append(" · " + one_line(relation.note, 200), style="dim")
            parts.append(line)
        if not person.relations:
            parts.append(Text("—", style="dim"))
        parts += [Text(""), Text(t("relationships.person_activities"), style="bold underline")]
        for day, kind, summary, result in person.activities:
            line = Text(f"{fmt.day(day)}  {vocab.ActivityKind.label_of(kind, lang)}  ")
            line.append(one_line(summary, 100))
            if result:
                line.append(f" → {one_line(result, 80)}", style="dim")
            parts.append(line)
        if not person.activities:
            parts.append(Text("—", style="dim"))
        parts.append(Text(""))
        if self.show_private:
            parts.append(Text(t("relationships.private_shown"), style="bold underline"))
            parts.append(self._grid([spec for spec in CONTACT_FIELDS if spec.private], {}))
        else:
            parts.append(Text(t("relationships.private_hidden"), style="bold dim"))
        body.update(Group(*parts))  # type: ignore[arg-type]

    def _grid(self, specs: list[FieldSpec], names: dict[str, str]) -> Table:
        lang = self.app.lang
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for spec in specs:
            value = self.person.values.get(spec.name) if self.person else None
            if spec.kind is Kind.REF:
                shown = Text(one_line(names.get(spec.name, ""), 80) or "—")
            elif spec.kind is Kind.BOOL:
                shown = Text(self.app.t("relationships.yes" if value else "relationships.no"))
            elif spec.kind is Kind.CHOICE and spec.choices is not None:
                shown = Text(spec.choices.label_of(value, lang) or "—")
            elif spec.kind is Kind.DATE:
                shown = Text(fmt.day(value))
            elif spec.kind is Kind.MULTILINE:
                shown = Text(fmt.literal(value, 4000).plain or "—")
            else:
                shown = Text(one_line(value, 200) or "—")
            grid.add_row(Text(spec.label(lang)), shown)
        return grid

    # --- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_private(self) -> None:
        """Show or hide the personal file, so it is only on screen when the rep wants it."""
        self.show_private = not self.show_private
        self._draw()

    def action_edit(self) -> None:
        """Edit this person's record."""
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        if self.person is not None:
            self.app.push_screen(RecordFormScreen("contact", record_id=self.contact_id,
                                                  parent_id=self.person.account_id))
