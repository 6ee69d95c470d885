"""The map's keys that open a person's records: new, edit, relation, contact log, file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kam_tui.areas.relationships.service import PersonRow, RelationshipService
from kam_tui.core.domain.text import one_line


class MapPersonActions:
    """Forms and the person's file opened from the map, mixed into the map screen."""

    # The screen gives these (annotations only: nothing here may shadow the screen's own).
    account_id: int | None
    opportunity_id: int | None
    contact_id: int | None
    service: RelationshipService
    app: Any
    t: Callable[..., str]
    notify: Callable[..., None]
    _need_person: Callable[[], PersonRow | None]
    _edit: Callable[..., None]
    _load: Callable[[], None]

    def action_new_person(self) -> None:
        """Add a person to the account; they report to the focused person to start with."""
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        if self.account_id is None:
            return
        boss = self._need_person()
        initial = {"reports_to_id": boss.id} if boss else {}

        def saved(contact_id: int | None) -> None:
            if contact_id is not None:
                self.contact_id = contact_id
                self._load()

        self.app.push_screen(RecordFormScreen("contact", parent_id=self.account_id,
                                              initial=initial), saved)

    def action_edit_person(self) -> None:
        """Edit the focused person's contact record."""
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        person = self._need_person()
        if person is not None:
            self.app.push_screen(RecordFormScreen("contact", record_id=person.id,
                                                  parent_id=self.account_id),
                                 lambda _: self._load())

    def action_add_relation(self) -> None:
        """Record a tie between the focused person and someone else."""
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        person = self._need_person()
        if person is not None:
            self.app.push_screen(RecordFormScreen("relation", parent_id=person.id,
                                                  account_id=self.account_id,
                                                  initial={"kind": "friend"}),
                                 lambda _: self._load())

    def action_log_contact(self) -> None:
        """Log a visit, call or message with the focused person."""
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        person = self._need_person()
        if person is None or self.account_id is None:
            return
        opportunity_id = self.opportunity_id
        initial = {"occurred_on": self.app.today().isoformat(), "kind": "visit"}  # type: ignore[attr-defined]

        def saved(activity_id: int | None) -> None:
            if activity_id is not None:
                self._edit(self.service.link_activity, activity_id, person.id, opportunity_id,
                           then=lambda _: self.notify(
                               self.t("relationships.logged", name=one_line(person.name, 40)),
                               markup=False))

        self.app.push_screen(RecordFormScreen("activity", parent_id=self.account_id,
                                              initial=initial), saved)

    def action_open_person(self) -> None:
        """Open the focused person's own file."""
        person = self._need_person()
        if person is not None:
            self._open_person(person.id)

    def _open_person(self, contact_id: int) -> None:
        from kam_tui.areas.relationships.ui.person_screen import PersonScreen

        self.contact_id = contact_id
        self.app.push_screen(PersonScreen(contact_id))
