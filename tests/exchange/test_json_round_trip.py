"""A kam JSON export imported into a fresh database is the same database, row for row, column
for column; a second import changes nothing; a refused file changes nothing at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kam_tui.areas.exchange.export_service import ExportService
from kam_tui.areas.exchange.json_service import JsonImportService, JsonRefused
from kam_tui.areas.exchange.queries.json_export import TABLES, table_name
from kam_tui.core.db import models as m
from kam_tui.core.db.backup import folder_for, list_backups
from kam_tui.core.db.database import open_database
from kam_tui.core.domain import fields as f
from kam_tui.sample.demo import generate_demo
from tests.helpers import TODAY, add_account

pytestmark = pytest.mark.both_engines

PERSONAL = [spec.name for spec in f.CONTACT_FIELDS if spec.private]


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every exported table as stored, foreign keys replaced by uuids."""
    out = {}
    with db.connection_context():
        for model in TABLES:
            table = table_name(model)
            fks = {field.column_name: table_name(field.rel_model)
                   for field in model._meta.sorted_fields if hasattr(field, "rel_model")}
            cursor = db.execute_sql(f'SELECT * FROM "{table}" ORDER BY uuid')
            names = [c[0] for c in cursor.description]
            rows = []
            for values in cursor.fetchall():
                row = dict(zip(names, values))
                for column, target in fks.items():
                    if row[column] is not None:
                        row[column] = db.execute_sql(
                            f'SELECT uuid FROM "{target}" WHERE id = ?', (row[column],)
                        ).fetchone()[0]
                rows.append(tuple(sorted(row.items())))
            out[table] = rows
    return out


def bind(db) -> None:
    m.database_proxy.initialize(db)


@pytest.fixture
def demo(db, engine):
    generate_demo(db, TODAY)
    # What a real file holds too: deleted rows, edits, a value that does not parse, odd text.
    gone = m.Account.select().order_by(m.Account.id).first()
    m.Account.update(deleted_at=m.utcnow(), version=5).where(m.Account.id == gone.id).execute()
    m.Contact.update(notes="第一行\n第二行\x1b\u202e").where(m.Contact.id == 3).execute()
    if engine == "sqlite":  # PostgreSQL's typed BIGINT and DATE columns refuse these values
        m.Purchase.update(amount="not a number", purchased_on="2026-02-30").where(
            m.Purchase.id == 1).execute()
    m.Opportunity.update(board_position=0.1 + 0.2).where(m.Opportunity.id == 1).execute()
    return db


def export(db, path: Path, **kwargs) -> Path:
    bind(db)
    ExportService(db, "en").export(path, "json", **kwargs)
    return path


def test_round_trip_into_a_fresh_database_is_exact(demo, tmp_path, engine, new_target):
    source = export(demo, tmp_path / "all.json", include_personal=True)
    before = snapshot(demo)
    demo.close()
    target = new_target("fresh")
    fresh = open_database(target)
    try:
        result, backup = JsonImportService(fresh).import_json(source)
        assert result.new == sum(len(rows) for rows in before.values()) > 1000
        assert result.updated == 0 == result.unchanged
        if engine == "postgresql":  # a server's database is no file: the server backs it up
            assert backup is None
        else:
            assert backup is not None and backup in [b.path for b in
                                                     list_backups(folder_for(target))]
        after = snapshot(fresh)
        for table in before:
            assert after[table] == before[table], table  # every row and column, ids included
        again, _ = JsonImportService(fresh).import_json(source)
        assert (again.new, again.updated) == (0, 0)
        assert again.unchanged == result.new
        assert snapshot(fresh) == before  # a second import changes nothing
        with fresh.connection_context():  # search finds the imported accounts
            hits = fresh.execute_sql(
                "SELECT count(*) FROM account WHERE search_text != ''" if engine == "postgresql"
                else "SELECT count(*) FROM account_search").fetchone()[0]
        assert hits == len(before["account"])
        with fresh.connection_context():  # a record made after the import takes a free id
            bind(fresh)
            assert add_account("After the import") > max(
                row.id for row in m.Account.select(m.Account.id).where(
                    m.Account.name != "After the import"))
    finally:
        fresh.close()


def test_the_file_is_json_any_program_reads_with_uuids_for_foreign_keys(demo, tmp_path):
    source = export(demo, tmp_path / "all.json", include_personal=True)
    document = json.loads(source.read_text(encoding="utf-8"))
    assert document["format"] == "kam-tui export" and document["personal"] is True
    contact = document["tables"]["contact"][0]
    account_uuids = {row["uuid"] for row in document["tables"]["account"]}
    assert contact["account"] in account_uuids
    assert {"uuid", "created_at", "updated_at", "version", "deleted_at"} <= set(contact)
    assert document["foreign_keys"]["contact"]["reports_to"] == "contact"
    text = source.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\u202e" not in text and "\\u202e" in text
    assert "第一行" in text  # Chinese stays readable


