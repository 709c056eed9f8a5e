"""The schema the migrations make, compared with a database's own: what `check` reports when a
table, column or index is missing or different (a dropped `settings` table, a hand-made change).

The expected schema is built by running every migration on an in-memory database, so it can
never drift from the migrations themselves. On a PostgreSQL server the live shape is read from
pg_catalog (`server_shape`) and compared with the same expectation spelled as the server's DDL
makes it (`as_server`: INTEGER, DOUBLE PRECISION, text compared byte-wise with COLLATE "C", key
columns NOT NULL), each side without its own migrations bookkeeping table.
"""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple

from guantask.i18n import _


class Shape(NamedTuple):
    """Tables → columns → (type, not null, primary-key position); indexes → (table, columns,
    unique)."""

    tables: dict[str, dict[str, tuple[str, int, int]]]
    indexes: dict[str, tuple[str, tuple[str, ...], int]]


def shape_of(conn: sqlite3.Connection | Any) -> Shape:
    """The tables, columns and named indexes of the database open on `conn`."""
    tables: dict[str, dict[str, tuple[str, int, int]]] = {}
    indexes: dict[str, tuple[str, tuple[str, ...], int]] = {}
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    for table in names:
        tables[table] = {
            str(r[1]): (str(r[2]).upper(), int(r[3]), int(r[5]))
            for r in conn.execute("SELECT * FROM pragma_table_info(?)", [table]).fetchall()
        }
        for r in conn.execute("SELECT * FROM pragma_index_list(?)", [table]).fetchall():
            name, unique, origin = str(r[1]), int(r[2]), str(r[3])
            if origin != "c":  # automatic indexes of UNIQUE and PRIMARY KEY follow their table
                continue
            cols = tuple(
                str(c[2])
                for c in conn.execute("SELECT * FROM pragma_index_info(?)", [name]).fetchall()
            )
            indexes[name] = (table, cols, unique)
    return Shape(tables, indexes)


def expected_shape() -> Shape:
    """The schema every migration, applied to an empty database, makes."""
    from guantask.store import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.apply(conn)
        return shape_of(conn)
    finally:
        conn.close()


# Each store's record of applied migrations: not part of the schema the steps make.
BOOKKEEPING = ("_sqlite_migrations", "_guantask_migrations")
SERVER_TYPES = {"INTEGER": "INTEGER", "TEXT": 'TEXT COLLATE "C"', "REAL": "DOUBLE PRECISION"}

_SERVER_COLUMNS = """
SELECT c.relname, a.attname, upper(format_type(a.atttypid, NULL)),
       CASE WHEN a.attcollation IN (0, (SELECT oid FROM pg_collation WHERE collname = 'default'))
            THEN '' ELSE (SELECT collname FROM pg_collation WHERE oid = a.attcollation) END,
       a.attnotnull, coalesce(array_position(k.conkey, a.attnum), 0)
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'
WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind IN ('r', 'p')
ORDER BY c.relname, a.attnum
"""
_SERVER_INDEXES = """
SELECT x.relname, c.relname, i.indisunique,
       array(SELECT a.attname FROM unnest(CAST(i.indkey AS int2[])) WITH ORDINALITY AS k(n, pos)
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n ORDER BY k.pos)
FROM pg_index i
JOIN pg_class x ON x.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace = to_regnamespace(current_schema())
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid
                  AND k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
ORDER BY x.relname
"""


def server_shape(db: Any) -> Shape:
    """The tables, columns and named indexes of the current schema of a server database (the
    indexes behind PRIMARY KEY and UNIQUE constraints follow their table, as in SQLite)."""
    tables: dict[str, dict[str, tuple[str, int, int]]] = {}
    for table, column, kind, collation, notnull, pk in db.query(_SERVER_COLUMNS):
        if table in BOOKKEEPING:
            continue
        spelled = f'{kind} COLLATE "{collation}"' if collation else kind
        tables.setdefault(str(table), {})[str(column)] = (spelled, int(notnull), int(pk))
    indexes = {
        str(name): (str(table), tuple(str(c) for c in cols), int(unique))
        for name, table, unique, cols in db.query(_SERVER_INDEXES)
        if table not in BOOKKEEPING
    }
    return Shape(tables, indexes)


def as_server(shape: Shape) -> Shape:
    """`shape` (made on SQLite) as the server's DDL makes it (`PostgresDialect.ddl`)."""
    tables = {
        table: {
            column: (SERVER_TYPES.get(kind, kind), 1 if pk else notnull, pk)
            for column, (kind, notnull, pk) in columns.items()
        }
        for table, columns in shape.tables.items()
        if table not in BOOKKEEPING
    }
    indexes = {n: v for n, v in shape.indexes.items() if v[0] not in BOOKKEEPING}
    return Shape(tables, indexes)


def schema_problems(live: Shape, expected: Shape) -> tuple[list[str], list[str]]:
    """(problems, notes): what is missing or different, and what is there besides."""
    problems: list[str] = []
    for table, columns in expected.tables.items():
        have = live.tables.get(table)
        if have is None:
            problems.append(_("table {table} is missing").format(table=table))
            continue
        for column, spec in columns.items():
            if column not in have:
                problems.append(
                    _("column {table}.{column} is missing").format(table=table, column=column)
                )
            elif have[column] != spec:
                problems.append(
                    _("column {table}.{column} is {have}, not {want}").format(
                        table=table, column=column, have=_spec(have[column]), want=_spec(spec)
                    )
                )
    for name, (table, cols, unique) in expected.indexes.items():
        if table not in live.tables:
            continue  # reported with its table
        if name not in live.indexes:
            problems.append(_("index {name} is missing").format(name=name))
        elif live.indexes[name] != (table, cols, unique):
            problems.append(_("index {name} differs from guantask's").format(name=name))
    notes = [
        _("table {table} is not guantask's").format(table=t)
        for t in live.tables
        if t not in expected.tables
    ]
    return problems, notes


def _spec(spec: tuple[str, int, int]) -> str:
    kind, notnull, pk = spec
    return " ".join(
        [kind or "untyped", *(["NOT NULL"] if notnull else []), *(["KEY"] if pk else [])]
    )
