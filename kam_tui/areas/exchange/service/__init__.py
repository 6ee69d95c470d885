"""ImportService: a sheet's rows into records, through the one write path, all or nothing.

`plan` (the dry run) and `run` do the same work in the same way: one IMMEDIATE transaction
in which every row passes the form's field rules and the kind's checks and hooks in the record
engine (`records.save`, or `records.create_many` for new records of a kind that batches),
tagged with an import batch. A dry run then rolls everything back; a real run rolls back too
when any row was refused, unless the rep asked to skip refused rows. So the report of a dry run
is the report of the real run, number for number.

The file is read once, a row at a time, and worked in chunks:

* `report`: the options, modes, the report and its issues (what callers see);
* `reading`: the header row, the column mapping, a row's cells as field values;
* `matching`: what each row of a chunk is (new, an update, a duplicate), looked up per chunk;
* `writing`: the writes through the record engine, tagged with the batch;
* `refused`: the refused rows as a CSV to fix and import again;
* `importer`: `ImportService`, which the command and the wizard call, undo included.
"""

from kam_tui.areas.exchange.queries.batches import Batch, UndoRefused, UndoResult
from kam_tui.areas.exchange.readers.table import UnreadableFile
from kam_tui.areas.exchange.service.importer import MAPPING_KEY, ImportService
from kam_tui.areas.exchange.service.matching import CHUNK
from kam_tui.areas.exchange.service.refused import ERROR_HEADER
from kam_tui.areas.exchange.service.report import (
    ImportCancelled,
    ImportOptions,
    ImportReport,
    ImportSetupError,
    Inspection,
    Mode,
    RowIssue,
)

__all__ = ["CHUNK", "ERROR_HEADER", "MAPPING_KEY", "Batch", "ImportCancelled", "ImportOptions",
           "ImportReport", "ImportService", "ImportSetupError", "Inspection", "Mode", "RowIssue",
           "UndoRefused", "UndoResult", "UnreadableFile"]
