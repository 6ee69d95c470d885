"""Tolerant Peewee field types: a stored value that does not parse reads back as None."""

from __future__ import annotations

import peewee as pw

from kam_tui.core.db.sql import (
    AMOUNT_LIMIT, as_date, as_datetime, as_float, as_int, sql_valid_date, sql_valid_datetime,
    sql_valid_number,
)
from kam_tui.core.domain.vocab import STAGES

STAGE_CODES = frozenset(stage.number for stage in STAGES)
FLOAT_LIMIT = 1e300


# --- tolerant field types: a stored value that does not parse reads back as None --------------
# Import, sync and other programs may write anything; every screen must still open. Each type
# also says in SQL which stored values it accepts, so kam check and the forms find the rest.


class DateField(pw.DateField):
    """A date that reads back as None when the stored text is not a real date."""

    def python_value(self, value: object) -> object:
        return as_date(value)

    def valid_sql(self, column: str) -> str:
        """Return SQL that holds when the stored column value parses."""
        return sql_valid_date(column)


class DateTimeField(pw.DateTimeField):
    """A timestamp that reads back as None when the stored text is not a real time."""

    def python_value(self, value: object) -> object:
        return as_datetime(value)

    def valid_sql(self, column: str) -> str:
        """Return SQL that holds when the stored column value parses."""
        return sql_valid_datetime(column)


class CharField(pw.CharField):
    """A line of text with no length in the schema: PostgreSQL's varchar(255) would refuse
    what SQLite keeps; the field specs bound lengths, never the engine."""

    field_type = "TEXT"

    def get_modifiers(self) -> None:
        """Return no length modifier."""
        return None


class IntegerField(pw.BigIntegerField):
    """A whole number that reads back as None when stored as text, NaN, infinity or huge."""

    limit = AMOUNT_LIMIT

    def python_value(self, value: object) -> object:
        return None if value is None else as_int(value, self.limit)

    def valid_sql(self, column: str) -> str:
        """Return SQL that holds when the stored column value parses."""
        return sql_valid_number(column, self.limit)


class StageField(IntegerField):
    """A purchasing stage; a code outside 1..6 reads back as None."""

    def python_value(self, value: object) -> object:
        number = super().python_value(value)
        return number if number in STAGE_CODES else None

    def valid_sql(self, column: str) -> str:
        """Return SQL that holds when the stored column value parses."""
        codes = ", ".join(str(code) for code in sorted(STAGE_CODES))
        return f"({column} IS NULL OR {column} IN ({codes}))"


class FloatField(pw.DoubleField):
    """A number that reads back as None when stored as text or not finite."""

    def python_value(self, value: object) -> object:
        return None if value is None else as_float(value)

    def valid_sql(self, column: str) -> str:
        """Return SQL that holds when the stored column value parses."""
        return sql_valid_number(column, FLOAT_LIMIT)
