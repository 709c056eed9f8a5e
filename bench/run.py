"""The benchmark: medians of whole-process runs of guantask against floors measured in the same run.

    python bench/run.py [--quick] [--runs N] [--cases SUBSTRING]... [--db-dir DIR] [--markdown FILE]

Every command is a fresh process (as a clerk or a script runs it), its output going to a pipe,
with GUANTASK_DB, GUANTASK_TODAY=2024-09-30, NO_COLOR=1 and COLUMNS=100 pinned. The cases run
round-robin (one run of each case per round) so that a slow moment of a shared machine hits all
of them alike; the first round is a warm-up and is not counted. The floors are one minimal Typer
app, bench/floor_typer.py (two commands, the same Typer version, plain sqlite3):

  typer-table       `floor_typer.py table`: the bundled plan's 121 tasks as the Rich table
                    `guantask list` draws (byte-identical);
  typer-json        `floor_typer.py json`: the same rows as JSON;
  typer-table-plan  `floor_typer.py table` on the synthetic database's newest plan (1,000 tasks
                    in the full run).

Reference rows (context, not floors): bare Python (`python -I -c pass`), the sqlite3 shell
running bench/overdue.sql (the SQL `guantask overdue` runs) on the synthetic database, a Python
script running the same SQL with plain sqlite3, and importing guantask's Typer app.
Each row shows wall and CPU (user + system) medians; ratios use wall time.

Server cases (issue 18, bench/server_cases.py): with `--server auto` (a throwaway server started
as tests/pgserver.py does, when the binaries and psycopg are there) or `--server URL` (a scratch
PostgreSQL database: it is overwritten; `--server-synthetic URL2` for the 100,000-task case), the
bundled database is copied to the server with `guantask db copy` and `list`, `record-progress`
and `overdue` run against it; each must take <= 1.5x the same command on the SQLite file
(connection set-up included). `overdue` on the synthetic database copied to the server: its
statements as the client sees them <= 2x the server's own time (EXPLAIN ANALYZE).

Targets (issue 12): `list` <= 1.2x typer-table; `list --format json`, `record-progress` and
`show --format json` <= 1.3x typer-json; tab completion (bash, through the real
`_GUANTASK_COMPLETE` protocol) of a task id, a Chinese name prefix and a pinyin prefix <= 1.3x
typer-json; `list` of the synthetic plan <= 1.2x typer-table-plan. The full run exits 1 when a
target fails or a command breaks. `--quick` builds a small synthetic database and runs each case
twice (warm-up + 1) to check that everything still runs: it never fails on a ratio or on a
command that does not exist yet, only when a command or the benchmark itself breaks. Standard
library only (plus the project, run as a separate process).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from server_cases import build_server, explain_once, server_cases, server_summary  # noqa: E402

TODAY = "2024-09-30"
FULL = {"tasks": 100_000, "progress": 1_000_000, "plans": 100, "plan_tasks": 10_000}
QUICK = {"tasks": 2_000, "progress": 20_000, "plans": 20, "plan_tasks": 1_000}
FILTER_TERMS = ["unit:发改", "percent<50", "due<2024-12-01"]
TIMEOUT_S = 600
# What any Python program pays to run overdue.sql: start-up, sqlite3, the statements, print rows.
PYTHON_SQL = """import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
statement = ""
for line in open(sys.argv[2], encoding="utf-8"):
    statement += line
    if sqlite3.complete_statement(statement):
        for row in db.execute(statement):
            print(*row, sep="|")
        statement = ""
