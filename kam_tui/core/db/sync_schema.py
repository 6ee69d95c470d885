"""The sync tables and the triggers that capture every write into the change log, per engine.

Triggers, not Python, capture changes: every statement that changes a synced table is caught,
whichever code ran it (the record engine, an area's own statement, the import, psql on the
team's server). A trigger writes one row per changed column with no clock; the record engine
stamps them before its transaction commits (capture.stamp). While sync applies changes from
elsewhere, capture is off (a flag on SQLite, a transaction-local setting on PostgreSQL).
"""

from __future__ import annotations

import json
import secrets
import uuid

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.db import team
from kam_tui.core.db.dialect import execute_many, is_postgres
from kam_tui.core.db.sync_tables import LOCAL_COLUMNS, TABLES, SyncedTable
from kam_tui.core.domain.hlc import Hlc

APPLYING = "kam.applying"  # PostgreSQL: set to 'on' for the transaction that applies changes

_TABLES = (
    # One row: this database's replica id, the last clock it gave, and (SQLite) the capture flag.
    "CREATE TABLE IF NOT EXISTS sync_state (id INTEGER PRIMARY KEY, replica TEXT NOT NULL, "
    "last_hlc TEXT NOT NULL DEFAULT '', applying INTEGER NOT NULL DEFAULT 0)",
    # Every change: the order it was committed in (seq), the row, column and new value, its
    # clock and the clock its writer saw, who made it, and (server) whose account it is.
    "CREATE TABLE IF NOT EXISTS change_log (id {serial} PRIMARY KEY, seq BIGINT, "
    "tbl TEXT NOT NULL, row_uuid TEXT NOT NULL, field TEXT NOT NULL, value {value}, "
    "delta INTEGER NOT NULL DEFAULT 0, hlc TEXT, base_hlc TEXT, origin TEXT, "
    "origin_seq BIGINT, account_uuid TEXT)",
    "CREATE INDEX IF NOT EXISTS change_log_unstamped ON change_log (id) WHERE hlc IS NULL",
    "CREATE INDEX IF NOT EXISTS change_log_seq ON change_log (seq)",
    # The clock of every field's value as it stands, and the clock its writer saw.
    "CREATE TABLE IF NOT EXISTS field_clock (tbl TEXT NOT NULL, row_uuid TEXT NOT NULL, "
    "field TEXT NOT NULL, hlc TEXT NOT NULL, base TEXT, PRIMARY KEY (tbl, row_uuid, field))",
    # A counter (meetings held) as the sum of what each replica added, each part its own clock.
    "CREATE TABLE IF NOT EXISTS counter_part (tbl TEXT NOT NULL, row_uuid TEXT NOT NULL, "
    "field TEXT NOT NULL, replica TEXT NOT NULL, total BIGINT NOT NULL DEFAULT 0, "
    "hlc TEXT NOT NULL DEFAULT '', PRIMARY KEY (tbl, row_uuid, field, replica))",
    # Laptop: per server, the last own change it acknowledged and the last server change
    # applied. Server: per laptop, the last of its changes applied (received).
    "CREATE TABLE IF NOT EXISTS sync_peer (peer TEXT PRIMARY KEY, pushed BIGINT NOT NULL "
    "DEFAULT 0, pulled BIGINT NOT NULL DEFAULT 0, cursor TEXT NOT NULL DEFAULT '', "
    "synced_at TEXT NOT NULL DEFAULT '', server TEXT NOT NULL DEFAULT '')",
    # Where two edits met: the value kept and the one that lost, with their clocks.
    "CREATE TABLE IF NOT EXISTS sync_conflict (id {serial} PRIMARY KEY, tbl TEXT NOT NULL, "
    "row_uuid TEXT NOT NULL, field TEXT NOT NULL, kept_value {value}, kept_hlc TEXT, "
    "lost_value {value}, lost_hlc TEXT, noted_at TEXT NOT NULL, settled_at TEXT, "
    "account_uuid TEXT)",
)


def _table_statements(db: pw.Database) -> list[str]:
    if is_postgres(db):
        kinds = {"serial": "BIGSERIAL", "value": "JSONB"}
    else:
        kinds = {"serial": "INTEGER", "value": ""}  # no affinity: values keep their types
    statements = [statement.format(**kinds) for statement in _TABLES]
    if is_postgres(db):
        statements.append("CREATE SEQUENCE IF NOT EXISTS change_log_order")
    return statements


