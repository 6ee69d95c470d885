"""`kam export` and `kam import-json`, parsed as cli.py parses its commands."""

from __future__ import annotations

import argparse
import json
import os
import stat

import pytest

from kam_tui.areas.exchange.commands import export_command, json_command
from kam_tui.core.db import models as m
from tests.helpers import add_account

pytestmark = pytest.mark.both_engines


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kam")
    parser.add_argument("--lang", choices=("en", "zh"))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command")
    export_command.add_parser(commands, common)
    json_command.add_parser(commands, common)
    return parser.parse_args(argv)


def run(argv: list[str], db_path) -> int:
    args = parse(argv)
    module = export_command if args.command == "export" else json_command
    return module.run(args, db_path)


@pytest.fixture
def filled(db, db_target):
    add_account("远达物流", phone="=1+1")
    db.close()  # the command opens the database itself, as kam does
    return db_target


def test_export_writes_the_format_of_the_extension_and_says_what(filled, tmp_path, capsys):
    target = tmp_path / "accounts.xlsx"
    assert run(["export", str(target)], filled) == 0
    out = capsys.readouterr().out
    assert "Exported 1 accounts" in out and "--include-personal" in out
    assert target.read_bytes()[:2] == b"PK"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_export_refuses_to_overwrite_without_force(filled, tmp_path, capsys):
    target = tmp_path / "a.csv"
    target.write_text("mine")
    assert run(["--lang", "zh", "export", "--kind", "accounts", str(target)], filled) == 2
    assert "--force" in capsys.readouterr().err and target.read_text() == "mine"
    assert run(["export", "--force", str(target)], filled) == 0
    assert "'=1+1" in target.read_text(encoding="utf-8-sig")


def test_export_never_writes_onto_the_database(filled, capsys, engine):
    if engine == "postgresql":
        pytest.skip("a server's database is no file here that an export could overwrite")
    assert run(["export", "--format", "json", "--force", str(filled)], filled) == 2
    assert "database" in capsys.readouterr().err


def test_export_refuses_a_kind_the_format_cannot_hold_and_a_missing_database(tmp_path, capsys):
    assert run(["export", "--format", "vcf", "--kind", "accounts", str(tmp_path / "x.vcf")],
               tmp_path / "kam.db") == 2
    assert "contacts only" in capsys.readouterr().err
    assert run(["export", str(tmp_path / "x.csv")], tmp_path / "none.db") == 2
    assert "no database" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_export_then_import_json_is_a_round_trip(filled, tmp_path, capsys, engine):
    target = tmp_path / "all.json"
    assert run(["export", "--include-personal", str(target)], filled) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["personal"] is True
    capsys.readouterr()
    assert run(["import-json", str(target), "--dry-run"], filled) == 0
    assert "Dry run" in capsys.readouterr().out
    assert run(["import-json", str(target)], filled) == 0
    out = capsys.readouterr().out
    assert "0 new, 0 updated" in out
    assert ("Backed up" in out) is (engine == "sqlite")  # the server backs its database up
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    assert run(["import-json", str(bad)], filled) == 2
    assert "was not imported" in capsys.readouterr().err
    assert m.Account.select().count() == 1
