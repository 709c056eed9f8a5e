"""Collecting returns: each returned sheet is known by its cells (plan, round, unit), read by the
one batch reader (`work.returns`), checked like `record-progress --from-xlsx`, and recorded in
its own transaction. A bad file is reported and the others are still recorded; the same file
read twice is a no-op; a unit's different re-send replaces its return in force (the replaced
records are kept in the event, and undo puts them back).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from guantask.changes import register
from guantask.errors import GuantaskError
from guantask.i18n import _
from guantask.store import Database
from guantask.store import rounds as st
from guantask.store.events import log_event
from guantask.store.plans import PlanRef

SUFFIXES = (".xlsx", ".csv")


@dataclass
class FileResult:
    """What became of one file: recorded, replaced, unchanged, refused or invalid (dry run:
    would-record, would-replace)."""

    path: str
    outcome: str
    unit: str | None = None
    round: str | None = None
    rows: int = 0
    reason: str | None = None
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.outcome in ("refused", "invalid")

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "outcome": self.outcome,
            "unit": self.unit,
            "round": self.round,
            "rows": self.rows,
            "reason": self.reason,
            "problems": [{"line": n, "message": m} for n, m in self.problems],
        }


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _DryRun(Exception):
    pass


def files_of(paths: Iterable[str]) -> list[Path]:
    """The files named and the .xlsx/.csv files inside the folders named (each once), in the
    order given; a folder's files by name. Lock files (~$...) and hidden files are skipped."""
    from guantask.errors import UsageError

    out: dict[Path, Path] = {}
    for text in paths:
        p = Path(text)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not f.name.startswith(("~$", ".", ".~lock"))
            )
            for f in found:
                out.setdefault(f.resolve(), f)
        elif p.is_file():
            out.setdefault(p.resolve(), p)
        else:
            raise UsageError(_("{path} is neither a file nor a folder").format(path=text))
    return list(out.values())


def collect(
    db: Database,
    plan: PlanRef,
    paths: Sequence[Path],
    *,
    today: date,
    by: str,
    now: str,
    dry_run: bool = False,
) -> list[FileResult]:
    """Record each file's return in its own transaction; one result per file."""
    return [collect_file(db, plan, p, today=today, by=by, now=now, dry_run=dry_run) for p in paths]


def collect_file(
    db: Database, plan: PlanRef, path: Path, *, today: date, by: str, now: str, dry_run: bool
) -> FileResult:
    from guantask.work.returns import BatchInvalid

    result = FileResult(str(path), "refused")
    try:
        from guantask.work.returns import load_return

        data = load_return(str(path), stdin=sys.stdin.buffer)
        rows, batch = _read(path, data)
        plan_cell, round_cell, unit = _identity(rows)
        result.unit, result.round = unit, round_cell
        if plan_cell != plan.doc_number:
            raise _Refused(
                _("the sheet is from plan {other}, not {plan}").format(
                    other=plan_cell, plan=plan.doc_number
                )
            )
        rnd = _round(db, plan, round_cell)
        sheet = st.round_units(db, rnd["id"]).get(unit)
        if sheet is None:
            raise _Refused(
                _("{unit} got no sheet in round {round}").format(unit=unit, round=round_cell)
            )
        wrong = [(line, g.task_no) for line, g in batch.rows if g.task_no not in sheet]
        if wrong:
            problems = [
                (line, _("task {no} is not on {unit}'s sheet").format(no=no, unit=unit))
                for line, no in wrong
            ]
            raise BatchInvalid(problems, source=str(path))
        _record(db, plan, rnd, unit, batch, data, result, today=today, by=by, now=now,
                dry_run=dry_run)  # fmt: skip
    except _Refused as err:
        result.outcome, result.reason = "refused", err.reason
    except BatchInvalid as err:
        result.outcome, result.reason, result.problems = "invalid", str(err), err.problems
    except GuantaskError as err:
        result.outcome, result.reason = "refused", str(err)
    except OSError as err:
        result.outcome, result.reason = "refused", err.strerror or str(err)
    return result


