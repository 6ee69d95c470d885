"""The README screenshots measure every text run in terminal cells (issue 18).

Rich's SVG export gives a run ``textLength = len(text) × cell width``, so a browser squeezes a
run of Chinese (two cells a character) into half its width. ``screenshots/generate.py`` fixes the
export; these checks read the committed SVGs so the bug cannot come back unnoticed.
"""

from __future__ import annotations

import importlib.util
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
SVGS = sorted(SCREENSHOTS.glob("*.svg"))
SVG_NS = "{http://www.w3.org/2000/svg}"
CJK_MONO_FONTS = ("Sarasa Mono SC", "Noto Sans Mono CJK SC", "Source Han Mono")


def _matrix_rule(root: ET.Element) -> str:
    """The CSS rule that styles the terminal's text."""
    css = "".join(style.text or "" for style in root.iter(f"{SVG_NS}style"))
    match = re.search(r"\.terminal-[\w-]*-matrix\s*\{([^}]*)\}", css)
    assert match, "no terminal matrix rule in the SVG's style"
    return match.group(1)


def _cell_width(root: ET.Element) -> float:
    """Width of one terminal cell: Rich's default, font size × 0.61 (Fira Code's aspect)."""
    font_size = float(re.search(r"font-size:\s*([\d.]+)px", _matrix_rule(root)).group(1))
    return font_size * 0.61


def _runs(root: ET.Element) -> list[ET.Element]:
    """The terminal's text runs (not the window title)."""
    return [
        text for text in root.iter(f"{SVG_NS}text")
        if text.get("textLength") is not None
    ]


def test_there_are_screenshots() -> None:
    assert len(SVGS) >= 10


@pytest.mark.parametrize("svg", SVGS, ids=[path.stem for path in SVGS])
def test_every_text_run_is_measured_in_cells(svg: Path) -> None:
    root = ET.parse(svg).getroot()  # ElementTree unescapes the text (&#160; → NBSP)
    width = _cell_width(root)
    runs = _runs(root)
    assert runs, "no text runs"
    wrong = [
        (text.text, text.get("textLength"), round(cell_len(text.text or "") * width, 4))
        for text in runs
        if abs(float(text.get("textLength")) - cell_len(text.text or "") * width) > 1e-3
    ]
    assert not wrong, f"{len(wrong)} of {len(runs)} runs mis-measured, e.g. {wrong[:3]}"


def _xs(text: ET.Element) -> list[float]:
    """A run's x positions: one for the run, or one per character."""
    return [float(value) for value in text.get("x").split()]


@pytest.mark.parametrize("svg", SVGS, ids=[path.stem for path in SVGS])
def test_text_runs_sit_on_their_cells(svg: Path) -> None:
    """A run starts on a cell boundary, no two runs of a line overlap, and a run that places
    its characters one by one puts each on the cell the characters before it end at."""
    root = ET.parse(svg).getroot()
    width = _cell_width(root)
    ends: dict[str, float] = {}
    for text in sorted(_runs(root), key=lambda t: (t.get("y"), _xs(t)[0])):
        xs = _xs(text)
        for x in xs:
            assert abs(x / width - round(x / width)) < 1e-3, (text.text, x)
        if len(xs) > 1:
            chars = text.text or ""
            assert len(xs) == len(chars), (chars, xs)
            expected = [xs[0] + cell_len(chars[:i]) * width for i in range(len(chars))]
            assert xs == pytest.approx(expected, abs=1e-3), (chars, xs)
        line = text.get("y")
        assert xs[0] >= ends.get(line, 0.0) - 1e-3, (text.text, xs[0], ends.get(line))
        ends[line] = xs[0] + float(text.get("textLength"))


@pytest.mark.parametrize("svg", SVGS, ids=[path.stem for path in SVGS])
def test_font_stack_names_monospace_cjk_fonts_before_the_fallback(svg: Path) -> None:
    rule = _matrix_rule(ET.parse(svg).getroot())
    family = re.search(r"font-family:\s*([^;]*);", rule).group(1)
    names = [name.strip().strip("\"'") for name in family.split(",")]
    assert names[-1] == "monospace", names
    for font in CJK_MONO_FONTS:
        assert font in names[:-1], (font, names)


def _load_fixer():
    spec = importlib.util.spec_from_file_location("cjk_svg", SCREENSHOTS / "cjk_svg.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fix_svg_measures_a_fresh_rich_export_in_cells() -> None:
    """The generator's fix, on an export made here, gives runs exactly their cells."""
    cjk_svg = _load_fixer()
    console = Console(record=True, width=40, file=io.StringIO(), force_terminal=True)
    console.print("[bold]吴伟科技有限公司[/] a<b>&c 逾期238天 é（未定）", highlight=False)
    raw = console.export_svg(title="t")
    fixed = cjk_svg.fix_svg(raw)

    def runs(svg: str) -> list[tuple[str, str, str]]:
        root = ET.fromstring(svg)
        return [(t.text, t.get("x"), t.get("textLength")) for t in _runs(root)]

    assert ("吴伟科技有限公司", "0", "97.6") in runs(raw)  # Rich's bug: 8 cells for 16
    got = runs(fixed)
    assert ("吴伟科技有限公司", " ".join(format(12.2 * 2 * i, "g") for i in range(8)),
            "195.2") in got
    assert ("\xa0a<b>&c\xa0", "195.2", "97.6") in got
    assert ("逾期", "292.8 317.2", "48.8") in got
    assert ("238", "341.6", "36.6") in got
    assert ("天", "378.2", "24.4") in got
    assert not any(text == "\n" for text, _, _ in got)
    root = ET.fromstring(fixed)
    for text in _runs(root):
        assert float(text.get("textLength")) == pytest.approx(cell_len(text.text) * 12.2)
    assert "font-variant-east-asian" not in _matrix_rule(root)
