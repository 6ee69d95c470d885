"""The `kam` command: pick the database and language, then start the app or run a command."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from kam_tui import __version__
from kam_tui.core import paths

APP_NAME = paths.APP_NAME
DB_HELP = ("database file, or the team's server as postgresql://… (default: $KAM_DB, else the "
           "user data dir)")


def user_db_path() -> Path:
    """Return the user's own database file, in the user data folder."""
    return paths.user_db_path()


def _add_commands(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: `kam --db X check` and `kam check --db X` both work, neither resets the other.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    backup = commands.add_parser(
        "backup", parents=[common], help="copy the database to PATH (a new file or a folder), "
        "else to the backups folder")
    backup.add_argument("path", nargs="?", metavar="PATH")
    restore = commands.add_parser(
        "restore", parents=[common], help="check FILE, back up the database, then replace it "
        "with FILE")
    restore.add_argument("file", metavar="FILE")
    commands.add_parser("check", aliases=["doctor"], parents=[common],
                        help="check the database for damage and invalid values")
    from kam_tui.areas.exchange.commands import export_command, import_command, json_command

    import_command.add_parser(commands, common)
    json_command.add_parser(commands, common)
    export_command.add_parser(commands, common)
    from kam_tui import config_command, server, sync_command

    server.add_parser(commands, common)
    sync_command.add_parser(commands, common)
    config_command.add_parser(commands)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="kam",
        description="Key account management in the terminal: customer cards, pipeline, "
        "relationship map and revisits.",
        epilog=f"Backups are kept in {paths.backups_dir()}.",
    )
    parser.add_argument("--db", metavar="PATH", help=DB_HELP)
    parser.add_argument("--demo", action="store_true",
                        help="open a freshly generated demo database; your own data is untouched")
    parser.add_argument("--init", action="store_true",
                        help="make an empty file (or a link to a missing one) a new database")
    parser.add_argument("--lang", choices=("en", "zh"),
                        help="UI language (default: $KAM_LANG, your settings file, the locale)")
    parser.add_argument("--theme", metavar="NAME",
                        help="colour theme, e.g. kam-light (default: $KAM_THEME, your settings "
                        "file, kam-dark)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", type=date.fromisoformat,
                        help=argparse.SUPPRESS)  # frozen clock for screenshots and benchmarks
    parser.add_argument("--no-backup", action="store_true",
                        help=argparse.SUPPRESS)  # benchmarks: no daily backup inside a timed start
    parser.add_argument("--version", action="version", version=f"kam-tui {__version__}")
    _add_commands(parser)
    args = parser.parse_args(argv)
    if args.command and args.demo:
        parser.error(f"--demo cannot be used with {args.command}")
    return args


def resolve_db_path(args: argparse.Namespace) -> Path | str:
    """Return the database path (or the server's postgresql:// URL) the arguments ask for."""
    from kam_tui.core.db.postgres import is_server_url

    if args.demo:
        folder = Path(tempfile.mkdtemp(prefix="kam-demo-"))
        return folder / "demo.db"
    given = getattr(args, "db", None) or os.environ.get("KAM_DB") or _configured_db()
    if given:
        return given if is_server_url(given) else Path(given).expanduser()
    return user_db_path()


def _configured_db() -> str | None:
    """Return the database the person's settings file names, if any."""
    from kam_tui.core import config

    return config.read_file()[0].get("database")


def _fail(message: str) -> int:
    print(f"kam: {' '.join(message.split())}", file=sys.stderr)  # one line, whatever it holds
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run kam; return the process exit code."""
    args = parse_args(argv)
    from kam_tui.core.db.file_rules import DatabaseFileError, explain

    if args.command == "config":
        from kam_tui import config_command

        return config_command.run(args)
    path = resolve_db_path(args)
    try:
        if args.command == "server":
            from kam_tui import server

            return server.run(args, path)
        if args.command in ("sync", "sync-serve"):
            from kam_tui import sync_command

            run = sync_command.run_sync if args.command == "sync" else sync_command.run_serve
            return run(args, path)
        if isinstance(path, str):
            return _run_on_server(args, path)
        return _run_command(args, path) if args.command else _run_app(args, path)
    except DatabaseFileError as error:
        return _fail(str(error))
    except Exception as error:  # an unreadable path, a full disk: said in one line, no traceback
        return _fail(explain(error, path))
    finally:
        if args.demo:
            shutil.rmtree(path.parent, ignore_errors=True)  # the demo's temporary folder


def _run_on_server(args: argparse.Namespace, url: str) -> int:
    """Run the app, or a command that works on a server, on the team's database."""
    if args.command in ("backup", "restore", "check", "doctor"):
        return _fail(f"kam {args.command} works on database files; the team's server is backed "
                     "up and checked with PostgreSQL's own tools (pg_dump, pg_amcheck)")
    if args.command:
        return _run_command(args, url)  # type: ignore[arg-type]
    return _run_app(args, url)


