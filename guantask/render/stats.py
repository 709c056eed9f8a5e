"""`stats`: one row per leader, lead unit or section, and the total; also the weekly report's
statistics cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guantask.i18n import _
from guantask.render.cells import one_line
from guantask.render.output import Format, Output

if TYPE_CHECKING:
    from guantask.reports.stats import StatRow


def stats(
    out: Output,
    rows: Sequence[StatRow],
    total: StatRow,
    fmt: Format,
    *,
    by: str,
    headers: bool = True,
) -> None:
    """`stats`: one row per leader, lead unit or section; tables end with the total."""
    if fmt is Format.IDS:
        for s in rows:
            out.write(one_line(s.name) + "\n")
        return
    if fmt is not Format.TABLE:
        keys = ("section", *STAT_FIELDS) if by == "section" else STAT_FIELDS
        out.records([s.to_dict() for s in rows], fmt, id_field="name", keys=keys, headers=headers)
        return
    if not rows:
        out.message(_("no tasks match"))
        return
    from guantask.render.fit import Col, fit_table

    cols = [Col(group_title(by), kind="prose" if by == "section" else "names")]
    heads = (_("Tasks"), _("Done"), _("Red"), _("Yellow"), _("Green"), _("Avg %"))
    cols += [Col(head, justify="right") for head in heads]
    rates = any(s.returns is not None for s in rows)
    if rates:
        cols.append(Col(_("Returned on time"), justify="right"))
    body = [[s.name, *stat_cells(s), *([_rate(s.returns)] if rates else [])] for s in rows]
    body.append([_("Total"), *stat_cells(total), *([""] if rates else [])])
    out.table(fit_table(out, cols, body, ends=(len(rows) - 1,)))


STAT_FIELDS = ("name", "tasks", "done", "red", "yellow", "green", "average_percent")


def group_title(by: str) -> str:
    return {
        "leader": _("Leader"),
        "unit": _("Lead unit"),
        "section": _("Section"),
        "issuer": _("Issuer"),
    }[by]


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
