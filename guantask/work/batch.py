"""Applying a batch: every row checked first, then all records written in one change, or none.

The rows come from the one batch reader (`work.returns`) as progress inputs; each is checked by
the same `Preparer` as a single `record-progress`. All bad rows are reported at once, each at
its line. No typer or rich here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from guantask.errors import GuantaskError
from guantask.i18n import _
from guantask.store import Database
from guantask.store.plans import PlanRef
from guantask.work.progress import Preparer, ProgressEntry, write_progress
from guantask.work.returns import Batch, BatchInvalid, rows_batch


def validate_batch(
    batch: Batch,
    *,
    db: Database,
    plan: PlanRef,
    today: date,
    by: str,
    reopen: bool = False,
) -> list[ProgressEntry]:
    """Check every row of a batch (call inside `db.write()`); raises `BatchInvalid` listing
    (line, message) for every bad row, unreadable or refused, in line order."""
    prep = Preparer(db, plan, today, by, reopen)
    entries: list[ProgressEntry] = []
    problems = list(batch.problems)
    for line, given in batch.rows:
        try:
            entries.append(prep.prepare(given))
        except GuantaskError as err:
            problems.append((line, str(err)))
    if problems:
        raise BatchInvalid(sorted(problems, key=lambda p: p[0]), source=batch.source)
    if not entries:
        raise BatchInvalid([(1, _("no rows to record"))], source=batch.source)
    return entries


def validate_rows(
    rows: Sequence[Mapping[str, Any]],
    *,
    db: Database,
    plan: PlanRef,
    today: date,
    by: str,
    reopen: bool = False,
    lines: Sequence[int] | None = None,
    source: str = "batch",
) -> list[ProgressEntry]:
    """`validate_batch` of rows that map the batch columns to text or to cell values (int,
    float, date from a spreadsheet); `lines` default to row i on line i + 2."""
    batch = rows_batch(rows, source=source, lines=lines)
    return validate_batch(batch, db=db, plan=plan, today=today, by=by, reopen=reopen)


def record_batch(
    db: Database,
    plan: PlanRef,
    batch: Batch,
    *,
    today: date,
    by: str,
    now: str,
    reopen: bool = False,
) -> list[dict[str, Any]]:
    """Check every row, then write them all in one transaction (or nothing)."""
    with db.write():
        entries = validate_batch(batch, db=db, plan=plan, today=today, by=by, reopen=reopen)
        return write_progress(db, plan, entries, by=by, now=now, source=batch.source)
