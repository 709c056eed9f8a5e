"""Plan views: what `import` did (or would do) and the list of `plans`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from guantask.i18n import _
from guantask.render.output import Format, Output


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
        for label, nos in (
            (_("added"), result.added),
            (_("changed"), result.changed),
            (_("removed"), result.removed),
        ):
            if nos:
                nos_text = ", ".join(map(str, nos))
                out.message("  " + _("{label}: {ids}").format(label=label, ids=nos_text))
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

    from guantask.render.fit import Col, fit_table

    cols = [
        Col(_("Document")),
        Col(_("Year"), justify="right"),
        Col(_("Issued")),
        Col(_("Tasks"), justify="right"),
        Col(_("Title"), kind="prose"),
    ]
    body = [
        [r["doc_number"], str(r["year"]), r["issued"], str(r["tasks"]), r["title"]] for r in records
    ]
    out.table(fit_table(out, cols, body))