def _record(
    db: Database,
    plan: PlanRef,
    rnd: dict[str, Any],
    unit: str,
    batch: Any,
    data: bytes,
    result: FileResult,
    *,
    today: date,
    by: str,
    now: str,
    dry_run: bool,
) -> None:
    from guantask.work.batch import validate_batch
    from guantask.work.progress import insert_entries

    sha = hashlib.sha256(data).hexdigest()
    try:
        with db.write():
            current = st.current_return(db, rnd["id"], unit)
            if current is not None and current["sha256"] == sha:
                result.outcome = "unchanged"
                result.rows = current["rows"]
                return
            entries = []
            if batch.rows or batch.problems:
                entries = validate_batch(batch, db=db, plan=plan, today=today, by=by)
            result.rows = len(entries)
            replacing = current is not None
            if dry_run:
                result.outcome = "would-replace" if replacing else "would-record"
                raise _DryRun
            old_rows: list[dict[str, Any]] = []
            if current is not None:
                old_rows = st.progress_rows(db, current["progress"])
                st.delete_progress(db, current["progress"])
            records = insert_entries(db, plan, entries, now=now)
            filled = "、".join(dict.fromkeys(g.by for _l, g in batch.rows if g.by)) or None
            rid = st.insert_return(
                db,
                round_id=rnd["id"],
                unit=unit,
                sha256=sha,
                source=result.path,
                received=today.isoformat(),
                at=now,
                filled_by=filled,
                rows=len(records),
                progress=[r["id"] for r in records],
            )
            if current is not None:
                st.set_replaced(db, current["id"], rid)
            nos = list(dict.fromkeys(r["task"] for r in records))
            verb = "replaced" if replacing else "recorded"
            fields: dict[str, Any] = {
                "by": by,
                "at": now,
                "summary": f"{verb} {unit}'s return for round {rnd['period']}: "
                f"{len(records)} rows from {Path(result.path).name}",
                "plan_id": plan.id,
                "before": None
                if current is None
                else {"return": current["id"], "records": old_rows},
                "after": {"tasks": nos, "unit": unit, "round": rnd["period"], "records": records},
                "undo": {
                    "return": rid,
                    "progress": [r["id"] for r in records],
                    "replaced": None if current is None else current["id"],
                    "restore": old_rows,
                },
            }
            if replacing:
                log_event(db, kind="round-replace", **fields)
            else:
                log_event(db, kind="round-return", **fields)
            result.outcome = "replaced" if replacing else "recorded"
    except _DryRun:
        pass


def _read(path: Path, data: bytes) -> tuple[list[dict[str, str]], Any]:
    """(every row with all its columns, the batch of the filled rows) of a returned sheet, read
    by the one batch reader (xlsx or CSV in the encodings it takes, told by content)."""
    from guantask.work import returns

    source = str(path)
    if data.startswith(b"PK"):
        from guantask.work.returns_xlsx import xlsx_grid

        grid, _notes = xlsx_grid(data, source=source)
    else:
        from guantask.work.returns_csv import csv_grid, decode_return

        text, encoding = decode_return(data, source=source)
        grid = csv_grid(text, source=source, tabs=encoding == "UTF-16")
    return _cells(grid), returns.table_batch(grid, source=source)


def _cells(grid: Sequence[tuple[int, Sequence[Any]]]) -> list[dict[str, str]]:
    """The sheet's rows as {header word: text}, every column kept (plan, round, unit too)."""
    from guantask.vocab import header_key

    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for _line, cells in grid:
        texts = ["" if c is None else str(c).strip() for c in cells]
        if not any(texts):
            continue
        if header is None:
            header = [header_key(t) for t in texts]
            continue
        rows.append(dict(zip(header, texts, strict=False)))
    return rows


def _identity(rows: Sequence[dict[str, str]]) -> tuple[str, str, str]:
    """The plan, round and unit the sheet's cells name (each exactly one)."""
    found = []
    for column in ("plan", "round", "unit"):
        values = {r.get(column, "").strip() for r in rows} - {""}
        if not values:
            raise _Refused(
                _("not a round sheet: no {column} column (sheets come from `round open`)").format(
                    column=column
                )
            )
        if len(values) > 1:
            raise _Refused(
                _("the sheet names more than one {column}: {values}").format(
                    column=column, values="、".join(sorted(values))
                )
            )
        found.append(values.pop())
    return found[0], found[1], found[2]


def _round(db: Database, plan: PlanRef, period: str) -> dict[str, Any]:
    """The round a sheet names, if it is the one being collected (the plan's newest)."""
    newest = st.newest_round(db, plan.id)
    rnd = st.round_by_period(db, plan.id, period)
    if rnd is None:
        raise _Refused(_("there is no round {round} in this plan").format(round=period))
    if newest is not None and newest["id"] != rnd["id"]:
        raise _Refused(
            _("the sheet is from the old round {round}; returns now go to {newest}").format(
                round=period, newest=newest["period"]
            )
        )
    return rnd


def undo_return(db: Database, undo: dict[str, Any]) -> str:
    """Revert a return: remove its records and the return; a replacement puts back the
    return it replaced, with its records."""
    n = st.delete_progress(db, undo["progress"])
    if undo.get("replaced") is not None:
        st.set_replaced(db, undo["replaced"], None)
        st.delete_return(db, undo["return"])
        st.restore_progress(db, undo["restore"])
        return f"removed the re-sent return ({n} records) and put back the one it replaced"
    st.delete_return(db, undo["return"])
    return f"removed a return and its {n} progress record{'s' if n != 1 else ''}"


register("round-return", undo=undo_return)
register("round-replace", undo=undo_return)
