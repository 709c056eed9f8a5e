"""Fill-in templates: one unit's tasks in the batch columns of `record-progress --from-csv/
--from-xlsx`, followed by read-only context columns (text, due, lead_units) that the reader
ignores; rows the unit left empty are skipped when it comes back (`work.returns`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from guantask.errors import UsageError
from guantask.exchange.formats import to_csv, to_xlsx
from guantask.i18n import _
from guantask.store import Database
from guantask.store.plans import PlanRef
from guantask.work.returns import BATCH_COLUMNS, CONTEXT_COLUMNS

TEMPLATE_COLUMNS = BATCH_COLUMNS + CONTEXT_COLUMNS


def blank_row(row: Any) -> dict[str, Any]:
    """A task's template row: the batch columns empty, the context columns filled in."""
    return {
        "id": row.no,
        "percent": None,
        "status": None,
        "value": None,
        "note": None,
        "date": None,
        "by": None,
        "text": row.text,
        "due": row.due,
        "lead_units": list(row.lead_units),
    }


def template_records(
    db: Database, *, plan: PlanRef, unit: str, today: date
) -> tuple[str, list[dict[str, Any]]]:
    """(the unit's name, one template row per task it leads or is responsible for)."""
    from guantask.filters.find import find_tasks
    from guantask.filters.language import terms_expr
    from guantask.work.assign import resolve_unit

    name = resolve_unit(db, unit)
    rows = find_tasks(db, plan=plan, expr=terms_expr([("unit", ":", name)]), today=today)
    records = [
        blank_row(r)
        for r in rows
        if r.status != "signed-off"  # nothing more to report on a task that is signed off
    ]
    return name, records


def template_bytes(
    records: Sequence[Mapping[str, Any]], *, fmt: str, unit: str, lang: str = "en"
) -> bytes:
    """A template file's content: xlsx, or CSV with BOM and CRLF (for Excel/WPS); headers and
    status words in `lang` (序号、进度、状态… with zh), read back in either language."""
    if fmt == "csv":
        return to_csv(records, keys=TEMPLATE_COLUMNS, excel=True, lang=lang)
    if fmt == "xlsx":
        return to_xlsx(
            records,
            keys=TEMPLATE_COLUMNS,
            title=unit,
            context=CONTEXT_COLUMNS,
            validate=True,
            lang=lang,
        )
    raise UsageError(_("a template is .xlsx or .csv, not {fmt}").format(fmt=fmt))


def template_bytes_with(
    records: Sequence[Mapping[str, Any]],
    *,
    fmt: str,
    unit: str,
    keys: Sequence[str],
    context: Sequence[str],
) -> bytes:
    """`template_bytes` with more read-only columns (a round's sheet: role, plan, round...)."""
    if fmt == "csv":
        return to_csv(records, keys=keys, excel=True)
    if fmt == "xlsx":
        return to_xlsx(
            records,
            keys=keys,
            title=unit,
            context=tuple(CONTEXT_COLUMNS) + tuple(context),
            validate=True,
        )
    raise UsageError(_("a template is .xlsx or .csv, not {fmt}").format(fmt=fmt))
