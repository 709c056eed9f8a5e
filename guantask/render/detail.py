"""`show`: one task in full (text, section, lights, targets, assignments, progress, extensions,
history) as key/value and tables for people, or one JSON object.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from guantask.i18n import _
from guantask.render.cells import number
from guantask.render.fit import Col, fit_table
from guantask.render.labels import LIGHT_STYLE, light_label, note_text, status_label
from guantask.render.output import DetailFormat, Output, clean

if TYPE_CHECKING:
    from guantask.filters.find import TaskDetail


def _num(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def task_detail(out: Output, detail: TaskDetail, fmt: DetailFormat) -> None:
    """`show`: one task in full, as a key/value table or one JSON object."""
    if fmt is DetailFormat.JSON:
        out.write(json.dumps(detail.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    r = detail.row
    section = f"{r.section} {detail.section_title or ''}".strip()
    if r.subsection is not None:
        section += f" / {r.subsection} {detail.subsection_title or ''}".rstrip()
    # The notice's words for the deadline, or "default" when it gave none (the year's end).
    source = _("default") if detail.due_source == "default" else detail.due_source
    due = f"{r.due} ({source})"
    if r.due != detail.plan_due:
        due += f"; {_('plan due')} {detail.plan_due}"
    from rich.cells import cell_len
    from rich.text import Text

    from guantask.render.fit import wrap_names
    from guantask.render.wrap import wrap_cells

    light = light_label(r.light)
    if r.reasons:
        light += " (" + ", ".join(_(x) for x in r.reasons) + ")"
    fields: list[tuple[str, str | list[str], str]] = [
        (_("Task"), f"{r.no}  [{r.plan}]", ""),
        (_("Text"), r.text, ""),
        (_("Section"), section, ""),
        (_("Leaders"), list(r.leaders), ""),
        (_("Lead units"), list(r.lead_units), ""),
        (_("Responsible units"), list(r.responsible_units) or "-", ""),
        (_("Due"), due, ""),
        (_("Status"), f"{status_label(r.status)}  {r.percent or 0}%", ""),
        (_("Light"), light, LIGHT_STYLE.get(r.light or "", "")),
        (_("Assignee"), r.assignee or "-", ""),
        (_("Last update"), r.last_update or "-", ""),
    ]
    if detail.removed:
        fields.append((_("Note"), _("not in the latest version of the plan"), ""))
    # Values wrap by Chinese rules (names between names) to the width the keys leave.
    keys = max(cell_len(k) for k, _v, _s in fields)
    width = max(out.console.width - keys - 2, 10)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(no_wrap=True, width=width)
    for k, v, style in fields:
        if isinstance(v, list):
            value = wrap_names(v, width)
        else:
            value = "\n".join(x for line in clean(v).split("\n") for x in wrap_cells(line, width))
        grid.add_row(k, Text(value, style=style))
    out.console.print(grid)
    if detail.targets:
        cols = [Col(_("Metric"), kind="prose"), Col(_("Kind")), Col(_("Target")), Col(_("Actual"))]
        body = []
        for g in detail.targets:
            target = f"{'≥' if g['at_least'] else ''}{number(g['value'])}{g['unit']}"
            actual = "-" if g["actual"] is None else f"{number(g['actual'])}{g['unit']}"
            body.append([g["metric"], _(g["kind"]), target, actual])
        out.console.print()
        out.console.print(fit_table(out, cols, body, title=_("Targets"), title_justify="left"))
    _detail_work(out, detail)
    if detail.history:
        from guantask.render.summaries import summary_text

        cols = [Col(_("When")), Col(_("Who"), drop=1), Col(_("What"), kind="prose")]
        body = [
            [
                e["at"],
                e["by"],
                summary_text(e["summary"]) + (f" ({_('undone')})" if e["reverted"] else ""),
            ]
            for e in detail.history
        ]
        out.console.print()
        out.console.print(fit_table(out, cols, body, title=_("History"), title_justify="left"))


def _detail_work(out: Output, detail: TaskDetail) -> None:
    """`show`: the assignment, progress (with values) and extension history of a task."""
    assignments, progress, extensions = detail.assignments, detail.progress, detail.extensions
    if assignments:
        cols = [
            Col(_("When")),
            Col(_("Assignee"), kind="names"),
            Col(_("Unit"), kind="names", drop=2),
            Col(_("Due")),
            Col(_("Note"), kind="prose", min_width=8),
            Col(_("By"), drop=1),
        ]
        body = [
            [
                a["at"][:10],
                a["assignee"] or f"({_('cleared')})",
                a["unit"] or "-",
                a["due"] or "-",
                a["note"] or "",
                a["by"],
            ]
            for a in assignments
        ]
        out.console.print()
        out.console.print(fit_table(out, cols, body, title=_("Assignments"), title_justify="left"))
    if progress:
        cols = [
            Col(_("Date")),
            Col("%", justify="right"),
            Col(_("Status")),
            Col(_("Values"), kind="prose", min_width=8),
            Col(_("Note"), kind="prose", min_width=8),
            Col(_("By"), drop=1),
        ]
        body = []
        for p in progress:
            values = "\n".join(
                f"{v['metric']} {number(v['value'])}{v['unit']}"
                + (
                    f" ({v['as_written']})"
                    if v["as_written"] not in (_num(v["value"]), number(v["value"]))
                    else ""
                )
                for v in p["values"]
            )
            status = status_label(p["status"]) if p["status"] != "on-track" else _("on track")
            note = note_text(p["note"] or "")
            body.append([p["date"], str(p["percent"]), status, values, note, p["by"]])
        out.console.print()
        out.console.print(fit_table(out, cols, body, title=_("Progress"), title_justify="left"))
    if extensions:
        cols = [
            Col(_("When")),
            Col(_("Old due")),
            Col(_("New due")),
            Col(_("Reason"), kind="prose"),
            Col(_("By"), drop=1),
        ]
        body = [
            [x["at"][:10], x["old_due"], x["new_due"], x["reason"], x["by"]] for x in extensions
        ]
        out.console.print()
        out.console.print(fit_table(out, cols, body, title=_("Extensions"), title_justify="left"))
