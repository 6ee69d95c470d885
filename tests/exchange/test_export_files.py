"""Exports read back by their own readers: CSV with utf-8-sig, XLSX with calamine, vCard with
vobject; personal fields left out by default; 0600, refuse to overwrite; no formula runs."""

from __future__ import annotations

import csv
import os
import stat
from datetime import date
from pathlib import Path

import pytest
import vobject
from python_calamine import CalamineWorkbook

from kam_tui.areas.exchange.export_service import (
    ExportRefused, ExportService, Format, kinds_for,
)
from kam_tui.areas.exchange.queries import export_rows
from kam_tui.areas.exchange.rules.export_cells import (
    EXPORT_KINDS, SHEETS, csv_cell, neutralised,
)
from kam_tui.areas.exchange.rules.export_vcard import numbers, split_name
from kam_tui.core.db import models as m
from kam_tui.core.domain import fields as f
from kam_tui.core.files import TargetExists, TargetProtected
from kam_tui.sample.demo import generate_demo
from tests.helpers import TODAY, add_account

pytestmark = pytest.mark.both_engines

PERSONAL_EN = [spec.en for spec in f.CONTACT_FIELDS if spec.private]
PERSONAL_ZH = [spec.zh for spec in f.CONTACT_FIELDS if spec.private]


@pytest.fixture
def demo(db):
    generate_demo(db, TODAY)
    return db


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def expected_csv(kind: str, lang: str, *, include_personal: bool = False) -> list[list[str]]:
    rows = export_rows.rows_of(kind, include_personal=include_personal)
    return [[column.header(lang) for column in rows.columns],
            *([csv_cell(column, value, lang) for column, value in zip(rows.columns, row)]
              for row in rows.rows)]


# --- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_csv_opened_as_utf8_sig_equals_the_rows(demo, tmp_path, kind, lang):
    target = tmp_path / f"{kind}.csv"
    done = ExportService(demo, lang).export(target, "csv", kind)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Chinese Excel needs
    assert b"\r\n" in raw
    with demo.connection_context():
        expected = expected_csv(kind, lang)
    assert read_csv(target) == expected
    assert done.counts == {kind: len(expected) - 1} and len(expected) > 10
    assert mode(target) == 0o600


def test_csv_account_cells_are_what_a_rep_reads(demo, tmp_path):
    target = tmp_path / "accounts.csv"
    ExportService(demo, "zh").export(target, "csv", "accounts")
    header, *rows = read_csv(target)
    assert header[:3] == ["客户名称", "简称", "地址"] and header[-1] == "kam 编号"
    first = dict(zip(header, rows[0]))
    account = m.Account.get(m.Account.name == first["客户名称"])
    assert first["kam 编号"] == account.uuid
    assert first["ABC 分类"] == "A 战略客户"  # the label, not the code
    assert first["负责人"] == account.owner.name
    assert first["保有量（台）"] == str(account.installed_base)
    assert first["曾购买我方产品"] in ("是", "否")
    if account.first_cooperation_date:
        assert first["首次合作日期"] == account.first_cooperation_date.isoformat()


def test_csv_of_every_kind_writes_a_file_per_kind_into_a_folder(demo, tmp_path):
    folder = tmp_path / "out"
    done = ExportService(demo, "en").export(folder, "csv", "all")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.csv" for k in EXPORT_KINDS)
    assert set(done.counts) == set(EXPORT_KINDS)
    assert mode(folder) == 0o700
    (folder / "revisits.csv").unlink()
    with pytest.raises(TargetExists):  # refused before the first file is replaced
        ExportService(demo, "en").export(folder, "csv", "all")
    assert not (folder / "revisits.csv").exists()


# --- hostile text ------------------------------------------------------------------------------


HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
           "＝1+1", "\tTAB", "bell\x07 esc\x1b[31m end"]


def test_csv_formulas_are_neutralised_and_controls_never_written_raw(db, tmp_path):
    for index, text in enumerate(HOSTILE):
        add_account(f"Hostile {index}", notes=text, short_name=text[:60])
    m.Account.update(phone="+86 21 5555 0000", notes="=1+1\r\nline\x1b").where(
        m.Account.name == "Hostile 0").execute()
    target = tmp_path / "a.csv"
    ExportService(db, "en").export(target, "csv", "accounts")
    header, *rows = read_csv(target)
    notes, phone = header.index("Notes"), header.index("Phone")
    for row in rows:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "＝")
            assert "\x1b" not in cell and "\x07" not in cell and "\r" not in cell
    first = rows[0]
    assert first[phone] == "'+86 21 5555 0000"  # shown as text, not evaluated
    assert first[notes] == "'=1+1\nline␛"  # the line break kept, the escape made visible
    assert neutralised("-5") == "'-5" and neutralised("5-") == "5-"


