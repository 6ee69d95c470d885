"""How the pipeline board copes with 10,000 open opportunities: service calls and a first paint.

    .venv/bin/python benchmarks/pipeline_scale.py [--accounts 20000] [--repeat 5]

Builds a synthetic database (about 0.5 open opportunities per account), then times the calls the
board makes: the figures (GROUP BY in SQL), the first page of every column, a move with its
history row and new totals, a reorder, a filtered search, and the app's first paint of the board.
Every open deal gets a buying group of up to three people (the reports benchmark's).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kam_tui.areas.pipeline.service import BoardQuery, PipelineService  # noqa: E402
from kam_tui.core.db.database import open_database  # noqa: E402
from kam_tui.sample.synthetic import generate  # noqa: E402
from reports_scale import buying_groups  # noqa: E402  (this folder is on the path: sys.path[0])

TODAY = date(2026, 11, 23)
PAGE = 50


def timed(label: str, call: Callable[[], object], repeat: int) -> object:
    """Run call `repeat` times; print the median and the worst in milliseconds."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    print(f"  {label:<44} median {statistics.median(times):7.1f} ms   worst {max(times):7.1f} ms")
    return result


async def first_paint(db, repeat: int) -> list[float]:
    """Milliseconds from pressing 2 to a board with figures and cards, in a headless app."""
    from kam_tui.areas.pipeline.ui.board_screen import PipelineScreen
    from kam_tui.ui.app import KamApp

    times = []
    for _ in range(repeat):
        app = KamApp(db, lang="en", today=TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.5)
            start = time.perf_counter()
            await pilot.press("2")
            while not (isinstance(app.screen, PipelineScreen) and app.screen.board.loaded
                       and app.screen.board.focused_card is not None):
                await asyncio.sleep(0.002)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-app", action="store_true", help="skip the first-paint timing")
    args = parser.parse_args(argv)

    path = Path(tempfile.mkdtemp(prefix="kam-pipeline-bench-")) / "bench.db"
    start = time.perf_counter()
    counts = generate(path, accounts=args.accounts, seed=1, today=TODAY)
    print(f"generated {args.accounts:,} accounts in {time.perf_counter() - start:.1f} s: "
          f"{counts.get('opportunity', 0):,} opportunities")
    db = open_database(path)
    # The board reads every deal's buying group for its adjusted figures and the cards' marks.
    print(f"buying groups: {buying_groups(db):,} roles in the open deals")
    service = PipelineService(db, lambda: TODAY)
    query = BoardQuery()
    stats = service.stats(query)
    print(f"open opportunities: {stats.open_count:,} "
          f"({', '.join(f'{c.stage}:{c.count:,}' for c in stats.columns)})")
    print("service calls:")
    timed("figures (six columns, headline)", lambda: service.stats(query), args.repeat)
    timed("first page of each column (6 × 50 cards)", lambda: [
        service.column_page(query, stage, 0, PAGE) for stage in range(1, 7)], args.repeat)
    timed("first paint data (figures + 6 pages)", lambda: service.board(query, PAGE),
          args.repeat)
    timed("a deep page (column 3, cards 1500-1550)",
          lambda: service.column_page(query, 3, 1500, PAGE), args.repeat)

    cards = iter(service.column_page(query, 1, 0, args.repeat * 2 + 2))

    def advance() -> object:
        card = next(cards)
        return service.move(query, card.id, 2, expected_stage=1, note="bench")

    timed("move a card to the next stage (+history, totals)", advance, args.repeat)
    top = service.column_page(query, 2, 0, 3)

    def reorder() -> object:
        first, second = service.column_page(query, 2, 0, 2)
        return service.move(query, first.id, 2, expected_stage=2, after_id=second.id)

    timed("reorder within a column (+totals)", reorder, args.repeat)
    del top
    search = BoardQuery(search="wu")
    timed("figures with a search ('wu')", lambda: service.stats(search), args.repeat)
    timed("figures filtered by class A", lambda: service.stats(BoardQuery(abc_class="A")),
          args.repeat)
    if not args.no_app:
        times = asyncio.run(first_paint(db, min(args.repeat, 3)))
        print(f"  {'app: key 2 to a painted board':<44} median {statistics.median(times):7.1f} ms"
              f"   worst {max(times):7.1f} ms")
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
