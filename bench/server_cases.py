"""The PostgreSQL server cases of bench/run.py (issue 18), run with `--server auto|URL`.

The bundled database is copied to a server database with `guantask db copy`, and `list`,
`record-progress` and `overdue` run against it; each must take <= 1.5x the same command on the
SQLite file (connection set-up included; the ratio is of wall-time medians, the CPU ratio is
shown beside it). Reference rows measured in the same run say where a server command's extra
time goes: importing psycopg, and importing it plus connecting and running one query.

The synthetic database (100,000 tasks) is copied to a second server database, then VACUUM
ANALYZE (what autovacuum does to a table after a bulk load; without it the planner has no
statistics and no index-only scan), and `overdue` runs on it. bench/pg_explain.py runs the same
command once per round in-process, tracing its statements: the time from sending each to holding
its rows (client) against the server's own planning + execution time (EXPLAIN ANALYZE). Target:
client <= 2x server. The whole command's time is shown beside it.

`--server auto` starts a throwaway server as the tests do (tests/pgserver.py) and makes both
databases; `--server URL` uses that scratch database for the bundled copy and
`--server-synthetic URL` (default: none, the 100,000-task case is skipped) for the other; both
are overwritten, except that a synthetic server database already holding the same synthetic
database (its settings' `bench` row) is reused, as the copy takes minutes.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TARGET = 1.5  # server command / the same command on the SQLite file
QUERY_TARGET = 2.0  # client time of overdue's statements / EXPLAIN ANALYZE time
CONNECT = """import sys, psycopg
with psycopg.connect(sys.argv[1]) as conn:
    print(conn.execute("SELECT count(*) FROM tasks").fetchone()[0])
"""


def _psql(url: str, sql: str) -> list[tuple[Any, ...]]:
    """One statement on the server, with the project's Python (psycopg), autocommit."""
    script = (
        "import sys, json, psycopg\n"
        "with psycopg.connect(sys.argv[1], autocommit=True) as c:\n"
        "    cur = c.execute(sys.argv[2].encode())\n"
        "    print(json.dumps(cur.fetchall() if cur.description else [], default=str))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", script, url, sql], capture_output=True, text=True, timeout=3600
    )
    if r.returncode != 0:
        raise SystemExit(f"bench: {sql[:40]} on the server failed: {r.stderr.strip()[-300:]}")
    return [tuple(row) for row in json.loads(r.stdout or "[]")]