def test_xlsx_text_is_a_string_never_a_formula(db, tmp_path):
    for index, text in enumerate(HOSTILE):
        account = add_account(f"Hostile {index}")
        # Stored raw, as an import or another program could: the forms would strip controls.
        m.Account.update(notes=text).where(m.Account.id == account).execute()
    target = tmp_path / "a.xlsx"
    ExportService(db, "en").export(target, "xlsx", "accounts")
    sheet = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Accounts")
    header, *rows = sheet.to_python()
    notes = [row[header.index("Notes")] for row in rows]
    assert notes[0] == HOSTILE[0]  # the text itself, kept whole: a string cell runs nothing
    assert notes[-1] == "bell␇ esc␛[31m end"
    import zipfile

    with zipfile.ZipFile(target) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # no formula anywhere in the sheet


# --- XLSX --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_xlsx_has_a_sheet_per_kind_headers_in_the_language_real_numbers_and_dates(
        demo, tmp_path, lang):
    target = tmp_path / "all.xlsx"
    done = ExportService(demo, lang).export(target, "xlsx")
    assert mode(target) == 0o600
    book = CalamineWorkbook.from_path(str(target))
    assert book.sheet_names == [SHEETS[kind].title(lang) for kind in EXPORT_KINDS]
    with demo.connection_context():
        for kind in EXPORT_KINDS:
            rows = export_rows.rows_of(kind)
            header, *cells = book.get_sheet_by_name(SHEETS[kind].title(lang)).to_python()
            assert header == [column.header(lang) for column in rows.columns]
            assert len(cells) == done.counts[kind] > 0
    accounts = book.get_sheet_by_name(SHEETS["accounts"].title(lang)).to_python()
    header, first = accounts[0], accounts[1]
    name = f.ACCOUNT_FIELDS[0].label(lang)
    assert header[0] == name
    account = m.Account.get(m.Account.name == first[0])
    installed = header.index(f.ACCOUNT_FIELDS[11].label(lang))
    assert first[installed] == account.installed_base and isinstance(first[installed], float)
    since = header.index(f.ACCOUNT_FIELDS[8].label(lang))
    assert first[since] == account.first_cooperation_date  # a real date cell
    bought = header.index(f.ACCOUNT_FIELDS[21].label(lang))
    assert first[bought] is account.bought_before  # a real yes/no cell
    purchases = book.get_sheet_by_name(SHEETS["purchases"].title(lang)).to_python()
    amount = purchases[0].index(f.PURCHASE_FIELDS[4].label(lang))
    assert all(isinstance(row[amount], float) for row in purchases[1:])
    day = purchases[0].index(f.PURCHASE_FIELDS[0].label(lang))
    assert all(isinstance(row[day], date) for row in purchases[1:])


def test_xlsx_freezes_the_header_row(db, tmp_path):
    add_account("远达物流")
    target = tmp_path / "a.xlsx"
    ExportService(db, "zh").export(target, "xlsx", "accounts")
    import zipfile

    with zipfile.ZipFile(target) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert 'ySplit="1"' in xml and 'state="frozen"' in xml


# --- vCard -------------------------------------------------------------------------------------


def test_vcard_read_back_by_vobject_with_chinese_names_and_several_numbers(db, tmp_path):
    from kam_tui.core.db.records import save

    account = add_account("华通物流集团有限公司")
    save("contact", {"name": "欧阳明", "title": "采购总监", "department": "采购部",
                     "phone": "021-6820 2938 / 021-6820 2939", "mobile": "13800138000",
                     "email": "oy@example.cn", "birthday": "1980-02-29", "hobbies": "钓鱼"},
         today=TODAY, parent_id=account)
    save("contact", {"name": "Anna Lee", "mobile": "+86 139 0000 0000"}, today=TODAY,
         parent_id=account)
    target = tmp_path / "contacts.vcf"
    done = ExportService(db, "zh").export(target, "vcf")
    assert done.counts == {"contacts": 2} and mode(target) == 0o600
    cards = list(vobject.readComponents(target.read_text(encoding="utf-8")))
    zh, en = cards
    assert zh.version.value == "3.0"
    assert zh.fn.value == "欧阳明"
    assert (zh.n.value.family, zh.n.value.given) == ("欧阳", "明")
    assert zh.org.value == ["华通物流集团有限公司", "采购部"]
    assert zh.title.value == "采购总监"
    assert sorted(tel.value for tel in zh.tel_list) == [
        "021-6820 2938", "021-6820 2939", "13800138000"]
    assert zh.email.value == "oy@example.cn"
    assert not hasattr(zh, "bday")  # personal: left out by default
    assert (en.n.value.family, en.n.value.given) == ("Lee", "Anna")
    assert [tel.value for tel in en.tel_list] == ["+86 139 0000 0000"]
    withall = tmp_path / "all.vcf"
    ExportService(db, "zh").export(withall, "vcf", include_personal=True)
    assert next(vobject.readComponents(withall.read_text(encoding="utf-8"))).bday.value == \
        "1980-02-29"


