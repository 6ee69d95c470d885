"""Edit a deal's scorecard: the weight of each criterion, and how we and our rivals score."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from kam_tui.areas.pipeline import rules
from kam_tui.core.domain import vocab
from kam_tui.core.domain.text import normalise_input
from kam_tui.ui.kit.clean_input import CleanInput
from kam_tui.ui.kit.dialog import CANCEL, SUBMIT, FormDialog
from kam_tui.ui.kit.fitting_footer import FittingFooter

MAX_RIVALS = 3  # columns that fit beside ours at 80 cells
COLUMNS = 2 + MAX_RIVALS  # the weight, our scores, the rivals' scores
CRITERIA = tuple(criterion.value for criterion in vocab.ScoreCriterion)
NAMES_ROW = -1  # the row above the criteria, where the rivals are named
Result = tuple[dict[str, float], dict[str, dict[str, float]]]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def cell_id(column: int, row: int) -> str | None:
    """Return the id of the grid's input at (column, row), or None where there is none."""
    if not 0 <= column < COLUMNS:
        return None
    if row == NAMES_ROW:
        return f"sc-rival-{column - 2}" if column >= 2 else None
    if not 0 <= row < len(CRITERIA):
        return None
    code = CRITERIA[row]
    if column == 0:
        return f"sc-w-{code}"
    return f"sc-s-{'us' if column == 1 else column - 2}-{code}"


# Where each input of the grid is, by its id.
PLACES = {place: (column, row) for column in range(COLUMNS)
          for row in range(NAMES_ROW, len(CRITERIA)) if (place := cell_id(column, row))}


def _at_edge(field: Input, step: int) -> bool:
    """Return whether a left (-1) or right (1) arrow leaves the cell instead of its text."""
    start, end = sorted(field.selection)
    if (start, end) == (0, len(field.value)):
        return True  # the whole cell is selected, as on arriving, or it is empty
    edge = 0 if step < 0 else len(field.value)
    return start == end == edge


