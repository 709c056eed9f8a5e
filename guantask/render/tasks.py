"""Task tables: `list`/`filter` (a table for people, records for scripts) and the name counts of
`leaders` and `units`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guantask.i18n import _
from guantask.render.labels import LIGHT_STYLE, light_label
from guantask.render.output import Format, Output, clean

if TYPE_CHECKING:
    from guantask.models import TaskRow


def tasks(
    out: Output,
    rows: Sequence[TaskRow],
    fmt: Format,
    *,
    fields: Sequence[str] | None = None,
    headers: bool = True,
    title: str | None = None,
) -> None:
    """A list of tasks in any format; an empty list prints nothing (and a note on a terminal)."""
    if fmt is not Format.TABLE:
        from guantask.models import TASK_FIELDS

        records = [r.to_dict() for r in rows]
        out.records(records, fmt, fields=fields, headers=headers, keys=TASK_FIELDS)
        return
    if not rows:
        out.message(_("no tasks match"))
        return

    from guantask.render.fit import Cell, Col, fit_table

    # The table-width rule (README): id, light, due and % are never cut; the task text wraps;
    # when the terminal is too narrow, leaders and then lead units are left out (`show` has them).
    cols = [
        Col(_("ID"), justify="right"),
        Col(_("Light")),
        Col(_("Task"), kind="prose"),
        Col(_("Leaders"), kind="names", drop=2),
        Col(_("Lead units"), kind="names", drop=1),
        Col(_("Due")),
        Col("%", justify="right"),
    ]
    body = [
        [
            str(r.no),
            Cell(light_label(r.light), LIGHT_STYLE.get(r.light or "", "")),
            clean(r.text, keep_newlines=False),
            "\n".join(clean(n, keep_newlines=False) for n in r.leaders),
            "\n".join(clean(n, keep_newlines=False) for n in r.lead_units),
            r.due,
            str(r.percent if r.percent is not None else ""),
        ]
        for r in rows
    ]
    out.table(fit_table(out, cols, body, title=title))


def name_counts(
    out: Output, rows: Sequence[tuple[str, int, int]], fmt: Format, *, kind: str
) -> None:
    """`leaders` and `units`: each name with its number of tasks as lead and as responsible."""
    records = [
        {"name": n, "lead": lead, "responsible": resp}
        if kind == "unit"
        else {"name": n, "tasks": lead}
        for n, lead, resp in rows
    ]
    if fmt is Format.IDS:
        for r in records:
            out.write(clean(r["name"], keep_newlines=False) + "\n")
        return
    if fmt is not Format.TABLE:
        out.records(records, fmt)
        return

    from guantask.render.fit import Col, fit_table

    cols = [Col(_("Leader") if kind == "leader" else _("Unit"), kind="names")]
    if kind == "leader":
        cols.append(Col(_("Tasks"), justify="right"))
    else:
        cols += [Col(_("As lead"), justify="right"), Col(_("As responsible"), justify="right")]
    body = [[r["name"], *(str(v) for k, v in r.items() if k != "name")] for r in records]
    out.table(fit_table(out, cols, body))
