"""The new-deal form: the record form, naming the account and the stage the deal starts in."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import Static

from kam_tui.areas.pipeline.service import START_FIELD, NewDealRecords, PipelineService
from kam_tui.core.domain import vocab
from kam_tui.core.domain.fields import FieldSpec, Kind
from kam_tui.core.domain.text import one_line
from kam_tui.core.service import RecordService
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.kit.workers import db_work

# The stages as a choice of the form, by number; the labels carry the standard win rate.
StartStage = vocab.Choice("StartStage", [  # type: ignore[misc]
    (stage.code.upper(), (str(stage.number), f"{stage.number} {stage.en} · {stage.win_rate}%",
                          f"{stage.number} {stage.zh} · {stage.win_rate}%"))
    for stage in vocab.STAGES])
STAGE_SPEC = FieldSpec(START_FIELD, "Starts in", "起始阶段", Kind.CHOICE, required=True,
                       choices=StartStage)


class NewDealForm(RecordFormScreen):
    """Create a deal for an account, starting in a stage (the board's focused column's)."""

    @dataclass
    class Named(Message):
        """The account's name, read for the title."""

        name: str

    def __init__(self, account_id: int, stage: int) -> None:
        # quantity and amount are NOT NULL columns: an empty field would not save.
        super().__init__("opportunity", parent_id=account_id,
                         initial={"quantity": 0, "amount": 0, START_FIELD: str(stage)})

    @property
    def service(self) -> RecordService:
        """Return the record service that starts a new deal in the stage the form names."""
        return self.app.service(NewDealRecords)  # type: ignore[attr-defined]

    def _groups(self, specs: tuple[FieldSpec, ...]) -> list[tuple[str, list[FieldSpec]]]:
        groups = super()._groups(specs)
        heading, first = groups[0]
        # Right under the title: what the deal is, then where it stands.
        return [(heading, [*first[:1], STAGE_SPEC, *first[1:]]), *groups[1:]]

    def on_mount(self) -> None:
        super().on_mount()
        self._read_account(self.parent_id)

    @db_work(group="form-name")
    def _read_account(self, account_id: int | None) -> None:
        if account_id is not None:
            self.post_message(self.Named(
                self.app.service(PipelineService).account_name(account_id)))  # type: ignore[attr-defined]

    @on(Named)
    def _named(self, message: Named) -> None:
        if message.name:
            self.query_one("#form-title", Static).update(Text.assemble(
                self.t("form.new", kind=self.kind_label), ("  ·  ", "dim"),
                one_line(message.name, 60)))
