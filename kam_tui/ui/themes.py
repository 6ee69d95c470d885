"""kam's own themes, dark and light, and the ANSI colours the signals take on a light background.

The screens draw their signals (stance, stall, overdue, refused) with a mark and a word as well
as a colour, and the colour by its ANSI name ("green", "bold red"), which Textual maps through
the ANSI palette of the theme's kind: kam's light palette darkens yellow and green so that they
read on white (every signal colour 5:1 or more against the background; Textual's own light
palette gives yellow 2.7:1).
"""

from __future__ import annotations

from dataclasses import replace

from rich.terminal_theme import TerminalTheme
from textual.theme import BUILTIN_THEMES, Theme

# The palette the screens were designed and photographed in (Textual's dark one), under kam's name.
KAM_DARK = replace(BUILTIN_THEMES["textual-dark"], name="kam-dark")

KAM_LIGHT = Theme(
    name="kam-light",
    primary="#1F5FAD",
    secondary="#0B4F8A",
    accent="#A85600",
    warning="#8A5A00",
    error="#B3261E",
    success="#2E7D32",
    foreground="#1C1C1C",
    background="#FAFAFA",
    surface="#EFEFEF",
    panel="#E2E6EC",
    dark=False,
    variables={
        "footer-key-foreground": "#1F5FAD",
        "footer-description-foreground": "#1C1C1C",
        "input-selection-background": "#1F5FAD 30%",
        "block-cursor-text-style": "bold",
    },
)

THEMES = (KAM_DARK, KAM_LIGHT)

# Black, red, green, yellow, blue, magenta, cyan, white; then the bright eight.
LIGHT_ANSI = TerminalTheme(
    (250, 250, 250),
    (28, 28, 28),
    [(28, 28, 28), (168, 32, 26), (30, 110, 36), (128, 84, 0), (31, 80, 160), (122, 50, 140),
     (0, 105, 130), (235, 235, 235)],
    [(90, 90, 90), (200, 40, 32), (40, 130, 46), (150, 100, 0), (40, 100, 190),
     (140, 60, 160), (0, 120, 150), (250, 250, 250)],
)