class PipelineScorecardDialog(FormDialog[Result]):
    """Dismiss with (weights, scores by supplier) once the weights sum to 1.00, else None."""

    SUBMIT_BUTTON = "sc-save"
    # The arrows go from cell to cell as in a spreadsheet. They take priority: the Input holds
    # left and right, the grid's scroll up and down. Left and right move the text cursor while
    # it is inside the text, and leave the cell from its ends or when the whole cell is selected.
    BINDINGS = [
        SUBMIT,
        CANCEL,
        Binding("up", "cell(0, -1)", "Cell above", id="pipeline.sc_cell_up", priority=True),
        Binding("down", "cell(0, 1)", "Cell below", id="pipeline.sc_cell_down", priority=True),
        Binding("left", "cell(-1, 0)", "Cell left", id="pipeline.sc_cell_left", priority=True),
        Binding("right", "cell(1, 0)", "Cell right", id="pipeline.sc_cell_right",
                priority=True),
    ]
    CELL_ACTIONS = frozenset(binding.action for binding in BINDINGS[2:])

    def __init__(self, weights: dict[str, float], scores: dict[str, dict[str, float]],
                 competitors: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.weights = dict(weights)
        self.scores = {supplier: dict(values) for supplier, values in scores.items()}
        rivals = [name for name in scores if name]
        rivals += [name for name in competitors if name and name not in rivals]
        # Empty columns take competitors not on file yet.
        self.rivals = (rivals + [""] * MAX_RIVALS)[:MAX_RIVALS]

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="scorecard-dialog", classes="dialog"):
            yield Static(Text(self.t("pipeline.sc_title")), classes="dialog-title")
            yield Static(Text(self.t("pipeline.sc_hint")), classes="dialog-help")
            with VerticalScroll(id="scorecard-grid"):
                # Headers have the widths of the inputs under them and start where their text
                # starts (an Input cannot align right), in cells, so Chinese lines up too.
                with Horizontal(classes="sc-row sc-head"):
                    yield Static(self._head("pipeline.sc_criterion"), classes="sc-label")
                    yield Static(self._head("pipeline.sc_weight"), classes="sc-cell")
                    yield Static(self._head("pipeline.sc_us"), classes="sc-cell")
                    for index, name in enumerate(self.rivals):
                        yield CleanInput(name, placeholder=self.t("pipeline.sc_rival_cell"),
                                    id=f"sc-rival-{index}", classes="sc-cell sc-rival",
                                    compact=True, max_length=100)
                for criterion in vocab.ScoreCriterion:
                    code = criterion.value
                    with Horizontal(classes="sc-row"):
                        yield Static(Text(criterion.label(lang)), classes="sc-label")
                        yield CleanInput(_number(self.weights.get(code)), id=f"sc-w-{code}",
                                    classes="sc-cell sc-weight", compact=True, max_length=6)
                        yield CleanInput(_number(self.scores.get("", {}).get(code)),
                                    id=f"sc-s-us-{code}", classes="sc-cell", compact=True,
                                    max_length=5)
                        for index, name in enumerate(self.rivals):
                            # An unnamed column is a new rival: "" would read our own scores.
                            rival = self.scores.get(name, {}) if name else {}
                            yield CleanInput(_number(rival.get(code)),
                                        id=f"sc-s-{index}-{code}", classes="sc-cell",
                                        compact=True, max_length=5)
            yield Static(id="sc-sum")
            yield Static(id="sc-error", classes="sc-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.t("pipeline.sc_defaults_key")), id="sc-defaults")
                yield Button(Text(self.t("verb.cancel")), id="sc-cancel")
                yield Button(Text(self.t("verb.save")), id="sc-save", variant="primary")
        yield FittingFooter()

    def _head(self, key: str) -> Text:
        return Text(self.t(key), no_wrap=True, overflow="ellipsis")

    def on_mount(self) -> None:
        self._show_sum()
        self.query_one(f"#sc-s-us-{vocab.ScoreCriterion.RELATIONSHIP.value}", Input).focus()

    # --- moving in the grid ------------------------------------------------------------------

    def _place(self) -> tuple[Input, tuple[int, int]] | None:
        focused = self.focused
        if isinstance(focused, Input) and focused.id in PLACES:
            return focused, PLACES[focused.id]
        return None

    @property
    def active_bindings(self) -> dict[str, Any]:
        """Return the keys with Save and Cancel ahead of the arrows, which the Footer may drop."""
        found = super().active_bindings
        # The arrows take the place of the Input's and the scroll's own: they would come first.
        return dict(sorted(found.items(),
                           key=lambda item: item[1].binding.action in self.CELL_ACTIONS))

    def action_cell(self, column_step: int, row_step: int) -> None:
        """Go to the next cell that way; left and right move in the text first."""
        place = self._place()
        if place is None:
            raise SkipAction  # not in the grid (a button): the key is not the grid's
        field, (column, row) = place
        if column_step and not _at_edge(field, column_step):
            raise SkipAction  # the Input's own left or right moves its cursor
        target = cell_id(column + column_step, row + row_step)
        if target is not None:
            self.query_one(f"#{target}", Input).focus()

    # --- reading the grid --------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def _weights(self) -> tuple[dict[str, float], str | None]:
        weights: dict[str, float] = {}
        for criterion in vocab.ScoreCriterion:
            raw = self._value(f"sc-w-{criterion.value}")
            value = rules.parse_number(raw)
            if value is None:
                if raw.strip():
                    return weights, self.t("pipeline.sc_bad_number", value=raw.strip())
                value = 0.0
            weights[criterion.value] = value
        return weights, None

    def _show_sum(self) -> None:
        weights, bad = self._weights()
        box = self.query_one("#sc-sum", Static)
        problem = rules.check_weights(weights) if bad is None else None
        if bad is not None:
            box.update(Text("⚠ " + bad, style="bold"))
        elif problem is not None:
            box.update(Text("⚠ " + problem.message(self.lang), style="bold"))
        else:
            box.update(Text(self.t("pipeline.sc_sum_ok")))
        box.set_class(bad is not None or problem is not None, "-bad")

    @on(Input.Changed, ".sc-weight")
    def _weight_changed(self) -> None:
        self._show_sum()

    def _collect(self) -> tuple[Result | None, str]:
        weights, bad = self._weights()
        if bad is not None:
            return None, bad
        problem = rules.check_weights(weights)
        if problem is not None:
            return None, problem.message(self.lang)
        columns = [("", "us", self.t("pipeline.sc_us"))]
        names: set[str] = set()
        for index in range(len(self.rivals)):
            name = normalise_input(self._value(f"sc-rival-{index}"))[:100]
            if name in names:
                return None, self.t("pipeline.sc_duplicate", name=name)
            if name:
                names.add(name)
            columns.append((name, str(index), name))
        scores: dict[str, dict[str, float]] = {}
        for supplier, key, shown in columns:
            values: dict[str, float] = {}
            for criterion in vocab.ScoreCriterion:
                raw = self._value(f"sc-s-{key}-{criterion.value}")
                if not raw.strip():
                    continue
                value = rules.parse_number(raw)
                if value is None:
                    return None, self.t("pipeline.sc_bad_number", value=raw.strip())
                problem = rules.check_score(value)
                if problem is not None:
                    return None, self.t("pipeline.sc_bad_score", supplier=shown or "?",
                                        criterion=criterion.label(self.lang),
                                        reason=problem.message(self.lang))
                values[criterion.value] = value
            if values and key != "us" and not supplier:
                return None, self.t("pipeline.sc_competitor") + " ?"
            if values:
                scores[supplier] = values
        return (weights, scores), ""

    def action_submit(self) -> None:
        result, error = self._collect()
        self.query_one("#sc-error", Static).update(Text("⚠ " + error if error else ""))
        if result is not None:
            self.dismiss(result)

    def button_pressed(self, button_id: str) -> None:
        """Defaults fills in the trade's weights; the others save or cancel."""
        if button_id == "sc-defaults":
            for code, weight in rules.default_weights().items():
                self.query_one(f"#sc-w-{code}", Input).value = f"{weight:g}"
        else:
            super().button_pressed(button_id)