"""

FLOOR = BENCH / "floor_typer.py"
FLOOR_NAMES = {
    "typer-table": "bench/floor_typer.py table: 121 rows as guantask's Rich table, plain sqlite3",
    "typer-json": "bench/floor_typer.py json: the same 121 rows as JSON",
    "typer-table-plan": "bench/floor_typer.py table on the synthetic database's newest plan",
}
# Tab completion as bash asks for it: the words typed so far, the index of the one completed.
COMPLETIONS = {
    "task id": "guantask show 1",
    "Chinese name prefix": "guantask list --leader 张",
    "pinyin prefix": "guantask list --leader zh",
}


@dataclass
class Case:
    name: str
    argv: list[str]
    db: str  # key into Bench.dbs
    group: str  # floor | reference | bundled | synthetic
    floor: str | None = None  # the floor the ratio is against (for a floor: its own key)
    target: float | None = None  # the ratio must be <= target
    prepare: Callable[[], str] | None = None  # makes a fresh database copy; returns its path
    stdin: Path | None = None
    env: dict[str, str] = field(default_factory=dict)  # added to the environment of the run
    times: list[float] = field(default_factory=list)  # wall seconds
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process
    needs_output: bool = False  # empty stdout is an error (completion with no candidates)
    versus: str | None = None  # the name of the case the ratio is against, instead of a floor
    state: str = "ok"  # ok | missing | error | skipped
    detail: str = ""
    out_bytes: int = 0
    last_out: bytes = b""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.times) * 1000 if self.times else None

    @property
    def cpu_ms(self) -> float | None:
        return statistics.median(self.cpu) * 1000 if self.cpu else None


@dataclass
class Bench:
    args: argparse.Namespace
    work: Path
    guantask: list[str]
    how: str
    env: dict[str, str]
    dbs: dict[str, str] = field(default_factory=dict)
    sqlite3_shell: str | None = None
    cases: list[Case] = field(default_factory=list)
    server: str | None = None  # a PostgreSQL URL holding a copy of the bundled database
    stop_server: Callable[[], None] | None = None
    explains: list[dict[str, object]] = field(default_factory=list)  # bench/pg_explain.py runs


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="small database, 2 runs: check it runs")
    p.add_argument("--runs", type=int, help="timed runs of each case (default 7, quick 1)")
    p.add_argument(
        "--db-dir",
        type=Path,
        help="where the databases live; a synthetic one built with the same parameters is reused"
        " (default: <tmp>/guantask-bench)",
    )
    p.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    p.add_argument(
        "--cases",
        action="append",
        metavar="SUBSTRING",
        help="run only the cases whose name (as shown, with [group]) contains SUBSTRING, plus the"
        " three Typer floors; repeat for more",
    )
    p.add_argument("--rebuild", action="store_true", help="rebuild the synthetic database")
    p.add_argument(
        "--server",
        help="also run the server cases: a scratch postgresql:// URL (overwritten), or 'auto'"
        " for a throwaway server of this run (bench/server_cases.py)",
    )
    p.add_argument(
        "--server-synthetic",
        help="with --server URL: a second scratch postgresql:// URL for the synthetic database"
        " (overwritten unless it already holds it); 'auto' makes both",
    )
    a = p.parse_args(argv)
    if a.runs is None:
        a.runs = 1 if a.quick else 7
    if a.runs < 1:
        p.error("--runs must be at least 1")
    return a


# ----- the machine and the program under test --------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for pkg in ("typer", "rich", "sqlite-utils", "python-dateutil"):
        try:
            versions.append(f"{pkg} {importlib.metadata.version(pkg)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{pkg} -")
    load = load_average()
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "sqlite": sqlite3.sqlite_version,
        "packages": ", ".join(versions),
        "load": load,
    }


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "-"


def find_guantask() -> tuple[list[str], str, dict[str, str]]:
    """The installed console script, else the same entry point run from this source checkout."""
    exe = shutil.which("guantask", path=str(Path(sys.executable).parent))
    if exe:
        return [exe], f"console script {exe}", {}
    entry = "import sys; from guantask.cli import main; sys.argv[0] = 'guantask'; sys.exit(main())"
    extra: dict[str, str] = {}
    how = "python -c 'from guantask.cli import main; main()' (installed package)"
    if importlib.util.find_spec("guantask") is None:
        extra["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        )
        how = f"python -c 'from guantask.cli import main; main()' with PYTHONPATH={ROOT}"
    return [sys.executable, "-c", entry], how, extra


def base_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUANTASK_")}
    # A clerk's guantask runs from compiled bytecode: the warm-up round writes it if missing.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    env.update(
        {
            "GUANTASK_TODAY": TODAY,
            "GUANTASK_USER": "bench",
            "GUANTASK_LANG": "en",
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "TERM": "dumb",
        }
    )
    return env


# ----- databases ---------------------------------------------------------------------------------


def stored_params(db: Path) -> dict[str, int] | None:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'bench'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None


def build_synthetic(b: Bench, params: dict[str, int], name: str) -> None:
    db = b.work / f"{name}.db"
    plan = b.work / f"{name}.plan.json"
    wanted = {**params, "seed": 1, "today": TODAY}
    if not b.args.rebuild and plan.exists() and stored_params(db) == wanted:
        print(f"reusing {db}", file=sys.stderr)
    else:
        print(
            f"building {db} ({params['tasks']} tasks, {params['progress']} progress)...",
            file=sys.stderr,
        )
        t0 = time.perf_counter()
        cmd = [
            sys.executable,
            str(BENCH / "make_db.py"),
            str(db),
            "--force",
            "--quiet",
            f"--tasks={params['tasks']}",
            f"--progress={params['progress']}",
            f"--plans={params['plans']}",
            f"--plan-tasks={params['plan_tasks']}",
            "--seed=1",
            f"--today={TODAY}",
            f"--plan-json={plan}",
        ]
        subprocess.run(cmd, check=True, env=b.env, timeout=TIMEOUT_S)
        print(f"built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    b.dbs["synthetic"] = str(db)
    b.dbs["plan-json"] = str(plan)


def build_bundled(b: Bench) -> None:
    """A fresh database holding the bundled plan, created by `guantask init` (what a clerk's
    first run of the default database does)."""
    db = b.work / "bundled.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    r = subprocess.run(
        [*b.guantask, "init"],
        env={**b.env, "GUANTASK_DB": str(db)},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    if r.returncode != 0:
        raise SystemExit(f"bench: cannot create the bundled database: {r.stderr.strip()}")
    b.dbs["bundled"] = str(db)


def fresh_copy(src: str, dst: Path) -> Callable[[], str]:
    def prepare() -> str:
        for suffix in ("", "-wal", "-shm"):
            Path(str(dst) + suffix).unlink(missing_ok=True)
            if Path(src + suffix).exists():
                shutil.copyfile(src + suffix, str(dst) + suffix)
        return str(dst)

    return prepare


def plan_doc_number(db: str) -> str:
    """A plan in the middle of the synthetic database (not the default, newest one)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        n = conn.execute("SELECT count(*) FROM plans").fetchone()[0]
        return conn.execute(
            "SELECT doc_number FROM plans ORDER BY id LIMIT 1 OFFSET ?", [n // 2]
        ).fetchone()[0]
    finally:
        conn.close()


# ----- cases -------------------------------------------------------------------------------------


def completion(words: str) -> dict[str, str]:
    """The environment of a bash Tab press after `words` (Typer's `complete_bash`)."""
    return {
        "_GUANTASK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }


def plan_rows(db: str) -> int:
    """Tasks in the newest plan (the one `list` and the floor show)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT count(*) FROM tasks WHERE plan_id ="
            " (SELECT id FROM plans ORDER BY issued DESC, id DESC LIMIT 1)"
        ).fetchone()[0]
    finally:
        conn.close()


def make_cases(b: Bench) -> list[Case]:
    g = b.guantask
    doc = plan_doc_number(b.dbs["synthetic"])
    rows = plan_rows(b.dbs["synthetic"])
    py = sys.executable
    cases = [
        Case("floor: Typer + Rich table (121 rows)", [py, str(FLOOR), "table"], "bundled", "floor",
             "typer-table"),
        Case("floor: Typer + JSON (121 rows)", [py, str(FLOOR), "json"], "bundled", "floor",
             "typer-json"),
        Case(f"floor: Typer + Rich table ({rows:,} rows)", [py, str(FLOOR), "table"], "synthetic",
             "floor", "typer-table-plan"),
        Case("reference: python -I -c pass", [py, "-I", "-c", "pass"], "bundled", "reference"),
    ]  # fmt: skip
    if b.sqlite3_shell:
        cases.append(
            Case(
                "reference: sqlite3 shell overdue.sql",
                [b.sqlite3_shell, b.dbs["synthetic"]],
                "synthetic",
                "reference",
                stdin=BENCH / "overdue.sql",
            )
        )
    cases += [
        Case(
            "reference: python + sqlite3 running overdue.sql",
            [py, "-I", "-c", PYTHON_SQL, b.dbs["synthetic"], str(BENCH / "overdue.sql")],
            "synthetic",
            "reference",
        ),
        Case(
            "reference: import guantask.cli.app (Typer)",
            [py, "-c", "import guantask.cli.app"],
            "bundled",
            "reference",
        ),
    ]
    rp = fresh_copy(b.dbs["bundled"], b.work / "record.db")
    imp = fresh_copy(b.dbs["synthetic"], b.work / "import.db")
    json_ = "typer-json"
    cases += [
        Case("list", [*g, "list"], "bundled", "bundled", "typer-table", 1.2),
        Case("list --format json", [*g, "list", "--format", "json"], "bundled", "bundled", json_,
             1.3),
        Case(
            "record-progress 18 --percent 10",
            [*g, "record-progress", "18", "--percent", "10", "--by", "bench"],
            "bundled",
            "bundled",
            json_,
            1.3,
            prepare=rp,
        ),
        Case("show 18 --format json", [*g, "show", "18", "--format", "json"], "bundled", "bundled",
             json_, 1.3),
        *(
            Case(f"complete {what}: {words}<TAB>", list(g), "bundled", "bundled", json_, 1.3,
                 env=completion(words), needs_output=True)
            for what, words in COMPLETIONS.items()
        ),
        Case("show 18", [*g, "show", "18"], "bundled", "bundled", json_),
        Case("overdue", [*g, "overdue"], "bundled", "bundled", json_),
        Case("--help", [*g, "--help"], "bundled", "bundled", json_),
        Case("list", [*g, "list"], "synthetic", "synthetic", "typer-table-plan", 1.2),
        Case("overdue", [*g, "overdue"], "synthetic", "synthetic"),
        Case(f"--plan {doc} list", [*g, "--plan", doc, "list"], "synthetic", "synthetic"),
        Case("filter " + " ".join(FILTER_TERMS), [*g, "filter", *FILTER_TERMS], "synthetic",
             "synthetic"),
        Case("report weekly", [*g, "report", "weekly"], "synthetic", "synthetic"),
        Case("stats --by unit", [*g, "stats", "--by", "unit"], "synthetic", "synthetic"),
        Case(
            f"import {Path(b.dbs['plan-json']).name} (fresh copy)",
            [*g, "import", b.dbs["plan-json"], "--by", "bench"],
            "synthetic",
            "synthetic",
            prepare=imp,
        ),
    ]  # fmt: skip
    cases += server_cases(b, Case)
    if wanted(b, *round_names(b)):
        cases += round_cases(b)
    return [
        c for c in cases if (c.floor in FLOOR_NAMES and c.group == "floor") or wanted(b, shown(c))
    ]


def shown(c: Case) -> str:
    """A case's name as the results table shows it."""
    return c.name if c.group in ("floor", "reference") else f"{c.name} [{c.group}]"


def wanted(b: Bench, *names: str) -> bool:
    """Whether --cases asks for any of `names` (no --cases: every case)."""
    return not b.args.cases or any(s in name for s in b.args.cases for name in names)


def round_units(b: Bench) -> int:
    """Lead units of the generated plan of the round's scale case (1,000; quick: 100)."""
    return 100 if b.args.quick else 1000


def round_names(b: Bench) -> list[str]:
    """The names of the round's cases, known before their databases are built."""
    import round_cases as rc

    labels = ("55 units", f"{round_units(b):,} units")
    groups = ("bundled", "synthetic")
    return ["round collect: one return"] + [
        f"{name} ({label}) [{group}]"
        for name in rc.CYCLE
        for label, group in zip(labels, groups, strict=True)
    ]


def round_cases(b: Bench) -> list[Case]:
    """The weekly round's cycle (bench/round_cases.py) on the bundled plan and at scale."""
    import round_cases as rc

    n = round_units(b)
    large = rc.build_thousand_units(b, units=n, tasks=2 * n)
    return [
        rc.one_return_case(b, Case, src=b.dbs["bundled"]),
        *rc.cycle_cases(b, Case, src=b.dbs["bundled"], group="bundled", label="55 units"),
        *rc.cycle_cases(b, Case, src=large, group="synthetic", label=f"{n:,} units", plan=rc.PLAN),
    ]


def round_summary(b: Bench) -> tuple[list[str], int]:
    """The cycle's targets as lines, and how many failed (never in --quick)."""
    import round_cases as rc

    lines, failures = [], 0
    for what, value, target, ok in rc.cycle_summary(b, f"{round_units(b):,} units"):
        shown = "-" if value is None else f"{value:.2f}"
        verdict = "-" if ok is None else ("ok" if ok else "FAIL")
        lines.append(f"{what}: {shown} (target <= {target:g}) {verdict}")
        if ok is False and not b.args.quick:
            failures += 1
    return lines, failures


def children_cpu() -> float:
    """User + system seconds of the finished child processes (0 where unknown)."""
    try:
        import resource
    except ImportError:  # not on Unix
        return 0.0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_once(b: Bench, case: Case) -> tuple[float, float, subprocess.CompletedProcess[bytes]]:
    """One run: (wall seconds, CPU seconds, the finished process)."""
    db = case.prepare() if case.prepare is not None else b.dbs[case.db]
    env = {**b.env, **case.env, "GUANTASK_DB": db}
    stdin = case.stdin.open("rb") if case.stdin is not None else subprocess.DEVNULL
    try:
        c0 = children_cpu()
        t0 = time.perf_counter()
        r = subprocess.run(
            case.argv, stdin=stdin, capture_output=True, env=env, timeout=TIMEOUT_S, cwd=b.work
        )
        elapsed = time.perf_counter() - t0
        cpu = children_cpu() - c0
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()  # type: ignore[union-attr]
    return elapsed, cpu, r


def classify(case: Case, r: subprocess.CompletedProcess[bytes]) -> None:
    err = r.stderr.decode("utf-8", "replace")
    if r.returncode == 2 and "No such command" in err:
        case.state, case.detail = "missing", "command does not exist yet"
    elif r.returncode != 0:
        lines = [x for x in err.strip().splitlines() if x.strip()]
        case.state = "error"
        case.detail = f"exit {r.returncode}: {lines[-1] if lines else '(no message)'}"[:200]
    elif case.needs_output and not r.stdout.strip():
        case.state, case.detail = "error", "printed nothing"


def measure(b: Bench) -> None:
    rounds = b.args.runs + 1  # the first is a warm-up
    for i in range(rounds):
        print(f"round {i + 1}/{rounds}", file=sys.stderr)
        for case in b.cases:
            if case.state != "ok":
                continue
            elapsed, cpu, r = run_once(b, case)
            classify(case, r)
            if case.state != "ok":
                print(f"  {case.name}: {case.state} ({case.detail})", file=sys.stderr)
                continue
            if i > 0:
                case.times.append(elapsed)
                case.cpu.append(cpu)
                case.out_bytes = len(r.stdout)
                case.last_out = r.stdout
        if i > 0:
            explain_once(b)


# ----- results -----------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    median: str
    cpu: str
    floor: str
    ratio: str
    target: str
    result: str


def results(b: Bench) -> tuple[list[Row], int]:
    floors = {c.floor: c.median_ms for c in b.cases if c.group == "floor"}
    by_name = {f"{c.name} [{c.group}]": c.median_ms for c in b.cases}
    cpu_by_name = {f"{c.name} [{c.group}]": c.cpu_ms for c in b.cases}
    rows: list[Row] = []
    failures = 0
    for c in b.cases:
        name = shown(c)
        med = c.median_ms
        if c.state != "ok" or med is None:
            result = c.state.upper() if c.state == "error" else c.state
            rows.append(
                Row(name, "-", "-", c.floor or "", "-", _target(c), f"{result}: {c.detail}")
            )
            if c.state == "error" or (c.state == "missing" and c.target and not b.args.quick):
                failures += 1
            continue
        cpu = f"{c.cpu_ms:.0f}" if c.cpu_ms else "-"
        if c.group in ("floor", "reference"):
            rows.append(Row(name, f"{med:.0f}", cpu, f"({c.group})", "", "", c.detail))
            continue
        base = by_name.get(c.versus) if c.versus else floors.get(c.floor or "")
        ratio = med / base if base else None
        result = ""
        if c.target is not None and ratio is not None:
            ok = ratio <= c.target
            result = "ok" if ok else "FAIL"
            if not ok and not b.args.quick:
                failures += 1
        elif c.detail:
            result = c.detail
        base_cpu = cpu_by_name.get(c.versus) if c.versus else None
        if base_cpu and c.cpu_ms:
            result = f"{result} (cpu {c.cpu_ms / base_cpu:.2f}x)".strip()
        rows.append(
            Row(
                name,
                f"{med:.0f}",
                cpu,
                c.versus or c.floor or "-",
                f"{ratio:.2f}x" if ratio is not None else "-",
                _target(c),
                result,
            )
        )
    return rows, failures


def _target(c: Case) -> str:
    if c.target is None:
        return ""
    return f"<= {c.target:g}x {c.versus or c.floor}"


HEAD = ("case", "wall ms", "cpu ms", "floor", "ratio", "target", "result")


def text_table(rows: list[Row]) -> str:
    cells = [
        HEAD,
        *[(r.name, r.median, r.cpu, r.floor, r.ratio, r.target, r.result) for r in rows],
    ]
    widths = [max(_width(c[i]) for c in cells) for i in range(len(HEAD))]
    right = {1, 2, 4}

    def fmt(row: tuple[str, ...]) -> str:
        out = []
        for i, v in enumerate(row):
            pad = " " * (widths[i] - _width(v))
            out.append(pad + v if i in right else v + pad)
        return "  ".join(out).rstrip()

    lines = [fmt(cells[0]), "  ".join("-" * w for w in widths)]
    lines += [fmt(c) for c in cells[1:]]
    return "\n".join(lines)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def markdown(b: Bench, info: dict[str, str], rows: list[Row], header: str) -> str:
    lines = [header, ""]
    lines += [
        "| " + " | ".join(HEAD) + " |",
        "|" + "|".join(("---", "---:", "---:", "---", "---:", "---", "---")) + "|",
    ]
    for r in rows:
        cells = (
            r.name if r.name.startswith(("floor", "reference")) else f"`{r.name}`",
            r.median,
            r.cpu,
            r.floor,
            r.ratio,
            r.target,
            r.result,
        )
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", *legend(b, info, md=True)]
    return "\n".join(lines) + "\n"


def legend(b: Bench, info: dict[str, str], *, md: bool = False) -> list[str]:
    bullet = "- " if md else "  "
    params = QUICK if b.args.quick else FULL
    out = [
        "Ratios are the case's wall-clock median over a floor's, both measured in this run:",
        *(f"{bullet}{k}: {v}" for k, v in FLOOR_NAMES.items()),
        f"{bullet}cpu ms: median user+system time of the process (steadier than wall time on a"
        " busy machine); reference rows are context, not targets: bare Python, the sqlite3 shell"
        " and a Python script running overdue.sql (the SQL of `guantask overdue`), importing"
        " guantask's Typer app",
        f"{bullet}complete: bash Tab completion through Typer's protocol (_GUANTASK_COMPLETE="
        "complete_bash, COMP_WORDS, COMP_CWORD), the candidates printed",
        f"{bullet}[bundled]: the bundled 2024 plan (121 tasks); [synthetic]: bench/make_db.py,"
        f" {params['tasks']:,} tasks in {params['plans']} plans, {params['progress']:,} progress"
        f" records; import: a {params['plan_tasks']:,}-task plan into a fresh copy of it",
        f"{bullet}medians of {b.args.runs} run(s) per case after one warm-up; output to a pipe;"
        f" GUANTASK_TODAY={TODAY}, NO_COLOR=1, COLUMNS=100",
        f"{bullet}machine: {info['platform']}; {info['cpu']}, {info['cores']} cores;"
        f" {info['python']}; SQLite {info['sqlite']}; {info['packages']};"
        f" load average at start {info['load']}, at end {load_average()}",
        f"{bullet}[server]: the bundled database copied to PostgreSQL"
        f" ({'a throwaway server of this run' if b.stop_server else 'the --server URL'}),"
        " against the same command on the SQLite file; [server-synthetic]: the synthetic"
        " database copied there (then VACUUM ANALYZE); (cpu Nx): the CPU-time ratio"
        if b.server
        else f"{bullet}[server]: not run (--server URL or --server auto)",
        f"{bullet}guantask: {b.how}",
        f"{bullet}the floor tables are byte-identical to `guantask list`: {same_table(b)}",
    ]
    if not b.sqlite3_shell:
        out.append(
            f"{bullet}no sqlite3 shell on PATH: that reference row was skipped "
            "(Debian/Ubuntu: apt-get install sqlite3)"
        )
    return out


def same_table(b: Bench) -> str:
    """Whether the floor's table is exactly what `guantask list` printed, on both databases."""
    answers = []
    for db in ("bundled", "synthetic"):
        floor = next(
            c for c in b.cases if c.group == "floor" and c.argv[-1] == "table" and c.db == db
        )
        listed = next((c for c in b.cases if c.argv[-1:] == ["list"] and c.group == db), None)
        if listed is None or not floor.last_out or not listed.last_out:
            answers.append(f"{db}: not compared")
        elif floor.last_out == listed.last_out:
            answers.append(f"{db}: yes")
        else:
            answers.append(
                f"{db}: NO, update bench/floor_typer.py to draw the table as guantask does"
            )
    return "; ".join(answers)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine()
    work = args.db_dir or Path(tempfile.gettempdir()) / "guantask-bench"
    work.mkdir(parents=True, exist_ok=True)
    cmd, how, extra = find_guantask()
    b = Bench(args=args, work=work.resolve(), guantask=cmd, how=how, env=base_env(extra))
    b.sqlite3_shell = shutil.which("sqlite3")
    if b.sqlite3_shell is None:
        print("bench: no sqlite3 shell on PATH; skipping that reference row", file=sys.stderr)
    t0 = time.perf_counter()
    build_bundled(b)
    if args.quick:
        build_synthetic(b, QUICK, "synthetic-quick")
    else:
        build_synthetic(b, FULL, "synthetic")
    if args.server:
        build_server(b)
    b.cases = make_cases(b)
    try:
        measure(b)
    finally:
        if b.stop_server is not None:
            b.stop_server()
    rows, failures = results(b)
    cycle, cycle_failures = round_summary(b)
    failures += cycle_failures
    served, server_failures = server_summary(b)
    failures += server_failures
    mode = "quick (checks that it runs; ratios not enforced)" if args.quick else "full"
    header = f"guantask benchmark, {mode}, {time.strftime('%Y-%m-%d')}"
    print()
    print(header)
    print(text_table(rows))
    print()
    print("\n".join(cycle))
    print()
    if served:
        print("\n".join(served))
        print()
    print("\n".join(legend(b, info)))
    print(f"total {time.perf_counter() - t0:.0f} s")
    if args.markdown:
        args.markdown.write_text(markdown(b, info, rows, f"**{header}**"), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
