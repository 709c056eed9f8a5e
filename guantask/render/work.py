"""Output of the daily-work commands: confirmations, created records, the change log, undo.

Notes, names and summaries are data: shown through `clean`/`_text`, never as Rich markup.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from guantask.i18n import _
from guantask.render.output import Format, Output

HISTORY_FIELDS = (
    "id",
    "at",
    "by",
    "kind",
    "plan",
    "task",
    "tasks",
    "summary",
    "before",
    "after",
    "reverts",
    "reverted_by",
    "damaged",
)


def _flat(records: Sequence[dict[str, Any]], fmt: Format) -> list[dict[str, Any]]:
    """Nested values as JSON text for the row formats (csv, tsv, md)."""
    if fmt in (Format.JSON, Format.JSONL, Format.IDS):
        return list(records)
    return [
        {
            k: json.dumps(v, ensure_ascii=False, sort_keys=True)
            if isinstance(v, dict) or (isinstance(v, list) and any(isinstance(x, dict) for x in v))
            else v
            for k, v in r.items()
        }
        for r in records
    ]


def written(out: Output, records: Sequence[dict[str, Any]], fmt: Format, *, message: str) -> None:
    """A write command's result: one confirmation line on stderr; the records in a data format
    on stdout (`ids` prints the task numbers, so writes can be piped into the next command)."""
    out.message(message)
    if fmt is Format.TABLE:
        return
    out.records(_flat(records, fmt), fmt, id_field="task")


def tasks_phrase(nos: Sequence[int]) -> str:
    """ "task 18", or "3 tasks (18, 21, 26)" (at most ten numbers shown)."""
    if len(nos) == 1:
        return _("task {no}").format(no=nos[0])
    shown = ", ".join(map(str, nos[:10])) + (", …" if len(nos) > 10 else "")
    return _("{n} tasks ({nos})").format(n=len(nos), nos=shown)


def assigned(out: Output, records: Sequence[dict[str, Any]], fmt: Format, *, clear: bool) -> None:
    """`assign`: who the tasks went to (or that their assignee was removed)."""
    tasks = tasks_phrase([r["task"] for r in records])
    if clear:
        message = _("cleared the assignee of {tasks}").format(tasks=tasks)
    else:
        message = _("assigned {tasks} to {assignee}").format(
            tasks=tasks, assignee=records[0]["assignee"]
        )
        if records[0]["unit"]:
            message += f" ({records[0]['unit']})"
    written(out, records, fmt, message=message)


def percent_source(source: str) -> str:
    """Where a recorded percent comes from, as the confirmation says it."""
    return {
        "given": _("given"),
        "derived": _("derived from targets"),
        "carried": _("carried forward"),
    }.get(source, source)


def figure_lines(record: dict[str, Any]) -> list[str]:
    """A rate or level figure against its target: `地区生产总值 6.5% (target 6%): on track`."""
    lines = []
    for v in record.get("values", ()):
        if v.get("on_track") is None:
            continue
        lines.append(
            "  "
            + _("{metric} {value} (target {target}): {verdict}").format(
                metric=v["metric"],
                value=v["as_written"] or number_text(v["value"]) + v["unit"],
                target=number_text(v["target"]) + v["unit"],
                verdict=_("on track") if v["on_track"] else _("off track"),
            )
        )
    return lines


def number_text(value: float) -> str:
    """6.0 → "6", 4.5 → "4.5"."""
    return str(int(value)) if float(value).is_integer() else str(value)


def progress_recorded(out: Output, records: Sequence[dict[str, Any]], fmt: Format) -> None:
    """`record-progress ID`: the percent (given, derived or carried) and status now recorded,
    and every rate or level figure against its target."""
    r = records[0]
    message = _("recorded progress on task {no}: {percent}% ({source}) {status}").format(
        no=r["task"],
        percent=r["percent"],
        source=percent_source(r.get("percent_from", "given")),
        status=_(r["status"]),
    )
    written(out, records, fmt, message="\n".join([message, *figure_lines(r)]))


def batch_recorded(out: Output, result: Any, batch: Any, fmt: Format) -> None:
    """`record-progress --from-csv/--from-xlsx`: how many records on which tasks, the encoding
    read, the signed-off rows skipped (with their text), or that the file held nothing."""
    from guantask.render import clean

    source = batch.source
    for note in batch.notes:
        out.problem(f"{source}: {note}")
    for row in result.skipped:
        out.problem(
            f"{source}:{row.line}: "
            + _("task {no} is signed off; row skipped: {text}").format(
                no=row.task, text=clean(row.text, keep_newlines=False)
            )
        )
    records = result.records
    n = len(records)
    if n == 0:
        message = _("nothing to record in {source}: no row is filled in").format(source=source)
    else:
        tasks = tasks_phrase(list(dict.fromkeys(r["task"] for r in records)))
        if n == 1:
            message = _("recorded 1 progress record on {tasks} from {source}")
        else:
            message = _("recorded {n} progress records on {tasks} from {source}")
        message = message.format(n=n, tasks=tasks, source=source)
    if batch.encoding:
        message += " " + _("(text read as {encoding})").format(encoding=batch.encoding)
    lines = [message]
    if records:
        lines.append(sources_line(records))
    for r in records:
        figures = figure_lines(r)
        if figures:
            lines += ["  " + _("task {no}").format(no=r["task"]), *("  " + f for f in figures)]
    written(out, records, fmt, message="\n".join(lines))


def sources_line(records: Sequence[dict[str, Any]]) -> str:
    """How many percents of a batch were given, derived or carried: `percent: 2 given, …`."""
    counts: dict[str, int] = {}
    for r in records:
        source = r.get("percent_from", "given")
        counts[source] = counts.get(source, 0) + 1
    parts = [
        f"{counts[k]} {percent_source(k)}" for k in ("given", "derived", "carried") if k in counts
    ]
    return "  " + _("percent: {sources}").format(sources=", ".join(parts))


def signed_off(out: Output, records: Sequence[dict[str, Any]], fmt: Format) -> None:
    """`signoff`: the tasks signed off, and which of them were forced."""
    message = _("signed off {tasks}").format(tasks=tasks_phrase([r["task"] for r in records]))
    forced = [r["task"] for r in records if r["forced"]]
    if forced:
        message += " (" + _("forced: {nos}").format(nos=", ".join(map(str, forced))) + ")"
    written(out, records, fmt, message=message)


def extended(out: Output, record: dict[str, Any], fmt: Format) -> None:
    """`extend`: the old and the new due date."""
    message = _("extended task {no}: due {old} → {new}").format(
        no=record["task"], old=record["old_due"], new=record["new_due"]
    )
    written(out, [record], fmt, message=message)


def history_records(events: Sequence[Any]) -> list[dict[str, Any]]:
    from guantask.changes import event_tasks

    return [{**e.to_dict(), "tasks": event_tasks(e)} for e in events]


def history(out: Output, events: Sequence[Any], fmt: Format) -> None:
    """`history`: a table of changes, or records with before/after for scripts."""
    records = [{k: r[k] for k in HISTORY_FIELDS} for r in history_records(events)]
    if fmt is not Format.TABLE:
        out.records(_flat(records, fmt), fmt)
        return
    if not records:
        out.message(_("no changes"))
        return

    from guantask.render.fit import Col, fit_table
    from guantask.render.summaries import summary_text

    # The table-width rule: #, when and task are never cut; the text wraps; who and then kind
    # are left out first when the terminal is too narrow.
    cols = [
        Col("#", justify="right"),
        Col(_("When")),
        Col(_("Who"), drop=2),
        Col(_("Kind"), drop=1),
        Col(_("Task")),
        Col(_("What"), kind="prose", min_width=20),
    ]
    body = []
    for r in records:
        what = summary_text(r["summary"])
        if r["damaged"]:
            what += f" ({_('stored record damaged')})"
        if r["reverted_by"] is not None:
            what += f" ({_('undone by')} #{r['reverted_by']})"
        task = "" if r["task"] is None else str(r["task"])
        if not task and r["tasks"]:
            task = f"{len(r['tasks'])} {_('tasks')}"
        at = r["at"][:19].replace("T", " ")
        body.append([str(r["id"]), at, r["by"], kind_label(r["kind"]), task, what])
    out.table(fit_table(out, cols, body))


def undo_preview(out: Output, event: Any, *, asking: bool) -> None:
    """What `undo` is about to revert, on stderr (even under --quiet when it is `asking`)."""
    task = f" [{_('task')} {event.task}]" if event.task is not None else ""
    (out.problem if asking else out.message)(
        f"{_('will undo')} #{event.id} ({event.at}, {event.by}, {event.kind}){task}: {event.summary}"
    )


def undo_result(out: Output, result: Any, fmt: Format) -> None:
    out.message(f"{_('undone')} #{result.event}: {result.message}")
    if fmt is Format.TABLE:
        return
    out.records([result.to_dict()], fmt, id_field="event")


def kind_label(kind: str) -> str:
    """The kind of a change in the interface language (JSON keeps the English kind)."""
    labels = {
        "import": _("import"),
        "assign": _("assign"),
        "progress": _("progress"),
        "signoff": _("signoff"),
        "extend": _("extend"),
        "config": _("config"),
        "alias": _("alias"),
        "unalias": _("unalias"),
        "merge": _("merge"),
        "undo": _("undo"),
        "round-open": _("round open"),
        "round-return": _("round return"),
        "round-replace": _("round re-send"),
    }
    return labels.get(kind, kind)
