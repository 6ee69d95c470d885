"""What a deal's own view shows: its head, fields, stage history, buying group and scorecard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kam_tui.areas.pipeline import rules
from kam_tui.areas.pipeline.queries.deal import TIMELINE, ActivityRow, HistoryRow, PlannedRow
from kam_tui.areas.pipeline.service import OpportunityDetail
from kam_tui.core.domain import vocab
from kam_tui.core.domain.coverage import SEVERITY_MARKS
from kam_tui.core.domain.fields import OPPORTUNITY_FIELDS
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.coverage_text import SEVERITY_STYLES, coverage_text

LABELS = {spec.name: spec for spec in OPPORTUNITY_FIELDS}
ONE_LINE_SHARES = 80  # wide enough for the four shares on one line, in either language


class DealView:
    """Draws the sections of one deal in the rep's language (rich renderables, not a widget)."""

    def __init__(self, t: Callable[..., str], lang: str, today: date, has_map: bool) -> None:
        self.t = t
        self.lang = lang
        self.today = today
        self.has_map = has_map  # the relationships area is there to open the map

    def rate_text(self, detail: OpportunityDetail) -> Text:
        standard = vocab.stage(detail.stage).win_rate
        text = Text(self.t("pipeline.rate_standard", rate=standard))
        override = detail.values["win_rate_override"]
        if override is not None:
            text.append("  ·  ")
            text.append(self.t("pipeline.rate_own", rate=override, reason=fmt.literal(
                detail.values["win_rate_override_reason"], 200).plain), style="bold")
        return text

    def status_text(self, detail: OpportunityDetail) -> Text:
        if detail.status == "won":
            return Text(self.t("pipeline.won_mark"), style="bold green")
        if detail.status == "lost":
            return Text(self.t("pipeline.lost_mark"), style="bold red")
        return Text(vocab.OpportunityStatus.label_of("open", self.lang))

    def head(self, detail: OpportunityDetail) -> Text:
        lang = self.lang
        stage = vocab.stage(detail.stage)
        head = Text(fmt.literal(detail.values["title"], 200).plain, style="bold")
        head.append("  ·  ")
        head.append(fmt.literal(detail.account_short or detail.account_name, 80).plain)
        head.append("\n")
        if "stage" in detail.invalid:
            head.append(self.t("value.invalid"), style="bold red")
        else:
            head.append(f"{stage.number} {stage.label(lang)}", style="bold")
        head.append("  ·  ")
        head.append_text(self.status_text(detail))
        head.append("  ·  ")
        head.append_text(self.rate_text(detail))
        if detail.status == "open":
            head.append("\n")
            head.append(self.t("pipeline.f_in_stage") + ": " + (
                self.t("value.invalid") if "stage_entered_at" in detail.invalid
                else self.t("pipeline.days_long", days=detail.days_in_stage)))
            if detail.stalled:
                head.append("  ")
                in_stage = detail.quiet is None or detail.days_in_stage > detail.stall_limit
                head.append(self.t("pipeline.stall_flag", limit=detail.stall_limit) if in_stage
                            else self.t("pipeline.quiet_flag", days=detail.quiet),
                            style="bold yellow")
            # At 80×24 the buying group's section is below the fold: its worst gap is not.
            warning = self.top_warning(detail)
            if warning.cell_len:
                head.append("\n")
                head.append_text(warning)
        return head

    def fields(self, detail: OpportunityDetail) -> RenderableType:
        lang = self.lang
        values = detail.values
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")

        def row(label: str, value: Text | str) -> None:
            grid.add_row(Text(label), value if isinstance(value, Text) else Text(value or "—"))

        row(self.t("pipeline.f_account"), fmt.literal(detail.account_name, 200))
        row(LABELS["product"].label(lang), fmt.literal(values["product"], 200))
        row(LABELS["quantity"].label(lang), f"{values['quantity'] or 0:,}")
        row(LABELS["amount"].label(lang), self._value(detail, "amount", fmt.money))
        rate = rules.win_rate(detail.stage, values["win_rate_override"])
        row(self.t("pipeline.f_weighted"), f"{fmt.money(rules.weighted_amount(values['amount'] or 0, rate))}"
            f"  ({rate}%{'*' if values['win_rate_override'] is not None else ''})")
        row(LABELS["expected_close"].label(lang), self._value(detail, "expected_close", fmt.day))
        row(LABELS["owner_id"].label(lang), fmt.literal(detail.owner_name, 80))
        action = fmt.due(values["next_action_date"], self.today)
        if values["next_action"]:
            action.append("  " + fmt.literal(values["next_action"], 300).plain)
        row(LABELS["next_action"].label(lang), action)
        if detail.status != "open":
            row(self.t("pipeline.f_closed"), fmt.day(values["closed_at"].date()
                                                    if values["closed_at"] else None))
        if detail.status == "lost":
            row(self.t("pipeline.f_lost"), fmt.literal(
                f"{vocab.winner_text(values['lost_to'], lang)} — "
                f"{vocab.label_or_text(vocab.LostReason, values['lost_reason'], lang)}", 400))
        row(LABELS["notes"].label(lang), Text(fmt.literal(values["notes"], 2000).plain or "—"))
        return Group(Text(self.t("pipeline.sec_fields"), style="bold underline"), grid)

    def _value(self, detail: OpportunityDetail, name: str,
               shown: Callable[..., str]) -> Text | str:
        """Return a field as shown, or the invalid-value mark when its stored value is bad."""
        if name in detail.invalid:
            return Text(self.t("value.invalid"), style="bold red")
        return shown(detail.values[name])

    def history(self, detail: OpportunityDetail) -> RenderableType:
        """The deal's timeline: the next planned step, then contacts and stage moves, newest first."""
        title = Text(self.t("pipeline.sec_history"), style="bold underline")
        parts: list[RenderableType] = [title]
        if detail.planned:
            parts.append(self._planned_line(detail.planned[0]))
        entries: list[tuple[date, int, Text, Text]] = []
        for change in detail.history[:TIMELINE]:
            day = change.changed_at.date() if change.changed_at else date.min
            entries.append((day, 0, Text(day.isoformat() if change.changed_at else "—"),
                            self._change_text(change)))
        for activity in detail.activities:
            day = activity.occurred_on or date.min
            entries.append((day, 1, Text(activity.occurred_on.isoformat() if activity.occurred_on
                                         else "—"), self._activity_text(activity)))
        if not entries:
            parts.append(Text(self.t("pipeline.h_none"), style="dim"))
            return Group(*parts)
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="dim")
        table.add_column(ratio=1, overflow="fold")
        # Newest first; on one day the contact comes before the move it led to.
        for _day, _order, when, what in sorted(entries, key=lambda e: (e[0], e[1]),
                                               reverse=True)[:TIMELINE]:
            table.add_row(when, what)
        parts.append(table)
        return Group(*parts)

    def _planned_line(self, planned: PlannedRow) -> Text:
        when = planned.due_on.isoformat() if planned.due_on else "—"
        style = "bold red" if planned.due_on and planned.due_on < self.today else "bold"
        text = Text(self.t("pipeline.h_next", when=when,
                           kind=vocab.ActivityKind.label_of(planned.kind, self.lang)), style=style)
        if planned.note:
            text.append("  " + fmt.literal(planned.note, 200).plain)
        return text

    def _activity_text(self, activity: ActivityRow) -> Text:
        text = Text(vocab.ActivityKind.label_of(activity.kind, self.lang) or activity.kind,
                    style="bold")
        if activity.people:
            text.append(" · " + "、".join(one_line(name, 24) for name in activity.people[:4]))
            if len(activity.people) > 4:
                text.append(f" +{len(activity.people) - 4}")
        for part in (activity.summary, activity.result):
            if part:
                text.append("  " + fmt.literal(part, 200).plain)
        if activity.next_step:
            when = (f" ({activity.next_step_date.isoformat()})" if activity.next_step_date
                    else "")
            text.append("  → " + fmt.literal(activity.next_step, 200).plain + when,
                        style="italic")
        return text

    def _change_text(self, change: HistoryRow) -> Text:
        lang = self.lang
        if change.to_stage is None:  # a stored stage code that is not 1..6
            return Text(self.t("value.invalid"), style="bold red")
        to = vocab.stage(change.to_stage)
        if change.to_status in ("won", "lost") and change.from_status == "open":
            what = Text(self.t("pipeline.h_closed", stage=to.label(lang),
                               status=vocab.OpportunityStatus.label_of(change.to_status, lang)))
            what.stylize("bold")
        elif change.from_status in ("won", "lost"):
            what = Text(self.t("pipeline.h_reopened", stage=to.label(lang)))
        elif change.from_stage is None:
            what = Text(self.t("pipeline.h_created", stage=to.label(lang)))
        else:
            source = vocab.stage(change.from_stage)
            arrow = "→" if change.to_stage > change.from_stage else "← "
            what = Text(f"{source.number} {source.label(lang)} {arrow} "
                        f"{to.number} {to.label(lang)}")
        if change.note:
            what.append("  " + fmt.literal(change.note, 300).plain, style="italic")
        return what

    def relationship_summary(self, detail: OpportunityDetail) -> RenderableType:
        """The buying group as the map reads it: roles, shares by stance, warnings, the odds."""
        lang = self.lang
        lines: list[Text] = [Text(self.t("pipeline.sec_roles"), style="bold underline")]
        if not detail.group:
            lines.append(Text(self.t("pipeline.roles_none"), style="dim"))
        else:
            unassigned = self.t("pipeline.roles_unassigned")
            by_role: dict[str, int] = {}
            for person in detail.group:
                by_role[person.role or ""] = by_role.get(person.role or "", 0) + 1
            counts = ", ".join(f"{vocab.BuyingRole.label_of(role, lang) or unassigned} {count}"
                               for role, count in sorted(by_role.items()))
            lines.append(Text(self.t("pipeline.roles_counts", roles=counts)))
            found = detail.coverage
            lines.append(Text(self.t("pipeline.roles_odds", rate=found.win_rate,
                                     adjusted=found.adjusted), style="bold"))
        # The same drawing as the map's panel; an empty group shows the map's warnings too.
        lines.append(coverage_text(detail.coverage, self.t, lang, ONE_LINE_SHARES))
        if self.has_map:
            lines.append(Text(self.t("pipeline.roles_map"), style="dim"))
        return Group(*lines)

    def top_warning(self, detail: OpportunityDetail) -> Text:
        """The buying group's most serious gap and how many more, for the head of the view."""
        found = [w for w in detail.coverage.warnings if w.severity != "note"]
        if not found:
            return Text()
        first = found[0]
        text = Text(f"{SEVERITY_MARKS[first.severity]} {one_line(first.message(self.lang), 120)}",
                    style=SEVERITY_STYLES[first.severity])
        if len(found) > 1:
            text.append("  " + self.t("pipeline.roles_more", count=len(found) - 1), style="dim")
        return text

    def scorecard(self, detail: OpportunityDetail) -> RenderableType:
        lang = self.lang
        title = Text(self.t("pipeline.sec_scorecard") + "  (s)", style="bold underline")
        suppliers = [""] + [name for name in detail.scores if name]
        table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
        table.add_column(self.t("pipeline.sc_criterion"), overflow="ellipsis", no_wrap=True,
                         max_width=22)
        table.add_column(self.t("pipeline.sc_weight"), justify="right")
        for supplier in suppliers:
            name = self.t("pipeline.sc_us") if not supplier else fmt.literal(supplier, 12).plain
            table.add_column(Text(name), justify="right", no_wrap=True, overflow="ellipsis",
                             max_width=12)
        for criterion in vocab.ScoreCriterion:
            code = criterion.value
            weight = detail.weights.get(code)
            cells = [Text(criterion.label(lang)),
                     Text("—" if weight is None else f"{weight:.2f}")]
            for supplier in suppliers:
                score = detail.scores.get(supplier, {}).get(code)
                cells.append(Text("—" if score is None else f"{score:g}",
                                  style="" if score is not None else "dim"))
            table.add_row(*cells)
        totals = {supplier: rules.weighted_score(detail.weights, detail.scores.get(supplier, {}))
                  for supplier in suppliers}
        table.add_row(Text(self.t("pipeline.sc_total"), style="bold"),
                      Text(f"{sum(detail.weights.values()):.2f}", style="bold"),
                      *(Text("—", style="dim") if totals[s] is None
                        else Text(f"{totals[s]:.2f}", style="bold") for s in suppliers))
        # A total over fewer criteria is no match for one over all of them: say how many.
        criteria = len(detail.weights)
        table.add_row(Text(self.t("pipeline.sc_scored"), style="dim"), Text(""),
                      *(Text(f"{rules.scored_count(detail.weights, detail.scores.get(s, {}))}"
                             f"/{criteria}", style="dim") for s in suppliers))
        lines: list[RenderableType] = [title, table]
        problem = rules.check_weights(detail.weights)
        if problem is not None:
            lines.append(Text("⚠ " + problem.message(lang), style="bold yellow"))
        if not detail.weights_saved:
            lines.append(Text(self.t("pipeline.sc_defaults"), style="dim"))
        if not detail.scores:
            lines.append(Text(self.t("pipeline.sc_none"), style="dim"))
        lead = rules.compare_scores(detail.weights, detail.scores)
        if lead is not None:
            lines.append(self.lead_text(lead))
        return Group(*lines)

    def lead_text(self, lead: rules.Lead) -> Text:
        """Say who leads and by how much, and when the two totals rest on different criteria."""
        name = fmt.literal(lead.rival, 40).plain
        if lead.gap > 0:
            text = Text("▲ " + self.t("pipeline.sc_lead", name=name, gap=f"{lead.gap:.2f}"),
                        style="green")
        elif lead.gap < 0:
            text = Text("▼ " + self.t("pipeline.sc_behind", name=name, gap=f"{-lead.gap:.2f}"),
                        style="bold red")
        else:
            text = Text("= " + self.t("pipeline.sc_level", name=name))
        if lead.counts_differ:
            text.append(" " + self.t("pipeline.sc_basis", ours=lead.ours, theirs=lead.theirs),
                        style="bold yellow")
        elif not lead.same_criteria:
            text.append(" " + self.t("pipeline.sc_basis_other"),
                        style="bold yellow")
        return text