def test_vcard_names_and_numbers():
    assert split_name("张伟") == ("张", "伟")
    assert split_name("司马相如") == ("司马", "相如")
    assert split_name("John Smith") == ("Smith", "John")
    assert numbers("tel:+86-21-1234 ; 138 0013 8000、 ask reception") == [
        "+86-21-1234", "138 0013 8000"]


# --- personal fields, files -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_personal_fields_only_when_asked_for(demo, tmp_path, fmt):
    plain, personal = tmp_path / f"plain.{fmt}", tmp_path / f"personal.{fmt}"
    ExportService(demo, "en").export(plain, fmt, "contacts")
    ExportService(demo, "en").export(personal, fmt, "contacts", include_personal=True)
    if fmt == "csv":
        header_plain, header_personal = read_csv(plain)[0], read_csv(personal)[0]
    else:
        header_plain, header_personal = (
            CalamineWorkbook.from_path(str(p)).get_sheet_by_name("Contacts").to_python()[0]
            for p in (plain, personal))
    assert not set(PERSONAL_EN) & set(header_plain)
    assert set(PERSONAL_EN) <= set(header_personal)
    hobbies = {c.hobbies for c in m.Contact.select() if c.hobbies}
    text = plain.read_bytes()
    assert hobbies and not any(h.encode() in text for h in hobbies) if fmt == "csv" else True


def test_birthday_revisits_are_personal(demo, tmp_path):
    birthdays = m.Revisit.select().where(m.Revisit.rule == "birthday").count()
    assert birthdays
    plain = ExportService(demo, "en").export(tmp_path / "r.csv", "csv", "revisits")
    personal = ExportService(demo, "en").export(tmp_path / "p.csv", "csv", "revisits",
                                                include_personal=True)
    assert personal.counts["revisits"] - plain.counts["revisits"] == birthdays


def test_an_existing_file_is_kept_unless_forced_and_the_database_never_written(db, db_path,
                                                                             tmp_path, engine):
    add_account("远达物流")
    target = tmp_path / "a.csv"
    target.write_text("mine")
    service = ExportService(db, "en")
    with pytest.raises(TargetExists):
        service.export(target, "csv")
    assert target.read_text() == "mine"
    service.export(target, "csv", overwrite=True)
    assert "远达物流" in target.read_text(encoding="utf-8-sig") and mode(target) == 0o600
    # A server's database is no file here: there is only a SQLite file to protect.
    for path in (db_path, Path(f"{db_path}-wal")) if engine == "sqlite" else ():
        with pytest.raises(TargetProtected):
            service.export(path, "json", overwrite=True)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_kinds_each_format_holds():
    assert kinds_for(Format.CSV, None) == ("accounts",)
    assert kinds_for(Format.XLSX, None) == EXPORT_KINDS
    assert kinds_for(Format.VCF, None) == ("contacts",)
    assert kinds_for(Format.JSON, "all") == EXPORT_KINDS
    with pytest.raises(ExportRefused):
        kinds_for(Format.VCF, "accounts")
    with pytest.raises(ExportRefused):
        kinds_for(Format.JSON, "contacts")


def test_deleted_rows_and_the_rows_of_deleted_accounts_stay_out(db, tmp_path):
    from kam_tui.core.db.records import save, soft_delete

    kept, gone = add_account("Kept"), add_account("Gone")
    for account in (kept, gone):
        save("purchase", {"purchased_on": "2026-01-05", "amount": "1000"}, today=TODAY,
             parent_id=account)
    soft_delete("account", gone)
    done = ExportService(db, "en").export(tmp_path / "p.csv", "csv", "purchases")
    assert done.counts == {"purchases": 1}
    assert read_csv(tmp_path / "p.csv")[1][0] == "Kept"


def test_xlsx_rows_beyond_excels_limit_continue_on_another_sheet(db, tmp_path, monkeypatch):
    from kam_tui.areas.exchange.rules import export_writers

    monkeypatch.setattr(export_writers, "EXCEL_MAX_ROWS", 3)  # a header and two rows a sheet
    for n in range(5):
        add_account(f"客户{n}")
    target = tmp_path / "a.xlsx"
    ExportService(db, "zh").export(target, "xlsx", "accounts")
    book = CalamineWorkbook.from_path(str(target))
    assert book.sheet_names == ["客户", "客户 (2)", "客户 (3)"]
    names = [row[0] for sheet in book.sheet_names
             for row in book.get_sheet_by_name(sheet).to_python()[1:]]
    assert names == [f"客户{n}" for n in range(5)]
