"""`show`: one task in full (text, section, lights, targets, assignments, progress, extensions,
history) as key/value and tables for people, or one JSON object.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from guantask.i18n import _
from guantask.render.cells import prose_cell, text_cell
from guantask.render.labels import LIGHT_STYLE, light_label, status_label
from guantask.render.output import Format, Output

if TYPE_CHECKING:
    from guantask.filters.find import TaskDetail


def _num(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def task_detail(out: Output, detail: TaskDetail, fmt: Format) -> None:
    """`show`: one task in full, as a key/value table or one JSON object."""
    if fmt is not Format.TABLE:
        out.write(json.dumps(detail.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    r = detail.row
    section = f"{r.section} {detail.section_title or ''}".strip()
    if r.subsection is not None:
        section += f" / {r.subsection} {detail.subsection_title or ''}".rstrip()
    due = f"{r.due} ({detail.due_source})"
    if r.due != detail.plan_due:
        due += f"; {_('plan due')} {detail.plan_due}"
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    light = text_cell(light_label(r.light), LIGHT_STYLE.get(r.light or "", ""))
    if r.reasons:
        light.append(" (" + ", ".join(_(x) for x in r.reasons) + ")")
    fields = [
        (_("Task"), text_cell(f"{r.id}  [{r.plan}]")),
        (_("Text"), prose_cell(r.text)),
        (_("Section"), text_cell(section)),
        (_("Leaders"), text_cell("、".join(r.leaders))),
        (_("Lead units"), text_cell("、".join(r.lead_units))),
        (_("Responsible units"), text_cell("、".join(r.responsible_units) or "-")),
        (_("Due"), text_cell(due)),
        (_("Status"), text_cell(f"{status_label(r.status)}  {r.percent or 0}%")),
        (_("Light"), light),
        (_("Assignee"), text_cell(r.assignee or "-")),
        (_("Last update"), text_cell(r.last_update or "-")),
    ]
    if detail.removed:
        fields.append((_("Note"), text_cell(_("not in the latest version of the plan"))))
    for k, v in fields:
        grid.add_row(k, v)
    out.console.print(grid)
    if detail.targets:
        t = out.new_table(title=_("Targets"), title_justify="left")
        for col in (_("Metric"), _("Kind"), _("Target"), _("Actual")):
            t.add_column(col, no_wrap=col != _("Metric"))
        for g in detail.targets:
            target = f"{'≥' if g['at_least'] else ''}{_num(g['value'])} {g['unit']}".strip()
            actual = "-" if g["actual"] is None else f"{_num(g['actual'])} {g['unit']}".strip()
            t.add_row(text_cell(g["metric"]), _(g["kind"]), text_cell(target), text_cell(actual))
        out.console.print()
        out.console.print(t)
    _detail_work(out, detail)
    if detail.history:
        h = out.new_table(title=_("History"), title_justify="left")
        for col in (_("When"), _("Who"), _("What")):
            h.add_column(col, overflow="fold")
        for e in detail.history:
            what = e["summary"] + (f" ({_('undone')})" if e["reverted"] else "")
            h.add_row(text_cell(e["at"]), text_cell(e["by"]), prose_cell(what))
        out.console.print()
        out.console.print(h)


def _detail_work(out: Output, detail: TaskDetail) -> None:
    """`show`: the assignment, progress (with values) and extension history of a task."""
    assignments, progress, extensions = detail.assignments, detail.progress, detail.extensions
    if assignments:
        t = out.new_table(title=_("Assignments"), title_justify="left")
        for col in (_("When"), _("Assignee"), _("Unit"), _("Due"), _("Note"), _("By")):
            t.add_column(col, overflow="fold")
        for a in assignments:
            t.add_row(
                text_cell(a["at"][:10]),
                text_cell(a["assignee"] or f"({_('cleared')})"),
                text_cell(a["unit"] or "-"),
                text_cell(a["due"] or "-"),
                prose_cell(a["note"] or ""),
                text_cell(a["by"]),
            )
        out.console.print()
        out.console.print(t)
    if progress:
        t = out.new_table(title=_("Progress"), title_justify="left")
        for col in (_("Date"), "%", _("Status"), _("Values"), _("Note"), _("By")):
            t.add_column(col, overflow="fold", justify="right" if col == "%" else "left")
        for p in progress:
            values = "\n".join(
                f"{v['metric']} {_num(v['value'])}{v['unit']}"
                + (f" ({v['as_written']})" if v["as_written"] != _num(v["value"]) else "")
                for v in p["values"]
            )
            t.add_row(
                text_cell(p["date"]),
                str(p["percent"]),
                text_cell(
                    status_label(p["status"]) if p["status"] != "on-track" else _("on track")
                ),
                text_cell(values),
                prose_cell(p["note"] or ""),
                text_cell(p["by"]),
            )
        out.console.print()
        out.console.print(t)
    if extensions:
        t = out.new_table(title=_("Extensions"), title_justify="left")
        for col in (_("When"), _("Old due"), _("New due"), _("Reason"), _("By")):
            t.add_column(col, overflow="fold")
        for x in extensions:
            t.add_row(
                text_cell(x["at"][:10]),
                text_cell(x["old_due"]),
                text_cell(x["new_due"]),
                prose_cell(x["reason"]),
                text_cell(x["by"]),
            )
        out.console.print()
        out.console.print(t)
