"""`overdue`: the red tasks with their days late, a table for people or records for scripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guantask.i18n import _
from guantask.models import TASK_FIELDS
from guantask.render.cells import prose_cell, text_cell
from guantask.render.labels import LIGHT_STYLE, REASONS_WIDTH, late_text, reasons_text
from guantask.render.output import Format, Output
from guantask.reports.rows import short_text

if TYPE_CHECKING:
    from guantask.reports.overdue import LateTask

WIDE_TABLE = 120  # terminal width from which `overdue` shows every field in its own column

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
        out.records([t.to_dict() for t in items], fmt, fields=fields, headers=headers)
        return
    if not items:
        out.message(_("no overdue tasks"))
        return

    wide = out.console.width >= WIDE_TABLE
    due_column = out.console.width >= 100
    table = out.new_table(expand=True)
    table.add_column(_("ID"), justify="right", no_wrap=True)
    table.add_column(_("Late"), justify="right", no_wrap=True)
    if due_column:
        table.add_column(_("Due"), no_wrap=True)
    table.add_column(_("Task"), ratio=1, min_width=12, overflow="fold")
    if wide:
        table.add_column(_("Leaders"), no_wrap=True)
        table.add_column(_("Lead units"), no_wrap=True)
        table.add_column(_("Assignee"), overflow="fold")
    else:  # leaders, assignee and last update go under the task text
        table.add_column(_("Lead units"), no_wrap=True)  # names are never cut
    table.add_column("%", justify="right", no_wrap=True)
    if wide:
        table.add_column(_("Updated"), no_wrap=True)
    table.add_column(_("Reasons"), overflow="fold", max_width=REASONS_WIDTH if due_column else 10)
    for t in items:
        r = t.row
        late = text_cell(late_text(t.days_late), LIGHT_STYLE.get(r.light or "", ""))
        task = short_text(r.text, 30)
        units = text_cell("\n".join(r.lead_units))
        reasons = text_cell(reasons_text(r.reasons))
        percent = str(r.percent or 0)
        if wide:
            table.add_row(
                str(r.id),
                late,
                r.due,
                prose_cell(task),
                text_cell("\n".join(r.leaders)),
                units,
                text_cell(r.assignee or "-"),
                percent,
                r.last_update or "-",
                reasons,
            )
            continue
        if not due_column:
            task += f"\n{_('Due')}: {r.due}"
        task += f"\n{_('Leaders')}: {'、'.join(r.leaders) or '-'}"
        if r.assignee:
            task += f"\n{_('Assignee')}: {r.assignee}"
        task += f"\n{_('Updated')}: {r.last_update or '-'}"
        due = [r.due] if due_column else []
        table.add_row(str(r.id), late, *due, prose_cell(task), units, percent, reasons)
    out.table(table)