def test_personal_fields_stay_out_by_default_and_an_import_keeps_what_is_there(demo, tmp_path):
    plain = export(demo, tmp_path / "plain.json")
    document = json.loads(plain.read_text(encoding="utf-8"))
    assert document["personal"] is False
    assert not set(PERSONAL) & set(document["tables"]["contact"][0])
    assert all(r["rule"] != "birthday" for r in document["tables"]["revisit"])
    before = snapshot(demo)
    result, _ = JsonImportService(demo).import_json(plain)  # into the database it came from
    assert result.new == 0 and result.updated == 0
    assert snapshot(demo) == before  # birthdays and hobbies untouched


def test_an_import_updates_what_changed_and_a_form_open_on_it_sees_a_conflict(demo, tmp_path):
    source = export(demo, tmp_path / "all.json", include_personal=True)
    account = m.Account.select().where(m.Account.deleted_at.is_null()).first()
    m.Account.update(notes="changed here", version=m.Account.version + 1).where(
        m.Account.id == account.id).execute()
    local = m.Account.get_by_id(account.id).version
    extra = add_account("Only here")
    result, _ = JsonImportService(demo).import_json(source)
    assert result.tables["account"].updated == 1 and result.updated == 1
    back = m.Account.get_by_id(account.id)
    assert back.notes == account.notes  # the file's contents
    assert back.version == local + 1  # above both: an open form conflicts
    assert m.Account.get_by_id(extra).name == "Only here"  # an import never deletes
    again, _ = JsonImportService(demo).import_json(source)
    assert again.updated == 0 and again.new == 0


def test_a_bad_row_refuses_the_whole_file_and_changes_nothing(db, tmp_path, new_target):
    add_account("华通物流")
    source = export(db, tmp_path / "all.json")
    lines = source.read_text(encoding="utf-8").splitlines()
    db.close()
    fresh = open_database(new_target("fresh"))
    try:
        # a purchase whose account is neither in the database nor in the file
        at = lines.index('"purchase": [')
        lines.insert(at + 1, json.dumps({"uuid": "p1", "account": "nowhere",
                                         "purchased_on": "2026-01-05"}) + ",")
        broken = tmp_path / "broken.json"
        broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
        before = snapshot(fresh)
        with pytest.raises(JsonRefused) as refused:
            JsonImportService(fresh).import_json(broken)
        assert "nowhere" in refused.value.en and "purchase" in refused.value.en
        assert snapshot(fresh) == before  # the account before it was rolled back too
        unknown = tmp_path / "unknown.json"
        unknown.write_text(source.read_text(encoding="utf-8").replace(
            '"short_name"', '"shoe_size"'), encoding="utf-8")
        with pytest.raises(JsonRefused, match="unknown column"):
            JsonImportService(fresh).import_json(unknown)
        newer = tmp_path / "newer.json"
        newer.write_text(source.read_text(encoding="utf-8").replace(
            '"format_version": 1', '"format_version": 99'), encoding="utf-8")
        with pytest.raises(JsonRefused, match="newer"):
            JsonImportService(fresh).import_json(newer)
        with pytest.raises(JsonRefused):
            (tmp_path / "x.json").write_text('{"hello": 1}')
            JsonImportService(fresh).import_json(tmp_path / "x.json")
        assert snapshot(fresh) == before
    finally:
        fresh.close()


def test_a_re_indented_file_imports_the_same(demo, tmp_path, new_target):
    source = export(demo, tmp_path / "all.json", include_personal=True)
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(json.loads(source.read_text(encoding="utf-8")), indent=2,
                                 ensure_ascii=True), encoding="utf-8")
    before = snapshot(demo)
    demo.close()
    fresh = open_database(new_target("fresh"))
    try:
        JsonImportService(fresh).import_json(pretty)
        assert snapshot(fresh) == before
    finally:
        fresh.close()


def test_a_dry_run_counts_what_the_real_run_does_and_changes_nothing(demo, tmp_path,
                                                                      new_target):
    source = export(demo, tmp_path / "all.json", include_personal=True)
    demo.close()
    fresh = open_database(new_target("fresh"))
    try:
        before = snapshot(fresh)
        dry, backup = JsonImportService(fresh).import_json(source, dry_run=True)
        assert backup is None and snapshot(fresh) == before
        real, _ = JsonImportService(fresh).import_json(source)
        assert dry.tables == real.tables
    finally:
        fresh.close()


def test_an_export_without_the_personal_file_imports_into_a_fresh_database(demo, tmp_path,
                                                                           new_target):
    plain = export(demo, tmp_path / "plain.json")
    before = snapshot(demo)
    demo.close()
    fresh = open_database(new_target("fresh"))
    try:
        result, _ = JsonImportService(fresh).import_json(plain)
        after = snapshot(fresh)
        assert len(after["contact"]) == len(before["contact"]) and result.new > 1000
        contact = m.Contact.select().first()
        assert contact.birthday is None and contact.hobbies == "" and contact.family == ""
        assert not m.Revisit.select().where(m.Revisit.rule == "birthday").exists()
        again, _ = JsonImportService(fresh).import_json(plain)
        assert again.new == again.updated == 0
    finally:
        fresh.close()
