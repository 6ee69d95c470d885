"""The opportunity record: a deal created anywhere starts its stage history the same way."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kam_tui.areas.pipeline.queries import moves
from kam_tui.core.db import models as m
from kam_tui.core.db.records import RecordKind
from kam_tui.core.domain import fields as f


def _started(opportunity_id: int, data: dict[str, Any], today: date) -> None:
    # The app's clock may be frozen (demo, tests): history must agree with days-in-stage.
    moves.record_created(opportunity_id, datetime.combine(today, m.utcnow().time()))


OPPORTUNITY = RecordKind("opportunity", m.Opportunity, f.OPPORTUNITY_FIELDS,
                         after_create=_started)
KINDS = (OPPORTUNITY,)
