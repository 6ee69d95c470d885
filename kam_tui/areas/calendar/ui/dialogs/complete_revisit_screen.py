"""Complete a revisit in one form: log the contact, who took part, and plan the next step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, SelectionList, Static

from kam_tui.areas.calendar.service import (
    AgendaRow,
    CalendarService,
    RevisitChanged,
    ValidationFailed,
)
from kam_tui.core.domain.fields import ACTIVITY_FIELDS, FieldError
from kam_tui.core.domain.text import one_line
from kam_tui.ui.forms.field_form import FieldForm
from kam_tui.ui.forms.form_field import FormField
from kam_tui.ui.kit.dialog import CANCEL, Dialog
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.kit.fitting_footer import FittingFooter

# The summary comes first: it is what a rep types; the date and kind are usually right already.
FIELD_ORDER = ("summary", "kind", "occurred_on", "result", "problems", "next_step",
               "next_step_date", "confirmed_by_customer")


@dataclass(frozen=True)
class Completed:
    """What the form saved: the logged activity and the next-step revisit, if one was planned."""

    activity_id: int
    next_revisit_id: int | None
    next_day: str


class CompleteRevisitScreen(FieldForm, Dialog[Completed | None]):
    """Log the contact that carries out a revisit; dismiss with what was saved, or None."""

    AUTO_FOCUS = None

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="verb.save"),
        CANCEL,
    ]

    @dataclass
    class PeopleLoaded(Message):
        """The account's contacts and our people, to pick who took part."""

        contacts: list[tuple[str, int]]
        staff: list[tuple[str, int]]
        owner_id: int | None

    @dataclass
    class Saved(Message):
        """The service logged the contact."""

        result: Completed

    @dataclass
    class Refused(Message):
        """Some fields were refused; nothing was saved."""

        errors: dict[str, FieldError]

    class Changed(Message):
        """Nothing was saved: the revisit changed elsewhere."""

    def __init__(self, service: CalendarService, row: AgendaRow) -> None:
        super().__init__()
        self.service = service
        self.row = row
        self._baseline: dict[str, Any] | None = None
        self._saving = False
        self._labels: dict[tuple[str, int], str] = {}

    def compose(self) -> ComposeResult:
        t = self.app.t
        lang = self.app.lang
        specs = {spec.name: spec for spec in ACTIVITY_FIELDS}
        name = one_line(self.row.account_short or self.row.account_name, 60)
        with Vertical(id="complete-dialog"):
            yield Static(Text(t("calendar.complete_title", name=name)), id="complete-title")
            with VerticalScroll(id="complete-body", can_focus=False):
                for field_name in FIELD_ORDER:
                    yield FormField(specs[field_name], lang=lang, today=self.app.today,
                                    id=f"field-{field_name}")
                yield Static(Text(t("calendar.next_hint")), id="complete-hint")
                yield Label(Text(t("calendar.people")), classes="form-section")
                with Horizontal(id="complete-people"):
                    with Vertical():
                        yield Label(Text(t("calendar.their_side")), classes="people-label")
                        yield SelectionList[int](id="people-contacts", compact=True)
                    with Vertical():
                        yield Label(Text(t("calendar.our_side")), classes="people-label")
                        yield SelectionList[int](id="people-staff", compact=True)
            yield Static(Text(t("form.required_note")), id="complete-status")
        yield FittingFooter()

    def on_mount(self) -> None:
        self._load_people(self.row.account_id)

    @db_work(group="complete-load")
    def _load_people(self, account_id: int) -> None:
        contacts, staff, owner = self.service.people(account_id)
        self.post_message(self.PeopleLoaded(contacts, staff, owner))

    @on(PeopleLoaded)
    def _people_loaded(self, message: PeopleLoaded) -> None:
        for list_id, options, chosen in (
                ("#people-contacts", message.contacts, self.row.contact_id),
                ("#people-staff", message.staff, message.owner_id)):
            selection = self.query_one(list_id, SelectionList)
            for label, value in options:
                self._labels[(list_id, value)] = one_line(label, 60)
                selection.add_option((self._prompt(list_id, value, value == chosen), value,
                                      value == chosen))
        self.field("occurred_on").set_value(self.app.today())
        self.field("kind").set_value(self.row.kind)
        self._baseline = self._state()
        self.field("summary").focus_editor()

    def _prompt(self, list_id: str, value: int, selected: bool) -> Text:
        # The toggle box shows the state by colour only; a tick says it in words too.
        return Text(("✓ " if selected else "  ") + self._labels[(list_id, value)])

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        selection = event.selection_list
        list_id = f"#{selection.id}"
        value = event.selection.value
        selection.replace_option_prompt_at_index(
            event.selection_index, self._prompt(list_id, value, value in selection.selected))

    def _people(self) -> tuple[list[int], list[int]]:
        contacts = list(self.query_one("#people-contacts", SelectionList).selected)
        staff = list(self.query_one("#people-staff", SelectionList).selected)
        return contacts, staff

    def _state(self) -> dict[str, Any]:
        contacts, staff = self._people()
        return {**self._raw(), "_contacts": contacts, "_staff": staff}

    # --- saving --------------------------------------------------------------------------

    def action_save(self) -> None:
        """Check the fields, then log the contact in the background."""
        if not self._ready_to_save():
            return
        contacts, staff = self._people()
        self._save(self._raw(), contacts, staff)

    @db_work(group="complete-save")
    def _save(self, raw: dict[str, Any], contacts: list[int], staff: list[int]) -> None:
        try:
            activity_id, next_id = self.service.complete(
                self.row.id, self.row.version, raw, contact_ids=contacts, staff_ids=staff)
        except ValidationFailed as error:
            self.post_message(self.Refused(error.errors))
        except RevisitChanged:
            self.post_message(self.Changed())
        else:
            self.post_message(self.Saved(Completed(activity_id, next_id,
                                                   str(raw.get("next_step_date") or ""))))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self._saving = False
        self.dismiss(message.result)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._saving = False
        self._report(message.errors)

    @on(Changed)
    def _changed(self) -> None:
        self._saving = False
        self.app.notify(self.app.t("calendar.changed"), severity="warning")
        self.dismiss(None)

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """Keep the form usable after an error the app's one handler tells the rep about.

        Without the people lists the contact can still be logged; after a failed save
        everything typed stays and saving is allowed again.
        """
        if name == "_load_people":
            self._people_loaded(self.PeopleLoaded([], [], None))
        elif name == "_save":
            self._saving = False
        return False

    # --- leaving -------------------------------------------------------------------------
