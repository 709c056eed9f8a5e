"""Task exports: the tasks a filter selects, as JSON, CSV or xlsx with chosen columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from guantask.errors import UsageError
from guantask.exchange.formats import to_csv, to_json, to_xlsx
from guantask.i18n import _
from guantask.models import TASK_FIELDS
from guantask.store import Database
from guantask.store.plans import PlanRef

# The columns of an export, in order: the task's fields (models.TASK_FIELDS) but the extra ones,
# and the latest note; `--fields` may also pick the extra ones.
EXTRA_FIELDS = ("plan", "subsection", "reasons")
EXPORT_FIELDS = (*(f for f in TASK_FIELDS if f not in EXTRA_FIELDS), "latest_note")


def export_records(
    db: Database, *, plan: PlanRef, expr: Any | None, today: date
) -> list[dict[str, Any]]:
    """The tasks a filter selects (None: all), as export records with their latest note."""
    from guantask.filters.find import find_tasks
    from guantask.store.admin import latest_notes

    rows = find_tasks(db, plan=plan, expr=expr, today=today)
    notes = latest_notes(db, plan.id)
    return [{**row.to_dict(), "latest_note": notes.get(row.no)} for row in rows]


def select_fields(
    records: Sequence[Mapping[str, Any]], fields: Sequence[str] | None
) -> list[dict[str, Any]]:
    """Records with the export's columns (or `fields`) in order."""
    keys = list(fields) if fields else list(EXPORT_FIELDS)
    return [{k: r.get(k) for k in keys} for r in records]


def export_bytes(
    records: Sequence[Mapping[str, Any]],
    *,
    fmt: str,
    fields: Sequence[str] | None = None,
    excel: bool = False,
    formula_safe: bool = False,
    title: str = "tasks",
    lang: str = "en",
) -> bytes:
    """An export file's content: `fmt` json, csv or xlsx (`formula_safe`: see `to_csv`). Only
    xlsx, a file people open, follows `lang`; JSON and CSV keep the English keys and codes."""
    selected = select_fields(records, fields)
    keys = list(fields) if fields else list(EXPORT_FIELDS)
    if fmt == "json":
        return to_json(selected)
    if fmt == "csv":
        return to_csv(selected, keys=keys, excel=excel, formula_safe=formula_safe)
    if fmt == "xlsx":
        return to_xlsx(selected, keys=keys, title=title, lang=lang)
    raise UsageError(_("unknown export format {fmt}").format(fmt=fmt))
