"""Everything guantask prints: Rich tables for people, JSON/JSONL/CSV/TSV/Markdown/ids for scripts.

Data formats are written straight to stdout without Rich (no wrapping, no colour, no import cost).
Text from the database or from files is data: table cells are `rich.text.Text`, never markup, and
terminal control characters are made visible before anything reaches a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any

from guantask.i18n import _

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from guantask.filters.find import TaskDetail
    from guantask.models import TaskRow


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    MD = "md"
    IDS = "ids"


class ReportFormat(StrEnum):
    """Formats of the weekly report."""

    TEXT = "text"
    MD = "md"
    HTML = "html"
    JSON = "json"


class ChaseFormat(StrEnum):
    """Formats of the chase notices."""

    TEXT = "text"
    MD = "md"
    JSON = "json"


TASK_FIELDS = (
    "id",
    "plan",
    "section",
    "subsection",
    "text",
    "leaders",
    "lead_units",
    "responsible_units",
    "due",
    "status",
    "percent",
    "light",
    "reasons",
    "assignee",
    "last_update",
)

_C1 = re.compile(r"[\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str, *, keep_newlines: bool = True) -> str:
    """Make control characters visible (ESC → '\\x1b') so that no data can drive a terminal."""
    out = _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )
    return out if keep_newlines else out.replace("\n", " ").replace("\t", " ")


def status_label(status: str) -> str:
    """A status as tables show it, from the one vocabulary (`guantask.vocab`): the English
    label, or the Chinese word in the Chinese interface."""
    from guantask import vocab

    return _(vocab.status_label(status)) if vocab.status_code(status) == status else status


LIGHT_STYLE = {"red": "bold red", "yellow": "bold yellow", "green": "green", "done": "dim"}


def light_label(light: str | None) -> str:
    return {
        "red": _("red"),
        "yellow": _("yellow"),
        "green": _("green"),
        "done": _("done"),
    }.get(light or "", "")


class Output:
    """Where output goes: data to stdout, messages to stderr; Rich only when a table is drawn."""

    def __init__(
        self,
        *,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        ascii_box: bool = False,
        width: int | None = None,
    ) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.ascii_box = ascii_box
        self.width = width
        self._console: Console | None = None
        self._err_console: Console | None = None

    @property
    def is_tty(self) -> bool:
        try:
            return self.stdout.isatty()
        except (AttributeError, ValueError):
            return False

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            class _Console(Console):
                def on_broken_pipe(self) -> None:
                    # Rich would exit 1; a reader that went away is the CLI's business.
                    raise BrokenPipeError

            self._console = _Console(
                file=self.stdout, markup=False, highlight=False, emoji=False, width=self.width
            )
        return self._console

    def write(self, text: str) -> None:
        if self.is_tty:
            # JSON keeps DEL, C1 controls (U+0080-U+009F, e.g. 8-bit CSI) and bidi overrides raw,
            # and a terminal may obey them: as \u escapes they stay valid JSON and harmless text.
            text = _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        self.stdout.write(text)

    def message(self, text: str) -> None:
        """A human message on stderr (never on stdout, so pipes get only data)."""
        self.stderr.write(clean(text) + "\n")

    def error(self, text: str) -> None:
        self.stderr.write(f"guantask: {clean(text, keep_newlines=False)}\n")

    def table(self, table: Table) -> None:
        self.console.print(table)

    def box(self) -> Any:
        from rich import box

        return box.ASCII if self.ascii_box else box.SIMPLE_HEAVY

    def new_table(self, **options: Any) -> Table:
        """A table in guantask's look: no blank edge lines, no edge padding (ASCII with --ascii)."""
        from rich.table import Table

        settings: dict[str, Any] = {
            "box": self.box(),
            "pad_edge": self.ascii_box,
            "show_edge": self.ascii_box,
        }
        settings.update(options)
        return Table(**settings)

    # ----- generic data output -------------------------------------------------------------

    def records(
        self,
        records: Sequence[dict[str, Any]],
        fmt: Format,
        *,
        fields: Sequence[str] | None = None,
        headers: bool = True,
        id_field: str = "id",
    ) -> None:
        """Write records in a data format (not `table`)."""
        if fields:
            records = [{f: r.get(f) for f in fields} for r in records]
        if fmt is Format.JSON:
            # One object per line: readable, and json's C encoder (indent= would use the
            # pure-Python one, ~10 ms for 121 tasks).
            self.write(json_list(records))
        elif fmt is Format.JSONL:
            for r in records:
                self.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif fmt in (Format.CSV, Format.TSV):
            self.write(to_delimited(records, fmt, headers=headers, safe=self.is_tty))
        elif fmt is Format.MD:
            self.write(to_markdown(records))
        elif fmt is Format.IDS:
            for r in records:
                self.write(f"{r[id_field]}\n")
        else:  # pragma: no cover - table is drawn by the caller
            raise ValueError(fmt)


