"""The team's server: database roles for our people and row-level security by role.

Each of our people who uses the server has a PostgreSQL login role of their own (on a company
server the same name as their system login, so peer authentication needs no password) recorded
in `staff.login`, and belongs to the group role of their job. The policies below decide in the
database which accounts, and so which contacts, deals, visits and revisits, each role may read
and write: the app's queries and a raw psql session see the same rows.
"""

from __future__ import annotations

import re

import peewee as pw

from kam_tui.core.db import models as m
from kam_tui.core.db.dialect import is_postgres

# Job -> the group role its members' login roles belong to.
GROUPS = {
    "rep": "kam_rep",
    "regional_manager": "kam_regional_manager",
    "project_manager": "kam_project_manager",
    "dealer": "kam_dealer",
    "admin": "kam_admin",
}
ROLE_NAMES = {"rep": "rep", "regional-manager": "regional_manager",
              "project-manager": "project_manager", "dealer": "dealer", "admin": "admin"}
_LOGIN = re.compile(r"[a-z_][a-z0-9_.-]{0,62}")

# Tables that hang off an account by account_id, and off a deal by opportunity_id.
UNDER_ACCOUNT = ("contact", "opportunity", "activity", "revisit", "revisit_rule", "purchase",
                 "competitor_presence", "product_in_use")
UNDER_DEAL = ("stage_change", "deal_role", "scorecard_weight", "scorecard_score",
              "contract_check")
SHARED = ("staff", "setting")  # everyone reads our people and the team's rules
# Who may change the team's rules (the `setting` table: stall days, working days only).
RULE_MAKERS = ("admin", "regional_manager", "project_manager")

# Who the session is, read once per statement: SECURITY DEFINER so that reading staff is not
# itself filtered, STABLE and wrapped in (SELECT ...) in the policies so it runs once, not per row.
FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION kam_me() RETURNS integer LANGUAGE sql STABLE
       SECURITY DEFINER SET search_path = public AS
       $$ SELECT id FROM staff WHERE login = session_user AND deleted_at IS NULL
          ORDER BY id LIMIT 1 $$""",
    """CREATE OR REPLACE FUNCTION kam_job() RETURNS text LANGUAGE sql STABLE
       SECURITY DEFINER SET search_path = public AS
       $$ SELECT CASE WHEN pg_has_role(session_user, 'kam_admin', 'MEMBER') THEN 'admin'
                      ELSE (SELECT role FROM staff WHERE login = session_user
                            AND deleted_at IS NULL ORDER BY id LIMIT 1) END $$""",
    """CREATE OR REPLACE FUNCTION kam_region() RETURNS text LANGUAGE sql STABLE
       SECURITY DEFINER SET search_path = public AS
       $$ SELECT region FROM staff WHERE login = session_user AND deleted_at IS NULL
          ORDER BY id LIMIT 1 $$""",
    # Accounts where the session holds a relationship (a contact whose relationship is theirs).
    """CREATE OR REPLACE FUNCTION kam_held_accounts() RETURNS SETOF integer LANGUAGE sql STABLE
       SECURITY DEFINER SET search_path = public AS
       $$ SELECT DISTINCT account_id FROM contact
          WHERE relationship_owner_id = kam_me() AND deleted_at IS NULL $$""",
    # A project manager's projects: the accounts of the deals they own.
    """CREATE OR REPLACE FUNCTION kam_project_accounts() RETURNS SETOF integer LANGUAGE sql
       STABLE SECURITY DEFINER SET search_path = public AS
       $$ SELECT DISTINCT account_id FROM opportunity
          WHERE owner_id = kam_me() AND deleted_at IS NULL $$""",
)

ACCOUNT_RULE = """(
    (SELECT kam_job()) = 'admin'
    OR ((SELECT kam_job()) = 'rep'
        AND (owner_id = (SELECT kam_me()) OR id IN (SELECT kam_held_accounts())))
    OR ((SELECT kam_job()) = 'regional_manager' AND region = (SELECT kam_region()))
    OR ((SELECT kam_job()) = 'project_manager' AND abc_class = 'A'
        AND (owner_id = (SELECT kam_me()) OR id IN (SELECT kam_project_accounts())))
    OR ((SELECT kam_job()) = 'dealer' AND abc_class = 'C' AND dealer_id = (SELECT kam_me()))
)"""


def policy(table: str, rule: str) -> list[str]:
    return [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS kam_rows ON {table}",
            f"CREATE POLICY kam_rows ON {table} USING {rule} WITH CHECK {rule}"]


def policy_statements() -> list[str]:
    """Return the statements that make the roles' functions and every table's policy."""
    statements = list(FUNCTIONS)
    statements += policy("account", ACCOUNT_RULE)
    for table in UNDER_ACCOUNT:
        statements += policy(table, "(account_id IN (SELECT id FROM account))")
    for table in UNDER_DEAL:
        statements += policy(table, "(opportunity_id IN (SELECT id FROM opportunity))")
    statements += policy("relation", "(contact_id IN (SELECT id FROM contact))")
    statements += policy("activity_person", "(activity_id IN (SELECT id FROM activity))")
    # Our people: everyone reads them (owners, pickers); only an admin changes them.
    statements += [
        "ALTER TABLE staff ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS kam_read ON staff", "DROP POLICY IF EXISTS kam_write ON staff",
        "CREATE POLICY kam_read ON staff FOR SELECT USING (true)",
        "CREATE POLICY kam_write ON staff FOR ALL USING ((SELECT kam_job()) = 'admin') "
        "WITH CHECK ((SELECT kam_job()) = 'admin')",
    ]
    # The team's rules: everyone reads them (the board's stall days); only managers and the
    # admin change them, so a rep's kam cannot move the whole team's thresholds.
    makers = "(SELECT kam_job()) IN (" + ", ".join(f"'{job}'" for job in RULE_MAKERS) + ")"
    statements += [
        "ALTER TABLE setting ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS kam_read ON setting", "DROP POLICY IF EXISTS kam_write ON setting",
        "CREATE POLICY kam_read ON setting FOR SELECT USING (true)",
        f"CREATE POLICY kam_write ON setting FOR ALL USING ({makers}) WITH CHECK ({makers})",
    ]
    return statements


def follow_accounts(db: pw.Database, table: str, column: str = "account_id") -> None:
    """Let a side table's rows be seen and written only with the account they belong to."""
    for statement in policy(table, f"({column} IN (SELECT id FROM account))"):
        db.execute_sql(statement)


