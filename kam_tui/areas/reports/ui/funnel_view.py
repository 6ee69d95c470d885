"""The funnel drawn to fit its width: the six stages with conversion, then the period's closes."""

from __future__ import annotations

import functools
from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.text import Text

from kam_tui.areas.reports.service import Funnel, Reason
from kam_tui.areas.reports.ui.bars import bar
from kam_tui.areas.reports.ui.report_view import ReportView
from kam_tui.areas.reports.ui.report_tables import cell, report_table
from kam_tui.core.domain import vocab
from kam_tui.ui.kit import format as fmt


class FunnelView(ReportView[Funnel]):
    """Shows one Funnel; drawn again at each width so the bars use the room there is."""

    def draw(self, funnel: Funnel) -> RenderableType:
        t, lang = self.t, self.lang
        # The bars only where the figures all fit beside them (not at 80 columns).
        width = min(24, self.size.width - 88)
        stages = report_table(t("reports.stages_title"), [
            (t("reports.col_stage"), "left"), (t("reports.col_open"), "right"),
            (t("reports.col_amount"), "right"), *([("", "left")] if width >= 8 else []),
            (t("reports.col_entered"), "right"), (t("reports.col_went_on"), "right"),
            (t("reports.col_conversion"), "right"), (t("reports.col_median"), "right")])
        largest = max((stage.amount for stage in funnel.stages), default=0)
        for row in funnel.stages:
            stage = vocab.stage(row.stage)
            bars = [cell(bar(row.amount, largest, width), "bold")] if width >= 8 else []
            stages.add_row(
                cell(f"{stage.number} {stage.label(lang)} {stage.win_rate}%"),
                cell(f"{row.deals:,}"), cell(fmt.amount(row.amount, lang)), *bars,
                cell(f"{row.entered:,}"), cell(f"{row.went_on:,}"),
                cell("—" if row.conversion is None else f"{row.conversion}%"),
                cell("—" if row.median_days is None else f"{row.median_days:,.1f}"))
        rate = t("reports.no_rate") if funnel.win_rate is None else f"{funnel.win_rate}%"
        closed = Text(t("reports.won_lost", won=f"{funnel.won:,}",
                        won_amount=fmt.amount(funnel.won_amount, lang), lost=f"{funnel.lost:,}",
                        lost_amount=fmt.amount(funnel.lost_amount, lang), rate=rate))
        parts: list[RenderableType] = [stages, Text(""),
                                       Text(t("reports.closed_title"), style="bold"), closed,
                                       Text("")]
        if funnel.lost:
            parts += [self._reasons(t("reports.reasons_title"), t("reports.col_reason"),
                                    funnel.lost_reasons,
                                    functools.partial(vocab.label_or_text, vocab.LostReason)), Text(""),
                      self._reasons(t("reports.winners_title"), t("reports.col_winner"),
                                    funnel.winners, vocab.winner_text)]
        else:
            parts.append(Text(t("reports.nothing_lost"), style="dim"))
        parts += [Text(""), Text(t("reports.help_conversion"), style="dim")]
        return Group(*parts)

    def _reasons(self, title: str, header: str, reasons: tuple[Reason, ...],
                 shown: Callable[[str, str], str]) -> RenderableType:
        t = self.t
        table = report_table(title, [(header, "left"), (t("reports.col_deals"), "right"),
                                     (t("reports.col_amount"), "right")])
        # Reasons and "no one" are stored as codes; what was typed before the list, as written.
        for reason in reasons:
            table.add_row(cell(fmt.literal(shown(reason.text, self.lang),
                                           60) if reason.text
                               else Text(t("reports.none_given"), style="dim")),
                          cell(f"{reason.deals:,}"), cell(fmt.amount(reason.amount, self.lang)))
        return table
