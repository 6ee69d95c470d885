"""The kam JSON export: one document, every kind, every column, read and written row by row.

The document is ordinary JSON, so other programs read it with any JSON library:

    {"format": "kam-tui export",
    "format_version": 1,
    "schema_version": 2,
    ...
    "tables": {
    "staff": [
    {"id": 1, "uuid": "…", "created_at": "…", …},
    {"id": 2, …}
    ],
    "account": [
    …
    ]
    }}

Each row is one line, so kam reads its own exports a line at a time (`read_lines`) and a
100,000-account file never sits in memory whole; a file laid out otherwise (re-indented by
another program) is read as one document (`read_document`). Values are the stored values as
they are: text, numbers, null; foreign keys hold the uuid of the row they point to; a stored
blob is {"$base64": "…"}. Control characters and the bidi overrides are written as \\u escapes,
never raw.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO, TextIO

from kam_tui.core.domain.refusal import Refusal

FORMAT = "kam-tui export"
FORMAT_VERSION = 1
BLOB = "$base64"

# json.dumps(ensure_ascii=False) escapes C0 controls but leaves DEL, C1 and bidi controls raw.
_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class JsonRefused(Refusal):
    """A file kam will not import, with the reason in English and Chinese."""


class LayoutError(ValueError):
    """The file is not laid out a row a line; read it as one document instead."""


def _default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {BLOB: base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"cannot export a {type(value).__name__}")


def dumps(value: Any) -> str:
    """Return compact JSON with Chinese kept readable and every control character escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=_default)
    return _RAW.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def decoded(value: Any) -> Any:
    """Return a stored value from its JSON form: a blob back to bytes; refuse anything else."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, dict) and set(value) == {BLOB} and isinstance(value[BLOB], str):
        try:
            return base64.b64decode(value[BLOB], validate=True)
        except ValueError:
            pass
    raise JsonRefused(f"not a stored value: {str(value)[:80]}",
                      f"不是可导入的值：{str(value)[:80]}")


class JsonWriter:
    """Writes the document a part at a time: the header, then each table's rows."""

    def __init__(self, handle: BinaryIO, meta: dict[str, Any]) -> None:
        self.handle = handle
        lines = [f"{dumps(key)}: {dumps(value)}" for key, value in meta.items()]
        self._write("{" + ",\n".join([*lines, '"tables": {']) + "\n")
        self.tables = 0

    def _write(self, text: str) -> None:
        self.handle.write(text.encode("utf-8"))

    def table(self, name: str, rows: Iterator[dict[str, Any]]) -> int:
        """Write one table's rows, one a line; return how many."""
        self._write(("],\n" if self.tables else "") + f"{dumps(name)}: [\n")
        self.tables += 1
        count = 0
        for row in rows:
            self._write((",\n" if count else "") + dumps(row))
            count += 1
        if count:
            self._write("\n")
        return count

    def close(self) -> None:
        """End the document."""
        self._write(("]\n" if self.tables else "") + "}}\n")


def check_meta(meta: Any, schema_version: int) -> dict[str, Any]:
    """Return the header of a kam export, or refuse a file that is not one kam can read."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise JsonRefused("Not a kam JSON export (its \"format\" is not \"kam-tui export\")",
                          "不是 kam 导出的 JSON 文件")
    version = meta.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise JsonRefused("This export was made by a newer kam-tui; upgrade kam-tui to import it",
                          "此文件由更新版本的 kam-tui 导出，请升级后再导入")
    schema = meta.get("schema_version")
    if not isinstance(schema, int) or schema > schema_version:
        raise JsonRefused("This export holds a newer database schema; upgrade kam-tui to "
                          "import it", "此文件的数据库结构更新，请升级 kam-tui 后再导入")
    return meta


Row = tuple[str, dict[str, Any]]


def _object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise LayoutError(text[:40]) from None
    if not isinstance(value, dict):
        raise LayoutError(text[:40])
    return value


_TABLE = re.compile(r'^"([a-z_]+)": \[$')


def read_lines(stream: TextIO) -> tuple[dict[str, Any], Iterator[Row]]:
    """Read kam's own layout: the header now, then (table, row) pairs a line at a time.

    Raises LayoutError (perhaps only while iterating) when the file is laid out otherwise.
    """
    first = stream.readline()
    if not first.startswith('{"format"'):
        raise LayoutError("first line")
    meta_lines = [first[1:].rstrip("\r\n")]
    for line in stream:
        line = line.rstrip("\r\n")
        if line == '"tables": {':
            break
        meta_lines.append(line)
    else:
        raise LayoutError("no tables")
    meta = _object("{" + ",\n".join(line.removesuffix(",") for line in meta_lines) + "}")
    return meta, _rows(stream)


def _rows(stream: TextIO) -> Iterator[Row]:
    table = ""
    ended = False
    for line in stream:
        line = line.rstrip("\r\n")
        if ended:
            if line.strip():
                raise LayoutError("after the end")
            continue
        if not table:
            match = _TABLE.match(line)
            if match:
                table = match.group(1)
            elif line == "}}":
                ended = True
            else:
                raise LayoutError(line[:40])
        elif line in ("]", "],"):
            table = ""
        elif line.startswith("{"):
            yield table, _object(line.removesuffix(","))
        else:
            raise LayoutError(line[:40])
    if not ended:
        raise LayoutError("cut short")


def read_document(stream: TextIO) -> tuple[dict[str, Any], Iterator[Row]]:
    """Read any layout as one JSON document (the whole file in memory)."""
    try:
        document = json.load(stream)
    except ValueError as error:
        raise JsonRefused(f"Not valid JSON: {error}", f"不是有效的 JSON：{error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("tables"), dict):
        raise JsonRefused("Not a kam JSON export (no \"tables\")", "不是 kam 导出的 JSON 文件")
    tables = document.pop("tables")

    def rows() -> Iterator[Row]:
        for name, table in tables.items():
            if not isinstance(table, list):
                raise JsonRefused(f"Table {name!r} is not a list", f"表 {name!r} 不是列表")
            for row in table:
                if not isinstance(row, dict):
                    raise JsonRefused(f"A row of {name!r} is not an object",
                                      f"表 {name!r} 中有一行不是对象")
                yield name, row

    return document, rows()