def install(db: pw.Database) -> None:
    """Create the group roles and the policies (idempotent; run by `kam server init`)."""
    for group in GROUPS.values():
        db.execute_sql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{group}') "
            f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$")
    for statement in policy_statements():
        db.execute_sql(statement)
    grant(db)


def grant(db: pw.Database) -> None:
    """Let the group roles use every table kam has made (run again after new tables)."""
    groups = ", ".join(GROUPS.values())
    db.execute_sql(f"GRANT USAGE ON SCHEMA public TO {groups}")
    db.execute_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                   f"TO {groups}")
    db.execute_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {groups}")
    db.execute_sql(f"REVOKE INSERT, UPDATE, DELETE ON kam_schema FROM {groups}")


def me() -> int | None:
    """Return the staff id of this session on the team's server (None in a file, or unknown)."""
    db = m.database_proxy.obj
    if not is_postgres(db):
        return None
    return db.execute_sql("SELECT kam_me()").fetchone()[0]


class UserRefused(ValueError):
    """The user cannot be added as asked (a bad login name or role)."""


def job_of(role: str) -> str:
    """Return the stored job for a command-line role name (rep, regional-manager, ...)."""
    try:
        return ROLE_NAMES[role]
    except KeyError:
        raise UserRefused(f"unknown role {role!r}: use one of {', '.join(ROLE_NAMES)}") from None


def add_user(db: pw.Database, name: str, login: str, role: str, region: str = "") -> int:
    """Create (or update) the login role and the matching person among our people; return id."""
    job = job_of(role)
    if not _LOGIN.fullmatch(login):
        raise UserRefused(f"{login!r} is not a login name kam accepts (lower-case letters, "
                          "digits, _ . -, starting with a letter)")
    if job == "regional_manager" and not region:
        raise UserRefused("a regional manager needs --region")
    quoted = '"' + login + '"'
    with db.atomic():
        exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = ?", (login,)).fetchone()
        if not exists:
            db.execute_sql(f"CREATE ROLE {quoted} LOGIN")
        for group in GROUPS.values():
            if group != GROUPS[job]:
                db.execute_sql(f"REVOKE {group} FROM {quoted}")
        db.execute_sql(f"GRANT {GROUPS[job]} TO {quoted}")
        live = m.Staff.deleted_at.is_null()
        # One of our people already in kam (imported, say) gets the login rather than a twin.
        staff = (m.Staff.get_or_none((m.Staff.login == login) & live)
                 or m.Staff.get_or_none((m.Staff.name == name) & (m.Staff.login == "") & live))
        stored = "rep" if job == "admin" else job  # an admin's rights come from kam_admin
        if staff is None:
            staff = m.Staff.create(name=name, login=login, role=stored, region=region)
        else:
            m.Staff.update(name=name, login=login, role=stored, region=region or staff.region,
                           version=m.Staff.version + 1, updated_at=m.utcnow()
                           ).where(m.Staff.id == staff.id).execute()
    return staff.id