def _run_app(args: argparse.Namespace, path: Path | str) -> int:
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db.database import SchemaTooNewError, open_database
    from kam_tui.core.db.postgres import where
    from kam_tui.core import config

    settings = config.load(lang=args.lang, theme=args.theme)
    register_record_kinds()
    on_server = isinstance(path, str)
    existed = not on_server and path.is_file() and path.stat().st_size > 0
    try:
        db = open_database(path, init=args.init, backups=not args.demo)
    except SchemaTooNewError as error:
        return _fail(f"{where(path) if on_server else path}: {error}")
    if args.demo:
        from kam_tui.sample.demo import generate_demo

        with db.atomic():
            generate_demo(db, args.today or date.today())
    elif existed and not args.no_backup:
        _daily_backup(path)
    db.close()

    from kam_tui.ui.app import KamApp

    app = KamApp(db, lang=settings.lang, today=args.today, demo=args.demo,
                 db_label=where(path) if on_server else str(path), config=settings)
    app.run()
    if app.crash_log is not None:  # printed here, after the app, so that the path stays whole
        from kam_tui.ui.i18n import translate

        print(f"{translate('error.fatal_log', app.lang)}\n{app.crash_log}", file=sys.stderr)
    return app.return_code or 0


def _daily_backup(path: Path) -> None:
    """Take the daily backup; a failure is said but does not keep the rep from working."""
    import sqlite3

    from kam_tui.core.db.backup import start_backup
    from kam_tui.core.db.file_rules import DatabaseFileError, explain

    try:
        start_backup(path)
    except (OSError, sqlite3.Error, DatabaseFileError) as error:
        print(f"kam: warning: the daily backup failed: {explain(error, paths.backups_dir())}",
              file=sys.stderr)


def _run_command(args: argparse.Namespace, path: Path) -> int:
    if args.command in ("import", "import-json", "export"):
        from kam_tui.areas.exchange.commands import export_command, import_command, json_command

        if args.command == "export":
            return export_command.run(args, path)
        if args.command == "import-json" or (
                args.file and Path(args.file).suffix.lower() == ".json" and args.undo is None):
            # A kam JSON export goes back in exactly, matched by uuid; sheets go the mapped way.
            return json_command.run_file(Path(args.file).expanduser(), path,
                                         dry_run=args.dry_run,
                                         lang=export_command.command_lang(args))
        return import_command.run(args, path)
    if args.command == "backup":
        return _backup(path, Path(args.path).expanduser() if args.path else None)
    if args.command == "restore":
        return _restore(Path(args.file).expanduser(), path)
    return _check(path)


def _backup(path: Path, target: Path | None) -> int:
    from kam_tui.core.db.backup import make_backup

    made = make_backup(path, target)
    print(f"Backed up {path} to {made}")
    return 0


def _restore(source: Path, path: Path) -> int:
    from kam_tui.core.db.backup import restore

    previous = restore(source, path)
    print(f"Checked {source}: no problems found.")
    if previous:
        print(f"The database it replaces was backed up to {previous}")
    print(f"Restored {source} to {path}")
    return 0


def _check(path: Path) -> int:
    from kam_tui.core.db.doctor import check_file

    if not path.is_file():
        return _fail(f"there is no database at {path}")
    report = check_file(path)
    version = f" (schema version {report.version})" if report.version is not None else ""
    print(f"Checked {path}{version}")
    if report.refused:
        print(f"  {report.refused}")
    for section in report.sections:
        if section.problems:
            count = len(section.problems)
            print(f"  {section.title:<14} {count} problem{'s' if count > 1 else ''}:")
            for line in section.problems:
                print(f"    {line}")
        else:
            state = f"not checked: {section.skipped}" if section.skipped else "ok"
            print(f"  {section.title:<14} {state}")
    if report.ok:
        print("No problems found.")
        return 0
    print(_advice(report, path))
    return 1


def _advice(report, path: Path) -> str:
    """Say what to do about what the check found."""
    from kam_tui.core.db.backup import folder_for, list_backups

    wrong = {s.title for s in report.sections if s.problems}
    if report.cause == "too new":
        return "What to do: upgrade kam-tui to open this file; it was not changed."
    if report.cause == "not kam":
        return f"What to do: this is not a kam database; check the path given to --db ({path})."
    if wrong == {"stored values"}:
        return ("What to do: open each record listed and correct the values kam shows as "
                "invalid, or restore a backup with `kam restore FILE`.")
    folder = folder_for(path)
    backups = list_backups(folder)
    newest = f"; the newest is {backups[0].path}" if backups else "; there are none yet"
    return (f"What to do: restore a backup with `kam restore FILE` (it backs up this file "
            f"first). Backups of this database: {folder}{newest}")
