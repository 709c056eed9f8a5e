"""Typed inputs of the daily work and the small readers that build them.

`ProgressInput` is one progress record as given, by `record-progress` options or by a row of a
returned batch file (`work.returns`); the readers here turn what people type (task numbers,
figures with 万/亿, percents, statuses, dates) into values or one clear `UsageError`.
No typer or rich here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import InvalidOperation
from typing import Any

from guantask.bounds import MAX_FIGURE, MAX_TASK_ID
from guantask.dates import quoted
from guantask.errors import UsageError
from guantask.i18n import _
from guantask.models import ReportedStatus
from guantask.people import NAME_MAX as NAME_MAX  # the one rule for a person's name
from guantask.plan.numbers import scaled

NUMBER_FORMS = "1200, 4.3万, 32亿, 85%, 1,200"
NOTE_MAX = 4000  # characters in a note or a reason

_NUMBER = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(万亿|亿|万|%)?")
_ID_SEP = re.compile(r"[\s,，、]+")


@dataclass(frozen=True, slots=True)
class ProgressInput:
    """One progress record as given; checked against the task when it is recorded.

    `values` are METRIC=NUMBER items (an item may hold several separated by ';'); `date` is a
    day, or the text as written (read against the plan's year), None for today; `by` None is
    the user recording it.
    """

    task: int
    percent: int | None = None
    status: str | None = None
    values: tuple[str, ...] = ()
    note: str | None = None
    date: date | str | None = None
    by: str | None = None


def parse_ids(text: str) -> list[int]:
    """Task numbers from stdin or a file: whitespace, newlines or commas between them."""
    out: list[int] = []
    for word in _ID_SEP.split(unicodedata.normalize("NFKC", text)):
        if word:
            out.append(task_no(word))
    return out


def parse_number(text: str, *, unit: str = "") -> float:
    """A figure as people write it: 1200, 1,200, 4.3万, 32亿 (→ 3.2e9), 85%, or with the
    target's unit after it (32亿元 when the unit is 元)."""
    s = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    if unit and s.endswith(unit) and len(s) > len(unit):
        s = s[: -len(unit)].rstrip()
    m = _NUMBER.fullmatch(s)
    if m is None:
        raise _unreadable_number(text)
    try:
        number = float(scaled(m[1], m[2]))
    except InvalidOperation:
        raise _unreadable_number(text) from None
    if not abs(number) <= MAX_FIGURE:
        raise UsageError(
            _("number {number} is larger than {maximum:g}").format(
                number=quoted(text), maximum=MAX_FIGURE
            )
        )
    return number


def _unreadable_number(text: str) -> UsageError:
    return UsageError(
        _("cannot read number {number}; e.g. {forms}").format(
            number=quoted(text), forms=NUMBER_FORMS
        )
    )


def task_no(value: Any) -> int:
    """A task number from a cell or a word: 18, 18.0, '18', '１８'."""
    if isinstance(value, bool):
        raise UsageError(_("task id must be a number, got {value}").format(value=repr(value)))
    no: int | None = None
    if isinstance(value, int):
        no = value
    elif isinstance(value, float) and value.is_integer():
        no = int(value)
    else:
        s = unicodedata.normalize("NFKC", str(value)).strip()
        if s.isascii() and s.isdigit():
            no = int(s) if len(s.lstrip("0")) <= 9 else MAX_TASK_ID + 1
    if no is None:
        raise UsageError(
            _("task id must be a number, got {value}").format(value=quoted(str(value)))
        )
    if not 1 <= no <= MAX_TASK_ID:
        raise UsageError(
            _("task id {value} is out of range (1-{high})").format(
                value=quoted(str(value)), high=MAX_TASK_ID
            )
        )
    return no


def limited(text: str | None, *, what: str, limit: int, where: str = "") -> str | None:
    """`text` stripped (None when empty); longer than `limit` characters is a usage error."""
    value = (text or "").strip()
    if len(value) > limit:
        raise UsageError(
            where
            + _("{what} is {n} characters long; at most {limit}").format(
                what=what, n=len(value), limit=limit
            )
        )
    return value or None


def cell_text(value: Any) -> str:
    """A cell as text: None → '', 18.0 → '18', a date → ISO."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def optional_text(value: Any) -> str | None:
    """A cell as text, None when empty."""
    return cell_text(value) or None


def percent_of(value: Any) -> int | None:
    """A percent as written (40, 12.6, '85%'), rounded; outside 0-100 is a usage error."""
    text = cell_text(value)
    if not text:
        return None
    s = unicodedata.normalize("NFKC", text).strip().rstrip("%").strip()
    try:
        number = float(s)
    except ValueError:
        raise UsageError(
            _("percent must be a number from 0 to 100, got {value}").format(value=quoted(text))
        ) from None
    if not 0 <= number <= 100:
        raise UsageError(
            _("percent must be between 0 and 100, got {value}").format(value=quoted(text))
        )
    return round(number)


def reported_status(value: Any) -> str | None:
    """A reported status code (any case); an unknown word is a usage error."""
    text = cell_text(value).lower()
    if not text:
        return None
    known = [s.value for s in ReportedStatus]
    if text not in known:
        raise UsageError(
            _("unknown status {value}; one of {codes}").format(
                value=quoted(text), codes=", ".join(known)
            )
        )
    return text


def day_of(value: Any, *, today: date, plan_year: int) -> date:
    """A day from a cell (date, datetime) or as written (2024-03-10, 3月10日, eom…)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from guantask.dates import parse_date

    return parse_date(str(value), today=today, plan_year=plan_year)