def install(db: pw.Database) -> None:
    """Create the sync tables, this database's replica id and the capture triggers; name the
    rows with natural keys by them; count the meetings already held as this replica's part."""
    for statement in _table_statements(db):
        db.execute_sql(statement)
    if db.execute_sql("SELECT count(*) FROM sync_state").fetchone()[0] == 0:
        db.execute_sql("INSERT INTO sync_state (id, replica) VALUES (1, ?)",
                       (secrets.token_hex(6),))
    replica = db.execute_sql("SELECT replica FROM sync_state WHERE id = 1").fetchone()[0]
    _name_natural_rows(db)
    for table in TABLES:
        for counter in table.counters:
            db.execute_sql(
                "INSERT INTO counter_part (tbl, row_uuid, field, replica, total, hlc) "
                f"SELECT '{table.name}', uuid, '{counter}', ?, {counter}, ? FROM \"{table.name}\" "
                f"WHERE {counter} != 0 ON CONFLICT DO NOTHING",
                (replica, Hlc(0, 0, replica).text()))
    if is_postgres(db):
        for statement in postgres_triggers():
            db.execute_sql(statement)
        team.grant(db)
        for name in ("change_log", "sync_conflict"):
            for statement in team.policy(name, ACCOUNT_SEEN):
                db.execute_sql(statement)
    else:
        for statement in sqlite_triggers():
            db.execute_sql(statement)


def name_peers(db: pw.Database) -> None:
    """Give each peer a label (who syncs from where) and a laptop's server its address."""
    # The label says who made an edit that met another (the Conflicts screen); the address is
    # where the app's sync key reaches the server the last `kam sync` used.
    present = {column.name for column in db.get_columns("sync_peer")}
    for column in ("label", "address"):
        if column not in present:  # a step run again (a test winding the version back)
            db.execute_sql(f"ALTER TABLE sync_peer ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


def keep_pending_links(db: pw.Database) -> None:
    """Make the table of links whose target row has not arrived yet."""
    # A link to a row this side does not have (not yet pulled, or not to be seen here) is
    # stored empty; the uuid it named waits here until that row arrives, then it is set.
    db.execute_sql("CREATE TABLE IF NOT EXISTS sync_pending_link (tbl TEXT NOT NULL, "
                   "row_uuid TEXT NOT NULL, field TEXT NOT NULL, target TEXT NOT NULL, "
                   "hlc TEXT NOT NULL, PRIMARY KEY (tbl, row_uuid, field))")
    if is_postgres(db):
        team.grant(db)


# On the team's server a session sees the changes and conflicts of the accounts it sees.
ACCOUNT_SEEN = "(account_uuid IS NULL OR account_uuid IN (SELECT uuid FROM account))"


def _name_natural_rows(db: pw.Database) -> None:
    """Give the rows made before sync the uuids their natural keys give them."""
    for model in m.ALL_MODELS:
        if not issubclass(model, m.NaturalKeyed):
            continue
        table = model._meta.table_name
        selects, joins = [], []
        for number, name in enumerate(model.natural_key):
            field = model._meta.fields[name]
            if isinstance(field, pw.ForeignKeyField):
                parent = field.rel_model._meta.table_name
                joins.append(f'JOIN "{parent}" p{number} ON p{number}.id = t."{field.column_name}"')
                selects.append(f"p{number}.uuid")
            else:
                selects.append(f't."{field.column_name}"')
        rows = db.execute_sql(f'SELECT t.id, {", ".join(selects)} FROM "{table}" t '
                              + " ".join(joins)).fetchall()
        execute_many(db, f'UPDATE "{table}" SET uuid = ? WHERE id = ?',
                     [(natural_text(table, parts), row_id) for row_id, *parts in rows])


def natural_text(table: str, parts: list[object]) -> str:
    """Return the uuid a natural key's parts give a row of table (as NaturalKeyed does)."""
    return uuid.uuid5(m.NATURAL_NAMESPACE, "|".join([table, *map(str, parts)])).hex


# --- SQLite: one trigger per table and event, one change-log row per changed column ----------


def _sqlite_value(table: SyncedTable, column: str, row: str) -> str:
    link = next((each.link for each in table.columns if each.name == column), "")
    if link:
        return f'(SELECT uuid FROM "{link}" WHERE id = {row}."{column}")'
    return f'{row}."{column}"'


def _sqlite_parts(table: SyncedTable, update: bool) -> list[str]:
    parts = []
    for column in table.columns:
        name = column.name
        if name in table.counters:
            value = f'coalesce(new."{name}", 0) - coalesce(old."{name}", 0)' if update \
                else f'coalesce(new."{name}", 0)'
            parts.append(f"SELECT '{name}' AS f, {value} AS v, 1 AS d WHERE {value} != 0")
            continue
        where = f' WHERE old."{name}" IS NOT new."{name}"' if update else ""
        parts.append(f"SELECT '{name}' AS f, {_sqlite_value(table, name, 'new')} AS v, "
                     f"0 AS d{where}")
    return parts


def sqlite_triggers() -> list[str]:
    """Return the statements that make SQLite's capture triggers."""
    capturing = "coalesce((SELECT applying FROM sync_state WHERE id = 1), 0) = 0"
    statements = []
    for table in TABLES:
        name, key = table.name, table.key
        for event, update in (("INSERT", False), ("UPDATE", True)):
            selects = " UNION ALL ".join(_sqlite_parts(table, update))
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS kam_sync_{name}_{event.lower()} AFTER {event} "
                f'ON "{name}" WHEN {capturing} BEGIN INSERT INTO change_log '
                f"(tbl, row_uuid, field, value, delta) SELECT '{name}', new.\"{key}\", f, v, d "
                f"FROM ({selects}); END")
        if key == "uuid":
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS kam_sync_{name}_delete AFTER DELETE ON \"{name}\" "
                f"WHEN {capturing} AND old.deleted_at IS NULL BEGIN INSERT INTO change_log "
                f"(tbl, row_uuid, field, value) VALUES ('{name}', old.uuid, 'deleted_at', "
                f"strftime('%Y-%m-%d %H:%M:%f', 'now')); END")
    return statements


