"""Output of the weekly round: the sheets written, each collected file, the round's standing
and the 催报 notices. Text from files and the database is data, never markup."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from guantask.i18n import _
from guantask.render.formats import ChaseFormat
from guantask.render.output import Format, Output, clean


def state_label(state: str) -> str:
    return {
        "on-time": _("on time"),
        "late": _("late"),
        "missing": _("missing"),
        "pending": _("not yet returned"),
    }.get(state, state)


def round_opened(out: Output, opened: Any) -> None:
    """`round open`: a table of units, task counts and files; the round on stderr."""
    from guantask.render.fit import Col, fit_table

    cols = [
        Col(_("Unit"), kind="names"),
        Col(_("As lead"), justify="right"),
        Col(_("As responsible"), justify="right"),
        Col(_("File"), kind="prose", min_width=20),
    ]
    rows = [[s.unit, str(s.lead), str(s.responsible), str(s.file)] for s in opened.sheets]
    out.table(fit_table(out, cols, rows))
    head = _("opened round {round}") if opened.created else _("round {round} is already open")
    out.message(
        head.format(round=opened.period)
        + " "
        + _("({starts} to {ends}, returns due {due}): {n} sheets in {folder}").format(
            starts=opened.starts,
            ends=opened.ends,
            due=opened.due,
            n=len(opened.sheets),
            folder=opened.folder,
        )
    )
    if opened.archive:
        out.message(_("bundled as {path}").format(path=opened.archive))


def outcome_label(outcome: str) -> str:
    return {
        "recorded": _("recorded"),
        "replaced": _("replaced the earlier return"),
        "unchanged": _("already recorded; nothing changed"),
        "refused": _("refused"),
        "invalid": _("bad rows; nothing recorded"),
        "would-record": _("would be recorded"),
        "would-replace": _("would replace the earlier return"),
    }.get(outcome, outcome)


def collected(out: Output, results: list[Any], fmt: Format) -> None:
    """`round collect`: one line per file on stdout, each bad row as FILE:LINE on stderr."""
    if fmt is Format.JSON:
        out.write(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2) + "\n")
        return
    for r in results:
        who = f"{r.unit} {r.round}: " if r.unit else ""
        line = f"{r.path}: {who}{outcome_label(r.outcome)}"
        if not r.failed:
            line += " " + (_("(1 row)") if r.rows == 1 else _("({n} rows)").format(n=r.rows))
        elif r.reason:
            line += f" ({r.reason})"
        out.write(clean(line, keep_newlines=False) + "\n")
        for n, message in r.problems:
            out.message(f"{r.path}:{n}: {message}")
    done = sum(1 for r in results if not r.failed)
    out.message(_("{done} of {n} files recorded or unchanged").format(done=done, n=len(results)))


def standing(out: Output, result: Any, fmt: Format) -> None:
    """`round status`: per unit its state, the day it returned, rows and who filled them."""
    records = [u.to_dict() for u in result.units]
    if fmt is Format.JSON:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is not Format.TABLE:
        out.records(records, fmt, id_field="unit")
        return
    from rich.text import Text

    from guantask.render.fit import Cell, Col, fit_table

    cols = [
        Col(_("Unit"), kind="names"),
        Col(_("Return")),
        Col(_("Received")),
        Col(_("Rows"), justify="right"),
        Col(_("Filled by"), kind="names", drop=1),
    ]
    rows = [
        [
            u.unit,
            Cell(state_label(u.state), {"missing": "bold red", "late": "yellow"}.get(u.state, "")),
            u.received or "",
            str(u.rows),
            u.filled_by or "",
        ]
        for u in result.units
    ]
    title = _("Round {round} (returns due {due})").format(round=result.round, due=result.due)
    out.table(fit_table(out, cols, rows, title=Text(clean(title, keep_newlines=False))))
    out.message(summary_line(result))


def summary_line(result: Any) -> str:
    return _("{on_time} on time, {late} late, {missing} missing, {pending} not yet due").format(
        on_time=result.count("on-time"),
        late=result.count("late"),
        missing=result.count("missing"),
        pending=result.count("pending"),
    )


def chase_returns(
    out: Output, result: Any, fmt: ChaseFormat, *, today: date, office: str | None = None
) -> None:
    """`round chase`: a 催报 notice per unit that has not returned its sheet, written and
    signed as `chase` writes its notices (Chinese dates, the issuing office, the day)."""
    units = [u for u in result.units if u.state in ("missing", "pending")]
    if fmt is ChaseFormat.JSON:
        data = {"round": result.round, "due": result.due, "units": [u.to_dict() for u in units]}
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if not units:
        out.message(
            _("every unit has returned its sheet of round {round}").format(round=result.round)
        )
        return
    from guantask.render.chase import _INDENT, cn_date

    md = fmt is ChaseFormat.MD
    esc = _md if md else (lambda text: text)
    sign = [clean(x, keep_newlines=False) for x in (office or "", cn_date(today)) if x]
    blocks = []
    for u in units:
        name = esc(clean(u.unit, keep_newlines=False))
        late = "已逾期，" if u.state == "missing" else ""
        body = (
            f"{cn_period(result)}重点工作任务进展表（共{u.tasks}项）应于"
            f"{cn_date(date.fromisoformat(result.due))}前报送，截至{cn_date(today)}尚未收到，"
            f"{late}请尽快填报并报送。"
        )
        if md:
            lines = [f"## 催报通知：{name}", "", f"**{name}：**", "", esc(body), ""]
            lines += [esc(x) + "  " for x in sign]
        else:
            lines = ["催报通知", "", f"{name}：", "", _INDENT + body, "", *sign]
        blocks.append("\n".join(lines) + "\n")
    out.write(("\n" if md else "\n" + "-" * 40 + "\n\n").join(blocks))


def cn_period(result: Any) -> str:
    """The round's period as a notice writes it: 第11周（2024年3月11日—3月17日）, 第11—12周（…）,
    2024年3月."""
    from guantask.render.chase import cn_date

    a, b = date.fromisoformat(result.starts), date.fromisoformat(result.ends)
    last = f"{b.month}月{b.day}日" if a.year == b.year else cn_date(b)
    span = f"（{cn_date(a)}—{last}）"
    first, end = a.isocalendar().week, b.isocalendar().week
    if (b - a).days < 7:
        return f"第{first}周{span}"
    if (b - a).days < 14:
        return f"第{first}—{end}周{span}"
    return f"{a.year}年{a.month}月"


def _md(text: str) -> str:
    for ch in "\\`*_{}[]<>()#+-.!|":
        text = text.replace(ch, "\\" + ch)
    return text


def returns_block(result: Any, block: Any, column: Any) -> Any:
    """The weekly report's 报送情况: the round's units, on time, late (with the day), missing."""
    return block(
        key="returns",
        heading=_("Returns of round {round} (due {due})").format(
            round=result.round, due=result.due
        ),
        lines=(summary_line(result),),
        columns=(
            column(_("Unit")),
            column(_("Return")),
            column(_("Received")),
            column(_("Rows"), right=True),
            column(_("Filled by")),
        ),
        rows=tuple(
            (u.unit, state_label(u.state), u.received or "-", str(u.rows), u.filled_by or "-")
            for u in result.units
        ),
        fit=True,
    )
