"""What the calendar screen adds to `?` help and to the command palette."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import SystemCommand

from kam_tui.areas.calendar.ui.names import kind_letter
from kam_tui.core.domain.vocab import ActivityKind


class CalendarHelp:
    """`help_notes` and `palette_commands` of the calendar screen, mixed into it."""

    # The screen gives these (annotations only: nothing here may shadow the screen's own).
    lang: str
    t: Callable[..., str]
    action_view: Callable[[str], None]
    action_page: Callable[[int], None]
    action_go_today: Callable[[], None]
    action_done: Callable[[], None]
    action_reschedule: Callable[[], None]
    action_skip: Callable[[], None]
    action_new: Callable[[], None]
    action_edit: Callable[[], None]
    action_rule: Callable[[], None]
    action_export: Callable[[], None]
    action_toggle_open_on_today: Callable[[], None]
    action_toggle_working_days: Callable[[], None]

    def help_notes(self) -> list[str]:
        """Explain the month grid's letters and marks, for `?` help."""
        letters = " · ".join(f"{kind_letter(kind.value, self.lang)} {kind.label(self.lang)}"
                             for kind in ActivityKind)
        return [letters, self.t("calendar.legend"), self.t("calendar.legend_list")]

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette."""
        t = self.t
        for key, binding_key, action in (
            ("calendar.view_month", "m", lambda: self.action_view("month")),
            ("calendar.view_week", "w", lambda: self.action_view("week")),
            ("calendar.view_today", "a", lambda: self.action_view("today")),
            ("calendar.go_today", "t", self.action_go_today),
            ("calendar.prev", "[", lambda: self.action_page(-1)),
            ("calendar.next", "]", lambda: self.action_page(1)),
            ("calendar.done", "x", self.action_done),
            ("calendar.reschedule", "r", self.action_reschedule),
            ("calendar.skip", "s", self.action_skip),
            ("calendar.new", "n", self.action_new),
            ("calendar.edit", "e", self.action_edit),
            ("calendar.rule", "c", self.action_rule),
            ("calendar.export", "i", self.action_export),
            ("calendar.working_days", "b", self.action_toggle_working_days),
            ("calendar.open_on_today", "o", self.action_toggle_open_on_today),
        ):
            yield SystemCommand(t(key), binding_key, action)
