"""Field specifications of the relationship map's records: a person's deal role and a relation."""

from __future__ import annotations

from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldSpec, Kind

F = FieldSpec
ML = Kind.MULTILINE

# Weight and meetings are stored NOT NULL, so an empty entry is refused rather than stored.
DEAL_ROLE_FIELDS: tuple[FieldSpec, ...] = (
    F("contact_id", "Person", "人员", Kind.REF, required=True, ref="contact"),
    F("role", "Buying role", "采购角色", Kind.CHOICE, choices=vocab.BuyingRole),
    F("influence", "Influence", "影响力", Kind.CHOICE, required=True, choices=vocab.Influence),
    F("stance", "Stance toward us", "对我方态度", Kind.CHOICE, required=True,
      choices=vocab.Stance),
    F("weight", "Weight in the decision", "决策权重", Kind.PERCENT, required=True),
    F("meetings", "Meetings", "会面次数", Kind.INT, required=True, max_value=100_000),
    F("last_meeting_result", "Result of the last meeting", "上次会面结果", ML),
    F("open_problems", "Open problems", "遗留问题", ML),
    F("next_step", "Next step", "下一步", ML),
)

RELATION_FIELDS: tuple[FieldSpec, ...] = (
    F("kind", "Relation", "关系", Kind.CHOICE, required=True, choices=vocab.RelationKind),
    F("other_contact_id", "With (customer side)", "对方人员", Kind.REF, ref="contact"),
    F("staff_id", "Or with (our side)", "或我方人员", Kind.REF, ref="staff"),
    F("note", "Note", "备注", ML),
)
