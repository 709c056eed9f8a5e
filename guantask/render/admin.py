"""Output of the looking-after commands: units alias/merge, export/template, backup, check.

Confirmations go to stderr (stdout stays for data); `--format json` prints the result object.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from guantask.i18n import _
from guantask.render.output import Format, Output


def _json(out: Output, data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def alias_result(out: Output, result: Any, fmt: Format, *, removed: bool = False) -> None:
    """`units alias` / `units unalias`."""
    if fmt is Format.JSON:
        _json(out, result.to_dict())
        return
    if removed:
        out.message(
            _("removed alias {alias} (of {unit})").format(alias=result.alias, unit=result.unit)
        )
    elif result.changed:
        out.message(
            _("{alias} is now another name of {unit}").format(alias=result.alias, unit=result.unit)
        )
    else:
        out.message(
            _("{alias} already is another name of {unit}").format(
                alias=result.alias, unit=result.unit
            )
        )


def aliases(out: Output, pairs: Sequence[tuple[str, str]], fmt: Format) -> None:
    """`units aliases`: each alias with its unit."""
    records = [{"alias": a, "unit": u} for a, u in pairs]
    if fmt is not Format.TABLE:
        out.records(records, fmt, id_field="alias")
        return
    if not records:
        out.message(_("no unit aliases"))
        return

    from guantask.render.fit import Col, fit_table

    cols = [Col(_("Alias"), kind="names"), Col(_("Unit"), kind="names")]
    out.table(fit_table(out, cols, [[r["alias"], r["unit"]] for r in records]))


def merge_result(out: Output, result: Any, fmt: Format) -> None:
    """`units merge`."""
    if fmt is Format.JSON:
        _json(out, result.to_dict())
        return
    out.message(
        _("merged {variant} into {canonical}: {n} tasks").format(
            variant=result.variant, canonical=result.canonical, n=len(result.tasks)
        )
    )
    if result.tasks:
        nos = ", ".join(str(t["no"]) for t in result.tasks[:20])
        more = ", …" if len(result.tasks) > 20 else ""
        out.message("  " + _("tasks: {nos}").format(nos=nos + more))
    if result.deduplicated:
        out.message(
            "  "
            + _("{n} tasks already had {canonical}; their {variant} link was dropped").format(
                n=result.deduplicated, canonical=result.canonical, variant=result.variant
            )
        )
    out.message(
        "  "
        + _("{variant} is kept as an alias, so future imports map it").format(
            variant=result.variant
        )
    )


def file_written(out: Output, *, path: str, rows: int, what: str) -> None:
    """The confirmation of `export -o` and `template`."""
    out.message(_("wrote {n} {what} to {path}").format(n=rows, what=what, path=path))


def database_ready(out: Output, *, path: str, created: bool, plans: int) -> None:
    """The confirmation of `init`."""
    if created:
        out.message(_("created database {path} with the bundled plan").format(path=path))
    else:
        out.message(
            _("database {path} already exists (plans: {n}); nothing to do").format(
                path=path, n=plans
            )
        )


def backup_result(out: Output, result: Any, fmt: Format) -> None:
    if fmt is Format.JSON:
        _json(out, result.to_dict())
        return
    out.message(
        _("backed up {source} to {backup} ({size} KiB)").format(
            source=result.source, backup=result.backup, size=(result.bytes + 1023) // 1024
        )
    )


def check_report(out: Output, report: Any, fmt: Format) -> None:
    """`check`: "ok", or one line per problem (stdout, so scripts and cron mail see it)."""
    if fmt is Format.JSON:
        _json(out, report.to_dict())
        return
    for note in report.notes:
        out.message(note)
    if report.ok:
        out.write(_("ok: {path} (schema {schema})").format(path=report.path, schema=report.schema))
        out.write("\n")
        return
    from guantask.render.output import clean

    for p in report.problems:
        line = _("{check}: {detail}").format(check=check_name(p["check"]), detail=p["detail"])
        out.write(clean(line, keep_newlines=False) + "\n")
    n = len(report.problems)
    out.problem(_("{n} problem(s) in {path}").format(n=n, path=report.path))


def check_name(name: str) -> str:
    """The name of a `check` finding in the interface language (JSON keeps the English name)."""
    names = {
        "integrity": _("integrity"),
        "schema": _("schema"),
        "foreign key": _("foreign key"),
        "task without its section": _("task without its section"),
        "task without its subsection": _("task without its subsection"),
        "progress value against another task's target": _(
            "progress value against another task's target"
        ),
        "progress record with an unknown status": _("progress record with an unknown status"),
        "alias that is also a unit's name": _("alias that is also a unit's name"),
        "undo of a missing change": _("undo of a missing change"),
    }
    return names.get(name, name)


def init_result(out: Output, result: dict[str, Any], fmt: Format) -> None:
    """`db init`: what the schema was and is now."""
    if fmt is Format.JSON:
        _json(out, result)
        return
    if not result["applied"]:
        out.message(
            _("{database}: schema {to} is up to date").format(
                database=result["database"], to=result["to"]
            )
        )
        return
    line = _("{database}: schema {before} → {to}").format(
        database=result["database"], before=result["from"], to=result["to"]
    )
    if result["seeded"]:
        line += _(", with the bundled plan")
    out.message(line)


def copy_result(out: Output, result: Any, fmt: Format) -> None:
    """`db copy`: rows and digest per table on stdout, the summary on stderr."""
    if fmt is Format.JSON:
        _json(out, result.to_dict())
        return
    from guantask.render import clean

    width = max((len(t.table) for t in result.tables), default=5)
    for t in result.tables:
        out.write(f"{t.table:<{width}}  {t.rows:>8}  sha256:{t.digest[:16]}\n")
    out.message(
        _(
            "copied {rows} rows from {source} to {target}; verified (rows and digest per table)"
        ).format(rows=result.rows, source=clean(result.source), target=clean(result.target))
    )


def grant_result(out: Output, result: Any, fmt: Format) -> None:
    """`db grant unit`: who may now write what."""
    if fmt is Format.JSON:
        _json(out, result.to_dict())
        return
    out.message(
        _(
            "role {role} may record progress on the {tasks} tasks of {unit} (enforced by the server)"
        ).format(role=result.role, tasks=result.tasks, unit=result.unit)
    )
