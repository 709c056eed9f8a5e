"""Output of the daily-work commands: confirmations, created records, the change log, undo.

Notes, names and summaries are data: shown through `clean`/`_text`, never as Rich markup.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from guantask.i18n import _
from guantask.render import Format, Output, _text

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


def history_records(events: Sequence[Any]) -> list[dict[str, Any]]:
    from guantask.work import event_tasks

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

    table = out.new_table()
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("When"), no_wrap=True)
    table.add_column(_("Who"), no_wrap=True)
    table.add_column(_("Kind"), no_wrap=True)
    table.add_column(_("Task"), no_wrap=True)
    table.add_column(_("What"), ratio=1, min_width=20, overflow="fold")
    for r in records:
        what = r["summary"]
        if r["reverted_by"] is not None:
            what += f" ({_('undone by')} #{r['reverted_by']})"
        task = "" if r["task"] is None else str(r["task"])
        if not task and r["tasks"]:
            task = f"{len(r['tasks'])} {_('tasks')}"
        table.add_row(
            str(r["id"]),
            _text(r["at"][:19].replace("T", " ")),
            _text(r["by"]),
            _text(_(r["kind"])),
            task,
            _text(what),
        )
    out.table(table)


def undo_preview(out: Output, event: Any) -> None:
    """What `undo` is about to revert, on stderr."""
    task = f" [{_('task')} {event.task}]" if event.task is not None else ""
    out.message(
        f"{_('will undo')} #{event.id} ({event.at}, {event.by}, {event.kind}){task}: {event.summary}"
    )


def undo_result(out: Output, result: Any, fmt: Format) -> None:
    out.message(f"{_('undone')} #{result.event}: {result.message}")
    if fmt is Format.TABLE:
        return
    out.records([result.to_dict()], fmt, id_field="event")
