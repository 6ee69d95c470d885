"""CSV and TSV as Excel and WPS save them: the encoding and the delimiter found, never guessed blind.

Encodings are tried in an order that cannot mistake one for another: a byte-order mark (UTF-8,
UTF-16 as Excel's "Unicode text" writes), then the whole file as strict UTF-8, then as strict
GB18030 (Chinese Excel on Windows saves GBK, which GB18030 contains), then charset-normalizer
restricted to those same encodings. A detector left unrestricted calls short GBK files Korean or
Cyrillic. Big5 decodes as GB18030 without an error: the caller shows a preview and lets the rep
name the encoding.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CANDIDATES = ("utf_8", "gb18030", "utf_16")
DELIMITERS = (",", "\t", ";", "|")
SAMPLE_BYTES = 64 * 1024
CHUNK = 1 << 20
csv.field_size_limit(1 << 24)  # a cell of a long note is larger than csv's 128 KiB default


@dataclass(frozen=True)
class Decoding:
    """The encoding a file is read with, how it was found, and what the rep should know."""

    encoding: str  # a Python codec name, e.g. "utf-8-sig", "utf-16", "gb18030"
    how: str  # "bom", "strict", "detected", "fallback", "given"
    warnings: tuple[str, ...] = field(default=())


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _bom(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return ""


def _utf16_without_bom(head: bytes) -> str:
    """UTF-16 text of Latin and CJK has a NUL in most pairs at one side: say which side."""
    pairs = len(head) // 2
    if pairs < 4:
        return ""
    even = sum(1 for i in range(0, pairs * 2, 2) if head[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if head[i] == 0)
    if odd > pairs * 0.3 and even == 0:
        return "utf-16-le"
    if even > pairs * 0.3 and odd == 0:
        return "utf-16-be"
    return ""


def detect_encoding(path: Path) -> Decoding:
    """Return the encoding a text file is read with, found as the module says."""
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if found := _bom(head):
        return Decoding(found, "bom")
    if found := _utf16_without_bom(head):
        return Decoding(found, "strict") if _decodes(path, found) else Decoding(
            found, "fallback", ("undecodable bytes shown as \ufffd",))
    for encoding in ("utf-8", "gb18030"):
        if _decodes(path, encoding):
            return Decoding(encoding, "strict")
    from charset_normalizer import from_bytes

    best = from_bytes(head, cp_isolation=list(CANDIDATES)).best()
    encoding = best.encoding if best is not None else "gb18030"
    return Decoding(encoding, "detected" if best is not None else "fallback",
                    (("the file is not valid in any one encoding; bytes that do not decode "
                     "are shown as \ufffd"),))


def open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    """Open a text file for csv with the given encoding; undecodable bytes become U+FFFD."""
    return open(path, encoding=encoding, errors="replace", newline="")


def sniff_delimiter(sample: str, prefer_tab: bool = False) -> str:
    """Return the delimiter that splits the sample's lines most consistently into most columns.

    csv.Sniffer is thrown by Chinese text and by a title row above the header; this counts, for
    each candidate, how many lines share the most common number of fields (more than one).
    """
    lines = sample.splitlines()[:-1] or sample.splitlines()  # the last may be cut short
    lines = [line for line in lines if line.strip()][:100]
    if not lines:
        return "\t" if prefer_tab else ","
    best, best_score = ("\t" if prefer_tab else ","), (0, 0, 0)
    for delimiter in DELIMITERS:
        counts: dict[int, int] = {}
        for cells in csv.reader(lines, delimiter=delimiter):
            if len(cells) > 1:
                counts[len(cells)] = counts.get(len(cells), 0) + 1
        if not counts:
            continue
        width, lines_with_width = max(counts.items(), key=lambda item: (item[1], item[0]))
        score = (lines_with_width, width, 1 if (delimiter == "\t") == prefer_tab else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_sample(path: Path, encoding: str, chars: int = SAMPLE_BYTES) -> str:
    """Return the start of a text file, decoded."""
    with open_text(path, encoding) as handle:
        return handle.read(chars)


def text_rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number where the record starts, cells) for every record of a text file.

    The line number is the one a text editor shows: a cell with line breaks in it makes the
    next record start further down.
    """
    with open_text(path, encoding) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        last_line = 0
        for cells in reader:
            start = last_line + 1
            last_line = reader.line_num
            yield start, cells
