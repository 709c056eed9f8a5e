"""The weekly report's sections, built once and drawn alike by the text, Markdown and HTML modules.

A block is a heading, lines and a table of cells; a cell is a string, names (a tuple, one per
line), a light (`Lit`, coloured in HTML) or a shortened task text (`Abbr`, full text kept in HTML).
"""

from __future__ import annotations

from itertools import zip_longest
from typing import TYPE_CHECKING, NamedTuple

from guantask.i18n import _
from guantask.render.cells import number, one_line
from guantask.render.labels import (
    REASONS_WIDTH,
    days_late_text,
    late_text,
    light_label,
    note_text,
    reasons_text,
    status_label,
    week_title,
)
from guantask.render.stats import stat_cells
from guantask.reports.rows import short_text

if TYPE_CHECKING:
    from guantask.reports.overdue import LateTask
    from guantask.reports.weekly import TargetLine, WeeklyReport

TEXT_SHORT = 21  # characters of task text in the weekly report's tables
UNITS_WIDTH = 22  # cells of a lead unit's name before the text format folds it


class Lit:
    """A cell that shows a light (coloured in HTML)."""

    __slots__ = ("light", "text")

    def __init__(self, light: str, text: str) -> None:
        self.light = light
        self.text = text


class Abbr:
    """A shortened task text; HTML keeps the full text as its tooltip."""

    __slots__ = ("full", "short")

    def __init__(self, short: str, full: str) -> None:
        self.short = short
        self.full = full


Cell = str | tuple[str, ...] | Lit | Abbr  # a tuple: names, one per line


class Column(NamedTuple):
    header: str
    right: bool = False
    wrap: bool = False  # the column that takes the rest of the width
    max_width: int | None = None  # text: fold longer cells (unit names) to leave room for text


class Block(NamedTuple):
    """One section of the report, the same for every format."""

    key: str
    heading: str
    lines: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    total: tuple[Cell, ...] | None = None
    empty: str = ""
    fit: bool = False  # HTML: as wide as its content, not the page


class Marks(NamedTuple):
    """The few characters that differ between plain text (mail-safe, one cell wide) and the rest."""

    ellipsis: str
    arrow: str
    at_least: str
    compact: bool  # fewer, narrower columns for a fixed width


# " ..." keeps the dots together when Rich wraps a cell (a lone word is never split).
TEXT_MARKS = Marks(ellipsis=" ...", arrow="->", at_least=">=", compact=True)
RICH_MARKS = Marks(ellipsis="…", arrow="→", at_least="≥", compact=False)


def title(report: WeeklyReport) -> str:
    w = report.week
    return f"{_('Weekly report')} {week_title(w.year, w.number, w.start, w.end)}"


def period(report: WeeklyReport) -> str:
    w = report.week
    return _("Week {start} to {end}, as of {as_of}").format(
        start=w.start, end=w.end, as_of=report.as_of
    )


def rules(report: WeeklyReport) -> str:
    th = report.thresholds
    return _(
        "Red: past due or blocked. Yellow: due within {warn} days, at risk, no progress for"
        " more than {stale} days, or {behind} points or more behind schedule."
    ).format(warn=th.warn_days, stale=th.stale_days, behind=th.behind_points)


def _short(text: str, m: Marks) -> Abbr:
    return Abbr(short_text(text, TEXT_SHORT, m.ellipsis), text)


def _light_cell(light: str | None) -> Lit:
    return Lit(light or "", light_label(light))


