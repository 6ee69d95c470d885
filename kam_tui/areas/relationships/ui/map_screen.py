"""The relationship map (三图一网): org chart, decision map and relationship net of one deal."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Static

from kam_tui.areas.relationships.rules import coverage
from kam_tui.areas.relationships.service import (
    MapView,
    OpportunityChoice,
    PersonRow,
    RelationshipService,
)
from kam_tui.areas.relationships.ui.coverage_panel import CoveragePanel
from kam_tui.areas.relationships.ui.decision_map import DecisionMap
from kam_tui.areas.relationships.ui.org_chart import STANCE_STYLES, OrgChart
from kam_tui.areas.relationships.ui.person_panel import PersonPanel
from kam_tui.areas.relationships.ui.relation_net import RelationNet
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.core.service import ValidationFailed
from kam_tui.ui.bindings import localise_bindings
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.line_list import LineList
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised

VIEWS = ("org", "decision", "net")
NARROW = 100  # below this width the person panel gives its room to the chart
_NO_ROLE = ""


class RelationshipScreen(Localised, Screen):
    """One account's people and one opportunity's buying group, with coverage always in view."""

    BINDINGS = [
        Binding("c", "pick_account", "Account", id="relationships.pick_account", show=False),
        Binding("o", "pick_opportunity", "Opportunity", id="relationships.pick_opportunity"),
        Binding("v", "next_view", "Next view", id="relationships.next_view"),
        Binding("s", "cycle_stance", "Stance", id="relationships.stance"),
        Binding("i", "cycle_influence", "Influence", id="relationships.influence"),
        Binding("r", "set_role", "Role", id="relationships.role"),
        Binding("w", "set_weight", "Weight", id="relationships.weight"),
        Binding("b", "reports_to", "Reports to", id="relationships.reports_to"),
        Binding("a", "add_relation", "Add relation", id="relationships.add_relation"),
        Binding("l", "log_contact", "Log contact", id="relationships.log_contact"),
        Binding("n", "new_person", "New person", id="relationships.new_person"),
        Binding("e", "edit_person", "Edit person", id="relationships.edit_person", show=False),
        Binding("enter", "open_person", "Person's file", id="relationships.open_person",
                show=False),
        Binding("t", "role_details", "Role details", id="relationships.role_details",
                show=False),
        Binding("d", "remove_from_deal", "Remove from deal", id="relationships.remove",
                show=False),
        Binding("u,ctrl+z", "app.undo", "Undo", id="verb.undo", key_display="u", show=False),
        Binding("ctrl+r", "refresh_data", "Refresh", id="verb.refresh", show=False),
    ]

    class Started(Message):
        """A worker found where the map was left last time (or nothing)."""

        def __init__(self, last: tuple[int, int | None] | None) -> None:
            super().__init__()
            self.last = last

    class MapLoaded(Message):
        """A worker read the map of an account (None when the account is gone)."""

        def __init__(self, account_id: int, view: MapView | None, number: int) -> None:
            super().__init__()
            self.account_id = account_id
            self.view = view
            self.number = number

    class OpportunityResolved(Message):
        """A worker found which account an opportunity belongs to."""

        def __init__(self, account_id: int, opportunity_id: int) -> None:
            super().__init__()
            self.account_id = account_id
            self.opportunity_id = opportunity_id

    class Edited(Message):
        """A worker changed something; error holds the reason it was refused."""

        def __init__(self, error: str = "", then: Callable[[Any], None] | None = None,
                     result: Any = None) -> None:
            super().__init__()
            self.error = error
            self.then = then
            self.result = result

    def __init__(self) -> None:
        super().__init__()
        self.account_id: int | None = None
        self.opportunity_id: int | None = None
        self.contact_id: int | None = None  # the focused person, kept across reloads
        self.map: MapView | None = None
        self.view_name = "org"
        self._service: RelationshipService | None = None
        self._edit_lock = threading.Lock()
        self._order = LoadOrder()

    @property
    def service(self) -> RelationshipService:
        """Return the area's service, made on first use."""
        if self._service is None:
            self._service = RelationshipService(self.app.db, self.app.today)  # type: ignore[attr-defined]
        return self._service

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.t("list.loading")), id="rel-head")
        with ContentSwitcher(initial="rel-org", id="rel-views"):
            yield OrgChart(self.t, self.lang, self.app.today, id="rel-org")  # type: ignore[attr-defined]
            yield DecisionMap(self.t, self.lang, id="rel-decision")
            yield RelationNet(self.t, self.lang, id="rel-net")
        with Horizontal(id="rel-bottom"):
            yield PersonPanel(id="rel-person")
            with Vertical(id="rel-coverage-box"):
                yield CoveragePanel(self.t, self.lang, id="rel-coverage")
        yield Footer()

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        self.sub_title = self.t("area.relationships")
        box = self.query_one("#rel-coverage-box")
        box.border_title = self.t("relationships.coverage")
        self.query_one("#rel-org", OrgChart).focus()
        self._start()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_screen_resume(self) -> None:
        if self.map is not None:
            self._load()

    # --- where to start ----------------------------------------------------------------------

    @db_work(group="rel-start")
    def _start(self) -> None:
        self.post_message(self.Started(self.service.last_viewed()))

    def on_relationship_screen_started(self, message: Started) -> None:
        if self.account_id is not None:
            return  # another area already asked for an account
        if message.last is None:
            self._show_empty(self.t("relationships.no_account"))
            self.action_pick_account()
        else:
            self.account_id, self.opportunity_id = message.last
            self._load()

    def show_record(self, account_id: int | None = None, opportunity_id: int | None = None,
                    contact_id: int | None = None, **_: object) -> None:
        """Open the map on an account, an opportunity (its account found) and a person."""
        from kam_tui.areas.customers.ui.picker import AccountPickDialog

        if isinstance(self.app.screen, AccountPickDialog):
            self.app.screen.dismiss(None)
        if contact_id is not None:
            self.contact_id = contact_id
        if account_id is None and opportunity_id is not None:
            self._resolve_opportunity(opportunity_id)
            return
        if account_id is not None:
            if account_id != self.account_id:
                self.contact_id = contact_id
            self.account_id = account_id
            self.opportunity_id = opportunity_id
            self._load()

    @db_work(group="rel-start")
    def _resolve_opportunity(self, opportunity_id: int) -> None:
        account_id = self.service.account_of_opportunity(opportunity_id)
        if account_id is not None:
            self.post_message(self.OpportunityResolved(account_id, opportunity_id))

    def on_relationship_screen_opportunity_resolved(self, message: OpportunityResolved) -> None:
        self.show_record(message.account_id, message.opportunity_id)

    # --- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        if self.account_id is not None:
            self._fetch(self.account_id, self.opportunity_id, self._order.next())

    def refresh_data(self) -> None:
        """Reload the map after data changed (an undo, an edit elsewhere)."""
        self._load()

    def action_refresh_data(self) -> None:
        self._load()

    @db_work(exclusive=True, group="rel-map")
    def _fetch(self, account_id: int, opportunity_id: int | None, number: int) -> None:
        try:
            view = self.service.load(account_id, opportunity_id)
            if view is not None:
                chosen = view.data.opportunity
                self.service.remember(account_id, chosen.id if chosen else None)
        except Exception as error:  # noqa: BLE001 - an uncaught worker error would end the app
            self.post_message(self.Edited(self.t("error.db", error=error)))
            return
        self.post_message(self.MapLoaded(account_id, view, number))

    def on_relationship_screen_map_loaded(self, message: MapLoaded) -> None:
        if message.account_id != self.account_id or not self._order.accept(message.number):
            return  # another account was chosen, or a newer read (after an edit) is shown
        if message.view is None:
            self.map = None
            self._show_empty(self.t("relationships.gone"))
            return
        self.map = message.view
        data = message.view.data
        self.opportunity_id = data.opportunity.id if data.opportunity else None
        in_deal = data.opportunity is not None
        keep = self.contact_id
        titles = {person.id: person.title for person in data.people}
        names = {person.id: person.name for person in data.people}
        self.query_one(OrgChart).set_people(data.people, in_deal, keep)
        self.query_one(DecisionMap).set_group(data.participants, titles, keep)
        net = self.query_one(RelationNet)
        net.set_net(data.relations, names, titles)
        if keep is not None:
            self.query_one(OrgChart).select(keep)
            if self.view_name == "net":
                net.show_person(keep)
        else:
            self.contact_id = self.query_one(OrgChart).current.id if data.people else None
        self._render_head()
        self._render_person()
        self._render_coverage()

    def _show_empty(self, text: str) -> None:
        self.query_one("#rel-head", Static).update(Text(text, style="bold"))
        self.query_one(OrgChart).set_people([], False)
        self.query_one(DecisionMap).set_group([], {})
        self.query_one(RelationNet).set_net([], {}, {})
        self.query_one(PersonPanel).show(Text())
        self.query_one(CoveragePanel).show(None, text)

    # --- drawing -----------------------------------------------------------------------------

    def _stage_text(self, chosen: OpportunityChoice) -> str:
        stage = vocab.stage(chosen.stage)
        return self.t("relationships.stage", number=stage.number, stage=stage.label(self.lang),
                      rate=stage.win_rate)

    def _render_head(self) -> None:
        assert self.map is not None
        data = self.map.data
        head = Text()
        head.append("c ", style="dim")
        head.append(one_line(data.account_name, 80), style="bold")
        head.append("  ·  " + self.t(f"relationships.view.{self.view_name}"), style="dim")
        head.append("\n")
        chosen = data.opportunity
        if chosen is None:
            head.append(self.t("relationships.no_opportunity"), style="dim")
        else:
            head.append("o ", style="dim")
            head.append(one_line(chosen.title, 60))
            if chosen.status != "open":
                head.append(f" ({vocab.OpportunityStatus.label_of(chosen.status, self.lang)})",
                            style="italic")
            head.append(f"  {fmt.amount(chosen.amount, self.lang)}  ·  ", style="dim")
            head.append(self._stage_text(chosen))
            if self.map.coverage is not None:
                head.append(" → ")
                head.append(self.t("relationships.adjusted", rate=self.map.coverage.adjusted),
                            style="bold")
        self.query_one("#rel-head", Static).update(head)

    def _render_coverage(self) -> None:
        assert self.map is not None
        self.query_one(CoveragePanel).show(self.map.coverage,
                                           self.t("relationships.no_opportunity"))

    def _person(self, contact_id: int | None) -> PersonRow | None:
        if self.map is None or contact_id is None:
            return None
        return next((p for p in self.map.data.people if p.id == contact_id), None)

    def _render_person(self) -> None:
        panel = self.query_one(PersonPanel)
        person = self._person(self.contact_id)
        if person is None or self.map is None:
            panel.show(Text())
            return
        lang = self.lang
        text = Text()
        text.append(one_line(person.name, 60), style="bold")
        for part in (person.title, person.department):
            if part:
                text.append(f" · {one_line(part, 40)}")
        text.append("\n")
        last = person.last_contact.isoformat() if person.last_contact else self.t(
            "relationships.never")
        if self.map.data.opportunity is not None and person.role_id is not None:
            text.append(f"{coverage.mark(person.stance)} ",
                        style=STANCE_STYLES.get(person.stance, ""))
            text.append(self.t(
                "relationships.detail",
                role=vocab.BuyingRole.label_of(person.role, lang) or self.t(
                    "relationships.no_role"),
                stance=vocab.Stance.label_of(person.stance, lang),
                influence=vocab.Influence.label_of(person.influence, lang),
                weight=person.weight,
                closeness=vocab.Closeness.label_of(person.closeness, lang) or "—",
                last=last, owner=one_line(person.owner, 30) or "—"))
        else:
            text.append(self.t("relationships.not_in_deal"), style="dim")
            text.append(f" · {self.t('relationships.col.last')} {last}", style="dim")
        ties = [r for r in self.map.data.relations
                if person.id in (r.contact_id, r.other_contact_id)]
        text.append(f"\n{self.t('relationships.relations')}: ", style="bold")
        if not ties:
            text.append("—", style="dim")
        for number, relation in enumerate(ties):
            other, name = relation.other_of(person.id)
            text.append(("" if number == 0 else " · ") + "↔ " + one_line(name, 30))
            if other is None:
                text.append(f" ({self.t('relationships.our_side')})", style="italic")
            text.append(" " + vocab.RelationKind.label_of(relation.kind, lang), style="dim")
        panel.show(text)

    # --- following the cursor ----------------------------------------------------------------

    @on(LineList.Highlighted)
    def _highlighted(self, message: LineList.Highlighted) -> None:
        if not message.source.display or message.source.id != f"rel-{self.view_name}":
            return
        key = message.key
        if isinstance(message.source, RelationNet):
            key = message.source.person_at(key)
        if isinstance(key, int) and key != self.contact_id:
            self.contact_id = key
            self._render_person()

    @on(LineList.Chosen)
    def _chosen(self, message: LineList.Chosen) -> None:
        if isinstance(message.source, RelationNet):
            return  # enter in the net follows the tie; the cursor already moved
        if isinstance(message.key, int):
            self._open_person(message.key)

    def _active_list(self) -> LineList:
        return self.query_one(f"#rel-{self.view_name}", LineList)

    def action_next_view(self) -> None:
        """Show the next of the org chart, the decision map and the relationship net."""
        self._need_person()
        self.view_name = VIEWS[(VIEWS.index(self.view_name) + 1) % len(VIEWS)]
        self.query_one(ContentSwitcher).current = f"rel-{self.view_name}"
        widget = self._active_list()
        if self.contact_id is not None:
            if isinstance(widget, OrgChart):
                widget.select(self.contact_id)
            elif isinstance(widget, RelationNet):
                widget.show_person(self.contact_id)
            else:
                widget.move_to(self.contact_id)
        widget.focus()
        if self.map is not None:
            self._render_head()

    # --- editing -----------------------------------------------------------------------------

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
                self.post_message(self.Edited(reason))
            except Exception as error:  # noqa: BLE001 - an uncaught worker error would end the app
                self.post_message(self.Edited(self.t("error.db", error=error)))
            else:
                self.post_message(self.Edited(then=then, result=result))

    def on_relationship_screen_edited(self, message: Edited) -> None:
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        elif message.then is not None:
            message.then(message.result)
        self._load()

    def action_cycle_stance(self) -> None:
        """Move the focused person's stance on: supporter, neutral, opponent, unknown."""
        found = self._need_deal()
        if found:
            self._edit(self.service.cycle_stance, found[0], found[1].id)

    def action_cycle_influence(self) -> None:
        """Move the focused person's influence on: high, medium, low."""
        found = self._need_deal()
        if found:
            self._edit(self.service.cycle_influence, found[0], found[1].id)

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

    # --- picking what to show ----------------------------------------------------------------

    def action_pick_account(self) -> None:
        """Choose the account whose map to draw."""
        from kam_tui.areas.customers.ui.picker import AccountPickDialog

        def picked(account_id: int | None) -> None:
            if account_id is not None:
                self.show_record(account_id=account_id)

        self.app.push_screen(AccountPickDialog(self.t("relationships.account_title")), picked)

    def action_pick_opportunity(self) -> None:
        """Choose which of the account's opportunities the map is for."""
        if self.account_id is not None:
            self._edit(self.service.opportunities, self.account_id,
                       then=self._pick_opportunity)

    def _pick_opportunity(self, choices: list[OpportunityChoice]) -> None:
        from kam_tui.areas.relationships.ui.dialogs.pick_dialog import (
            RelationshipPickDialog,
        )

        if not choices or self.map is None:
            self.notify(self.t("relationships.no_opportunity"), severity="warning")
            return
        options: list[tuple[str, object]] = []
        for chosen in choices:
            status = vocab.OpportunityStatus.label_of(chosen.status, self.lang)
            options.append((f"{chosen.title} · {self._stage_text(chosen)} · {status} · "
                            f"{fmt.amount(chosen.amount, self.lang)}", chosen.id))
        account_id = self.account_id

        def picked(choice: tuple[object] | None) -> None:
            if choice is not None and self.account_id == account_id:
                self.opportunity_id = int(choice[0])  # type: ignore[call-overload]
                self._load()

        self.app.push_screen(RelationshipPickDialog(
            self.t("relationships.opportunity_title",
                   account=one_line(self.map.data.account_name, 40)), options,
            self.opportunity_id), picked)

    # --- help and palette --------------------------------------------------------------------

    def help_notes(self) -> list[str]:
        """Return the lines `?` adds under the keys: the formula and the signs."""
        return [coverage.FORMULA_ZH if self.lang == "zh" else coverage.FORMULA_EN,
                self.t("relationships.help_marks"), self.t("relationships.help_warnings"),
                self.t("relationships.follow")]

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette."""
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.id and binding.id.startswith("relationships."):
                action = getattr(self, f"action_{binding.action}")
                yield SystemCommand(self.t(binding.id), binding.key_display or binding.key,
                                    action)
