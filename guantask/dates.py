"""Every date the user types, read in one place: ISO and Chinese forms, relative words, anchors.

ISO, numeric and Chinese forms are read by regular expressions without importing dateutil, so
the common case stays cheap; python-dateutil is imported only for month arithmetic (`+1m`,
`+1y`) and for English month-name phrases (`June 30`). Chinese text never reaches dateutil's
parser: its fuzzy mode reads 6月底 as January 6. "Today" is always a parameter here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

from guantask.bounds import MAX_YEAR, MIN_YEAR
from guantask.errors import UsageError
from guantask.i18n import _

ACCEPTED_FORMS = (
    "2024-06-30, 2024/6/30, 2024.6.30, 20240630, 2024年6月30日, 6月30日, 6月底, 6月末, "
    "today, yesterday, tomorrow, 今天, 昨天, 明天, +3d, -2w, +1m, +1y, "
    "eow, eom, eoq, eoy, sow, som, soq, soy, monday, next friday, last monday, June 30"
)

_MAX_LEN = 64

# Patterns, compiled (and cached by `re`) on first use: most runs read one ISO date, or none.
_NUMERIC = r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"
_COMPACT = r"(\d{4})(\d{2})(\d{2})"
_CN_DAY = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?"
_CN_MONTH_END = r"(?:(\d{4})年)?(\d{1,2})月[底末]前?"
_OFFSET = r"([+-])(\d{1,6})\s*([dwmy])"
_WEEKDAY = r"(?:(this|next|last)\s+)?([a-z]+)"
_MONTH_NAME = r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
_ENGLISH = r"[a-z0-9 ,./-]+"

_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}

_RELATIVE_DAYS = {
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "今天": 0,
    "今日": 0,
    "昨天": -1,
    "昨日": -1,
    "明天": 1,
    "明日": 1,
}


def parse_date(text: str, *, today: date, plan_year: int | None = None) -> date:
    """Read a date the user typed; `today` anchors relative forms, `plan_year` year-less ones.

    `6月30日`, `6月底` and `June 30` fall in `plan_year` (else today's year); `eow` is the
    Sunday of today's ISO week; a bare or `this` weekday is that day on or after today,
    `next` strictly after today and `last` strictly before it.
    """
    s = unicodedata.normalize("NFKC", text).strip().lower()
    if not s or len(s) > _MAX_LEN:
        raise _unreadable(text)
    year = plan_year if plan_year is not None else today.year
    try:
        result = _parse(s, today=today, year=year)
    except (ValueError, OverflowError) as err:
        raise UsageError(
            _("invalid date {date}: {reason}").format(date=quoted(text), reason=err)
        ) from None
    if result is None:
        raise _unreadable(text)
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise UsageError(
            _("date {date} is outside the years {low}-{high}").format(
                date=quoted(text), low=MIN_YEAR, high=MAX_YEAR
            )
        )
    return result


def resolve_today(as_of: str | None, env: Mapping[str, str], clock: Callable[[], date]) -> date:
    """The day guantask treats as today: `--as-of`, else `$GUANTASK_TODAY`, else the clock.

    Both overrides are read with `parse_date` relative to the clock, so `--as-of yesterday`
    and `GUANTASK_TODAY=eom` work.
    """
    if as_of is not None and as_of.strip():
        return _override(as_of, "--as-of", clock)
    value = env.get("GUANTASK_TODAY", "")
    if value.strip():
        return _override(value, "$GUANTASK_TODAY", clock)
    return clock()


def iso_week(d: date) -> tuple[date, date]:
    """The Monday and the Sunday of the ISO week that holds `d`."""
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _override(value: str, source: str, clock: Callable[[], date]) -> date:
    try:
        return parse_date(value, today=clock())
    except UsageError as err:
        raise UsageError(_("{source}: {error}").format(source=source, error=err)) from None


def _parse(s: str, *, today: date, year: int) -> date | None:
    if m := re.fullmatch(_NUMERIC, s):
        return date(int(m[1]), int(m[3]), int(m[4]))
    if m := re.fullmatch(_COMPACT, s):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(_CN_DAY, s):
        return date(int(m[1]) if m[1] else year, int(m[2]), int(m[3]))
    if m := re.fullmatch(_CN_MONTH_END, s):
        return _month_end(int(m[1]) if m[1] else year, int(m[2]))
    if s in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[s])
    if m := re.fullmatch(_OFFSET, s):
        return _offset(today, -int(m[2]) if m[1] == "-" else int(m[2]), m[3])
    if anchor := _anchor(s, today):
        return anchor
    if m := re.fullmatch(_WEEKDAY, s):
        if m[2] in _WEEKDAYS:
            return _weekday(today, _WEEKDAYS[m[2]], m[1])
        return None
    if re.fullmatch(_ENGLISH, s) and re.search(_MONTH_NAME, s):
        return _english(s, year)
    return None


def _anchor(s: str, today: date) -> date | None:
    quarter_start = (today.month - 1) // 3 * 3 + 1
    match s:
        case "sow":
            return iso_week(today)[0]
        case "eow":
            return iso_week(today)[1]
        case "som":
            return today.replace(day=1)
        case "eom":
            return _month_end(today.year, today.month)
        case "soq":
            return date(today.year, quarter_start, 1)
        case "eoq":
            return _month_end(today.year, quarter_start + 2)
        case "soy":
            return date(today.year, 1, 1)
        case "eoy":
            return date(today.year, 12, 31)
    return None


def _month_end(year: int, month: int) -> date:
    if not 1 <= month <= 12:
        raise ValueError(_("month must be in 1..12"))
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _offset(today: date, n: int, unit: str) -> date:
    if unit == "d":
        return today + timedelta(days=n)
    if unit == "w":
        return today + timedelta(weeks=n)
    from dateutil.relativedelta import relativedelta

    return today + (relativedelta(months=n) if unit == "m" else relativedelta(years=n))


def _weekday(today: date, weekday: int, which: str | None) -> date:
    ahead = (weekday - today.weekday()) % 7
    if which == "next":
        return today + timedelta(days=ahead or 7)
    if which == "last":
        behind = (today.weekday() - weekday) % 7
        return today - timedelta(days=behind or 7)
    return today + timedelta(days=ahead)


def _english(s: str, year: int) -> date | None:
    from dateutil import parser

    try:
        return parser.parse(s, default=datetime(year, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def quoted(text: str) -> str:
    """A value the user typed, quoted (and shortened) for an error message."""
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _unreadable(text: str) -> UsageError:
    return UsageError(
        _("cannot read date {date}; accepted: {forms}").format(
            date=quoted(text), forms=ACCEPTED_FORMS
        )
    )
