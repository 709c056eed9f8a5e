"""Importing a plan: read a plan JSON or a notice, compare with the stored plan, apply or preview."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from guantask.changes import register
from guantask.errors import GuantaskError, Refused
from guantask.i18n import _
from guantask.plan.model import Plan, PlanTask
from guantask.store import Database
from guantask.store import plans as st_plans

_PACKAGE_DATA = Path(__file__).parent.parent / "data"
_SOURCE_DATA = Path(__file__).parent.parent.parent / "data"


def data_file(name: str) -> Path:
    """A file shipped with guantask (inside the wheel, or `data/` of a source checkout)."""
    for folder in (_PACKAGE_DATA, _SOURCE_DATA):
        path = folder / name
        if path.exists():
            return path
    raise GuantaskError(
        _("bundled file {name} is missing from this installation").format(name=name)
    )


def bundled_plan() -> Plan:
    """The 2024 plan shipped with guantask (冠政办发〔2024〕1号)."""
    from guantask.plan.planfile import load_plan

    return load_plan(data_file("plan2024.json").read_text(encoding="utf-8"), source="bundled plan")


@dataclass(frozen=True, slots=True)
class Source:
    plan: Plan
    problems: list[str] = field(default_factory=list)  # parser warnings, "SOURCE:LINE: message"


def read_source(data: bytes, *, name: str) -> Source:
    """A plan JSON, or a notice in any format `parse` reads (text, Word, Excel, PDF), which is
    parsed first. Decided by content, not by name."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        from guantask.plan.planfile import load_plan

        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise GuantaskError(
                _("{name} looks like a plan JSON but is not UTF-8").format(name=name)
            ) from None
        return Source(load_plan(text, source=name))
    from guantask.plan.intake import parse_content
    from guantask.plan.problems import problem_lines
    from guantask.plan.readers import read_notice

    result = parse_content(read_notice(data, name=name))
    return Source(result.plan, problem_lines(result.problems, source=name))


@dataclass(frozen=True, slots=True)
class ImportResult:
    doc_number: str
    state: str  # new | unchanged | amended
    tasks: int
    added: list[int]
    changed: list[int]
    removed: list[int]
    pruned: bool
    dry_run: bool
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.doc_number,
            "state": self.state,
            "tasks": self.tasks,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "pruned": self.pruned,
            "dry_run": self.dry_run,
            "near_duplicate_units": [list(p) for p in self.near_duplicates],
        }


def _canonical(plan: Plan, aliases: dict[str, str]) -> Plan:
    """The plan with unit names replaced by their canonical names (after `units merge`)."""
    if not aliases:
        return plan

    def fix(names: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for n in names:
            c = aliases.get(n, n)
            if c not in out:
                out.append(c)
        return tuple(out)

    tasks = tuple(
        replace(t, lead_units=fix(t.lead_units), responsible_units=fix(t.responsible_units))
        for t in plan.tasks
    )
    return replace(plan, tasks=tasks)


def diff_tasks(old: Plan, new: Plan) -> tuple[list[int], list[int], list[int]]:
    """(added, changed, removed) task numbers between two versions of a plan."""
    before: dict[int, PlanTask] = {t.no: t for t in old.tasks}
    after: dict[int, PlanTask] = {t.no: t for t in new.tasks}
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(n for n in set(after) & set(before) if after[n] != before[n])
    return added, changed, removed


def import_plan(
    db: Database,
    plan: Plan,
    *,
    by: str,
    now: str,
    dry_run: bool = False,
    prune: bool = False,
) -> ImportResult:
    """Import or amend `plan` in one transaction (or only say what would change)."""
    from guantask.filters.names import near_duplicates
    from guantask.filters.readings import remember_readings

    doc = plan.document.doc_number
    all_units = {u for t in plan.tasks for u in (*t.lead_units, *t.responsible_units)}
    with db.write():
        aliases = st_plans.unit_aliases(db)
        plan = _canonical(plan, aliases)
        nd = near_duplicates(sorted(all_units - set(aliases)))
        plan_id = st_plans.plan_id_by_doc(db, doc)
        if plan_id is None:
            added = [t.no for t in plan.tasks]
            result = ImportResult(doc, "new", len(plan.tasks), added, [], [], False, dry_run, nd)
            if not dry_run:
                st_plans.insert_plan(db, plan, now=now)
                remember_readings(db)
                st_plans.log_import(db, plan, before=None, by=by, now=now)
            return result
        old = st_plans.load_plan(db, plan_id)
        added, changed, removed = diff_tasks(old, plan)
        doc_changed = old.document != plan.document or old.sections != plan.sections
        state = "amended" if (added or changed or removed or doc_changed) else "unchanged"
        result = ImportResult(
            doc,
            state,
            len(plan.tasks),
            added,
            changed,
            removed,
            prune and bool(removed),
            dry_run,
            nd,
        )
        if dry_run or state == "unchanged":
            return result
        st_plans.amend_plan(
            db, plan_id, plan, added=added, changed=changed, removed=removed, prune=prune
        )
        remember_readings(db)
        counts = {"added": len(added), "changed": len(changed), "removed": len(removed)}
        st_plans.log_import(db, plan, before=old.to_dict(), by=by, now=now, counts=counts)
        return result


def undo_import(db: Database, undo: dict[str, Any]) -> str:
    """Revert an import (inside the caller's transaction): restore the previous plan version."""
    from guantask.filters.readings import remember_readings
    from guantask.plan.planfile import load_plan

    plan_id = st_plans.plan_id_by_doc(db, undo["doc_number"])
    if plan_id is None:
        return f"plan {undo['doc_number']} is already gone"
    previous = undo.get("previous")
    if previous is None:
        busy = st_plans.activity_count(db, plan_id)
        if busy:
            raise Refused(
                _(
                    "undoing the import of {plan} would delete {n} assignment,"
                    " progress and extension records"
                ).format(plan=undo["doc_number"], n=busy)
            )
        st_plans.delete_plan(db, plan_id)
        return f"removed plan {undo['doc_number']}"
    import json

    old = load_plan(json.dumps(previous, ensure_ascii=False), source="previous plan")
    current = st_plans.load_plan(db, plan_id)
    added, changed, removed = diff_tasks(current, old)
    st_plans.amend_plan(db, plan_id, old, added=added, changed=changed, removed=removed, prune=True)
    remember_readings(db)
    return f"restored the previous version of {undo['doc_number']}"


register("import", undo=undo_import)
