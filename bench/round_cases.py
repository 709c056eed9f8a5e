"""The weekly round's benchmark cases (issue 15): the whole cycle on the bundled plan (55 lead
units) and on a generated plan with 1,000 lead units.

Each scale times `round open` of all sheets, `round collect` of the folder with every sheet
filled in (by `fill_round.py`, as a unit would; the filling is not timed), `report weekly`
and `round chase`. Targets: the four bundled commands ≤ 5 s together; `round collect` of 55
returns ≤ 3× collecting one; the 1,000-unit cycle ≤ 25× the 55-unit one.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).parent
sys.path.insert(0, str(BENCH))

from fill_round import fill_folder  # noqa: E402

CYCLE = ("round open", "round collect", "report weekly", "round chase")
CYCLE_TARGET_S = 5.0
COLLECT_RATIO = 3.0
SCALE_RATIO = 25.0


def _run(b: Any, db: str, *args: str) -> None:
    r = subprocess.run(
        [*b.guantask, *args],
        env={**b.env, "GUANTASK_DB": db},
        capture_output=True,
        text=True,
        timeout=600,
        cwd=b.work,
    )
    if r.returncode != 0:
        raise SystemExit(f"bench: {' '.join(args)} failed: {r.stderr.strip()[-300:]}")


def _copy(src: str, dst: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
        if Path(src + suffix).exists():
            shutil.copyfile(src + suffix, str(dst) + suffix)
    return str(dst)


PLAN = "基准政办发〔2024〕9号"


def build_thousand_units(b: Any, *, units: int, tasks: int) -> str:
    """A fresh database holding a plan (`PLAN`, named with --plan) with `units` lead units."""
    import make_db

    rng = random.Random(15)
    names = [f"第{i:04d}责任单位" for i in range(units)]
    plan = make_db.gen_plan(
        rng, prefix="基准", year=2024, n_tasks=tasks, leaders=["张三", "李四"], units=names
    )
    data = make_db.plan_json(plan)
    data["document"]["doc_number"] = PLAN
    # every unit leads at least one task
    for i, task in enumerate(data["tasks"]):
        if i < units:
            task["lead_units"] = [names[i]]
    path = b.work / "round-units.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db = b.work / "round-units.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    _run(b, str(db), "import", str(path), "--db", str(db), "--by", "bench")
    return str(db)


def cycle_cases(
    b: Any, case: Callable[..., Any], *, src: str, group: str, label: str, plan: str | None = None
) -> list[Any]:
    """The four timed commands of one cycle on a copy of `src`, in the order a clerk runs them
    (on `plan` when given: the generated database also holds the bundled plan)."""
    g = [*b.guantask, *(["--plan", plan] if plan else [])]
    pick = ["--plan", plan] if plan else []
    sheets = b.work / f"sheets-{label}"
    dbfile = b.work / f"round-{label}.db"

    def fresh() -> str:
        shutil.rmtree(sheets, ignore_errors=True)
        return _copy(src, dbfile)

    def opened() -> str:
        db = fresh()
        _run(b, db, *pick, "round", "open", "-o", str(sheets))
        fill_folder(sheets, rows=2)
        return db

    def collected() -> str:
        db = opened()
        _run(b, db, *pick, "round", "collect", str(sheets))
        return db

    return [
        case(f"round open ({label})", [*g, "round", "open", "-o", str(sheets)], group, group,
             prepare=fresh),
        case(f"round collect ({label})", [*g, "round", "collect", str(sheets)], group, group,
             prepare=opened),
        case(f"report weekly ({label})", [*g, "report", "weekly"], group, group, prepare=collected),
        case(f"round chase ({label})", [*g, "round", "chase"], group, group, prepare=collected),
    ]  # fmt: skip


def one_return_case(b: Any, case: Callable[..., Any], *, src: str) -> Any:
    """`round collect` of one filled sheet: the floor the 55-return collect is measured against."""
    sheets = b.work / "sheets-one"
    dbfile = b.work / "round-one.db"

    def opened() -> str:
        shutil.rmtree(sheets, ignore_errors=True)
        db = _copy(src, dbfile)
        _run(b, db, "round", "open", "-o", str(sheets), "--unit", "县财政局")
        fill_folder(sheets, rows=2)
        return db

    return case("round collect: one return", [*b.guantask, "round", "collect", str(sheets)],
                "bundled", "floor", "round-collect-1", prepare=opened)  # fmt: skip


def cycle_summary(b: Any, large_label: str) -> list[tuple[str, float | None, float, bool | None]]:
    """(what, measured, target, ok) for the cycle targets from the cases' medians."""
    med = {c.name: c.median_ms for c in b.cases}

    def total(label: str) -> float | None:
        parts = [med.get(f"{name} ({label})") for name in CYCLE]
        return None if any(p is None for p in parts) else sum(parts) / 1000  # type: ignore[misc]

    small, large = total("55 units"), total(large_label)
    one, many = med.get("round collect: one return"), med.get("round collect (55 units)")
    out: list[tuple[str, float | None, float, bool | None]] = []
    out.append(("round cycle, 55 units (s)", small, CYCLE_TARGET_S,
                None if small is None else small <= CYCLE_TARGET_S))  # fmt: skip
    ratio = None if not one or many is None else many / one
    out.append(("round collect 55 ÷ one (x)", ratio, COLLECT_RATIO,
                None if ratio is None else ratio <= COLLECT_RATIO))  # fmt: skip
    scale = None if small is None or large is None else large / small
    out.append((f"round cycle {large_label} ÷ 55 units (x)", scale, SCALE_RATIO,
                None if scale is None else scale <= SCALE_RATIO))  # fmt: skip
    return out
