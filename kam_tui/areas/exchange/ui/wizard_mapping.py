"""The import wizard's third step: the columns mapped to fields, changed, saved and reused."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.areas.exchange.ui.mapping_name_dialog import MappingNameDialog
from kam_tui.areas.exchange.ui.mapping_step import MappingStep
from kam_tui.areas.exchange.ui.target_dialog import TargetDialog
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit.workers import db_work


class WizardMapping:
    """The mapping step's actions and worker, mixed into `ImportWizardScreen`.

    Uses the screen's inspection, options, importer, messages and `_inspect`.
    """

    inspection: Any
    options: Any
    importer: Any
    app: Any
    t: Any
    query_one: Any
    post_message: Any
    _inspect: Any
    Said: Any

    def _first_values(self) -> list[Any]:
        """The first non-blank value below the header of each column."""
        assert self.inspection is not None
        first: list[Any] = [None] * len(self.inspection.headers)
        for number, cells in self.inspection.head:
            if number <= self.inspection.header_row:
                continue
            for index, value in enumerate(cells[:len(first)]):
                if first[index] is None and not v.is_blank(value):
                    first[index] = value
        return first

    def _show_mapping(self) -> None:
        assert self.inspection is not None and self.options.mapping is not None
        self.query_one(MappingStep).show(self.options.kind, self.inspection.headers,
                                         self.options.mapping, self._first_values())

    def _change(self, index: int) -> None:
        assert self.inspection is not None and self.options.mapping is not None
        if not 0 <= index < len(self.inspection.headers):
            return
        headers, mapping = self.inspection.headers, self.options.mapping
        taken = {name: headers[i] for i, name in enumerate(mapping) if name and i != index}

        def picked(name: str | None) -> None:
            if name is None or self.options.mapping is None:
                return
            if name:  # one column per field, as the engine maps: the other one lets go
                self.options.mapping = [c.IGNORE if other == name else other
                                        for other in self.options.mapping]
            self.options.mapping[index] = name
            self._show_mapping()

        self.app.push_screen(TargetDialog(self.options.kind, headers[index], mapping[index],
                                          taken), picked)

    def action_save_mapping(self) -> None:
        """Save this mapping by name for next month's sheet."""
        if self.inspection is None or self.options.mapping is None:
            return
        headers, mapping, kind = self.inspection.headers, list(self.options.mapping), \
            self.options.kind

        def named(name: str | None) -> None:
            if name:
                self._save(name, kind, headers, mapping)

        self.app.push_screen(MappingNameDialog(self.t("imp.save_q")), named)

    @db_work(group="import-mapping")
    def _save(self, name: str, kind: str, headers: list[str], mapping: list[str]) -> None:
        self.importer.save_mapping(name, kind, headers, mapping)
        self.post_message(self.Said(self.t("imp.mapping_saved", name=one_line(name, 80))))

    def action_load_mapping(self) -> None:
        """Map the columns as a mapping saved by name does."""

        def named(name: str | None) -> None:
            if name:
                self._inspect("saved", replace(self.options, mapping=None, saved_mapping=name))

        self.app.push_screen(MappingNameDialog(self.t("imp.load_q")), named)
