"""What the relationship map asks of the data: the map, coverage, quick edits, a person's file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee as pw

from kam_tui.areas.relationships.queries import accounts, deal_roles, maps, people
from kam_tui.areas.relationships.queries.accounts import OpportunityChoice
from kam_tui.areas.relationships.queries.maps import MapData
from kam_tui.areas.relationships.queries.people import PersonFile, PersonRow
from kam_tui.areas.relationships.queries.relations import RelationRow
from kam_tui.core.domain import coverage
from kam_tui.core.domain.coverage import Coverage
from kam_tui.core.db import records
from kam_tui.core.state import PersonalState

__all__ = [
    "Coverage", "MapData", "MapView", "OpportunityChoice", "PersonFile", "PersonRow",
    "RelationRow", "RelationshipService",
]


@dataclass
class MapView:
    """A loaded map and its coverage reading."""

    data: MapData
    coverage: Coverage | None  # None when the account has no opportunity to assess


def _stored_id(text: str) -> int | None:
    """Return a remembered row id, or None when the value is not one SQLite can look up."""
    if not (text.isascii() and text.isdigit()) or int(text) >= 2**63:
        return None
    return int(text)


class RelationshipService:
    """The relationship-map area's service; each call opens its own connection."""

    def __init__(self, db: pw.Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    # --- where to start ----------------------------------------------------------------------

    def _state(self) -> PersonalState:
        # Where the map was left is the person's own: on the team's server fifty people share
        # the database, so it is kept in their state folder, per database.
        return PersonalState(self.db)

    def last_viewed(self) -> tuple[int, int | None] | None:
        """Return the account (and its opportunity) the map showed last, if it still exists."""
        account_id = _stored_id(self._state().get(maps.LAST_ACCOUNT_KEY))
        if account_id is None:
            return None
        with self.db.connection_context():
            if accounts.account_name(account_id) is None:
                return None
        return account_id, self._remembered_opportunity(account_id)

    def _remembered_opportunity(self, account_id: int) -> int | None:
        return _stored_id(self._state().get(
            maps.LAST_OPPORTUNITY_KEY.format(account_id=account_id)))

    def remember(self, account_id: int, opportunity_id: int | None) -> None:
        """Keep the account and opportunity on view for next time."""
        state = self._state()
        state.put(maps.LAST_ACCOUNT_KEY, str(account_id))
        if opportunity_id is not None:
            state.put(maps.LAST_OPPORTUNITY_KEY.format(account_id=account_id),
                      str(opportunity_id))

    def opportunities(self, account_id: int) -> list[OpportunityChoice]:
        """Return the account's opportunities, open and furthest along first."""
        with self.db.connection_context():
            return accounts.opportunities(account_id)

    def account_of_opportunity(self, opportunity_id: int) -> int | None:
        """Return the account an opportunity belongs to."""
        with self.db.connection_context():
            chosen = accounts.opportunity(opportunity_id)
            return chosen.account_id if chosen else None

    # --- the map -----------------------------------------------------------------------------

    def load(self, account_id: int, opportunity_id: int | None = None) -> MapView | None:
        """Return the map of an account for an opportunity (default: remembered, else first)."""
        with self.db.connection_context():
            if opportunity_id is None:
                opportunity_id = self._remembered_opportunity(account_id)
            data = maps.load_map(account_id, opportunity_id)
            if data is None:
                return None
            if data.opportunity is None and data.opportunity_count:
                data = maps.load_map(account_id, accounts.opportunities(account_id)[0].id)
            assert data is not None
        chosen = data.opportunity
        found = None if chosen is None else coverage.assess(
            chosen.win_rate, data.participants, self.today())
        return MapView(data, found)

    def person(self, contact_id: int) -> PersonFile | None:
        """Return a person's own file, private fields included."""
        with self.db.connection_context():
            return people.person_file(contact_id)

    def reports_to_options(self, contact_id: int) -> list[tuple[str, int]]:
        """Return whom a person may report to (no one below them)."""
        with self.db.connection_context():
            return people.reports_to_options(contact_id)

    # --- quick edits -------------------------------------------------------------------------

    def cycle_stance(self, opportunity_id: int, contact_id: int) -> str:
        """Move a person's stance on to the next one; return it."""
        chosen: dict[str, Any] = {}

        def step(current: dict[str, Any] | None) -> dict[str, Any]:
            chosen["stance"] = coverage.next_stance(current["stance"] if current else None)
            return chosen

        with self.db.connection_context():
            deal_roles.update_role(opportunity_id, contact_id, step, self.today())
        return chosen["stance"]

    def cycle_influence(self, opportunity_id: int, contact_id: int) -> str:
        """Move a person's influence on to the next level; return it."""
        chosen: dict[str, Any] = {}

        def step(current: dict[str, Any] | None) -> dict[str, Any]:
            # Someone new to the group starts at medium, so the first press makes them high.
            chosen["influence"] = coverage.next_influence(
                current["influence"] if current else "low")
            return chosen

        with self.db.connection_context():
            deal_roles.update_role(opportunity_id, contact_id, step, self.today())
        return chosen["influence"]

    def set_role(self, opportunity_id: int, contact_id: int, role: str) -> int:
        """Give a person a buying role in an opportunity; return the deal role id."""
        with self.db.connection_context():
            return deal_roles.update_role(opportunity_id, contact_id, {"role": role}, self.today())

    def set_weight(self, opportunity_id: int, contact_id: int, weight: int) -> int:
        """Set a person's weight in the decision; raises ValidationFailed outside 0–100."""
        with self.db.connection_context():
            return deal_roles.update_role(opportunity_id, contact_id, {"weight": weight}, self.today())

    def ensure_role(self, opportunity_id: int, contact_id: int) -> int:
        """Add a person to an opportunity's buying group if not yet in it; return the role id."""
        with self.db.connection_context():
            return deal_roles.add_to_group(opportunity_id, contact_id)

    def remove_role(self, role_id: int) -> None:
        """Take a person out of an opportunity's buying group (undoable)."""
        with self.db.connection_context():
            records.soft_delete("deal_role", role_id)

    def set_reports_to(self, contact_id: int, boss_id: int | None) -> None:
        """Set whom a person reports to; raises ValidationFailed on a loop."""
        with self.db.connection_context():
            people.set_reports_to(contact_id, boss_id, self.today())

    def link_activity(self, activity_id: int, contact_id: int,
                      opportunity_id: int | None) -> None:
        """Record a person's part in a logged contact, and the deal it was about."""
        with self.db.connection_context():
            people.link_activity(activity_id, contact_id, opportunity_id)
