"""Schema step 6: the person's own settings leave the database; the team's rules stay in it."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import peewee as pw
import pytest

from kam_tui.core import config, paths
from kam_tui.core.db import models as m
from kam_tui.core.db import postgres
from kam_tui.core.db.database import MIGRATIONS, SCHEMA_VERSION, open_database, upgrade
from kam_tui.core.db.dialect import is_postgres
from kam_tui.core.state import PersonalState
from tests.helpers import TODAY, add_account, add_deal

MAPPING = json.dumps({"kind": "accounts", "columns": {"kunde": "name", "tel": "phone"}},
                     ensure_ascii=False)
# As kam-tui with schema 5 stored them, for the account and deal ids 7 and 12.
PERSONAL = {
    "relationships.last_account": "7",
    "relationships.last_opportunity.7": "12",
    "pipeline.period": "year",
    "exchange.mapping.月报": MAPPING,
    "calendar.open_on_today": "1",
}
TEAM = {"pipeline.stall_days": "2,45,45,30,30,60",
        "calendar.working_days_only": "0"}
ON_THE_DATABASE = ("relationships.last_account", "relationships.last_opportunity.7",
                   "pipeline.period")


def stored(db: pw.Database) -> dict[str, str]:
    """Return the setting table's rows."""
    return dict(db.execute_sql("SELECT key, value FROM setting").fetchall())


def back_to_version_5(db: pw.Database, rows: dict[str, str]) -> None:
    """Put rows in the setting table and make the database look as schema 5 left it."""
    with db.atomic():
        m.Setting.insert_many([{"key": k, "value": v} for k, v in rows.items()]).execute()
        if is_postgres(db):
            postgres.set_schema_version(db, 5)
            # Schema 5 had no policy on the team's rules: step 6 must make it.
            for statement in ("DROP POLICY IF EXISTS kam_read ON setting",
                              "DROP POLICY IF EXISTS kam_write ON setting",
                              "ALTER TABLE setting DISABLE ROW LEVEL SECURITY"):
                db.execute_sql(statement)
        else:
            db.execute_sql("PRAGMA user_version = 5")


@pytest.mark.both_engines
def test_step_6_takes_the_personal_rows_out_and_keeps_the_team_rules(db, engine) -> None:
    back_to_version_5(db, {**PERSONAL, **TEAM})
    assert upgrade(db, backups=False) == SCHEMA_VERSION  # step 6, and every step after it
    assert stored(db) == TEAM
    here, anywhere = PersonalState(db), PersonalState()
    if engine == "sqlite":  # the file's one person: their state and config are the new home
        assert {key: here.get(key) for key in here.keys("")} == {
            key: PERSONAL[key] for key in ON_THE_DATABASE}
        assert {key: anywhere.get(key) for key in anywhere.keys("")} == {
            "exchange.mapping.月报": MAPPING}
        assert config.load().open_on_today is True
        return
    # On the server the rows were whoever wrote last's: nobody's state is given them.
    assert here.keys() == [] and anywhere.keys() == []
    assert not paths.config_path().exists()
    policies = {name for (name,) in db.execute_sql(
        "SELECT policyname FROM pg_policies WHERE tablename = 'setting'").fetchall()}
    assert policies == {"kam_read", "kam_write"}
    assert db.execute_sql("SELECT relrowsecurity FROM pg_class WHERE relname = 'setting'"
                          ).fetchone() == (True,)


def _make_v5_file(path: Path) -> dict[str, int]:
    """Write a file as kam-tui with schema 5 left it: an account, a deal, personal settings."""
    db = pw.SqliteDatabase(str(path))
    previous = m.database_proxy.obj
    m.database_proxy.initialize(db)
    try:
        for step in range(1, 6):
            MIGRATIONS[step](db)
        account = add_account("Acme Freight")
        deal = add_deal(account, "60 tractors")
        add_deal(account, "Spare parts", stage=3)  # the map would otherwise open on the first
        rows = {**PERSONAL, **TEAM, "relationships.last_account": str(account),
                f"relationships.last_opportunity.{account}": str(deal)}
        del rows["relationships.last_opportunity.7"]
        m.Setting.insert_many([{"key": k, "value": v} for k, v in rows.items()]).execute()
        db.execute_sql("PRAGMA user_version = 5")
    finally:
        db.close()
        m.database_proxy.initialize(previous)
    return {"account": account, "deal": deal}


def test_each_area_finds_its_moved_setting_after_the_upgrade(tmp_path: Path) -> None:
    from kam_tui.areas.calendar.service import CalendarService
    from kam_tui.areas.exchange.service import ImportService
    from kam_tui.areas.pipeline import rules
    from kam_tui.areas.pipeline.service import PipelineService
    from kam_tui.areas.relationships.service import RelationshipService

    path = tmp_path / "old.db"
    ids = _make_v5_file(path)
    db = open_database(path)
    try:
        assert stored(db) == TEAM
        assert RelationshipService(db, lambda: TODAY).last_viewed() == (ids["account"],
                                                                        ids["deal"])
        assert PipelineService(db, lambda: TODAY).period() is rules.Period.YEAR
        assert PipelineService(db, lambda: TODAY).stall_days()[1] == 2  # the team's, kept
        mapping = ImportService(db, path, lambda: TODAY).load_mapping("月报")
        assert mapping is not None and mapping["columns"] == {"kunde": "name", "tel": "phone"}
        assert CalendarService(db, lambda: TODAY).open_on_today() is True
    finally:
        db.close()


def test_a_personal_value_already_in_its_new_home_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_v5_file(path)
    mine = PersonalState(pw.SqliteDatabase(str(path)))  # where that file's state is kept
    mine.put("pipeline.period", "month")
    PersonalState().put("exchange.mapping.月报", '{"kind": "contacts", "columns": {}}')
    config.remember("open_on_today", False)
    db = open_database(path)
    try:
        assert stored(db) == TEAM  # the rows leave all the same
        assert PersonalState(db).get("pipeline.period") == "month"
        assert json.loads(PersonalState().get("exchange.mapping.月报"))["kind"] == "contacts"
        assert config.load().open_on_today is False
        assert PersonalState(db).get("relationships.last_account")  # not there before: moved
    finally:
        db.close()


def test_a_setting_whose_new_home_cannot_be_written_stays_in_the_table(tmp_path: Path,
                                                                     monkeypatch) -> None:
    def read_only(self: PersonalState, key: str, value: str) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    path = tmp_path / "old.db"
    ids = _make_v5_file(path)
    monkeypatch.setattr(PersonalState, "put", read_only)
    db = open_database(path)
    try:
        # Nothing is lost: what could not be moved is still where it was, the rest moved.
        assert set(stored(db)) - set(TEAM) == {
            "relationships.last_account", f"relationships.last_opportunity.{ids['account']}",
            "pipeline.period", "exchange.mapping.月报"}
        assert config.load().open_on_today is True
    finally:
        db.close()
