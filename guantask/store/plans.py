"""Plans in the database: find one, read it back as a `Plan`, insert a new one, amend one in place."""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from guantask.errors import AmbiguousName, NotFound
from guantask.i18n import _
from guantask.store.db import Database, like_pattern
from guantask.store.events import log_event
from guantask.store.tasks import links

if TYPE_CHECKING:  # the plan dataclasses cost start-up time that finding a plan does not need
    from guantask.plan.model import Plan, PlanTask, Section, Target


class PlanRef(NamedTuple):
    id: int
    doc_number: str
    issuer: str
    title: str
    issued: str
    year: int
    tasks: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "title": self.title,
            "issued": self.issued,
            "year": self.year,
            "tasks": self.tasks,
        }


_PLAN_SELECT = (
    "SELECT p.id, p.doc_number, p.issuer, p.title, p.issued, p.year,"
    " (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id) AS tasks FROM plans p"
)


def _ref(row: Any) -> PlanRef:
    return PlanRef(*row)


def list_plans(db: Database) -> list[PlanRef]:
    """All plans, newest issued first."""
    return [_ref(r) for r in db.query(_PLAN_SELECT + " ORDER BY p.issued DESC, p.id DESC")]


def find_issuer(db: Database, name: str) -> str:
    """The issuer an `--issuer` value names: exactly, else the one issuer containing it."""
    issuers = [r[0] for r in db.query("SELECT DISTINCT issuer FROM plans ORDER BY issuer")]
    if name in issuers:
        return name
    matches = [i for i in issuers if name.casefold() in i.casefold()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousName("issuer", name, matches)
    known = "、".join(issuers) or _("none")
    raise NotFound(_("no plan of issuer {name!r}; issuers: {known}").format(name=name, known=known))


def find_plan(db: Database, ref: str | None, *, issuer: str | None = None) -> PlanRef:
    """The plan a `--plan` value names: a year, a document number (or part of one); default newest.
    With `issuer`, only that office's plans count."""
    if issuer:
        office = find_issuer(db, issuer)
        plans = [p for p in list_plans(db) if p.issuer == office]
        if ref:
            chosen = find_plan(db, ref)
            if chosen.issuer != office:
                raise NotFound(
                    _("plan {plan} is not of issuer {issuer}").format(
                        plan=chosen.doc_number, issuer=office
                    )
                )
            return chosen
        return plans[0]
    if ref is None or ref == "":
        row = db.one(_PLAN_SELECT + " ORDER BY p.issued DESC, p.id DESC LIMIT 1")
        if row is None:
            raise NotFound(_("the database holds no plan; import one with `guantask import`"))
        return _ref(row)
    ref = ref.strip()
    row = db.one(_PLAN_SELECT + " WHERE p.doc_number = ?", [ref])
    if row is not None:
        return _ref(row)
    if ref.isdigit() and len(ref) == 4:
        rows = db.query(_PLAN_SELECT + " WHERE p.year = ? ORDER BY p.issued DESC", [int(ref)])
    else:
        rows = db.query(
            _PLAN_SELECT
            + f" WHERE p.doc_number {db.dialect.like} ? ESCAPE '\\' ORDER BY p.issued DESC",
            [like_pattern(ref)],
        )
    if not rows:
        known = "、".join(p.doc_number for p in list_plans(db)) or _("none")
        raise NotFound(_("no plan matches {ref!r}; plans: {plans}").format(ref=ref, plans=known))
    if len(rows) > 1:
        raise AmbiguousName("plan", ref, [r["doc_number"] for r in rows])
    return _ref(rows[0])


def plan_id_by_doc(db: Database, doc_number: str) -> int | None:
    return db.scalar("SELECT id FROM plans WHERE doc_number = ?", [doc_number])


def unit_aliases(db: Database) -> dict[str, str]:
    """alias → canonical unit name (from `units alias` and `units merge`)."""
    rows = db.query("SELECT a.alias, u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id")
    return {r[0]: r[1] for r in rows}


def load_plan(db: Database, plan_id: int) -> "Plan":
    """The plan as stored now (amended texts, canonical unit names; extended dues not applied)."""
    from guantask.plan.model import Document, Plan, PlanTask, Section, Subsection, Target

    p = db.one("SELECT issuer, doc_number, title, issued, year FROM plans WHERE id = ?", [plan_id])
    if p is None:
        raise NotFound(_("no plan with id {id}").format(id=plan_id))
    doc = Document(issuer=p[0], doc_number=p[1], title=p[2], issued=p[3], year=p[4])
    subs: dict[int, list[Subsection]] = {}
    for r in db.query(
        "SELECT s.no, ss.no, ss.numeral, ss.title FROM subsections ss"
        " JOIN sections s ON s.id = ss.section_id WHERE s.plan_id = ? ORDER BY s.no, ss.no",
        [plan_id],
    ):
        subs.setdefault(r[0], []).append(Subsection(no=r[1], numeral=r[2], title=r[3]))
    sections = tuple(
        Section(no=r[0], numeral=r[1], title=r[2], subsections=tuple(subs.get(r[0], ())))
        for r in db.query(
            "SELECT no, numeral, title FROM sections WHERE plan_id = ? ORDER BY no", [plan_id]
        )
    )
    leaders, units = links(db, plan_id)
    targets: dict[int, list[Target]] = {}
    for r in db.query(
        "SELECT g.task_id, g.metric, g.value, g.unit, g.kind, g.at_least, g.as_written"
        " FROM targets g JOIN tasks t ON t.id = g.task_id WHERE t.plan_id = ?"
        " ORDER BY g.task_id, g.position",
        [plan_id],
    ):
        targets.setdefault(r[0], []).append(
            Target(
                metric=r[1], value=r[2], unit=r[3], kind=r[4], at_least=bool(r[5]), as_written=r[6]
            )
        )
    tasks = tuple(
        PlanTask(
            no=r[1],
            section=r[2],
            subsection=r[3],
            text=r[4],
            leaders=tuple(leaders.get(r[0], ())),
            lead_units=tuple(units.get((r[0], "lead"), ())),
            responsible_units=tuple(units.get((r[0], "responsible"), ())),
            due=r[5],
            due_source=r[6],
            targets=tuple(targets.get(r[0], ())),
        )
        for r in db.query(
            "SELECT id, no, section, subsection, text, plan_due, due_source FROM tasks"
            " WHERE plan_id = ? ORDER BY no",
            [plan_id],
        )
    )
    return Plan(document=doc, sections=sections, tasks=tasks)


# Tables of names `_name_ids` may fill; nothing else reaches the SQL.
_NAME_TABLES = {"leaders": "leaders", "units": "units"}


def _name_ids(db: Database, table: str, names: Iterable[str]) -> dict[str, int]:
    """Get-or-create ids for leader or unit names (units follow their aliases)."""
    name_table = _NAME_TABLES[table]
    wanted = sorted(set(names))
    aliases = unit_aliases(db) if name_table == "units" else {}
    ids: dict[str, int] = {}
    for name in wanted:
        canonical = aliases.get(name, name)
        row = db.one(f"SELECT id FROM {name_table} WHERE name = ?", [canonical])
        if row is None:
            ids[name] = db.insert(f"INSERT INTO {name_table} (name) VALUES (?)", [canonical])
        else:
            ids[name] = row[0]
    return ids


def insert_plan(db: Database, plan: "Plan", *, now: str) -> int:
    """Insert a plan that is not in the database yet (inside the caller's transaction)."""
    d = plan.document
    plan_id = db.insert(
        "INSERT INTO plans (doc_number, issuer, title, issued, year, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [d.doc_number, d.issuer, d.title, d.issued, d.year, now],
    )
    _write_sections(db, plan_id, plan.sections)
    leader_ids = _name_ids(db, "leaders", (n for t in plan.tasks for n in t.leaders))
    unit_ids = _name_ids(
        db, "units", (n for t in plan.tasks for n in (*t.lead_units, *t.responsible_units))
    )
    task_rows = [
        (plan_id, t.no, t.section, t.subsection, t.text, t.due, t.due_source, t.due)
        for t in plan.tasks
    ]
    db.executemany(
        "INSERT INTO tasks (plan_id, no, section, subsection, text, due, due_source, plan_due)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        task_rows,
    )
    pks = {r[0]: r[1] for r in db.query("SELECT no, id FROM tasks WHERE plan_id = ?", [plan_id])}
    for t in plan.tasks:
        _write_links(db, pks[t.no], t, leader_ids, unit_ids)
        _write_targets(db, pks[t.no], t.targets, existing=[])
    return plan_id


def _write_sections(db: Database, plan_id: int, sections: "Sequence[Section]") -> None:
    db.execute("DELETE FROM sections WHERE plan_id = ?", [plan_id])
    for s in sections:
        sid = db.insert(
            "INSERT INTO sections (plan_id, no, numeral, title) VALUES (?, ?, ?, ?)",
            [plan_id, s.no, s.numeral, s.title],
        )
        db.executemany(
            "INSERT INTO subsections (section_id, no, numeral, title) VALUES (?, ?, ?, ?)",
            [(sid, ss.no, ss.numeral, ss.title) for ss in s.subsections],
        )


def _write_links(
    db: Database, task_pk: int, t: "PlanTask", leader_ids: dict[str, int], unit_ids: dict[str, int]
) -> None:
    db.executemany(
        "INSERT INTO task_leaders (task_id, leader_id, position) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [(task_pk, leader_ids[n], i) for i, n in enumerate(t.leaders)],
    )
    db.executemany(
        "INSERT INTO task_units (task_id, unit_id, role, position) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [(task_pk, unit_ids[n], "lead", i) for i, n in enumerate(t.lead_units)]
        + [(task_pk, unit_ids[n], "responsible", i) for i, n in enumerate(t.responsible_units)],
    )


def _write_targets(
    db: Database, task_pk: int, targets: "Sequence[Target]", *, existing: list[tuple[int, str]]
) -> None:
    """Write targets, reusing the rows of same-metric targets so recorded actuals survive."""
    free = list(existing)
    for pos, g in enumerate(targets):
        match = next((e for e in free if e[1] == g.metric), None)
        values = [g.metric, g.value, g.unit, g.kind, int(g.at_least), g.as_written, pos]
        if match is not None:
            free.remove(match)
            db.execute(
                "UPDATE targets SET metric = ?, value = ?, unit = ?, kind = ?, at_least = ?,"
                " as_written = ?, position = ? WHERE id = ?",
                [*values, match[0]],
            )
        else:
            db.execute(
                "INSERT INTO targets (metric, value, unit, kind, at_least, as_written, position,"
                " task_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [*values, task_pk],
            )
    for target_id, _metric in free:
        db.execute("DELETE FROM targets WHERE id = ?", [target_id])


def amend_plan(
    db: Database,
    plan_id: int,
    new: "Plan",
    *,
    added: Sequence[int],
    changed: Sequence[int],
    removed: Sequence[int],
    prune: bool,
) -> None:
    """Apply an amended plan in place; assignments, progress and extensions are kept."""
    d = new.document
    db.execute(
        "UPDATE plans SET issuer = ?, title = ?, issued = ?, year = ? WHERE id = ?",
        [d.issuer, d.title, d.issued, d.year, plan_id],
    )
    _write_sections(db, plan_id, new.sections)
    by_no = {t.no: t for t in new.tasks}
    touched = [by_no[n] for n in (*added, *changed)]
    leader_ids = _name_ids(db, "leaders", (n for t in touched for n in t.leaders))
    unit_ids = _name_ids(
        db, "units", (n for t in touched for n in (*t.lead_units, *t.responsible_units))
    )
    for no in added:
        t = by_no[no]
        pk = db.insert(
            "INSERT INTO tasks (plan_id, no, section, subsection, text, due, due_source, plan_due)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [plan_id, t.no, t.section, t.subsection, t.text, t.due, t.due_source, t.due],
        )
        _write_links(db, pk, t, leader_ids, unit_ids)
        _write_targets(db, pk, t.targets, existing=[])
    for no in changed:
        t = by_no[no]
        row = db.one(
            "SELECT id, due, plan_due FROM tasks WHERE plan_id = ? AND no = ?", [plan_id, no]
        )
        assert row is not None
        pk, due, plan_due = row
        # An extension granted by the office outlives a new plan deadline.
        new_due = t.due if due == plan_due else due
        db.execute(
            "UPDATE tasks SET section = ?, subsection = ?, text = ?, due = ?, due_source = ?,"
            " plan_due = ?, removed = 0 WHERE id = ?",
            [t.section, t.subsection, t.text, new_due, t.due_source, t.due, pk],
        )
        db.execute("DELETE FROM task_leaders WHERE task_id = ?", [pk])
        db.execute("DELETE FROM task_units WHERE task_id = ?", [pk])
        _write_links(db, pk, t, leader_ids, unit_ids)
        existing = [
            (r[0], r[1])
            for r in db.query(
                "SELECT id, metric FROM targets WHERE task_id = ? ORDER BY position", [pk]
            )
        ]
        _write_targets(db, pk, t.targets, existing=existing)
    for no in removed:
        if prune:
            db.execute("DELETE FROM tasks WHERE plan_id = ? AND no = ?", [plan_id, no])
        else:
            db.execute("UPDATE tasks SET removed = 1 WHERE plan_id = ? AND no = ?", [plan_id, no])


def delete_plan(db: Database, plan_id: int) -> None:
    db.execute("DELETE FROM plans WHERE id = ?", [plan_id])


def activity_count(db: Database, plan_id: int) -> int:
    """How many assignments, progress records and extensions hang on the plan's tasks."""
    return int(
        db.scalar(
            "SELECT (SELECT count(*) FROM assignments a JOIN tasks t ON t.id = a.task_id"
            "        WHERE t.plan_id = ?)"
            " + (SELECT count(*) FROM progress p JOIN tasks t ON t.id = p.task_id"
            "    WHERE t.plan_id = ?)"
            " + (SELECT count(*) FROM extensions x JOIN tasks t ON t.id = x.task_id"
            "    WHERE t.plan_id = ?)",
            [plan_id, plan_id, plan_id],
        )
        or 0
    )


def log_import(
    db: Database,
    plan: "Plan",
    *,
    before: dict[str, Any] | None,
    by: str,
    now: str,
    summary_extra: str = "",
    counts: dict[str, int] | None = None,
    undoable: bool = True,
) -> int:
    """Record an import; undo restores `before` (or deletes a plan that was new)."""
    doc = plan.document.doc_number
    plan_id = plan_id_by_doc(db, doc)
    if counts is None:
        summary = f"imported {doc}: {len(plan.tasks)} tasks"
    else:
        summary = f"amended {doc}: " + ", ".join(f"{v} {k}" for k, v in counts.items())
    if summary_extra:
        summary += f" ({summary_extra})"
    return log_event(
        db,
        kind="import",
        by=by,
        at=now,
        summary=summary,
        plan_id=plan_id,
        before=None if before is None else {"tasks": len(before["tasks"])},
        after={"doc_number": doc, "tasks": len(plan.tasks), **(counts or {})},
        undo={"doc_number": doc, "previous": before} if undoable else None,
    )
