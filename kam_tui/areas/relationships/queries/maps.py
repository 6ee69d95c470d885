"""The relationship map of one account and one of its opportunities, and which one was last shown."""

from __future__ import annotations

from dataclasses import dataclass

from kam_tui.areas.relationships.queries.accounts import (
    OpportunityChoice,
    account_name,
    opportunities,
)
from kam_tui.areas.relationships.queries.deal_roles import invalid_weights
from kam_tui.core.db.buying_group import participants
from kam_tui.areas.relationships.queries.people import PersonRow, people
from kam_tui.areas.relationships.queries.relations import RelationRow, relations
from kam_tui.core.domain.coverage import Participant

LAST_ACCOUNT_KEY = "relationships.last_account"
LAST_OPPORTUNITY_KEY = "relationships.last_opportunity.{account_id}"


@dataclass
class MapData:
    """Everything the relationship map shows for one account and one of its opportunities."""

    account_id: int
    account_name: str
    opportunity: OpportunityChoice | None
    people: list[PersonRow]
    participants: list[Participant]  # the opportunity's whole buying group
    relations: list[RelationRow]
    opportunity_count: int = 0
    invalid: int = 0  # buying-group rows whose stored weight did not parse, counted as 0


def load_map(account_id: int, opportunity_id: int | None) -> MapData | None:
    """Return the map of a live account; the opportunity must belong to it or is dropped."""
    name = account_name(account_id)
    if name is None:
        return None
    choices = opportunities(account_id)
    chosen = next((item for item in choices if item.id == opportunity_id), None)
    return MapData(
        account_id=account_id, account_name=name, opportunity=chosen,
        people=people(account_id, chosen.id if chosen else None),
        participants=participants(chosen.id) if chosen else [],
        relations=relations(account_id), opportunity_count=len(choices),
        invalid=invalid_weights(chosen.id) if chosen else 0)
