"""Key 5: the manager's reports, forecast and funnel, for a period, a region, an owner, a class."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Select, Static, TabbedContent, TabPane

from kam_tui.areas.reports.service import Forecast, Funnel, ReportFilter, ReportsService
from kam_tui.areas.reports.ui.forecast_view import ForecastView
from kam_tui.areas.reports.ui.funnel_view import FunnelView
from kam_tui.core.domain import vocab
from kam_tui.ui.kit.fitting_footer import FittingFooter
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.select_refill import refill_select
from kam_tui.ui.kit.workers import db_work
from kam_tui.ui.localised import Localised

PERIODS = ("month", "quarter", "year")
REPORTS = ("forecast", "funnel")
FILTERS = ("owner", "region", "abc_class")
FILTER_LABELS = {"owner": "reports.filter_owner", "region": "reports.filter_region",
                 "abc_class": "reports.filter_class"}


class ReportsScreen(Localised, Screen):
    """The reports: v switches forecast and funnel, [ and ] move the period, p its length."""

    BINDINGS = [
        Binding("v", "switch", "Forecast/funnel", id="reports.switch_key"),
        Binding("left_square_bracket", "move(-1)", "Previous period", id="reports.previous_key",
                key_display="["),
        Binding("right_square_bracket", "move(1)", "Next period", id="reports.next_key",
                key_display="]"),
        Binding("t", "this_period", "This period", id="reports.this_period_key"),
        Binding("p", "cycle_period", "Month/quarter/year", id="reports.period_key"),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        """A report's figures for the filter they were read with."""

        report: str
        report_filter: ReportFilter
        figures: Forecast | Funnel
        number: int

    @dataclass
    class OptionsLoaded(Message):
        """The owners and regions the filters offer."""

        options: dict[str, list[tuple[str, object]]]

    def __init__(self) -> None:
        super().__init__()
        self.report_filter = ReportFilter()
        self._orders = {report: LoadOrder() for report in REPORTS}
        self._shown: dict[str, ReportFilter] = {}  # the filter each view's figures answer

    @property
    def service(self) -> ReportsService:
        """Return the app's reports service."""
        return self.app.service(ReportsService)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        yield Static(Text(t("reports.loading")), id="reports-headline")
        with Horizontal(id="reports-filters"):
            yield Select([(t(f"reports.period_{period}"), period) for period in PERIODS],
                         value="quarter", allow_blank=False, id="reports-filter-period",
                         compact=True)
            for key in FILTERS:
                options = vocab.AbcClass.options(self.lang) if key == "abc_class" else []
                yield Select(options, prompt=f"{t(FILTER_LABELS[key])}: {t('reports.any')}",
                             id=f"reports-filter-{key}", classes="reports-filter", compact=True)
        with TabbedContent(id="reports-tabs", initial="forecast"):
            with TabPane(t("reports.forecast"), id="forecast"):
                with VerticalScroll(id="forecast-scroll"):
                    yield ForecastView(t, self.lang, id="forecast-view")
            with TabPane(t("reports.funnel"), id="funnel"):
                with VerticalScroll(id="funnel-scroll"):
                    yield FunnelView(t, self.lang, id="funnel-view")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = ("DEMO · " if getattr(self.app, "demo", False) else "") + self.t(
            "area.reports")
        self.query_one("#forecast-scroll").focus()
        self._fetch_options()
        self._load()

    def on_screen_resume(self) -> None:
        self._shown.clear()  # another area may have changed the figures
        self._load()

    @property
    def active(self) -> str:
        """Return the report on show: forecast or funnel."""
        return self.query_one(TabbedContent).active or "forecast"

    def help_notes(self) -> list[str]:
        """Lines the help screen adds under this screen's keys."""
        return [self.t("reports.help_weighted"), self.t("reports.help_conversion")]

    # --- reading -----------------------------------------------------------------------------

    def _load(self) -> None:
        report = self.active
        if self._shown.get(report) == self.report_filter:
            return
        self._read(report, self.report_filter, self._orders[report].next())

    @db_work(exclusive=True, group="reports")
    def _read(self, report: str, report_filter: ReportFilter, number: int) -> None:
        # A failure goes to the app's one error path; the view keeps what it shows.
        service = self.service
        figures = (service.forecast(report_filter) if report == "forecast"
                   else service.funnel(report_filter))
        self.post_message(self.Loaded(report, report_filter, figures, number))

    @db_work(group="reports-options")
    def _fetch_options(self) -> None:
        self.post_message(self.OptionsLoaded(self.service.options()))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if not self._orders[message.report].accept(message.number):
            return
        figures = message.figures
        if isinstance(figures, Forecast):
            self.query_one(ForecastView).show(figures)
        else:
            self.query_one(FunnelView).show(figures)
        self._shown[message.report] = message.report_filter
        self._period_start = figures.start
        self._update_headline(figures)

    @on(OptionsLoaded)
    def _options_loaded(self, message: OptionsLoaded) -> None:
        for key in ("owner", "region"):
            refill_select(self.query_one(f"#reports-filter-{key}", Select),
                          message.options.get(key, []))

    def _update_headline(self, figures: Forecast | Funnel) -> None:
        t = self.t
        chosen = []
        for key in FILTERS:
            select = self.query_one(f"#reports-filter-{key}", Select)
            if select.value is not Select.NULL:
                label = next((str(prompt) for prompt, value in select._options
                              if value == select.value), str(select.value))
                chosen.append(f"{t(FILTER_LABELS[key])}: {label}")
        self.query_one("#reports-headline", Static).update(Text(t(
            "reports.headline", report=t(f"reports.{self.active}"),
            start=figures.start.isoformat(), end=figures.end.isoformat(),
            filters=" · ".join(chosen) or t("reports.no_filters"))))

    # --- the rep's changes -------------------------------------------------------------------

    def _set_filter(self, report_filter: ReportFilter) -> None:
        if report_filter != self.report_filter:
            self.report_filter = report_filter
            self._load()

    @on(Select.Changed, ".reports-filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        key = (event.select.id or "").removeprefix("reports-filter-")
        value = None if event.value is Select.NULL else event.value
        if key == "owner":
            self._set_filter(replace(self.report_filter, owner_id=value))
        else:
            self._set_filter(replace(self.report_filter, **{key: value or ""}))

    @on(Select.Changed, "#reports-filter-period")
    def _period_changed(self, event: Select.Changed) -> None:
        if event.value in PERIODS and event.value != self.report_filter.period:
            changed = replace(self.report_filter, period=str(event.value))
            if changed.start is not None:  # the new period that holds the one on show
                changed = replace(changed, start=self.service.period_bounds(changed)[0])
            self._set_filter(changed)

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        self.query_one(f"#{self.active}-scroll").focus()
        self._load()

    def action_switch(self) -> None:
        """Show the other report."""
        tabs = self.query_one(TabbedContent)
        tabs.active = REPORTS[(REPORTS.index(self.active) + 1) % len(REPORTS)]

    def action_move(self, step: int) -> None:
        """Show the period before (-1) or after (+1) the one on show."""
        start = getattr(self, "_period_start", None)
        if start is None:
            return
        bounds = self.service.period_bounds(replace(self.report_filter, start=start))
        day = bounds[0] - timedelta(days=1) if step < 0 else bounds[1] + timedelta(days=1)
        first, _ = self.service.period_bounds(replace(self.report_filter, start=day))
        self._set_filter(replace(self.report_filter, start=first))

    def action_this_period(self) -> None:
        """Go back to the period that holds today."""
        self._set_filter(replace(self.report_filter, start=None))

    def action_cycle_period(self) -> None:
        """Switch between month, quarter and year."""
        period = PERIODS[(PERIODS.index(self.report_filter.period) + 1) % len(PERIODS)]
        self.query_one("#reports-filter-period", Select).value = period

    def action_refresh_data(self) -> None:
        """Read the figures again."""
        self._shown.clear()
        self._fetch_options()
        self._load()

    def refresh_data(self) -> None:
        """Read the figures again (after an import, an undo)."""
        self.action_refresh_data()
