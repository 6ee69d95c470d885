"""The pieces every report is drawn from: a titled table whose text is always shown literally."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from kam_tui.core.domain.text import one_line


def cell(value: object, style: str = "") -> Text:
    """Return a table cell; text from the database is never read as markup."""
    return value if isinstance(value, Text) else Text(one_line(value, 200), style=style)


def report_table(title: str, columns: Sequence[tuple[str, str]]) -> Table:
    """Return an empty table with a bold title and (header, "left"|"right") columns."""
    table = Table(title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD,
                  padding=(0, 1), pad_edge=False, expand=False, show_edge=False)
    for header, justify in columns:
        table.add_column(Text(header), justify=justify, no_wrap=True,  # type: ignore[arg-type]
                         overflow="ellipsis")
    return table
