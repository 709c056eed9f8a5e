"""Output of the reports: tables for `overdue`, `stats` and `config`, the chase notices (催办通知),
and the weekly summary as text, Markdown, HTML and JSON.

The weekly report never depends on the terminal: text is drawn by a Rich console of a fixed width
into a string (no colour, no terminal codes), and nothing in any format reads the clock. Text from
the database is data: table cells are `Text`, Markdown specials are escaped, HTML is escaped with
`html.escape`, and control characters are made visible everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, NamedTuple

from guantask.i18n import _
from guantask.render import (
    TASK_FIELDS,
    ChaseFormat,
    Format,
    Output,
    ReportFormat,
    _prose,
    _text,
    clean,
    light_label,
    status_label,
)
from guantask.render.wrap import wrap_cells
from guantask.reports import short_text

if TYPE_CHECKING:
    from rich.table import Table

    from guantask.reports import (
        ChaseNotice,
        LateTask,
        Setting,
        SettingChange,
        StatRow,
        TargetLine,
        WeeklyReport,
    )


DEFAULT_WIDTH = 100
TEXT_SHORT = 21  # characters of task text in the weekly report's tables
UNITS_WIDTH = 22  # cells of a lead unit's name before the text format folds it
REASONS_WIDTH = 16
WIDE_TABLE = 120  # terminal width from which `overdue` shows every field in its own column
LIGHT_STYLE = {"red": "bold red", "yellow": "bold yellow", "green": "green", "done": "dim"}


def reason_label(code: str) -> str:
    return {
        "overdue": _("overdue"),
        "blocked": _("blocked"),
        "due-soon": _("due soon"),
        "at-risk": _("at risk"),
        "stale": _("no recent progress"),
        "behind": _("behind schedule"),
    }.get(code, code)


def reasons_text(codes: Sequence[str]) -> str:
    return ", ".join(reason_label(c) for c in codes)


def number(value: float | int | None) -> str:
    """A figure as people write it: 1200, 6.2, 4.3万, 32亿 (万/亿 from ten thousand up)."""
    if value is None:
        return "-"
    v = float(value)
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if abs(v) >= size:
            return _plain(v / size) + word
    return _plain(v)


def _plain(v: float) -> str:
    if v.is_integer():
        return str(int(v))
    return f"{v:.4f}".rstrip("0").rstrip(".")


def _one_line(value: str) -> str:
    return clean(value, keep_newlines=False)


# ----- overdue, stats, config: tables for people, records for scripts ---------------------------

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
        late = _text(late_text(t.days_late), LIGHT_STYLE.get(r.light or "", ""))
        task = short_text(r.text, 30)
        units = _text("\n".join(r.lead_units))
        reasons = _text(reasons_text(r.reasons))
        percent = str(r.percent or 0)
        if wide:
            table.add_row(
                str(r.id),
                late,
                r.due,
                _prose(task),
                _text("\n".join(r.leaders)),
                units,
                _text(r.assignee or "-"),
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
        table.add_row(str(r.id), late, *due, _prose(task), units, percent, reasons)
    out.table(table)


def stats(out: Output, rows: Sequence[StatRow], total: StatRow, fmt: Format, *, by: str) -> None:
    """`stats`: one row per leader, lead unit or section; tables end with the total."""
    if fmt is Format.IDS:
        for s in rows:
            out.write(_one_line(s.name) + "\n")
        return
    if fmt is not Format.TABLE:
        out.records([s.to_dict() for s in rows], fmt, id_field="name")
        return
    if not rows:
        out.message(_("no tasks match"))
        return
    out.table(_stats_table(rows, total, by=by, box=out.box()))


def group_title(by: str) -> str:
    return {"leader": _("Leader"), "unit": _("Lead unit"), "section": _("Section")}[by]


def _stats_table(rows: Sequence[StatRow], total: StatRow, *, by: str, box: Any) -> Table:
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
        table.add_row(_text(s.name), *_stat_cells(s), *extra, end_section=i == len(rows) - 1)
    table.add_row(_("Total"), *_stat_cells(total), *([""] if rates else []))
    return table


def _rate(returns: tuple[int, int] | None) -> str:
    """Rounds returned on time ÷ rounds, e.g. `3/4 (75%)`."""
    if not returns or not returns[1]:
        return "-"
    on_time, rounds = returns
    return f"{on_time}/{rounds} ({round(100 * on_time / rounds)}%)"


def _stat_cells(s: StatRow) -> list[str]:
    return [str(s.tasks), str(s.done), str(s.red), str(s.yellow), str(s.green), _percent(s)]


def _percent(s: StatRow) -> str:
    return f"{s.average_percent:.1f}"


def setting_changed(out: Output, change: SettingChange) -> None:
    """The line `config set` / `config unset` prints on stderr."""
    c = change
    if c.action == "set" and not c.changed:
        message = _("{key} is already {value}")
    elif c.action == "set" and c.old is None:
        message = _("config set {key} {value} (was {default}, the default)")
    elif c.action == "set":
        message = _("config set {key} {value} (was {old})")
    elif not c.changed:
        message = _("{key} is not set (default {default})")
    else:
        message = _("config unset {key} (was {old}; default {default})")
    out.message(message.format(key=c.key, value=c.value, old=c.old, default=c.default))


def settings(out: Output, rows: Sequence[Setting], fmt: Format) -> None:
    """`config list`: each setting with its value and default."""
    if fmt is Format.IDS:
        for s in rows:
            out.write(s.key + "\n")
        return
    if fmt is not Format.TABLE:
        out.records([s.to_dict() for s in rows], fmt, id_field="key")
        return

    table = out.new_table()
    table.add_column(_("Setting"), no_wrap=True)
    table.add_column(_("Value"), justify="right", no_wrap=True)
    table.add_column(_("Default"), justify="right", no_wrap=True)
    table.add_column(_("Meaning"), overflow="fold")
    for s in rows:
        table.add_row(s.key, str(s.value), str(s.default), _(s.description))
    out.table(table)


# ----- chase notices (催办通知): Chinese documents, ready to paste -----------------------------------

_LIGHT_CN = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "done": "已完成"}


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cn_reasons(item: Any) -> str:
    r = item.row
    parts: list[str] = []
    for code in r.reasons:
        if code == "overdue":
            parts.append(f"已逾期{item.days_late}天")
        elif code == "blocked":
            parts.append("工作受阻")
        elif code == "due-soon":
            left = -item.days_late
            parts.append("今日到期" if left == 0 else f"距完成时限{left}天")
        elif code == "at-risk":
            parts.append("存在风险")
        elif code == "stale":
            parts.append(f"{item.days_idle}天未报送进展")
        elif code == "behind":
            parts.append(f"进度{r.percent or 0}%，落后序时进度（{item.expected}%）")
    return "；".join(parts)


def _chase_counts(n: ChaseNotice) -> str:
    parts = []
    if n.red:
        parts.append(f"{n.red}项亮红灯")
    if n.yellow:
        parts.append(f"{n.yellow}项亮黄灯")
    return "、".join(parts)


def _chase_lines(n: ChaseNotice, *, plan: dict[str, Any], today: date) -> tuple[str, list[str]]:
    intro = (
        f"根据《{plan['title']}》（{plan['doc_number']}），截至{_cn_date(today)}，"
        f"你单位牵头的重点工作任务中有{_chase_counts(n)}，具体如下："
    )
    items = []
    for i, item in enumerate(n.items, 1):
        r = item.row
        items.append(
            f"{i}. 【{_LIGHT_CN.get(r.light or '', '')}】第{r.id}项 {short_text(r.text, 40, '…')}"
            f"（完成时限：{r.due}；{_cn_reasons(item)}）"
        )
    return intro, items


_INDENT = (
    "\u3000\u3000"  # a paragraph's first-line indent in Chinese documents: two ideographic spaces
)
_CHASE_CLOSE = "请对照任务分工和完成时限，抓紧研究推进措施，并及时报送工作进展。"


def chase_text(notices: Sequence[ChaseNotice], *, plan: dict[str, Any], today: date) -> str:
    """The notices one after another, separated by a line, in plain text."""
    if not notices:
        return ""
    blocks = []
    for n in notices:
        intro, items = _chase_lines(n, plan=plan, today=today)
        leaders = [f"分管县领导：{'、'.join(n.leaders)}。"] if n.leaders else []
        body = [intro, *items, *leaders, _CHASE_CLOSE]
        lines = [
            "催办通知",
            "",
            f"{n.unit}：",
            "",
            *(_INDENT + x for x in body),
            "",
            _cn_date(today),
        ]
        blocks.append("\n".join(clean(x, keep_newlines=False) for x in lines))
    return ("\n\n" + "-" * 40 + "\n\n").join(blocks) + "\n"


def chase_markdown(notices: Sequence[ChaseNotice], *, plan: dict[str, Any], today: date) -> str:
    """The notices as Markdown, one `##` section each."""
    blocks = []
    for n in notices:
        intro, items = _chase_lines(n, plan=plan, today=today)
        lines = [
            f"## 催办通知：{md_escape(n.unit)}",
            "",
            f"**{md_escape(n.unit)}：**",
            "",
            md_escape(intro),
            "",
            *(md_escape(x) for x in items),
            "",
        ]
        if n.leaders:
            lines += [f"分管县领导：{md_escape('、'.join(n.leaders))}。", ""]
        lines += [_CHASE_CLOSE, "", _cn_date(today)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def chase(
    out: Output,
    notices: Sequence[ChaseNotice],
    fmt: ChaseFormat,
    *,
    plan: dict[str, Any],
    today: date,
) -> None:
    if fmt is ChaseFormat.JSON:
        out.write(json.dumps([n.to_dict() for n in notices], ensure_ascii=False, indent=2) + "\n")
        return
    if not notices:
        out.message(_("no red or yellow tasks: nothing to chase"))
        return
    render = chase_markdown if fmt is ChaseFormat.MD else chase_text
    out.write(render(notices, plan=plan, today=today))


# ----- the weekly report ---------------------------------------------------------------------------


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


def weekly(report: WeeklyReport, fmt: ReportFormat, *, width: int = DEFAULT_WIDTH) -> str:
    """The weekly report as one string in the chosen format."""
    if fmt is ReportFormat.JSON:
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt is ReportFormat.MD:
        return weekly_markdown(report)
    if fmt is ReportFormat.HTML:
        return weekly_html(report)
    return weekly_text(report, width=width)


def _title(report: WeeklyReport) -> str:
    return f"{_('Weekly report')} {report.week.label}"


def _period(report: WeeklyReport) -> str:
    w = report.week
    return _("Week {start} to {end}, as of {as_of}").format(
        start=w.start, end=w.end, as_of=report.as_of
    )


def _rules(report: WeeklyReport) -> str:
    th = report.thresholds
    return _(
        "Red: past due or blocked. Yellow: due within {warn} days, at risk, no progress for"
        " more than {stale} days, or {behind} points or more behind schedule."
    ).format(warn=th.warn_days, stale=th.stale_days, behind=th.behind_points)


def _short(text: str, m: Marks) -> Abbr:
    return Abbr(short_text(text, TEXT_SHORT, m.ellipsis), text)


def _light_cell(light: str | None) -> Lit:
    return Lit(light or "", light_label(light))


def _blocks(report: WeeklyReport, m: Marks) -> list[Block]:
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
                    str(p.row.id),
                    _short(p.row.text, m),
                    p.row.lead_units,
                    f"{p.before.percent}% {m.arrow} {p.after.percent}%"
                    f" ({status_label(p.after.status)})",
                    "; ".join(_one_line(n) for n in p.notes) or "-",
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
            rows=tuple(_late_row(x, m, late_text(x.days_late)) for x in report.overdue),
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
                    str(s.row.id),
                    _short(s.row.text, m),
                    s.row.lead_units,
                    s.last_activity,
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
                rows=tuple((s.name, *_stat_cells(s)) for s in rows),
                total=(_("Total"), *_stat_cells(total)),
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
        return (str(r.id), cell, r.due, days, r.lead_units, str(r.percent or 0), reasons)
    return (
        str(r.id),
        _short(r.text, m),
        r.due,
        days,
        r.leaders,
        r.lead_units,
        r.assignee or "-",
        str(r.percent or 0),
        reasons,
    )


def late_text(days_late: int) -> str:
    """Days late as people read them: 15 (days late), today, in 5d."""
    if days_late > 0:
        return str(days_late)
    if days_late == 0:
        return _("today")
    return _("in {n}d").format(n=-days_late)


def _target_text(t: TargetLine, m: Marks) -> str:
    return f"{m.at_least if t.at_least else ''}{number(t.target)}{t.unit}"


def _actual_text(t: TargetLine) -> str:
    return "-" if t.actual is None else f"{number(t.actual)}{t.unit}"


def _attainment(t: TargetLine) -> str:
    return "-" if t.attainment is None else f"{t.attainment:.1f}%"


def _cell_text(cell: Cell, sep: str) -> str:
    if isinstance(cell, Lit):
        return cell.text
    if isinstance(cell, Abbr):
        return cell.short
    if isinstance(cell, tuple):
        return sep.join(cell) or "-"
    return cell


# ----- text: fixed width, mail-safe ------------------------------------------------------------------
#
# Laid out here rather than by Rich: the layout then depends on nothing but the data and the width
# (no library version can move a golden byte), and a report of a thousand rows takes milliseconds.
# Widths are terminal cells (rich.cells.cell_len: a Han character is two). Rules are ASCII: box
# drawing characters are ambiguous-width and come out two cells wide in many Chinese fonts.

_GAP = "   "
_MIN_WRAP = 10  # cells a wrapping column keeps however narrow the page


def _widths(columns: Sequence[Column], cells: list[list[str]], width: int) -> list[int]:
    from rich.cells import cell_len

    natural = [
        max([cell_len(c.header)] + [cell_len(x) for row in cells for x in row[i].split("\n")])
        for i, c in enumerate(columns)
    ]
    widths = [
        min(n, c.max_width) if c.max_width else n for n, c in zip(natural, columns, strict=True)
    ]
    wrap = [i for i, c in enumerate(columns) if c.wrap]
    fixed = sum(w for i, w in enumerate(widths) if i not in wrap)
    avail = width - fixed - len(_GAP) * (len(columns) - 1)
    # share what is left between the wrapping columns, the narrowest served first
    for k, i in enumerate(sorted(wrap, key=lambda i: natural[i])):
        share = max(avail // (len(wrap) - k), max(_MIN_WRAP, cell_len(columns[i].header)))
        widths[i] = min(natural[i], share)
        avail -= widths[i]
    # still too wide (a narrow page): narrow the widest columns one cell at a time, down to the
    # longest word of their header
    over = sum(widths) + len(_GAP) * (len(columns) - 1) - width
    floors = [
        min(w, max([4] + [cell_len(x) for x in c.header.split()]))
        for w, c in zip(widths, columns, strict=True)
    ]
    while over > 0:
        i = max(range(len(widths)), key=lambda i: (widths[i] - floors[i] > 0, widths[i], -i))
        if widths[i] <= floors[i]:
            break
        widths[i] -= 1
        over -= 1
    return widths


def text_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    total: Sequence[str] | None = None,
    width: int = DEFAULT_WIDTH,
) -> list[str]:
    """A plain table: header, a rule of dashes, the rows, and a rule and the total if given."""
    from rich.cells import cell_len

    body = [[_one_line_keep_breaks(x) for x in row] for row in rows]
    foot = None if total is None else [_one_line_keep_breaks(x) for x in total]
    widths = _widths(columns, body + ([foot] if foot else []), width)

    def render(cells: Sequence[str]) -> list[str]:
        parts = [wrap_cells(x, w) for x, w in zip(cells, widths, strict=True)]
        height = max(len(p) for p in parts)
        out = []
        for n in range(height):
            line = []
            for p, w, c in zip(parts, widths, columns, strict=True):
                text = p[n] if n < len(p) else ""
                pad = " " * max(0, w - cell_len(text))
                line.append(pad + text if c.right else text + pad)
            out.append(_GAP.join(line).rstrip())
        return out

    rule = "-" * (sum(widths) + len(_GAP) * (len(widths) - 1))
    lines = [*render([c.header for c in columns]), rule]
    for row in body:
        lines += render(row)
    if foot is not None:
        lines += [rule, *render(foot)]
    return lines


def _one_line_keep_breaks(text: str) -> str:
    return "\n".join(_one_line(x) for x in text.split("\n"))


def weekly_text(report: WeeklyReport, *, width: int = DEFAULT_WIDTH) -> str:
    """Plain text of a fixed width, for mail: the same bytes whatever the terminal."""
    from rich.cells import cell_len

    out: list[str] = []

    def para(text: str) -> None:
        out.extend(wrap_cells(_one_line(text), width))

    def heading(text: str, rule: str) -> None:
        shown = _one_line(text)
        out.extend(wrap_cells(shown, width))
        out.append(rule * min(width, cell_len(shown)))

    plan = report.plan
    heading(_title(report), "=")
    para(f"{plan['doc_number']} {plan['title']}")
    para(_period(report))
    para(_rules(report))
    for i, b in enumerate(_blocks(report, TEXT_MARKS), 1):
        out.append("")
        heading(f"{i}. {b.heading}", "-")
        for line in b.lines:
            para(line)
        if not b.rows:
            if b.empty:
                para(b.empty)
            continue
        out += text_table(
            b.columns,
            [[_cell_text(c, "\n") for c in row] for row in b.rows],
            total=None if b.total is None else [_cell_text(c, "\n") for c in b.total],
            width=width,
        )
    return "\n".join(line.rstrip() for line in out) + "\n"


# ----- Markdown --------------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def md_escape(text: str) -> str:
    """Text shown literally in Markdown: specials backslash-escaped, control characters visible."""
    return _one_line(text).translate(_MD_SPECIAL)


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, Lit | Abbr):
        return md_escape(_cell_text(cell, ""))
    if isinstance(cell, tuple):
        return "、".join(md_escape(x) for x in cell) or "-"
    return md_escape(cell)


def weekly_markdown(report: WeeklyReport) -> str:
    plan = report.plan
    out = [
        f"# {md_escape(_title(report))}",
        "",
        f"**{md_escape(plan['doc_number'])}** {md_escape(plan['title'])}  ",
        md_escape(_period(report)) + "  ",
        md_escape(_rules(report)),
    ]
    for i, b in enumerate(_blocks(report, RICH_MARKS), 1):
        out += ["", f"## {i}. {md_escape(b.heading)}", ""]
        for line in b.lines:
            out += [md_escape(line), ""]
        if not b.rows:
            if b.empty:
                out.append(md_escape(b.empty))
            elif out[-1] == "":
                out.pop()
            continue
        out.append("| " + " | ".join(md_escape(c.header) for c in b.columns) + " |")
        out.append("|" + "|".join("---:" if c.right else "---" for c in b.columns) + "|")
        rows = list(b.rows) + ([b.total] if b.total is not None else [])
        for n, row in enumerate(rows):
            cells = [_md_cell(c) for c in row]
            if b.total is not None and n == len(rows) - 1:
                cells = [f"**{c}**" for c in cells]
            out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


# ----- HTML: one self-contained file ---------------------------------------------------------------

_CSS = """
body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif;
  color: #1f2328; background: #ffffff; margin: 0; padding: 24px; line-height: 1.5; }
