"""The `kam` command: pick the database and language, then start the app."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from kam_tui import __version__

APP_NAME = "kam-tui"


def user_db_path() -> Path:
    """Return the user's own database file, in platformdirs' user data dir."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "kam.db"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="kam",
        description="Key account management in the terminal: customer cards, pipeline, "
        "relationship map and revisits.",
    )
    parser.add_argument("--db", metavar="PATH",
                        help="database file to open (default: $KAM_DB, else the user data dir)")
    parser.add_argument("--demo", action="store_true",
                        help="open a freshly generated demo database; your own data is untouched")
    parser.add_argument("--lang", choices=("en", "zh"), help="UI language (default: from locale)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", type=date.fromisoformat,
                        help=argparse.SUPPRESS)  # frozen clock for screenshots and benchmarks
    parser.add_argument("--version", action="version", version=f"kam-tui {__version__}")
    return parser.parse_args(argv)


def resolve_db_path(args: argparse.Namespace) -> Path:
    """Return the database path the arguments and environment ask for."""
    if args.demo:
        folder = Path(tempfile.mkdtemp(prefix="kam-demo-"))
        return folder / "demo.db"
    if args.db:
        return Path(args.db).expanduser()
    if os.environ.get("KAM_DB"):
        return Path(os.environ["KAM_DB"]).expanduser()
    return user_db_path()


def main(argv: list[str] | None = None) -> int:
    """Run kam; return the process exit code."""
    args = parse_args(argv)
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db.database import SchemaTooNewError, open_database
    from kam_tui.ui.i18n import default_lang

    register_record_kinds()

    today = args.today or date.today()
    path = resolve_db_path(args)
    try:
        db = open_database(path)
    except SchemaTooNewError as error:
        print(f"kam: {path}: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # an unreadable path or a file that is not SQLite
        print(f"kam: cannot open {path}: {error}", file=sys.stderr)
        return 2
    if args.demo:
        from kam_tui.sample.demo import generate_demo

        with db.atomic():
            generate_demo(db, today)
    db.close()

    from kam_tui.ui.app import KamApp

    app = KamApp(db, lang=args.lang or default_lang(), today=args.today, demo=args.demo,
                 db_label=str(path))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
