"""`overdue`: the red tasks with their days late, a table for people or records for scripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guantask.i18n import _
from guantask.models import TASK_FIELDS
from guantask.render.cells import one_line
from guantask.render.labels import LIGHT_STYLE, REASONS_WIDTH, days_late_text, reasons_text
from guantask.render.output import Format, Output

if TYPE_CHECKING:
    from guantask.reports.overdue import LateTask

OVERDUE_FIELDS = (*TASK_FIELDS, "days_late")


def overdue(
    out: Output,
    items: Sequence[LateTask],
    fmt: Format,
    *,
    fields: Sequence[str] | None = None,
    headers: bool = True,
) -> None:
    """`overdue`: the tasks with their days late, in any format."""
    if fmt is not Format.TABLE:
        records = [t.to_dict() for t in items]
        out.records(records, fmt, fields=fields, headers=headers, keys=OVERDUE_FIELDS)
        return
    if not items:
        out.message(_("no overdue tasks"))
        return

    from guantask.render.fit import Cell, Col, fit_table

    # The table-width rule: id, days late, due and % are never cut; the task text and reasons
    # wrap; on a narrow terminal updated, assignee, leaders, reasons and lead units are left out,
    # in that order (`show` has them all).
    cols = [
        Col(_("ID"), justify="right"),
        Col(_("Late"), justify="right"),
        Col(_("Due")),
        Col(_("Task"), kind="prose", min_width=16),
        Col(_("Leaders"), kind="names", drop=3),
        Col(_("Lead units"), kind="names", drop=1),
        Col(_("Assignee"), kind="names", drop=4),
        Col("%", justify="right"),
        Col(_("Updated"), drop=5),
        Col(_("Reasons"), kind="prose", max_width=REASONS_WIDTH, min_width=8, drop=2),
    ]
    body = [
        [
            str(t.row.no),
            Cell(days_late_text(t.days_late), LIGHT_STYLE.get(t.row.light or "", "")),
            t.row.due,
            one_line(t.row.text),
            "\n".join(t.row.leaders),
            "\n".join(t.row.lead_units),
            t.row.assignee or "-",
            str(t.row.percent or 0),
            t.row.last_update or "-",
            reasons_text(t.row.reasons),
        ]
        for t in items
    ]
    out.table(fit_table(out, cols, body))
