"""The board's headline: open, weighted and support-adjusted amounts, won and lost in the period, stalled deals."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from kam_tui.areas.pipeline.service import BoardStats
from kam_tui.ui.kit import format as fmt


def headline(stats: BoardStats, t: Callable[..., str], lang: str, filtered: bool) -> Text:
    """Return the one line over the board for these figures."""
    period = t(f"pipeline.period_{stats.period.value}")
    line = Text(" ")
    line.append(t("pipeline.open", amount=fmt.amount(stats.open_amount, lang),
                  count=stats.open_count), style="bold")
    line.append(" · ")
    line.append(t("pipeline.forecast", amount=fmt.amount(stats.forecast, lang)), style="bold")
    line.append(t("pipeline.forecast_adjusted", amount=fmt.amount(stats.adjusted_forecast, lang)))
    line.append(" · ")
    line.append("✓ " + t("pipeline.won", period=period, count=stats.won_count,
                         amount=fmt.amount(stats.won_amount, lang)))
    line.append(" · ")
    line.append("✗ " + t("pipeline.lost", count=stats.lost_count,
                         amount=fmt.amount(stats.lost_amount, lang)))
    if stats.stalled:
        line.append(" · ")
        line.append(t("pipeline.stalled_total", count=stats.stalled), style="bold")
    if stats.invalid:
        line.append(" · ")
        line.append(t("value.skipped", count=stats.invalid), style="bold")
    if filtered:
        line.append(f"  ({t('pipeline.filtered')})", style="italic")
    return line
