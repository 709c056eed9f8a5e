"""Where a round stands: per unit, returned on time, late (with the day) or missing; the rows
it filled and who filled them. The report's 报送情况 and `round chase` use the same records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from guantask.errors import NotFound
from guantask.i18n import _
from guantask.store import Database
from guantask.store import rounds as st
from guantask.store.plans import PlanRef

STATES = ("on-time", "late", "missing", "pending")


@dataclass
class UnitReturn:
    unit: str
    state: str  # on-time, late, missing (after the deadline), pending (before it)
    received: str | None
    rows: int
    filled_by: str | None
    tasks: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "state": self.state,
            "received": self.received,
            "rows": self.rows,
            "filled_by": self.filled_by,
            "tasks": self.tasks,
        }


@dataclass
class RoundStanding:
    plan: str
    round: str
    period: str
    starts: str
    ends: str
    due: str
    units: list[UnitReturn] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for u in self.units if u.state == state)

    @property
    def overdue(self) -> bool:
        return self.count("missing") > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "round": self.round,
            "period": self.period,
            "starts": self.starts,
            "ends": self.ends,
            "due": self.due,
            "counts": {s: self.count(s) for s in STATES},
            "units": [u.to_dict() for u in self.units],
        }


def round_standing(
    db: Database, plan: PlanRef, *, today: date, period: str | None = None
) -> RoundStanding:
    """The standing of round `period` (default: the plan's newest round) as of `today`."""
    rnd = (
        st.newest_round(db, plan.id) if period is None else st.round_by_period(db, plan.id, period)
    )
    if rnd is None:
        raise NotFound(
            _("no round is open in {plan}; start one with `guantask round open`").format(
                plan=plan.doc_number
            )
            if period is None
            else _("there is no round {round} in this plan").format(round=period)
        )
    return standing_of(db, plan, rnd, today=today)


def standing_of(db: Database, plan: PlanRef, rnd: dict[str, Any], *, today: date) -> RoundStanding:
    units = st.round_units(db, rnd["id"])
    current = st.current_returns(db, rnd["id"])
    first = st.first_received(db, rnd["id"])
    past_due = today.isoformat() > rnd["due"]
    out = RoundStanding(
        plan.doc_number, rnd["period"], rnd["kind"], rnd["starts"], rnd["ends"], rnd["due"]
    )
    for unit, nos in units.items():
        ret = current.get(unit)
        if ret is None:
            state = "missing" if past_due else "pending"
            out.units.append(UnitReturn(unit, state, None, 0, None, len(nos)))
            continue
        received = first.get(unit, ret["received"])
        state = "on-time" if received <= rnd["due"] else "late"
        out.units.append(UnitReturn(unit, state, received, ret["rows"], ret["filled_by"], len(nos)))
    order = {s: i for i, s in enumerate(("missing", "late", "pending", "on-time"))}
    out.units.sort(key=lambda u: (order[u.state], u.unit))
    return out


def standing_for_period(
    db: Database, plan: PlanRef, *, day: date, today: date
) -> RoundStanding | None:
    """The standing of the round whose period contains `day`, or None (for reports)."""
    rnd = st.round_covering(db, plan.id, day.isoformat())
    return None if rnd is None else standing_of(db, plan, rnd, today=today)


def return_rates(db: Database, plan: PlanRef) -> dict[str, tuple[int, int]]:
    """Unit → (rounds returned on time, rounds it got a sheet in), over the plan's rounds."""
    return {unit: (on_time, rounds) for unit, rounds, on_time in st.returns_by_unit(db, plan.id)}
