"""The refused rows of an import as a CSV the rep fixes in Excel and imports again."""

from __future__ import annotations

import csv
import io

from kam_tui.areas.exchange.rules import columns as c
from kam_tui.areas.exchange.rules import values as v
from kam_tui.areas.exchange.service.report import ImportReport, join_errors

ERROR_HEADER = "导入错误 Import error"


def refused_csv(report: ImportReport, target: c.Target, lang: str) -> str:
    """Return the header, each refused row as read and an error column, as CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*report.headers, ERROR_HEADER])
    for issue in report.refused_rows:
        message = join_errors(target, issue.errors, lang) if issue.errors else (
            issue.message(lang))
        row_label = f"第 {issue.row} 行" if lang == "zh" else f"row {issue.row}"
        cells = [guarded(v.cell_text(cell)) for cell in issue.cells]
        cells += [""] * (len(report.headers) - len(cells))
        writer.writerow([*cells, guarded(f"{row_label}: {message}")])
    return buffer.getvalue()


def guarded(text: str) -> str:
    """Keep a cell from being a formula when the rep opens the file in Excel."""
    return "'" + text if text[:1] in ("=", "+", "@") or (
        text[:1] == "-" and not text[1:2].isdigit() and len(text) > 1) else text
