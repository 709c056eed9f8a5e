"""Applying a batch: every row checked first, then all records written in one change, or none.

The rows come from the one batch reader (`work.returns`) as progress inputs; each is checked by
the same `Preparer` as a single `record-progress`. All bad rows are reported at once, each at
its line. A row for a signed-off task is skipped (and shown) rather than refusing the unit's
sheet, unless `strict`; a file already recorded (same SHA-256) is refused unless `force`.
No typer or rich here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from guantask.errors import GuantaskError, Refused
from guantask.i18n import _
from guantask.store import Database
from guantask.store import work as st
from guantask.store.plans import PlanRef
from guantask.work.inputs import ProgressInput
from guantask.work.progress import Preparer, ProgressEntry, write_progress
from guantask.work.returns import Batch, BatchInvalid, rows_batch


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A returned row not recorded because its task is signed off; its text is kept."""

    line: int
    task_no: int
    text: str


@dataclass(slots=True)
class BatchResult:
    """What a batch recorded, and the signed-off rows it skipped."""

    records: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)


class AlreadyRecorded(Refused):
    """The same file (same content) was recorded before and not undone."""


def validate_batch(
    batch: Batch,
    *,
    db: Database,
    plan: PlanRef,
    today: date,
    by: str,
    reopen: bool = False,
    strict: bool = True,
    skipped: list[SkippedRow] | None = None,
) -> list[ProgressEntry]:
    """Check every row of a batch (call inside `db.write()`); raises `BatchInvalid` listing
    (line, message) for every bad row, unreadable or refused, in line order. Unless `strict`
    (or `reopen`), a row for a signed-off task goes to `skipped` instead."""
    prep = Preparer(db, plan, today, by, reopen)
    entries: list[ProgressEntry] = []
    problems = list(batch.problems)
    signed_off = set() if strict or reopen else _signed_off(db, plan, batch)
    for line, given in batch.rows:
        if given.task_no in signed_off:
            if skipped is not None:
                skipped.append(SkippedRow(line, given.task_no, row_text(given)))
            continue
        try:
            entries.append(prep.prepare(given))
        except GuantaskError as err:
            problems.append((line, str(err)))
    if problems:
        raise BatchInvalid(sorted(problems, key=lambda p: p[0]), source=batch.source)
    return entries


def _signed_off(db: Database, plan: PlanRef, batch: Batch) -> set[int]:
    nos = sorted({given.task_no for _line, given in batch.rows})
    facts = st.task_facts(db, plan.id, nos)
    return {no for no, f in facts.items() if f["status"] == "signed-off"}


def row_text(given: ProgressInput) -> str:
    """What a skipped row said, for the clerk to forward: percent, status, figures, note."""
    parts = [
        f"{given.percent}%" if given.percent is not None else "",
        given.status or "",
        *given.values,
        given.note or "",
    ]
    return " ".join(p for p in parts if p)


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
    strict: bool = False,
    force: bool = False,
) -> BatchResult:
    """Check every row, then write them all in one transaction (or nothing). A file already
    recorded is `AlreadyRecorded` unless `force`; a batch with no row to record writes nothing."""
    result = BatchResult()
    with db.write():
        if batch.digest and not force:
            earlier = st.recorded_file(db, plan.id, batch.digest)
            if earlier is not None:
                raise AlreadyRecorded(
                    _(
                        "{source} was already recorded on {at} by {by} (change {id});"
                        " nothing was written; add --force to record it again"
                    ).format(
                        source=batch.source,
                        at=str(earlier["at"])[:16].replace("T", " "),
                        by=earlier["by"],
                        id=earlier["id"],
                    )
                )
        entries = validate_batch(
            batch,
            db=db,
            plan=plan,
            today=today,
            by=by,
            reopen=reopen,
            strict=strict,
            skipped=result.skipped,
        )
        if entries:
            file = {"name": batch.source, "sha256": batch.digest} if batch.digest else None
            result.records = write_progress(
                db, plan, entries, by=by, now=now, source=batch.source, file=file
            )
    return result