def json_list(records: Sequence[dict[str, Any]]) -> str:
    """A JSON array with one object per line."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"


def cell_text(value: Any) -> str:
    """A value in a CSV, TSV, Markdown or xlsx cell: lists joined with 、, None empty, 18.0 → 18."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_delimited(
    records: Sequence[dict[str, Any]], fmt: Format, *, headers: bool = True, safe: bool = False
) -> str:
    buf = io.StringIO()
    if fmt is Format.CSV:
        w = csv.writer(buf, lineterminator="\n")
    else:
        w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    keys = list(records[0].keys()) if records else []
    if headers and keys:
        w.writerow(keys)
    for r in records:
        row = [cell_text(r[k]) for k in keys]
        if fmt is Format.TSV:
            row = [c.replace("\t", " ").replace("\n", " ") for c in row]
        if safe:
            row = [clean(c) for c in row]
        w.writerow(row)
    return buf.getvalue()


def to_markdown(records: Sequence[dict[str, Any]]) -> str:
    if not records:
        return ""
    keys = list(records[0].keys())

    def esc(v: Any) -> str:
        return clean(cell_text(v), keep_newlines=False).replace("|", "\\|")

    lines = ["| " + " | ".join(keys) + " |", "|" + "|".join("---" for _k in keys) + "|"]
    lines += ["| " + " | ".join(esc(r[k]) for k in keys) + " |" for r in records]
    return "\n".join(lines) + "\n"


# ----- tasks ---------------------------------------------------------------------------------


def _text(value: str, style: str = "") -> Any:
    from rich.text import Text

    return Text(clean(value), style=style)


def _prose(value: str, style: str = "") -> Any:
    """Free text (task text, notes, reasons) for a table cell, wrapped by Chinese rules."""
    from guantask.render.wrap import Prose

    return Prose(clean(value), style=style)


def _lines(values: Iterable[str]) -> Any:
    """Names one per line, so that a name is never cut in two."""
    return _text("\n".join(values))


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
        row = [_text(b[c], LIGHT_STYLE.get(r.light or "", "") if c == 1 else "") for c in keep]
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
        table.add_row(_text(r["name"]), *values)
    out.table(table)


def import_result(out: Output, result: Any, fmt: Format) -> None:
    """What `import` did (or, with --dry-run, would do)."""
    if fmt is Format.JSON:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is not Format.TABLE:
        out.records([result.to_dict()], fmt, id_field="plan")
        return
    doc, dry = result.doc_number, result.dry_run
    if result.state == "new":
        message = (
            _("would import {doc}: {tasks} tasks") if dry else _("import {doc}: {tasks} tasks")
        )
        out.message(message.format(doc=doc, tasks=result.tasks))
    elif result.state == "unchanged":
        out.message(_("{doc}: unchanged").format(doc=doc))
    else:
        message = (
            _("would amend {doc}: {added} added, {changed} changed, {removed} removed")
            if dry
            else _("amend {doc}: {added} added, {changed} changed, {removed} removed")
        )
        counts = {k: len(getattr(result, k)) for k in ("added", "changed", "removed")}
        out.message(message.format(doc=doc, **counts))
        for label, ids in (
            (_("added"), result.added),
            (_("changed"), result.changed),
            (_("removed"), result.removed),
        ):
            if ids:
                ids_text = ", ".join(map(str, ids))
                out.message("  " + _("{label}: {ids}").format(label=label, ids=ids_text))
        if result.removed and not result.pruned:
            out.message(_("  removed tasks are kept; use --prune to delete them"))
    for a, b in result.near_duplicates:
        out.message(_("similar unit names: {a} ~ {b}").format(a=a, b=b))