# --- PostgreSQL: one trigger function for every table, told the table's shape --------------

POSTGRES_FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION kam_account_of(path text, n jsonb) RETURNS text
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
       SELECT CASE path
         WHEN 'self' THEN n ->> 'uuid'
         WHEN 'account_id' THEN (SELECT uuid FROM account WHERE id = (n ->> 'account_id')::bigint)
         WHEN 'opportunity_id' THEN (SELECT a.uuid FROM opportunity o JOIN account a
              ON a.id = o.account_id WHERE o.id = (n ->> 'opportunity_id')::bigint)
         WHEN 'contact_id' THEN (SELECT a.uuid FROM contact c JOIN account a
              ON a.id = c.account_id WHERE c.id = (n ->> 'contact_id')::bigint)
         WHEN 'activity_id' THEN (SELECT a.uuid FROM activity t JOIN account a
              ON a.id = t.account_id WHERE t.id = (n ->> 'activity_id')::bigint)
       END $$""",
    """CREATE OR REPLACE FUNCTION kam_capture() RETURNS trigger LANGUAGE plpgsql
       SECURITY DEFINER SET search_path = public AS $$
       DECLARE
         tbl text := TG_ARGV[0];
         keycol text := TG_ARGV[1];
         skip text[] := TG_ARGV[2]::text[];
         links jsonb := TG_ARGV[3]::jsonb;
         counters text[] := TG_ARGV[4]::text[];
         n jsonb;
         o jsonb := '{}'::jsonb;
         k text;
         v jsonb;
         acct text;
         counter boolean;
       BEGIN
         IF current_setting('kam.applying', true) = 'on' THEN RETURN NULL; END IF;
         IF TG_OP = 'DELETE' THEN n := to_jsonb(OLD); ELSE n := to_jsonb(NEW); END IF;
         acct := kam_account_of(TG_ARGV[5], n);
         IF TG_OP = 'DELETE' THEN
           IF keycol = 'uuid' AND n -> 'deleted_at' = 'null'::jsonb THEN
             INSERT INTO change_log (tbl, row_uuid, field, value, account_uuid)
             VALUES (tbl, n ->> 'uuid', 'deleted_at',
                     to_jsonb(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')),
                     acct);
           END IF;
           RETURN NULL;
         END IF;
         IF TG_OP = 'UPDATE' THEN o := to_jsonb(OLD); END IF;
         FOR k, v IN SELECT key, value FROM jsonb_each(n) LOOP
           CONTINUE WHEN k = ANY(skip) OR k = keycol;
           CONTINUE WHEN TG_OP = 'UPDATE' AND (o -> k) IS NOT DISTINCT FROM v;
           counter := k = ANY(counters);
           IF counter THEN
             v := to_jsonb(coalesce((v #>> '{}')::numeric, 0)
                           - coalesce((o ->> k)::numeric, 0));
             CONTINUE WHEN v = '0'::jsonb;
           ELSIF links ? k AND v <> 'null'::jsonb THEN
             EXECUTE format('SELECT to_jsonb(uuid) FROM %I WHERE id = $1', links ->> k)
               INTO v USING (v #>> '{}')::bigint;
             v := coalesce(v, 'null'::jsonb);
           END IF;
           INSERT INTO change_log (tbl, row_uuid, field, value, delta, account_uuid)
           VALUES (tbl, n ->> keycol, k, v, CASE WHEN counter THEN 1 ELSE 0 END, acct);
         END LOOP;
         RETURN NULL;
       END $$""",
)


def _array(items: list[str] | tuple[str, ...]) -> str:
    return "{" + ",".join(items) + "}"


def postgres_triggers() -> list[str]:
    """Return the statements that make PostgreSQL's capture function and triggers."""
    statements = list(POSTGRES_FUNCTIONS)
    for table in TABLES:
        links = json.dumps({column.name: column.link for column in table.columns
                            if column.link})
        arguments = ", ".join(f"'{each}'" for each in (
            table.name, table.key, _array(sorted(LOCAL_COLUMNS)), links,
            _array(table.counters), table.account_path))
        statements += [
            f'DROP TRIGGER IF EXISTS kam_sync ON "{table.name}"',
            f'CREATE TRIGGER kam_sync AFTER INSERT OR UPDATE OR DELETE ON "{table.name}" '
            f"FOR EACH ROW EXECUTE FUNCTION kam_capture({arguments})",
        ]
    return statements
