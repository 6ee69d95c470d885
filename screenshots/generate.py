"""Regenerate the SVG screenshots in this folder from the demo data on a frozen date.

    make screenshots        (or: .venv/bin/python screenshots/generate.py [name ...])

Each shot starts a fresh app over a newly generated demo database, presses the keys a rep
would, waits for the background loads to finish and saves what the terminal shows, with
Chinese text measured in terminal cells (see cjk_svg.py: Rich's export squeezes it otherwise).
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cjk_svg import fix_svg  # beside this script, which Python puts first on sys.path
from kam_tui.core import config as settings
from kam_tui.core.db.database import open_database
from kam_tui.sample.demo import generate_demo
from kam_tui.ui.app import KamApp

TODAY = date(2026, 11, 23)
HERE = Path(__file__).resolve().parent

Steps = Callable[[object], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    """One screenshot: file name, language, terminal size and the keys that lead there."""

    name: str
    lang: str
    size: tuple[int, int]
    keys: tuple[str, ...] = ()
    needs: str = ""  # a module the shot's area lives in; skipped until it exists
    theme: str = "kam-dark"
    synced: bool = False  # the demo file as after a sync that met two edits


async def settle(pilot) -> None:
    """Wait until background loads have finished and the screen has caught up."""
    for _ in range(100):
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        if not any(worker.is_running for worker in pilot.app.workers):
            break
    await pilot.pause(0.2)


SHOTS: tuple[Shot, ...] = (
    Shot("customers", "en", (120, 40)),
    Shot("customers-zh-80x24", "zh", (80, 24)),
    Shot("search-pinyin", "zh", (120, 40), ("/", "w", "w", "k", "j")),
    Shot("card", "zh", (120, 40), ("/", *"huatong", "enter", "enter")),
    Shot("card-contacts", "en", (120, 40), ("/", *"northstar", "enter", "enter", "]", "]")),
    Shot("edit-form", "en", (120, 40), ("/", *"northstar", "enter", "enter", "e")),
    Shot("suggestions", "zh", (120, 40), ("/", *"huatong", "enter", "enter", "s")),
    Shot("pipeline", "en", (120, 40), ("2",), needs="kam_tui.areas.pipeline.ui.board_screen"),
    Shot("pipeline-zh", "zh", (120, 40), ("2",), needs="kam_tui.areas.pipeline.ui.board_screen"),
    Shot("pipeline-light", "en", (120, 40), ("2",), needs="kam_tui.areas.pipeline.ui.board_screen",
         theme="kam-light"),
    Shot("relationship-map", "zh", (120, 40), ("3", *"htwl", "enter"),
         needs="kam_tui.areas.relationships.ui.map_screen"),
    Shot("opportunity", "zh", (120, 40), ("2", "right", "right", "right", "enter"),
         needs="kam_tui.areas.pipeline.ui.board_screen"),
    Shot("decision-map", "en", (120, 40), ("3", *"htwl", "enter", "v"),
         needs="kam_tui.areas.relationships.ui.map_screen"),
    Shot("calendar", "en", (120, 40), ("4",), needs="kam_tui.areas.calendar.ui.calendar_screen"),
    Shot("today", "zh", (120, 40), ("4", "a"), needs="kam_tui.areas.calendar.ui.calendar_screen"),
    Shot("help", "en", (120, 40), ("question_mark",)),
    Shot("reports-forecast", "en", (120, 40), ("5",),
         needs="kam_tui.areas.reports.ui.reports_screen"),
    Shot("reports-funnel", "zh", (120, 40), ("5", "v"),
         needs="kam_tui.areas.reports.ui.reports_screen"),
    # The import wizard on the sample sheet: its title row skipped, the columns mapped.
    Shot("import-mapping", "zh", (120, 40), ("i", *"examples/customers.xlsx", "enter", "ctrl+s", "ctrl+s"),
         needs="kam_tui.areas.exchange.ui.import_wizard_screen"),
    Shot("sync-conflicts", "en", (120, 40), ("C",), synced=True,
         needs="kam_tui.areas.sync.ui.conflicts_screen"),
)


async def take(shot: Shot, folder: Path) -> Path:
    """Run the app for one shot and write its SVG."""
    db = open_database(Path(tempfile.mkdtemp(prefix="kam-shot-")) / "demo.db")
    generate_demo(db, TODAY)
    if shot.synced:
        from datetime import datetime, timedelta, timezone

        from kam_tui.sample.sync_sample import pretend_synced

        pretend_synced(db, datetime.now(timezone.utc) - timedelta(minutes=10, seconds=20))
    # The defaults, whatever the settings file of whoever runs this says.
    defaults = settings.load(environ={}, path=HERE / "no-such-settings.toml")
    app = KamApp(db, lang=shot.lang, today=TODAY, demo=True, db_label="demo.db", config=defaults)
    app.theme = shot.theme
    async with app.run_test(size=shot.size) as pilot:
        await settle(pilot)
        for key in shot.keys:
            await pilot.press(key)
            await settle(pilot)
        svg = fix_svg(app.export_screenshot(title=f"kam-tui — {shot.name}"))
    db.close()
    path = folder / f"{shot.name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    """Write the requested shots (all by default) and say which were skipped."""
    wanted = set(argv)
    for shot in SHOTS:
        if wanted and shot.name not in wanted:
            continue
        if shot.needs and importlib.util.find_spec(shot.needs) is None:
            print(f"skipped {shot.name}: its area is not built yet")
            continue
        print(f"wrote {asyncio.run(take(shot, HERE)).relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
