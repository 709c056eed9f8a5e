"""`stats`: one row per leader, lead unit or section, and the total; also the weekly report's
statistics cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from guantask.i18n import _
from guantask.render.cells import one_line, text_cell
from guantask.render.output import Format, Output

if TYPE_CHECKING:
    from rich.table import Table

    from guantask.reports.stats import StatRow


def stats(out: Output, rows: Sequence[StatRow], total: StatRow, fmt: Format, *, by: str) -> None:
    """`stats`: one row per leader, lead unit or section; tables end with the total."""
    if fmt is Format.IDS:
        for s in rows:
            out.write(one_line(s.name) + "\n")
        return
    if fmt is not Format.TABLE:
        out.records([s.to_dict() for s in rows], fmt, id_field="name")
        return
    if not rows:
        out.message(_("no tasks match"))
        return
    out.table(stats_table(rows, total, by=by, box=out.box()))


def group_title(by: str) -> str:
    return {
        "leader": _("Leader"),
        "unit": _("Lead unit"),
        "section": _("Section"),
        "issuer": _("Issuer"),
    }[by]


def stats_table(rows: Sequence[StatRow], total: StatRow, *, by: str, box: Any) -> Table:
    from rich.table import Table

    table = Table(box=box, pad_edge=False, show_footer=False)
    table.add_column(group_title(by), overflow="fold")
    for head in (_("Tasks"), _("Done"), _("Red"), _("Yellow"), _("Green"), _("Avg %")):
        table.add_column(head, justify="right", no_wrap=True)
    rates = any(s.returns is not None for s in rows)
    if rates:
        table.add_column(_("Returned on time"), justify="right", no_wrap=True)
    for i, s in enumerate(rows):
        extra = [_rate(s.returns)] if rates else []
        table.add_row(text_cell(s.name), *stat_cells(s), *extra, end_section=i == len(rows) - 1)
    table.add_row(_("Total"), *stat_cells(total), *([""] if rates else []))
    return table


def _rate(returns: tuple[int, int] | None) -> str:
    """Rounds returned on time ÷ rounds, e.g. `3/4 (75%)`."""
    if not returns or not returns[1]:
        return "-"
    on_time, rounds = returns
    return f"{on_time}/{rounds} ({round(100 * on_time / rounds)}%)"


def stat_cells(s: StatRow) -> list[str]:
    return [str(s.tasks), str(s.done), str(s.red), str(s.yellow), str(s.green), _percent(s)]


def _percent(s: StatRow) -> str:
    return f"{s.average_percent:.1f}"
