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
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from guantask.bounds import MAX_FIGURE, MAX_TASK_NO
from guantask.dates import quoted
from guantask.errors import UsageError
from guantask.i18n import _
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


def parse_nos(text: str) -> list[int]:
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
            no = int(s) if len(s.lstrip("0")) <= 9 else MAX_TASK_NO + 1
    if no is None:
        raise UsageError(
            _("task id must be a number, got {value}").format(value=quoted(str(value)))
        )
    if not 1 <= no <= MAX_TASK_NO:
        raise UsageError(
            _("task id {value} is out of range (1-{high})").format(
                value=quoted(str(value)), high=MAX_TASK_NO
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


PERCENT_FORMS = "45, 45.5, 50%, ５０％"
DERIVED_MAX = 99  # a percent derived from figures stays below 100: only the clerk says done
_PERCENT = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%?")


def half_up(number: float) -> int:
    """A percent kept as a whole number: rounded half up (45.5 → 46), but below 100 stays
    below 100 (99.6 → 99), since 100 means done."""
    whole = int(Decimal(str(number)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return min(whole, 99) if number < 100 else whole


def percent_of(value: Any) -> int | None:
    """A percent as people type it, the same on the command line and in a batch file: 45,
    45.5, 50%, ５０％ (full width), 50 %; a spreadsheet's percentage cell (0.5 shown as 50%)
    is read by the batch reader. Kept as a whole number (`half_up`); outside 0-100 is a usage
    error."""
    text = cell_text(value)
    if not text:
        return None
    s = unicodedata.normalize("NFKC", text).strip()
    m = _PERCENT.fullmatch(s)
    if m is None:
        raise UsageError(
            _("percent must be a number from 0 to 100 (e.g. {forms}), got {value}").format(
                forms=PERCENT_FORMS, value=quoted(text)
            )
        )
    number = float(m[1])
    if not 0 <= number <= 100:
        raise UsageError(
            _("percent must be between 0 and 100, got {value}").format(value=quoted(text))
        )
    return half_up(number)


def reported_status(value: Any) -> str | None:
    """A reported status as stored, from any word of the one vocabulary (`guantask.vocab`):
    in-progress/进行中/on-track → on-track, at-risk/有风险, blocked/受阻, done/已完成. An unknown
    word, or one no progress record reports (未开始, 已销号), is a usage error."""
    from guantask import vocab

    text = cell_text(value)
    if not text:
        return None
    code = vocab.status_code(text)
    if code is None or code not in vocab.REPORTABLE:
        words = [w for c in vocab.REPORTABLE for w in (c, vocab.status_zh(c))]
        message = (
            _("unknown status {value}; one of {codes}")
            if code is None
            else _("status {value} is not reported with progress; one of {codes}")
        )
        raise UsageError(message.format(value=quoted(text), codes=", ".join(words)))
    return vocab.stored_status(code)


def day_of(value: Any, *, today: date, plan_year: int) -> date:
    """A day from a cell (date, datetime) or as written (2024-03-10, 3月10日, eom…)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from guantask.dates import parse_date

    return parse_date(str(value), today=today, plan_year=plan_year)
