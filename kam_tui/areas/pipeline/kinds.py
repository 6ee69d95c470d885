"""The opportunity record: a deal created anywhere starts its stage history the same way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.queries import moves
from kam_tui.core.db import models as m
from kam_tui.core.db.records import RecordKind
from kam_tui.core.domain import fields as f

# The stage the deals created in this context start in (None: Interest, the column default).
# The stage is no field of the record's form: it changes by moves, which the history records.
_STARTING_STAGE: ContextVar[int | None] = ContextVar("starting_stage", default=None)


@contextmanager
def starting_in(stage: int) -> Iterator[None]:
    """Let the deals created inside start in `stage`: their first history row says so."""
    token = _STARTING_STAGE.set(rules.check_stage(stage))
    try:
        yield
    finally:
        _STARTING_STAGE.reset(token)


def _started(opportunity_id: int, data: dict[str, Any], today: date) -> None:
    # The app's clock may be frozen (demo, tests): history must agree with days-in-stage.
    moves.record_created(opportunity_id, datetime.combine(today, m.utcnow().time()),
                         stage=_STARTING_STAGE.get())


OPPORTUNITY = RecordKind("opportunity", m.Opportunity, f.OPPORTUNITY_FIELDS,
                         after_create=_started)
KINDS = (OPPORTUNITY,)
