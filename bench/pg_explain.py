"""How long a guantask command's statements take on a PostgreSQL server, seen from both ends.

    python bench/pg_explain.py URL [COMMAND ARGS...]      (default command: overdue)

Runs the command in this process (output discarded) with guantask's server connection traced:
every statement it sends, its parameters, and the time from sending it to holding its rows as
Python values (`client ms`). Then each SELECT is run again under
`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`, whose planning + execution time is the server's own
time for it (`server ms`). Prints one JSON object: the command's wall time in this process
(connection set-up, queries and rendering, without Python's start-up and imports), the sums,
and each statement's times and top plan node. bench/run.py runs it for the server's
100,000-task case; it needs the project and psycopg installed.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from typing import Any


def main(argv: list[str]) -> int:
    url, command = argv[0], argv[1:] or ["overdue"]
    from guantask.cli import main as guantask_main
    from guantask.store import pg

    traced: list[dict[str, Any]] = []
    query, execute = pg.PgDatabase.query, pg.PgDatabase.execute

    def traced_query(self: Any, sql: str, params: Any = ()) -> Any:
        t0 = time.perf_counter()
        rows = query(self, sql, params)
        traced.append({"sql": sql, "params": list(params), "client": time.perf_counter() - t0})
        return rows

    def traced_execute(self: Any, sql: str, params: Any = ()) -> Any:
        t0 = time.perf_counter()
        cur = execute(self, sql, params)
        traced.append({"sql": sql, "params": list(params), "client": time.perf_counter() - t0})
        return cur

    pg.PgDatabase.query = traced_query  # type: ignore[method-assign]
    pg.PgDatabase.execute = traced_execute  # type: ignore[method-assign]
    sys.argv = ["guantask", "--db", url, *command]
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        guantask_main()
    wall = time.perf_counter() - t0
    pg.PgDatabase.query, pg.PgDatabase.execute = query, execute  # type: ignore[method-assign]

    db = pg.connect(url, busy_timeout=10)
    statements = []
    try:
        for s in traced:
            entry = {"sql": " ".join(s["sql"].split())[:120], "client_ms": s["client"] * 1000}
            if s["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                (plan,) = db.query(
                    "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + s["sql"], s["params"]
                )[0][0]
                entry["server_ms"] = plan["Planning Time"] + plan["Execution Time"]
                entry["execution_ms"] = plan["Execution Time"]
                entry["top"] = _top(plan["Plan"])
            statements.append(entry)
    finally:
        db.close()
    print(
        json.dumps(
            {
                "command": command,
                "in_process_ms": wall * 1000,
                "client_ms": sum(s["client_ms"] for s in statements),
                "server_ms": sum(s.get("server_ms", 0.0) for s in statements),
                "statements": statements,
            },
            ensure_ascii=False,
        )
    )
    return 0


def _top(node: dict[str, Any]) -> str:
    """The plan's node types down the first branch, with the index each scan uses."""
    out = []
    while node:
        kind = node["Node Type"]
        if "Index Name" in node:
            kind += f" {node['Index Name']}"
        out.append(kind)
        node = (node.get("Plans") or [None])[0]  # type: ignore[assignment]
    return " > ".join(out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
