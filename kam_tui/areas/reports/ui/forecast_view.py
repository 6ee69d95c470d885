"""The forecast drawn to fit its width: by close month with bars, by owner, and what slipped."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from kam_tui.areas.reports.service import Forecast
from kam_tui.areas.reports.ui.bars import bar
from kam_tui.areas.reports.ui.report_view import ReportView
from kam_tui.areas.reports.ui.report_tables import cell, report_table
from kam_tui.core.domain import vocab
from kam_tui.ui.kit import format as fmt

SLIPPED_SHOWN = 12  # the rest are counted; the board's filters find them all


class ForecastView(ReportView[Forecast]):
    """Shows one Forecast; drawn again at each width so the bars use the room there is."""

    def draw(self, forecast: Forecast) -> RenderableType:
        t, lang = self.t, self.lang
        money = lambda value: fmt.amount(value, lang)  # noqa: E731
        parts: list[RenderableType] = [Text(t("reports.forecast_totals", deals=f"{forecast.deals:,}",
                                              amount=money(forecast.amount),
                                              weighted=money(forecast.weighted),
                                              adjusted=money(forecast.adjusted)))]
        if forecast.no_close_date:
            parts.append(Text(t("reports.no_close_date", count=f"{forecast.no_close_date:,}"),
                              style="dim"))
        months = report_table(t("reports.by_month"), [
            (t("reports.col_month"), "left"), (t("reports.col_deals"), "right"),
            (t("reports.col_amount"), "right"), (t("reports.col_weighted"), "right"),
            (t("reports.col_adjusted"), "right"), ("", "left")])
        largest = max((month.weighted for month in forecast.months), default=0)
        width = max(4, self.size.width - 66)
        for month in forecast.months:
            months.add_row(cell(f"{month.month.year}-{month.month.month:02d}"),
                           cell(f"{month.deals:,}"), cell(money(month.amount)),
                           cell(money(month.weighted)), cell(money(month.adjusted)),
                           cell(bar(month.weighted, largest, min(width, 40)), "bold"))
        months.add_row(cell(t("reports.total"), "bold"), cell(f"{forecast.deals:,}", "bold"),
                       cell(money(forecast.amount), "bold"),
                       cell(money(forecast.weighted), "bold"),
                       cell(money(forecast.adjusted), "bold"), cell(""))
        parts += [Text(""), months]
        owners = report_table(t("reports.by_owner"), [
            (t("reports.col_owner"), "left"), (t("reports.col_region"), "left"),
            (t("reports.col_deals"), "right"), (t("reports.col_amount"), "right"),
            (t("reports.col_weighted"), "right"), (t("reports.col_adjusted"), "right"),
            (t("reports.col_slipped"), "right")])
        for owner in forecast.owners:
            slipped = cell(f"!{owner.slipped:,}", "bold red") if owner.slipped else cell("0")
            owners.add_row(cell(owner.owner or t("reports.no_owner")), cell(owner.region),
                           cell(f"{owner.deals:,}"), cell(money(owner.amount)),
                           cell(money(owner.weighted)), cell(money(owner.adjusted)), slipped)
        parts += [Text(""), owners, Text("")]
        parts.append(self._slipped(forecast))
        parts += [Text(""), Text(t("reports.help_weighted"), style="dim")]
        return Group(*parts)

    def _slipped(self, forecast: Forecast) -> RenderableType:
        t = self.t
        if not forecast.slipped_count:
            return Text(t("reports.nothing_slipped"), style="green")
        table = report_table(t("reports.slipped_title", count=f"{forecast.slipped_count:,}"), [
            (t("reports.col_close"), "left"), (t("reports.col_late"), "right"),
            (t("reports.col_account"), "left"), (t("reports.col_title"), "left"),
            (t("reports.col_stage"), "left"), (t("reports.col_amount"), "right"),
            (t("reports.col_owner"), "left")])
        for deal in forecast.slipped[:SLIPPED_SHOWN]:
            table.add_row(cell(f"!{deal.expected_close.isoformat()}", "bold red"),
                          cell(f"{deal.days_late:,}"), cell(fmt.literal(deal.account, 40)),
                          cell(fmt.literal(deal.title, 40)),
                          cell(vocab.stage(deal.stage).label(self.lang)),
                          cell(fmt.amount(deal.amount, self.lang)),
                          cell(deal.owner or t("reports.no_owner")))
        more = forecast.slipped_count - min(len(forecast.slipped), SLIPPED_SHOWN)
        if more > 0:
            return Group(table, Text(t("reports.slipped_more", count=f"{more:,}"), style="dim"))
        return table
