"""The map screen's head line, person panel and coverage panel, drawn from the loaded map."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.widgets import Static

from kam_tui.core.domain import coverage
from kam_tui.areas.relationships.service import MapView, OpportunityChoice, PersonRow
from kam_tui.areas.relationships.ui.coverage_panel import CoveragePanel
from kam_tui.ui.kit.coverage_text import STANCE_STYLES
from kam_tui.areas.relationships.ui.person_panel import PersonPanel
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import one_line
from kam_tui.ui.kit import format as fmt


class MapDrawing:
    """Draws what the map screen shows around its charts, mixed into it."""

    # The screen gives these (annotations only: nothing here may shadow the screen's own).
    map: MapView | None
    contact_id: int | None
    view_name: str
    lang: str
    t: Callable[..., str]
    query_one: Callable[..., Any]

    def _stage_text(self, chosen: OpportunityChoice) -> str:
        if not chosen.stage:  # a stored stage code that is not 1..6
            return self.t("value.invalid")
        stage = vocab.stage(chosen.stage)
        if chosen.status != vocab.OpportunityStatus.OPEN:  # won or lost: a chance no longer
            return self.t("relationships.stage_closed", number=stage.number,
                          stage=stage.label(self.lang))
        # "*": the deal's own rate, marked as on the board.
        rate = f"{chosen.win_rate}%{'' if chosen.override is None else '*'}"
        return self.t("relationships.stage", number=stage.number, stage=stage.label(self.lang),
                      rate=rate)

    def _render_head(self) -> None:
        assert self.map is not None
        data = self.map.data
        head = Text()
        head.append("c ", style="dim")
        head.append(one_line(data.account_name, 80), style="bold")
        head.append("  ·  " + self.t(f"relationships.view.{self.view_name}"), style="dim")
        head.append("\n")
        chosen = data.opportunity
        if chosen is None:
            head.append(self.t("relationships.no_opportunity"), style="dim")
        else:
            head.append("o ", style="dim")
            head.append(one_line(chosen.title, 60))
            if chosen.status != "open":
                head.append(f" ({vocab.OpportunityStatus.label_of(chosen.status, self.lang)})",
                            style="italic")
            head.append(f"  {fmt.amount(chosen.amount, self.lang)}  ·  ", style="dim")
            head.append(self._stage_text(chosen))
            if self.map.coverage is not None:
                head.append(" → ")
                head.append(self.t("relationships.adjusted", rate=self.map.coverage.adjusted),
                            style="bold")
        if data.invalid:
            head.append("\n")
            head.append(self.t("value.skipped", count=data.invalid), style="bold")
        self.query_one("#rel-head", Static).update(head)

    def _render_coverage(self) -> None:
        assert self.map is not None
        self.query_one(CoveragePanel).show(self.map.coverage,
                                           self.t("relationships.no_opportunity"))

    def _person(self, contact_id: int | None) -> PersonRow | None:
        if self.map is None or contact_id is None:
            return None
        return next((p for p in self.map.data.people if p.id == contact_id), None)

    def _render_person(self) -> None:
        panel = self.query_one(PersonPanel)
        person = self._person(self.contact_id)
        if person is None or self.map is None:
            panel.show(Text())
            return
        lang = self.lang
        text = Text()
        text.append(one_line(person.name, 60), style="bold")
        for part in (person.title, person.department):
            if part:
                text.append(f" · {one_line(part, 40)}")
        text.append("\n")
        last = person.last_contact.isoformat() if person.last_contact else self.t(
            "relationships.never")
        if self.map.data.opportunity is not None and person.role_id is not None:
            text.append(f"{coverage.mark(person.stance)} ",
                        style=STANCE_STYLES.get(person.stance, ""))
            text.append(self.t(
                "relationships.detail",
                role=vocab.BuyingRole.label_of(person.role, lang) or self.t(
                    "relationships.no_role"),
                stance=vocab.Stance.label_of(person.stance, lang),
                influence=vocab.Influence.label_of(person.influence, lang),
                weight=person.weight,
                closeness=vocab.Closeness.label_of(person.closeness, lang) or "—",
                last=last, owner=one_line(person.owner, 30) or "—"))
        else:
            text.append(self.t("relationships.not_in_deal"), style="dim")
            text.append(f" · {self.t('relationships.col.last')} {last}", style="dim")
        ties = [r for r in self.map.data.relations
                if person.id in (r.contact_id, r.other_contact_id)]
        text.append(f"\n{self.t('relationships.relations')}: ", style="bold")
        if not ties:
            text.append("—", style="dim")
        for number, relation in enumerate(ties):
            other, name = relation.other_of(person.id)
            text.append(("" if number == 0 else " · ") + "↔ " + one_line(name, 30))
            if other is None:
                text.append(f" ({self.t('relationships.our_side')})", style="italic")
            text.append(" " + vocab.RelationKind.label_of(relation.kind, lang), style="dim")
        panel.show(text)
