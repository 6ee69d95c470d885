"""Make Rich's SVG export draw double-width (CJK) text in its terminal cells.

Rich's ``Console.export_svg`` places every text run at the right column but gives it
``textLength = len(text) × cell width`` (Textualize/rich#2742), so a browser squeezes a run of
Chinese, two cells a character, into half its width and the glyphs pile up. Its font stack
(``Fira Code, monospace``) has no CJK glyphs either, and ``font-variant-east-asian: full-width``
turns Latin letters full-width in the CJK fonts a browser falls back to.

``fix_svg`` post-processes such an SVG:

* each text run is cut where the characters change between one and two cells wide, and every
  piece gets its own ``x`` and ``textLength = rich.cells.cell_len(piece) × cell width``, so
  wide and narrow glyphs each fill exactly their cells, whatever font the browser picks; a
  piece of wide characters lists one ``x`` per character, its cell's (SVG's per-character
  positions), so each Han character starts on its own cell as in a terminal;
* runs that hold nothing but the line's closing newline (Rich writes one past the last column)
  are dropped;
* the terminal's font stack names monospace CJK fonts before the generic ``monospace``.

The cell width is read from the SVG itself (its font size × Rich's default aspect ratio), so
nothing here depends on Rich's private code.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from rich.cells import cell_len

#: Rich's default width-to-height ratio of a cell (Fira Code's).
FONT_ASPECT_RATIO = 0.61

#: Fonts tried for the terminal's text, first to last, glyph by glyph. Fira Code is what Rich's
#: export names for Latin (a README image may not load its web font, so common monospace fonts
#: with box-drawing glyphs follow); then monospace CJK fonts, whose Han characters are two Latin
#: cells wide, before the generic fallback.
FONT_STACK = (
    '"Fira Code"',
    '"DejaVu Sans Mono"',
    "Menlo",
    "Consolas",
    '"Sarasa Mono SC"',
    '"Noto Sans Mono CJK SC"',
    '"Source Han Mono SC"',
    '"Source Han Mono"',
    '"WenQuanYi Zen Hei Mono"',
    "monospace",
)

_MATRIX = re.compile(r"(\.terminal-[\w-]*-matrix\s*\{)([^}]*)(\})")
_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")
_TEXT_RUN = re.compile(
    r'<text (?P<pre>[^>]*?)x="(?P<x>[-\d.e]+)"(?P<mid>[^>]*?)textLength="(?P<len>[-\d.e]+)"'
    r"(?P<post>[^>]*)>(?P<body>[^<]*)</text>"
)


def _number(value: float) -> str:
    """Format a coordinate as Rich does (``format(value, "g")``) without float noise."""
    return format(round(value, 4), "g")


def _escape(text: str) -> str:
    """Escape text for the SVG as Rich does: HTML entities, spaces as no-break spaces."""
    return html.escape(text).replace(" ", "&#160;").replace("\xa0", "&#160;")


def cell_width(svg: str) -> float:
    """Width of one terminal cell in the SVG's units."""
    match = _MATRIX.search(svg)
    if match is None:
        raise ValueError("not a Rich terminal SVG: no .terminal-…-matrix rule")
    size = _FONT_SIZE.search(match.group(2))
    if size is None:
        raise ValueError("the terminal's matrix rule has no font-size")
    return float(size.group(1)) * FONT_ASPECT_RATIO


def pieces(text: str) -> Iterator[tuple[int, str]]:
    """Split text where characters change between narrow and wide.

    Yields (cell offset from the start of ``text``, piece). A zero-width character (a combining
    mark, a variation selector) stays with the character before it.
    """
    start = 0
    offset = 0
    current: list[str] = []
    wide: bool | None = None
    for char in text:
        width = cell_len(char)
        if width and current and (width == 2) != wide:
            piece = "".join(current)
            yield start, piece
            start = offset
            current = []
        if width:
            wide = width == 2
        current.append(char)
        offset += width
    if current:
        yield start, "".join(current)


def _positions(piece: str, column: int, width: float) -> str:
    """The ``x`` of a piece: its first cell, or for wide characters each one's own cell.

    A CJK glyph is narrower than its two cells; ``textLength`` alone spreads the spare room
    between the glyphs, so a short run such as "逾期" opens a gap in its middle and closes
    the one after it. Placing every wide character on its cell draws it as a terminal does.
    """
    if len(piece) == 1 or not all(cell_len(c) == 2 and ord(c) <= 0xFFFF for c in piece):
        # One glyph, or marks / astral characters whose count per position browsers disagree
        # on: the run's start is enough, textLength keeps its end on the grid.
        return _number(column * width)
    return " ".join(_number((column + 2 * i) * width) for i in range(len(piece)))


def _fix_font_stack(rule: str) -> str:
    family = "font-family: " + ", ".join(FONT_STACK) + ";"
    rule = re.sub(r"font-family:[^;]*;", family, rule, count=1)
    return re.sub(r"\s*font-variant-east-asian:[^;]*;", "", rule)


def fix_svg(svg: str) -> str:
    """Return the SVG with every text run measured in terminal cells and a CJK font stack."""
    width = cell_width(svg)

    def run(match: re.Match[str]) -> str:
        text = html.unescape(match.group("body")).replace("\n", "")
        if not text.strip(" \xa0"):
            return ""
        column = round(float(match.group("x")) / width)
        out = []
        for offset, piece in pieces(text):
            if not piece.strip(" \xa0"):
                continue  # Rich draws no all-blank run; a background rect covers the cells
            out.append(
                f'<text {match.group("pre")}x="{_positions(piece, column + offset, width)}"'
                f'{match.group("mid")}textLength="{_number(cell_len(piece) * width)}"'
                f'{match.group("post")}>{_escape(piece)}</text>'
            )
        return "".join(out)

    svg = _MATRIX.sub(
        lambda m: m.group(1) + _fix_font_stack(m.group(2)) + m.group(3), svg, count=1
    )
    return _TEXT_RUN.sub(run, svg)
