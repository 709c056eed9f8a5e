"""`db grant unit`: a database role that may record progress (and return sheets) only on the
tasks where one unit leads or is responsible, enforced by the server with row-level security.

The role reads everything. It may insert into `progress`, `progress_values` and `events` (kinds
'progress' and 'undo') only, and a policy per (role, unit) lets a progress row in, or out again
by `undo`, when its task is linked to the unit; more grants for the same role add units. The table owner (the office's role, which
ran `db init`) is not bound by these policies; neither is a superuser. PostgreSQL only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from guantask.errors import NameNotFound, NotFound, Refused
from guantask.i18n import _
from guantask.store import units as st_units
from guantask.store.db import Database

_RLS_TABLES = ("progress", "progress_values", "events")


@dataclass(frozen=True, slots=True)
class UnitGrant:
    unit: str
    role: str
    tasks: int

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "role": self.role, "tasks": self.tasks}


def _unit(db: Database, name: str) -> tuple[int, str]:
    uid = st_units.unit_id(db, name)
    if uid is None:
        target = st_units.alias_target(db, name)
        uid = None if target is None else st_units.unit_id(db, target)
    if uid is None:
        closest = [n for n in st_units.unit_names(db) if name in n or n in name][:5]
        raise NameNotFound("unit", name, closest)
    return uid, str(st_units.unit_name(db, uid))


def grant_unit(db: Database, *, unit: str, role: str) -> UnitGrant:
    """Let `role` record progress on the tasks of `unit` only (one transaction)."""
    if db.dialect.name != "postgresql":
        raise Refused(_("grants need a database on a PostgreSQL server; this is a file"))
    from psycopg import sql

    conn = db.pg  # type: ignore[attr-defined]

    def ident(name: str) -> str:
        return sql.Identifier(name).as_string(conn)

    with db.write():
        if db.scalar("SELECT 1 FROM pg_roles WHERE rolname = ?", [role]) is None:
            raise NotFound(
                _(
                    "no database role {role!r}; ask the database administrator to create it"
                    " (CREATE ROLE ... LOGIN)"
                ).format(role=role)
            )
        uid, name = _unit(db, unit)
        who, schema = db.one("SELECT current_user, current_schema()") or ("", "")
        r, me = ident(role), ident(str(who))
        existing = {
            (row[0], row[1])
            for row in db.query(
                "SELECT tablename, policyname FROM pg_policies WHERE schemaname = current_schema()"
            )
        }

        def policy(table: str, pname: str, body: str) -> None:
            if (table, pname) not in existing:
                db.execute(f"CREATE POLICY {ident(pname)} ON {table} {body}")

        for table in _RLS_TABLES:
            db.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            policy(table, "guantask_read", "FOR SELECT USING (true)")
            policy(
                table, f"guantask_office_{who}", f"FOR ALL TO {me} USING (true) WITH CHECK (true)"
            )
        db.execute(f"GRANT USAGE ON SCHEMA {ident(str(schema))} TO {r}")
        db.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {ident(str(schema))} TO {r}")
        db.execute(f"GRANT INSERT ON {', '.join(_RLS_TABLES)} TO {r}")
        db.execute(f"GRANT DELETE ON progress, progress_values TO {r}")
        for table in ("progress", "events"):
            seq = db.scalar(f"SELECT pg_get_serial_sequence('{table}', 'id')")
            if seq:
                db.execute(f"GRANT USAGE ON SEQUENCE {seq} TO {r}")
        linked = (
            "EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = {task}"
            f" AND tu.unit_id = {int(uid):d})"
        )
        policy(
            "progress",
            f"guantask_unit_{uid}_{role}",
            f"FOR INSERT TO {r} WITH CHECK ({linked.format(task='progress.task_id')})",
        )
        policy(
            "progress_values",
            f"guantask_unit_{uid}_{role}",
            f"FOR INSERT TO {r} WITH CHECK (EXISTS (SELECT 1 FROM progress p"
            " WHERE p.id = progress_values.progress_id"
            f" AND {linked.format(task='p.task_id')}))",
        )
        policy(
            "progress",
            f"guantask_undo_{uid}_{role}",
            f"FOR DELETE TO {r} USING ({linked.format(task='progress.task_id')})",
        )
        policy(
            "events",
            f"guantask_progress_{role}",
            f"FOR INSERT TO {r} WITH CHECK (kind IN ('progress', 'undo'))",
        )
        tasks = int(
            db.scalar("SELECT count(DISTINCT task_id) FROM task_units WHERE unit_id = ?", [uid])
            or 0
        )
    return UnitGrant(name, role, tasks)