main { max-width: 1100px; margin: 0 auto; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; }
p { margin: 4px 0; }
.meta { color: #57606a; }
.rules { color: #57606a; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
table.fit { width: auto; min-width: 50%; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
tr.total td { font-weight: 600; background: #f6f8fa; }
.light { display: inline-block; min-width: 3em; padding: 0 8px; border-radius: 10px;
  text-align: center; font-weight: 600; white-space: nowrap; }
.light-red { background: #fde7e9; color: #b3261e; border: 1px solid #f1aeb5; }
.light-yellow { background: #fff4ce; color: #7a5200; border: 1px solid #f0d37a; }
.light-green { background: #dff3e4; color: #1a7f37; border: 1px solid #a6dcb4; }
.light-done { background: #eef1f4; color: #57606a; border: 1px solid #d0d7de; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; }
.card { border-radius: 8px; padding: 8px 16px; min-width: 90px; }
.card b { display: block; font-size: 1.6em; }
.empty { color: #57606a; font-style: italic; }
"""


def _h(text: str) -> str:
    import html

    return html.escape(_one_line(text), quote=True)


def _html_cell(cell: Cell) -> str:
    if isinstance(cell, Lit):
        cls = f"light light-{cell.light}" if cell.light else "light"
        return f'<span class="{_h(cls)}">{_h(cell.text)}</span>'
    if isinstance(cell, Abbr):
        return f'<span title="{_h(cell.full)}">{_h(cell.short)}</span>'
    if isinstance(cell, tuple):
        return "<br>".join(_h(x) for x in cell) or "-"
    return "<br>".join(_h(x) for x in cell.split("\n"))


def weekly_html(report: WeeklyReport) -> str:
    """One self-contained page: inline CSS, no scripts, no external assets, everything escaped."""
    plan = report.plan
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(_title(report))} {_h(plan['doc_number'])}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(_title(report))}</h1>",
        f'<p class="meta"><strong>{_h(plan["doc_number"])}</strong> {_h(plan["title"])}</p>',
        f'<p class="meta">{_h(_period(report))}</p>',
        f'<p class="rules">{_h(_rules(report))}</p>',
    ]
    for i, b in enumerate(_blocks(report, RICH_MARKS), 1):
        out.append(f'<section id="{_h(b.key)}">')
        out.append(f"<h2>{i}. {_h(b.heading)}</h2>")
        for line in b.lines:
            out.append(f"<p>{_h(line)}</p>")
        if b.key == "totals":
            out.append('<div class="cards">')
            for light, count in report.totals.by_light.items():
                out.append(
                    f'<div class="card light-{_h(light)}"><b>{count}</b>'
                    f"{_h(light_label(light))}</div>"
                )
            out.append("</div>")
        if not b.rows:
            if b.empty:
                out.append(f'<p class="empty">{_h(b.empty)}</p>')
        else:
            out.append('<table class="fit">' if b.fit else "<table>")
            heads = "".join(f"<th{_NUM if c.right else ''}>{_h(c.header)}</th>" for c in b.columns)
            out.append(f"<thead><tr>{heads}</tr></thead>")
            out.append("<tbody>")
            rows = list(b.rows) + ([b.total] if b.total is not None else [])
            for n, row in enumerate(rows):
                total = b.total is not None and n == len(rows) - 1
                cells = "".join(
                    f"<td{_td_class(c, cell)}>{_html_cell(cell)}</td>"
                    for c, cell in zip(b.columns, row, strict=True)
                )
                out.append(f'<tr class="total">{cells}</tr>' if total else f"<tr>{cells}</tr>")
            out.append("</tbody>")
            out.append("</table>")
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


_NUM = ' class="num"'


def _td_class(column: Column, cell: Cell) -> str:
    if column.right:
        return _NUM
    if not column.wrap and not isinstance(cell, Lit):
        return ' class="nowrap"'
    return ""
