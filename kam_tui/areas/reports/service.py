"""What the reports area asks of the data: the forecast, the funnel and the filters' choices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import peewee as pw

from kam_tui.areas.reports.queries import forecast, funnel, options
from kam_tui.areas.reports.queries.forecast import (
    Forecast, ForecastMonth, ForecastOwner, SlippedDeal,
)
from kam_tui.areas.reports.queries.funnel import Funnel, FunnelStage, Reason
from kam_tui.areas.reports.rules.periods import PERIODS, ReportFilter, report_bounds

__all__ = [
    "PERIODS", "Forecast", "ForecastMonth", "ForecastOwner", "Funnel", "FunnelStage", "Reason",
    "ReportFilter", "ReportsService", "SlippedDeal",
]


class ReportsService:
    """The manager's reports; every call opens its own connection and only reads."""

    def __init__(self, db: pw.Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def options(self) -> dict[str, list[tuple[str, Any]]]:
        """Return the owner and region filter choices as (label, value) pairs."""
        with self.db.connection_context():
            return options.filter_options()

    def period_bounds(self, report_filter: ReportFilter) -> tuple[date, date]:
        """Return [first day, last day] of the filter's period (the one holding its start)."""
        return report_bounds(report_filter, self.today())

    def forecast(self, report_filter: ReportFilter) -> Forecast:
        """Return the forecast of the open deals for the filter's period."""
        today = self.today()
        start, end = report_bounds(report_filter, today)
        with self.db.connection_context():
            return forecast.forecast(report_filter, start, end, today)

    def funnel(self, report_filter: ReportFilter) -> Funnel:
        """Return the funnel of the filter's period."""
        today = self.today()
        start, end = report_bounds(report_filter, today)
        with self.db.connection_context():
            return funnel.funnel(report_filter, start, end, today)