def _copy(b: Any, source: str, url: str) -> None:
    r = subprocess.run(
        [*b.guantask, "db", "copy", "--from", source, "--to", url, "--replace"],
        env=b.env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if r.returncode != 0:
        raise SystemExit(f"bench: cannot fill the server database: {r.stderr.strip()}")


def build_server(b: Any) -> None:
    """The bundled (and synthetic) database copied to server databases, or why not."""
    url, synthetic = b.args.server, b.args.server_synthetic
    if url == "auto":
        sys.path.insert(0, str(ROOT / "tests"))
        try:
            from pgserver import start_server  # type: ignore[import-not-found]
        except ImportError:
            print("bench: no tests/pgserver.py; skipping the server cases", file=sys.stderr)
            return
        server = start_server()
        if isinstance(server, str):
            print(f"bench: skipping the server cases: {server}", file=sys.stderr)
            return
        b.stop_server = server.stop
        url, synthetic = server.new_database(), server.new_database()
    _copy(b, b.dbs["bundled"], url)
    b.server = url
    b.dbs["server"] = url
    if synthetic:
        wanted = _bench_row(b.dbs["synthetic"])
        try:
            held = _psql(synthetic, "SELECT value FROM settings WHERE key = 'bench'")
        except SystemExit:
            held = []
        if held and held[0][0] == wanted:
            print(f"reusing the synthetic database on {synthetic}", file=sys.stderr)
        else:
            print("copying the synthetic database to the server...", file=sys.stderr)
            _copy(b, b.dbs["synthetic"], synthetic)
            _psql(synthetic, "VACUUM ANALYZE")
        b.dbs["server-synthetic"] = synthetic


def _bench_row(db: str) -> str | None:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'bench'").fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def server_cases(b: Any, case: Any) -> list[Any]:
    """The server rows: reference rows, the three bundled commands, overdue at 100,000 tasks."""
    if not b.server:
        return []
    g, py = b.guantask, sys.executable
    cases = [
        case("reference: python -c 'import psycopg'", [py, "-c", "import psycopg"], "server",
             "reference"),
        case("reference: psycopg import + connect + one query", [py, "-c", CONNECT, b.server],
             "server", "reference"),
        case("list", [*g, "list"], "server", "server", versus="list [bundled]", target=TARGET),
        case("record-progress 18 --percent 10",
             [*g, "record-progress", "18", "--percent", "10", "--by", "bench"], "server",
             "server", versus="record-progress 18 --percent 10 [bundled]", target=TARGET),
        case("overdue", [*g, "overdue"], "server", "server", versus="overdue [bundled]",
             target=TARGET),
    ]  # fmt: skip
    if "server-synthetic" in b.dbs:
        cases.append(
            case("overdue", [*g, "overdue"], "server-synthetic", "server-synthetic",
                 versus="overdue [synthetic]")
        )  # fmt: skip
    return cases


def explain_once(b: Any) -> None:
    """One in-process traced run of overdue on the synthetic server database (per round)."""
    url = b.dbs.get("server-synthetic")
    if not url:
        return
    r = subprocess.run(
        [sys.executable, str(BENCH / "pg_explain.py"), url, "overdue"],
        env=b.env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=b.work,
    )
    if r.returncode != 0:
        raise SystemExit(f"bench: pg_explain.py failed: {r.stderr.strip()[-300:]}")
    b.explains.append(json.loads(r.stdout))


def server_summary(b: Any) -> tuple[list[str], int]:
    """What the server rows mean, as lines, and how many targets failed (never in --quick)."""
    if not b.server:
        return [], 0
    by = {f"{c.name} [{c.group}]": c for c in b.cases}
    ref = {c.name: c for c in b.cases if c.group == "reference"}
    lines: list[str] = []

    def cpu(c: Any) -> float:
        return c.cpu_ms or 0.0

    bare = ref.get("reference: python -I -c pass")
    imp = ref.get("reference: python -c 'import psycopg'")
    conn = ref.get("reference: psycopg import + connect + one query")
    if bare and imp and conn and bare.cpu and imp.cpu and conn.cpu:
        lines.append(
            f"server start-up (CPU medians): importing psycopg {cpu(imp) - cpu(bare):.0f} ms over"
            f" bare Python; connecting and one query {cpu(conn) - cpu(imp):.0f} ms more"
        )
    for name in ("list", "record-progress 18 --percent 10", "overdue"):
        s, q = by.get(f"{name} [server]"), by.get(f"{name} [bundled]")
        if s and q and s.times and q.times and s.cpu and q.cpu:
            lines.append(
                f"{name}: server {s.median_ms:.0f} ms wall / {cpu(s):.0f} ms CPU, SQLite"
                f" {q.median_ms:.0f} / {cpu(q):.0f}: +{s.median_ms - q.median_ms:.0f} ms wall"
                f" ({s.median_ms / q.median_ms:.2f}x), +{cpu(s) - cpu(q):.0f} ms CPU"
                f" ({cpu(s) / cpu(q):.2f}x)"
            )
    failures = 0
    if b.explains:
        client = statistics.median(e["client_ms"] for e in b.explains)
        server = statistics.median(e["server_ms"] for e in b.explains)
        inproc = statistics.median(e["in_process_ms"] for e in b.explains)
        whole = by.get("overdue [server-synthetic]")
        ratio = client / server if server else float("inf")
        ok = ratio <= QUERY_TARGET
        if not ok and not b.args.quick:
            failures += 1
        n = len(b.explains[-1]["statements"])
        lines.append(
            f"overdue on the synthetic server database: its {n} statements {client:.1f} ms from"
            f" the client, {server:.1f} ms on the server (EXPLAIN ANALYZE, planning +"
            f" execution): {ratio:.2f}x (target <= {QUERY_TARGET:g}x) {'ok' if ok else 'FAIL'};"
            f" the command {inproc:.0f} ms in-process"
            + (f", {whole.median_ms:.0f} ms as a whole process" if whole and whole.times else "")
        )
        for s in b.explains[-1]["statements"]:
            lines.append(
                f"  {s['client_ms']:7.1f} ms client {s.get('server_ms', 0):7.1f} ms server"
                f"  {s.get('top', '-')}: {s['sql'][:60]}"
            )
    return lines, failures
