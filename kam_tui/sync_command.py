"""The `kam sync` and `kam sync-serve` commands: a laptop syncs with the team's server."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SSH_HELP = ("the ssh command and its options, e.g. 'ssh -p 2222' (default: $KAM_SSH, else ssh; "
            "remembered)")


def add_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add `kam sync` and `kam sync-serve` to the command line."""
    sync = commands.add_parser(
        "sync", parents=[common], help="sync this laptop's database with the team's server: "
        "send what changed here, receive what changed there (backed up first)")
    sync.add_argument("address", nargs="?", metavar="SERVER",
                      help="user@server (through ssh) or a postgresql:// URL (default: the "
                      "server of the last sync)")
    sync.add_argument("--remote", metavar="SERVER", help="the same as SERVER")
    sync.add_argument("--ssh", metavar="COMMAND", help=SSH_HELP)
    sync.add_argument("--remote-kam", metavar="COMMAND",
                      help="the kam command on the server (default: kam; remembered)")
    sync.add_argument("--server-db", metavar="URL",
                      help="the database kam serves on the server (default: the server's own "
                      "--db setting; remembered)")
    serve = commands.add_parser(
        "sync-serve", parents=[common], help="serve sync to one laptop on stdin and stdout "
        "(what `kam sync` runs on the server through ssh)")
    serve.add_argument("--stdio", action="store_true", required=True,
                       help="talk on stdin and stdout (the only way there is)")


def _fail(message: str, code: int = 1) -> int:
    print(f"kam: {' '.join(message.split())}", file=sys.stderr)
    return code


def run_sync(args: argparse.Namespace, path: Path | str) -> int:
    """Run `kam sync` on the laptop's database at path; return the exit code."""
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db.database import open_database
    from kam_tui.core.sync import session
    from kam_tui.core.sync.address import Address, BadAddress
    from kam_tui.core.sync.client import SyncFailed
    from kam_tui.core.sync.wire import ProtocolError

    if isinstance(path, str):
        return _fail("kam sync runs on a laptop's database file, and syncs it with the team's "
                     f"server; {path} is the server itself (give --db FILE)", 2)
    if not path.is_file():
        return _fail(f"there is no database at {path}", 2)
    register_record_kinds()
    db = open_database(path)
    try:
        address = _address(args, session.remembered(db))
    except BadAddress as error:
        db.close()
        return _fail(str(error), 2)
    if address is None:
        db.close()
        return _fail("which server? Give it once, e.g. kam sync rep@server or kam sync "
                     "postgresql://server/kam; later syncs remember it", 2)
    print(f"Syncing {path} with {address.shown()}…", file=sys.stderr)
    try:
        report = session.run(db, path, address,
                             progress=lambda text: print(f"  {text}", file=sys.stderr))
    except (SyncFailed, ProtocolError, OSError) as error:
        return _fail(f"sync with {address.shown()} stopped: {error}. Nothing is lost: run "
                     "kam sync again to finish it")
    else:
        print(_summary(report))
        if report.first and report.pulled:
            _say_duplicates(db)
    finally:
        db.close()
    return 0


def _say_duplicates(db) -> None:  # type: ignore[no-untyped-def]
    """After a first sync, list this laptop's own accounts that look like one from elsewhere."""
    from kam_tui.core.db import capture, records
    from kam_tui.core.domain.text import one_line
    from kam_tui.core.sync.bound import bound

    with bound(db):
        replica, _ = capture.state(db)
        own = db.execute_sql(
            "SELECT a.id, a.name, a.phone FROM account a JOIN field_clock c ON c.tbl = "
            "'account' AND c.row_uuid = a.uuid AND c.field = 'name' WHERE a.deleted_at IS NULL "
            "AND c.hlc LIKE ? ORDER BY a.name", (f"%-{replica}",)).fetchall()
        mine = {account_id for account_id, _, _ in own}
        pairs = []
        for _, name, phone in own:
            found = records.similar("account", {"name": name or "", "phone": phone or ""})
            pairs += [(name, match.name) for match in found if match.id not in mine]
    if not pairs:
        return
    many = len(pairs) != 1
    print(f"{len(pairs)} account{'s' * many} made here before this first sync "
          f"look{'' if many else 's'} like one made elsewhere (the same name or phone); open "
          "both cards and keep one (d deletes the other, u undoes):")
    for mine, theirs in pairs[:30]:
        print(f"  {one_line(mine, 60)}  ~  {one_line(theirs, 60)}")
    if len(pairs) > 30:
        print(f"  … and {len(pairs) - 30} more")


def _address(args: argparse.Namespace, known):  # type: ignore[no-untyped-def]
    """Return the server the arguments name, the remembered one filling what they leave out."""
    from kam_tui.core.sync.address import Address

    remote = args.remote or args.address
    if remote is None and known is None:
        return None
    base = known if known is not None and remote in (None, known.remote) else None
    return Address(
        remote=remote or known.remote,
        ssh=args.ssh or (base.ssh if base else os.environ.get("KAM_SSH") or "ssh"),
        kam=args.remote_kam or (base.kam if base else "kam"),
        server_db=args.server_db if args.server_db is not None else (
            base.server_db if base else ""))


def _summary(report) -> str:  # type: ignore[no-untyped-def]
    lines = [f"Sent {report.pushed} change{'s' * (report.pushed != 1)}, received "
             f"{report.pulled}, in {report.seconds:.1f} s ({_size(report.sent)} up, "
             f"{_size(report.received)} down)."]
    if report.conflicts:
        lines.append(f"{report.conflicts} field{'s' * (report.conflicts != 1)} changed on both "
                     "sides: the later edit is kept, the other is on the Conflicts screen "
                     "(key 6 in the app).")
    for refused in report.refused[:20]:
        lines.append(f"Not written: {' '.join(str(refused).split())}")
    if len(report.refused) > 20:
        lines.append(f"… and {len(report.refused) - 20} more not written.")
    return "\n".join(lines)


def _size(count: int) -> str:
    return f"{count / 1024:.1f} kB" if count < 1024 * 1024 else f"{count / 1048576:.1f} MB"


def run_serve(args: argparse.Namespace, target: Path | str) -> int:
    """Run `kam sync-serve --stdio` on the team's database; return the exit code."""
    from kam_tui.areas import register_record_kinds
    from kam_tui.core.db.database import SCHEMA_VERSION, open_server
    from kam_tui.core.db.postgres import is_server_url, where
    from kam_tui.core.sync.server import SyncServer
    from kam_tui.core.sync.transport import Refusing, serve

    reader, writer = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers may reach the laptop on stdout
    register_record_kinds()
    server: SyncServer | Refusing
    db = None
    if not is_server_url(target):
        server = Refusing("this server has no team database to sync with: kam sync-serve "
                          "serves a postgresql:// database (set KAM_DB there, or give "
                          "--server-db to kam sync)")
    else:
        try:
            db = open_server(str(target))
            server = SyncServer(db, SCHEMA_VERSION)
        except Exception as error:  # a refused login, an old schema: said to the laptop
            detail = " ".join(str(error).split()) or type(error).__name__
            server = Refusing(f"the server could not open {where(str(target))}: {detail}")
    try:
        serve(server, reader, writer)
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # the laptop hung up
    finally:
        if db is not None:
            db.close()
    return 0