def blocks(report: WeeklyReport, m: Marks) -> list[Block]:
    th = report.thresholds
    t = report.totals
    statuses = [(status_label(k), str(n)) for k, n in t.by_status.items()]
    lits: list[tuple[Cell, str]] = [(_light_cell(k), str(n)) for k, n in t.by_light.items()]
    pairs = zip_longest(statuses, lits, fillvalue=("", ""))
    blocks = [
        Block(
            key="totals",
            heading=_("Totals"),
            lines=(f"{_('Tasks')}: {t.tasks}",),
            columns=(
                Column(_("Status")),
                Column(_("Tasks"), right=True),
                Column(_("Light")),
                Column(_("Tasks"), right=True),
            ),
            rows=tuple((*a, *b) for a, b in pairs),
            fit=True,
        ),
    ]
    blocks.append(
        Block(
            key="progress",
            heading=f"{_('Progress recorded this week')} ({len(report.progress)})",
            columns=(
                Column(_("ID"), right=True),
                Column(_("Task"), wrap=True),
                Column(_("Lead units"), max_width=UNITS_WIDTH),
                Column(f"{_('Before')} {m.arrow} {_('After')}"),
                Column(_("Note"), wrap=True),
            ),
            rows=tuple(
                (
                    str(p.row.no),
                    _short(p.row.text, m),
                    p.row.lead_units,
                    f"{p.before.percent}% {m.arrow} {p.after.percent}%"
                    f" ({status_label(p.after.status)})",
                    "; ".join(one_line(note_text(n)) for n in p.notes) or "-",
                )
                for p in report.progress
            ),
            empty=_("No progress was recorded this week."),
        )
    )
    blocks.append(
        Block(
            key="overdue",
            heading=f"{_('Overdue and blocked')} ({len(report.overdue)})",
            columns=_late_columns(_("Days late"), m),
            rows=tuple(_late_row(x, m, days_late_text(x.days_late)) for x in report.overdue),
            empty=_("No task is overdue or blocked."),
        )
    )
    blocks.append(
        Block(
            key="due-soon",
            heading=_("Due in the next {n} days").format(n=th.warn_days)
            + f" ({len(report.due_soon)})",
            columns=_late_columns(_("Due in"), m),
            rows=tuple(_late_row(x, m, late_text(x.days_late)) for x in report.due_soon),
            empty=_("No task is due in this period."),
        )
    )
    blocks.append(
        Block(
            key="stale",
            heading=_("No progress for more than {n} days").format(n=th.stale_days)
            + f" ({len(report.stale)})",
            columns=(
                Column(_("ID"), right=True),
                Column(_("Task"), wrap=True),
                Column(_("Lead units"), max_width=UNITS_WIDTH),
                Column(_("Last activity")),
                Column(_("Days"), right=True),
            ),
            rows=tuple(
                (
                    str(s.row.no),
                    _short(s.row.text, m),
                    s.row.lead_units,
                    s.last_activity if s.row.last_update else _("never reported"),
                    str(s.days_idle),
                )
                for s in report.stale
            ),
            empty=_("Every task has recent progress."),
        )
    )
    for key, title, rows, total in (
        ("by-leader", _("By leader"), report.by_leader, report.by_leader_total),
        ("by-unit", _("By lead unit"), report.by_unit, report.by_unit_total),
    ):
        blocks.append(
            Block(
                key=key,
                heading=title,
                columns=(
                    Column(_("Leader") if key == "by-leader" else _("Lead unit"), wrap=True),
                    *(
                        Column(h, right=True)
                        for h in (_("Tasks"), _("Done"), _("Red"), _("Yellow"), _("Green"))
                    ),
                    Column(_("Avg %"), right=True),
                ),
                rows=tuple((s.name, *stat_cells(s)) for s in rows),
                total=(_("Total"), *stat_cells(total)),
                empty=_("No tasks."),
                fit=True,
            )
        )
    blocks.append(
        Block(
            key="targets",
            heading=_("Quantitative targets"),
            lines=(
                _("Actual figures reported for {n} of {total} targets.").format(
                    n=len(report.targets), total=report.targets_total
                ),
            ),
            columns=(
                Column(_("ID"), right=True),
                Column(_("Metric"), wrap=True),
                Column(_("Target"), right=True),
                Column(_("Actual"), right=True),
                Column(_("Attained"), right=True),
                Column(_("Reported")),
            ),
            rows=tuple(
                (
                    str(x.task),
                    x.metric,
                    _target_text(x, m),
                    _actual_text(x),
                    _attainment(x),
                    x.actual_date or "-",
                )
                for x in report.targets
            ),
            fit=True,
        )
    )
    if report.returns is not None:
        from guantask.render.rounds import returns_block

        blocks.append(returns_block(report.returns, Block, Column))
    return blocks


def _late_columns(days_header: str, m: Marks) -> tuple[Column, ...]:
    if m.compact:  # leaders and assignee go under the task text
        return (
            Column(_("ID"), right=True),
            Column(_("Task"), wrap=True),
            Column(_("Due")),
            Column(days_header, right=True),
            Column(_("Lead units"), max_width=UNITS_WIDTH),
            Column("%", right=True),
            Column(_("Reasons"), max_width=REASONS_WIDTH),
        )
    return (
        Column(_("ID"), right=True),
        Column(_("Task"), wrap=True),
        Column(_("Due")),
        Column(days_header, right=True),
        Column(_("Leaders")),
        Column(_("Lead units")),
        Column(_("Assignee")),
        Column("%", right=True),
        Column(_("Reasons"), wrap=True),
    )


def _late_row(x: LateTask, m: Marks, text: str) -> tuple[Cell, ...]:
    r = x.row
    reasons = reasons_text(r.reasons)
    days = Lit(r.light or "", text)  # coloured by the task's light in HTML
    if m.compact:
        task = _short(r.text, m)
        extra = f"\n{_('Leaders')}: {'、'.join(r.leaders) or '-'}"
        if r.assignee:
            extra += f"\n{_('Assignee')}: {r.assignee}"
        cell = Abbr(task.short + extra, task.full)
        return (str(r.no), cell, r.due, days, r.lead_units, str(r.percent or 0), reasons)
    return (
        str(r.no),
        _short(r.text, m),
        r.due,
        days,
        r.leaders,
        r.lead_units,
        r.assignee or "-",
        str(r.percent or 0),
        reasons,
    )


def _target_text(t: TargetLine, m: Marks) -> str:
    return f"{m.at_least if t.at_least else ''}{number(t.target)}{t.unit}"


def _actual_text(t: TargetLine) -> str:
    return "-" if t.actual is None else f"{number(t.actual)}{t.unit}"


def _attainment(t: TargetLine) -> str:
    return "-" if t.attainment is None else f"{t.attainment:.1f}%"


def plain_cell(cell: Cell, sep: str) -> str:
    if isinstance(cell, Lit):
        return cell.text
    if isinstance(cell, Abbr):
        return cell.short
    if isinstance(cell, tuple):
        return sep.join(cell) or "-"
    return cell