def plans(out: Output, refs: Sequence[Any], fmt: Format) -> None:
    records = [r.to_dict() for r in refs]
    if fmt is Format.IDS:
        for r in records:
            out.write(r["doc_number"] + "\n")
        return
    if fmt is not Format.TABLE:
        out.records(records, fmt)
        return

    table = out.new_table()
    for col in (_("Document"), _("Year"), _("Issued"), _("Tasks"), _("Title")):
        table.add_column(col)
    for r in records:
        table.add_row(
            _text(r["doc_number"]),
            str(r["year"]),
            _text(r["issued"]),
            str(r["tasks"]),
            _text(r["title"]),
        )
    out.table(table)


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
    light = _text(light_label(r.light), LIGHT_STYLE.get(r.light or "", ""))
    if r.reasons:
        light.append(" (" + ", ".join(_(x) for x in r.reasons) + ")")
    fields = [
        (_("Task"), _text(f"{r.id}  [{r.plan}]")),
        (_("Text"), _prose(r.text)),
        (_("Section"), _text(section)),
        (_("Leaders"), _text("、".join(r.leaders))),
        (_("Lead units"), _text("、".join(r.lead_units))),
        (_("Responsible units"), _text("、".join(r.responsible_units) or "-")),
        (_("Due"), _text(due)),
        (_("Status"), _text(f"{status_label(r.status)}  {r.percent or 0}%")),
        (_("Light"), light),
        (_("Assignee"), _text(r.assignee or "-")),
        (_("Last update"), _text(r.last_update or "-")),
    ]
    if detail.removed:
        fields.append((_("Note"), _text(_("not in the latest version of the plan"))))
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
            t.add_row(_text(g["metric"]), _(g["kind"]), _text(target), _text(actual))
        out.console.print()
        out.console.print(t)
    _detail_work(out, detail)
    if detail.history:
        h = out.new_table(title=_("History"), title_justify="left")
        for col in (_("When"), _("Who"), _("What")):
            h.add_column(col, overflow="fold")
        for e in detail.history:
            what = e["summary"] + (f" ({_('undone')})" if e["reverted"] else "")
            h.add_row(_text(e["at"]), _text(e["by"]), _prose(what))
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
                _text(a["at"][:10]),
                _text(a["assignee"] or f"({_('cleared')})"),
                _text(a["unit"] or "-"),
                _text(a["due"] or "-"),
                _prose(a["note"] or ""),
                _text(a["by"]),
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
                _text(p["date"]),
                str(p["percent"]),
                _text(status_label(p["status"]) if p["status"] != "on-track" else _("on track")),
                _text(values),
                _prose(p["note"] or ""),
                _text(p["by"]),
            )
        out.console.print()
        out.console.print(t)
    if extensions:
        t = out.new_table(title=_("Extensions"), title_justify="left")
        for col in (_("When"), _("Old due"), _("New due"), _("Reason"), _("By")):
            t.add_column(col, overflow="fold")
        for x in extensions:
            t.add_row(
                _text(x["at"][:10]),
                _text(x["old_due"]),
                _text(x["new_due"]),
                _prose(x["reason"]),
                _text(x["by"]),
            )
        out.console.print()
        out.console.print(t)
