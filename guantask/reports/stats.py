"""`stats`: tasks, done, lights and average percent per leader, lead unit, section or issuer
(across plans)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from guantask.models import Light, TaskRow
from guantask.reports import lights
from guantask.reports.rows import current_rows

if TYPE_CHECKING:
    from guantask.store import Database
    from guantask.store.plans import PlanRef

STAT_GROUPS = ("leader", "unit", "section", "issuer")


class StatRow(NamedTuple):
    """One group's counts: tasks, done (done or signed off), red, yellow, green, mean percent."""

    name: str
    tasks: int
    done: int
    red: int
    yellow: int
    green: int
    average_percent: float
    section: int | None = None
    returns: tuple[int, int] | None = None  # by unit: (rounds returned on time, rounds)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {} if self.section is None else {"section": self.section}
        d |= {
            "name": self.name,
            "tasks": self.tasks,
            "done": self.done,
            "red": self.red,
            "yellow": self.yellow,
            "green": self.green,
            "average_percent": self.average_percent,
        }
        if self.returns is not None:
            d |= {"returned_on_time": self.returns[0], "rounds": self.returns[1]}
        return d


def _stat(name: str, rows: Sequence[TaskRow], section: int | None = None) -> StatRow:
    lit = [r.light for r in rows]
    percent = sum(r.percent or 0 for r in rows)
    return StatRow(
        name=name,
        tasks=len(rows),
        done=sum(r.status in lights.DONE_STATUSES for r in rows),
        red=lit.count(Light.RED),
        yellow=lit.count(Light.YELLOW),
        green=lit.count(Light.GREEN),
        average_percent=round(percent / len(rows), 1) if rows else 0.0,
        section=section,
    )


def section_name(numeral: str, title: str) -> str:
    """`一、主要预期目标` from a section's numeral and title (a closing 。 dropped)."""
    return f"{numeral}、{title.rstrip('。.')}" if numeral else title.rstrip("。.")


def stats(
    rows: Sequence[TaskRow],
    *,
    by: str,
    sections: Mapping[int, tuple[str, str]] | None = None,
    issuers: Mapping[str, str] | None = None,
) -> tuple[list[StatRow], StatRow]:
    """Counts per leader, lead unit or section, and the total over `rows`.

    Leaders and lead units come in the order of their first task (the notice's order, which
    follows rank); a task with two leaders counts for both, so the total is counted over the
    tasks, not summed. Sections come by number.
    """
    if by not in STAT_GROUPS:
        raise ValueError(f"stats by {by!r}")
    groups: dict[Any, list[TaskRow]] = {}
    ordered = sorted(rows, key=lambda r: r.no)
    for r in ordered:
        keys: Iterable[Any]
        if by == "leader":
            keys = r.leaders
        elif by == "unit":
            keys = r.lead_units
        elif by == "issuer":
            keys = ((issuers or {}).get(r.plan, r.plan),)
        else:
            keys = (r.section,)
        for k in dict.fromkeys(keys):
            groups.setdefault(k, []).append(r)
    out: list[StatRow] = []
    if by == "section":
        titles = sections or {}
        for no in sorted(groups):
            numeral, title = titles.get(no, ("", str(no)))
            out.append(_stat(section_name(numeral, title), groups[no], section=no))
    elif by == "issuer":
        out = [_stat(name, groups[name]) for name in sorted(groups)]
    else:
        out = [_stat(name, members) for name, members in groups.items()]
    return out, _stat("", ordered)


def gather_stats(
    db: Database,
    *,
    plan: PlanRef,
    expr: Any | None,
    today: date,
    by: str,
    issuer: str | None = None,
) -> tuple[list[StatRow], StatRow]:
    from guantask.store import reports as st_reports

    if by == "issuer":  # across plans: every plan, or every plan of one issuer
        from guantask.store.plans import find_issuer, list_plans

        office = find_issuer(db, issuer) if issuer else None
        plans = [p for p in list_plans(db) if office is None or p.issuer == office]
        plans.sort(key=lambda p: (p.issuer, p.issued, p.id))
        across = [r for p in plans for r in current_rows(db, plan=p, expr=expr, today=today)]
        return stats(across, by=by, issuers={p.doc_number: p.issuer for p in plans})

    rows = current_rows(db, plan=plan, expr=expr, today=today)
    sections = st_reports.section_titles(db, plan_id=plan.id) if by == "section" else None
    out, total = stats(rows, by=by, sections=sections)
    if by == "unit":
        from guantask.rounds.standing import return_rates

        rates = return_rates(db, plan)
        if rates:
            out = [s._replace(returns=rates.get(s.name, (0, 0))) for s in out]
    return out, total
