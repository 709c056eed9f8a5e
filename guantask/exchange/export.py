"""Task exports: the tasks a filter selects, as JSON, CSV or xlsx with chosen columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from guantask.errors import UsageError
from guantask.exchange.formats import to_csv, to_json, to_xlsx
from guantask.i18n import _
from guantask.store import Database
from guantask.store.plans import PlanRef

# The columns of an export, in order; `--fields` may also pick the extra ones.
EXPORT_FIELDS = (
    "id",
    "section",
    "text",
    "leaders",
    "lead_units",
    "responsible_units",
    "due",
    "status",
    "percent",
    "light",
    "assignee",
    "last_update",
    "latest_note",
)
EXTRA_FIELDS = ("plan", "subsection", "reasons")


def export_records(
    db: Database, *, plan: PlanRef, expr: Any | None, today: date
) -> list[dict[str, Any]]:
    """The tasks a filter selects (None: all), as export records with their latest note."""
    from guantask.filters.find import find_tasks
    from guantask.store.admin import latest_notes

    rows = find_tasks(db, plan=plan, expr=expr, today=today)
    notes = latest_notes(db, plan.id)
    return [{**row.to_dict(), "latest_note": notes.get(row.id)} for row in rows]


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
) -> bytes:
    """An export file's content: `fmt` json, csv or xlsx (`formula_safe`: see `to_csv`)."""
    selected = select_fields(records, fields)
    keys = list(fields) if fields else list(EXPORT_FIELDS)
    if fmt == "json":
        return to_json(selected)
    if fmt == "csv":
        return to_csv(selected, keys=keys, excel=excel, formula_safe=formula_safe)
    if fmt == "xlsx":
        return to_xlsx(selected, keys=keys, title=title)
    raise UsageError(_("unknown export format {fmt}").format(fmt=fmt))
