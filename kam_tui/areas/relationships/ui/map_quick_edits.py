"""The map's quick edits of the focused person: stance, influence, role, weight, boss, removal.

Each runs `service` in one worker, one at a time; a refused edit is told, and after any edit
(or an error the app's one handler tells) the map is read again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from kam_tui.areas.relationships.service import MapView, PersonRow, RelationshipService
from kam_tui.areas.relationships.ui.map_messages import Edited
from kam_tui.areas.relationships.ui.relation_net import RelationNet
from kam_tui.core.domain import coverage, vocab
from kam_tui.core.domain.text import one_line
from kam_tui.core.service import ValidationFailed
from kam_tui.ui.kit.line_list import LineList
from kam_tui.ui.kit.workers import db_work

_NO_ROLE = ""


class MapQuickEdits:
    """Keys that change the focused person's part in the deal, mixed into the map screen."""

    # The screen gives these (annotations only: nothing here may shadow the screen's own).
    map: MapView | None
    account_id: int | None
    opportunity_id: int | None
    contact_id: int | None
    lang: str
    service: RelationshipService
    app: Any
    _edit_lock: threading.Lock
    t: Callable[..., str]
    notify: Callable[..., None]
    post_message: Callable[..., bool]
    _active_list: Callable[[], LineList]
    _person: Callable[[int | None], PersonRow | None]
    _render_person: Callable[[], None]
    _load: Callable[[], None]

    def _need_person(self) -> PersonRow | None:
        # Read the cursor itself: a key typed right after a move can arrive before the
        # Highlighted message that would have updated contact_id.
        widget = self._active_list()
        key = widget.cursor_key
        if isinstance(widget, RelationNet):
            key = widget.person_at(key)
        if isinstance(key, int) and key != self.contact_id:
            self.contact_id = key
            self._render_person()
        return self._person(self.contact_id)

    def _need_deal(self) -> tuple[int, PersonRow] | None:
        person = self._need_person()
        if person is None:
            return None
        if self.opportunity_id is None:
            self.notify(self.t("relationships.need_opportunity"), severity="warning")
            return None
        return self.opportunity_id, person

    @db_work(group="rel-edit")
    def _edit(self, call: Callable[..., Any], *args: Any,
              then: Callable[[Any], None] | None = None) -> None:
        with self._edit_lock:  # quick keys in a row must not race each other's versions
            try:
                result = call(*args)
            except ValidationFailed as error:
                reason = "; ".join(e.message(self.lang) for e in error.errors.values())
                self.post_message(Edited(reason))
            else:
                self.post_message(Edited(then=then, result=result))

    def on_relationship_screen_edited(self, message: Edited) -> None:
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        elif message.then is not None:
            message.then(message.result)
        self._load()

    def _joining(self, person: PersonRow, change: str, edit: Callable[[], None]) -> None:
        # A quick key on someone outside the deal adds them to its group: say so, then ask.
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        if person.role_id is not None:
            edit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                edit()

        question = self.t("relationships.join_q", name=one_line(person.name, 40), change=change)
        self.app.push_screen(ConfirmDialog(question, yes=self.t("relationships.join_yes")),
                             answered)

    def action_cycle_stance(self) -> None:
        """Move the focused person's stance on: supporter, neutral, opponent, unknown."""
        found = self._need_deal()
        if found:
            opportunity_id, person = found
            change = vocab.Stance.label_of(coverage.next_stance(None), self.lang)
            self._joining(person, change, lambda: self._edit(
                self.service.cycle_stance, opportunity_id, person.id))

    def action_cycle_influence(self) -> None:
        """Move the focused person's influence on: high, medium, low."""
        found = self._need_deal()
        if found:
            opportunity_id, person = found
            change = self.t("relationships.join_influence", influence=vocab.Influence.label_of(
                coverage.next_influence("low"), self.lang))  # as the service starts a newcomer
            self._joining(person, change, lambda: self._edit(
                self.service.cycle_influence, opportunity_id, person.id))

    def action_set_role(self) -> None:
        """Pick the focused person's buying role in this opportunity."""
        from kam_tui.areas.relationships.ui.dialogs.pick_dialog import (
            RelationshipPickDialog,
        )

        found = self._need_deal()
        if not found:
            return
        opportunity_id, person = found
        options: list[tuple[str, object]] = [
            (label, code) for label, code in vocab.BuyingRole.options(self.lang)]
        options.append((self.t("relationships.no_role"), _NO_ROLE))

        def picked(choice: tuple[object] | None) -> None:
            if choice is not None:
                self._edit(self.service.set_role, opportunity_id, person.id, choice[0])

        self.app.push_screen(RelationshipPickDialog(
            self.t("relationships.role_title", name=one_line(person.name, 40)), options,
            person.role if person.role_id is not None else ...), picked)

    def action_set_weight(self) -> None:
        """Type the focused person's weight in the decision."""
        from kam_tui.areas.relationships.ui.dialogs.weight_dialog import (
            RelationshipWeightDialog,
        )

        found = self._need_deal()
        if not found or self.map is None:
            return
        opportunity_id, person = found
        others = sum(p.weight for p in self.map.data.participants if p.contact_id != person.id)

        def typed(weight: int | None) -> None:
            if weight is not None:
                self._edit(self.service.set_weight, opportunity_id, person.id, weight)

        self.app.push_screen(RelationshipWeightDialog(
            self.t("relationships.weight_title", name=one_line(person.name, 40)),
            person.weight, others), typed)

    def action_role_details(self) -> None:
        """Open the focused person's whole deal role: meetings, results, problems, next step."""
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        found = self._need_deal()
        if not found:
            return
        opportunity_id, person = found

        def opened(role_id: int) -> None:
            self.app.push_screen(RecordFormScreen("deal_role", record_id=role_id,
                                                  parent_id=opportunity_id,
                                                  account_id=self.account_id),
                                 lambda _: self._load())

        self._edit(self.service.ensure_role, opportunity_id, person.id, then=opened)

    def action_remove_from_deal(self) -> None:
        """Take the focused person out of this opportunity's buying group (undoable)."""
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        found = self._need_deal()
        if not found or found[1].role_id is None:
            return
        person = found[1]
        role_id = person.role_id
        assert role_id is not None
        question = self.t("relationships.remove_q", name=one_line(person.name, 60))

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._edit(self.service.remove_role, role_id, then=lambda _: self.app
                           .remember_deleted("deal_role", role_id, person.name))  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmDialog(question, yes=self.t("verb.yes_delete")), confirmed)

    def action_reports_to(self) -> None:
        """Pick whom the focused person reports to."""
        person = self._need_person()
        if person is not None:
            self._edit(self.service.reports_to_options, person.id,
                       then=lambda options: self._pick_boss(person, options))

    def _pick_boss(self, person: PersonRow, options: list[tuple[str, int]]) -> None:
        from kam_tui.areas.relationships.ui.dialogs.pick_dialog import (
            RelationshipPickDialog,
        )

        choices: list[tuple[str, object]] = [(self.t("relationships.nobody"), None), *options]

        def picked(choice: tuple[object] | None) -> None:
            if choice is not None:
                self._edit(self.service.set_reports_to, person.id, choice[0])

        self.app.push_screen(RelationshipPickDialog(
            self.t("relationships.boss_title", name=one_line(person.name, 40)), choices,
            person.reports_to_id), picked)
