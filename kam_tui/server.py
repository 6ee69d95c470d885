"""The `kam server` commands: make or upgrade the team's PostgreSQL database, add our people."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

USAGE_URL = "postgresql:///kam"


def add_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add `kam server init` and `kam server add-user` to the command line."""
    server = commands.add_parser("server", help="set up the team's PostgreSQL database")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create or upgrade kam's tables, roles and "
                              "row-level security on the server at URL")
    init.add_argument("url", nargs="?", metavar="URL",
                      help=f"the database, e.g. {USAGE_URL} (default: --db or $KAM_DB)")
    user = actions.add_parser("add-user", parents=[common],
                              help="create a person's login role and their place among our "
                              "people")
    user.add_argument("name", metavar="NAME", help="their name as kam shows it")
    user.add_argument("--role", required=True,
                      choices=("rep", "regional-manager", "project-manager", "dealer", "admin"))
    user.add_argument("--region", default="", help="their region (a regional manager's is "
                      "what they see)")
    user.add_argument("--login", help="their login on the company server (default: NAME in "
                      "lower case); peer authentication lets that login in without a password")


def run(args: argparse.Namespace, target: Path | str) -> int:
    """Run a `kam server` action; return the exit code."""
    from kam_tui.core.db.postgres import is_server_url

    url = getattr(args, "url", None) or target
    if not is_server_url(url):
        print(f"kam: kam server needs the server's URL, such as {USAGE_URL} (give it, or set "
              "--db or KAM_DB)", file=sys.stderr)
        return 2
    if args.server_command == "init":
        return _init(str(url))
    return _add_user(args, str(url))


def _init(url: str) -> int:
    from kam_tui.areas import register_record_kinds, server_tables
    from kam_tui.core.db import postgres, team
    from kam_tui.core.db.database import SCHEMA_VERSION, open_server

    register_record_kinds()
    before_db = postgres.connect(url)
    try:
        before = postgres.schema_version(before_db)
    finally:
        before_db.close()
    db = open_server(url, upgrade_schema=True)
    try:
        with db.atomic():
            server_tables()  # the areas' own tables (the import's batches and keys)
            team.grant(db)
        problem = postgres.chinese_search_problem(db)
    finally:
        db.close()
    where = postgres.where(url)
    if before == SCHEMA_VERSION:
        print(f"{where} is up to date (kam schema version {SCHEMA_VERSION}).")
    elif before == 0:
        print(f"Made kam's tables, roles and row-level security in {where} "
              f"(schema version {SCHEMA_VERSION}).")
    else:
        print(f"Upgraded {where} from kam schema version {before} to {SCHEMA_VERSION}.")
    if problem:
        print(f"kam: warning: {problem}", file=sys.stderr)
    print("Next: kam server add-user NAME --role rep --region REGION, for each of our people.")
    return 0


def _add_user(args: argparse.Namespace, url: str) -> int:
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db import team
    from kam_tui.core.db.database import open_server

    register_record_kinds()
    login = args.login or args.name.strip().lower().replace(" ", ".")
    db = open_server(url)
    try:
        staff_id = team.add_user(db, args.name.strip(), login, args.role, args.region.strip())
    except team.UserRefused as error:
        print(f"kam: {error}", file=sys.stderr)
        return 2
    finally:
        db.close()
    from kam_tui.core.db.postgres import for_anyone

    print(f"Added {args.name.strip()} as {args.role} (login {login}, staff #{staff_id}). "
          f"They run: kam --db '{for_anyone(url)}'")
    if login == getpass.getuser():
        print("That is you: your own sessions now see what that role sees.")
    return 0
