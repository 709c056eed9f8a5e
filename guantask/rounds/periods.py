"""The periods a round covers: an ISO week, a fortnight (ISO weeks 1-2, 3-4, ...) or a month."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import NamedTuple

from guantask.errors import UsageError
from guantask.i18n import _

KINDS = ("week", "fortnight", "month")


class Period(NamedTuple):
    key: str  # 2024-W11, 2024-F06, 2024-03
    kind: str
    starts: date
    ends: date

    @property
    def default_due(self) -> date:
        """The return deadline when none is given: the period's last Friday (a month: its last
        working day, Saturday and Sunday counting back to Friday)."""
        day = self.ends
        while day.weekday() != 4 and day > self.starts:
            day -= timedelta(days=1)
        return day


def period_of(day: date, kind: str) -> Period:
    """The period of kind `kind` that contains `day`."""
    if kind == "week":
        year, week, _wd = day.isocalendar()
        start = day - timedelta(days=day.weekday())
        return Period(f"{year}-W{week:02d}", kind, start, start + timedelta(days=6))
    if kind == "fortnight":
        year, week, _wd = day.isocalendar()
        first = week - (week - 1) % 2
        start = day - timedelta(days=day.weekday() + 7 * (week - first))
        return Period(f"{year}-F{(first + 1) // 2:02d}", kind, start, start + timedelta(days=13))
    if kind == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(
            f"{day.year}-{day.month:02d}", kind, day.replace(day=1), day.replace(day=last)
        )
    raise UsageError(_("a period is week, fortnight or month, not {kind}").format(kind=kind))
