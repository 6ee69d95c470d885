"""The relationship map (三图一网): org chart, decision map and relationship net of one deal."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Static

from kam_tui.areas.relationships.service import (
    MapView,
    OpportunityChoice,
    RelationshipService,
)
from kam_tui.areas.relationships.ui.coverage_panel import CoveragePanel
from kam_tui.areas.relationships.ui.decision_map import DecisionMap
from kam_tui.areas.relationships.ui.map_drawing import MapDrawing
from kam_tui.areas.relationships.ui.map_messages import (
    Edited,
    MapLoaded,
    OpportunityResolved,
    Started,
)
from kam_tui.areas.relationships.ui.map_person_actions import MapPersonActions
from kam_tui.areas.relationships.ui.map_quick_edits import MapQuickEdits
from kam_tui.areas.relationships.ui.org_chart import OrgChart
from kam_tui.areas.relationships.ui.person_panel import PersonPanel
from kam_tui.areas.relationships.ui.relation_net import RelationNet
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.line_list import LineList
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised
from kam_tui.ui.kit.fitting_footer import FittingFooter

VIEWS = ("org", "decision", "net")
NARROW = 100  # below this width the person panel gives its room to the chart


class RelationshipScreen(MapQuickEdits, MapPersonActions, MapDrawing, Localised, Screen):
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

    Started = Started
    MapLoaded = MapLoaded
    OpportunityResolved = OpportunityResolved
    Edited = Edited

    def __init__(self) -> None:
        super().__init__()
        self.account_id: int | None = None
        self.opportunity_id: int | None = None
        self.contact_id: int | None = None  # the focused person, kept across reloads
        self.map: MapView | None = None
        self.view_name = "org"
        self._edit_lock = threading.Lock()
        self._order = LoadOrder()

    @property
    def service(self) -> RelationshipService:
        """Return the app's one RelationshipService."""
        return self.app.service(RelationshipService)  # type: ignore[attr-defined]

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
        yield FittingFooter()

    def on_mount(self) -> None:
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
        self.post_message(Started(self.service.last_viewed()))

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
            self.post_message(OpportunityResolved(account_id, opportunity_id))

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
        view = self.service.load(account_id, opportunity_id)
        if view is not None:
            chosen = view.data.opportunity
            self.service.remember(account_id, chosen.id if chosen else None)
        self.post_message(MapLoaded(account_id, view, number))

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
        net.set_net(data.relations, names, titles, {p.id: p.owner for p in data.people})
        if keep is not None:
            self.query_one(OrgChart).select(keep)
            if self.view_name == "net":
                net.show_person(keep)
        else:
            self.contact_id = self.query_one(OrgChart).current.id if data.people else None
        self._render_head()
        self._render_person()
        self._render_coverage()

    def worker_failed(self, name: str, error: BaseException) -> bool:
        """After a failed read, show no map rather than a stale one; after a failed edit, reload.

        The app's one handler then tells the rep what went wrong.
        """
        if name in ("_start", "_fetch"):
            self.map = None
            self._show_empty(self.t("relationships.load_failed"))
        elif name == "_edit":
            self._load()  # what the rep sees must be what the database holds
        return False

    def _show_empty(self, text: str) -> None:
        self.query_one("#rel-head", Static).update(Text(text, style="bold"))
        self.query_one(OrgChart).set_people([], False)
        self.query_one(DecisionMap).set_group([], {})
        self.query_one(RelationNet).set_net([], {}, {})
        self.query_one(PersonPanel).show(Text())
        self.query_one(CoveragePanel).show(None, text)

    # --- drawing -----------------------------------------------------------------------------


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
        return [self.t("relationships.formula"), self.t("relationships.help_marks"),
                self.t("relationships.help_warnings"), self.t("relationships.follow")]

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette."""
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.id and binding.id.startswith("relationships."):
                action = getattr(self, f"action_{binding.action}")
                yield SystemCommand(self.t(binding.id), binding.key_display or binding.key,
                                    action)
