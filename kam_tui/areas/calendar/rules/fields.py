"""Field specifications of the revisit records a rep edits: a revisit, and a cadence rule."""

from __future__ import annotations

from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldSpec, Kind

F = FieldSpec

REVISIT_FIELDS: tuple[FieldSpec, ...] = (
    F("due_on", "Due", "计划日期", Kind.DATE, required=True),
    F("kind", "Kind", "方式", Kind.CHOICE, required=True, choices=vocab.ActivityKind),
    F("contact_id", "With", "对象", Kind.REF, ref="contact"),
    F("note", "Note", "备注", Kind.MULTILINE),
)

RULE_FIELDS: tuple[FieldSpec, ...] = (
    F("rule", "Rule", "规则", Kind.CHOICE, required=True, choices=vocab.CadenceRule),
    F("enabled", "Enabled", "启用", Kind.BOOL),
    F("every_days", "Every (days, blank = default)", "间隔天数（空 = 默认）", Kind.INT,
      min_value=1, max_value=3650),
)
