"""Task tables: `list`/`filter` (a table for people, records for scripts) and the name counts of
`leaders` and `units`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guantask.i18n import _
from guantask.render.cells import text_cell
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
        out.records([r.to_dict() for r in rows], fmt, fields=fields, headers=headers)
        return
    if not rows:
        out.message(_("no tasks match"))
        return

    from rich.cells import cell_len

    from guantask.render.wrap import wrap_cells

    # Below 100 columns the leaders give their width to the task text (`show` has them all).
    width = out.console.width
    wide = width >= 100
    headers = [_("ID"), _("Light"), _("Task"), _("Leaders"), _("Lead units"), _("Due"), "%"]
    body = [
        [
            str(r.id),
            light_label(r.light),
            clean(r.text, keep_newlines=False),
            "\n".join(clean(n, keep_newlines=False) for n in r.leaders),
            "\n".join(clean(n, keep_newlines=False) for n in r.lead_units),
            r.due,
            str(r.percent if r.percent is not None else ""),
        ]
        for r in rows
    ]
    keep = [c for c in range(len(headers)) if wide or c != 3]

    def cells(col: int) -> int:
        return max(
            cell_len(x) for v in [headers[col], *(b[col] for b in body)] for x in v.split("\n")
        )

    # The task text is wrapped here, by the rules of Chinese line breaking (no line starts with
    # ，。 etc.), to the width the other columns leave; Rich would cut it anywhere.
    others = sum(cells(c) for c in keep if c != 2)
    gaps = 3 * (len(keep) - 1) + (4 if out.ascii_box else 0)
    text_width = max(16, min(width - others - gaps, cells(2)))
    table = out.new_table(title=title)
    for c in keep:
        if c == 2:
            table.add_column(headers[c], width=text_width, overflow="fold")
        else:
            table.add_column(headers[c], no_wrap=True, justify="right" if c in (0, 6) else "left")
    for r, b in zip(rows, body, strict=True):
        b[2] = "\n".join(wrap_cells(b[2], text_width))
        row = [text_cell(b[c], LIGHT_STYLE.get(r.light or "", "") if c == 1 else "") for c in keep]
        table.add_row(*row)
    out.table(table)


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

    table = out.new_table()
    table.add_column(_("Leader") if kind == "leader" else _("Unit"), no_wrap=True)
    if kind == "leader":
        table.add_column(_("Tasks"), justify="right")
    else:
        table.add_column(_("As lead"), justify="right")
        table.add_column(_("As responsible"), justify="right")
    for r in records:
        values = [str(v) for k, v in r.items() if k != "name"]
        table.add_row(text_cell(r["name"]), *values)
    out.table(table)
