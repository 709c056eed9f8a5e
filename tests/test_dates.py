"""Every date form the user may type, the refusal of unreadable ones, and "today" resolution."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from guantask.dates import ACCEPTED_FORMS, iso_week, parse_date, resolve_today
from guantask.errors import ExitCode, UsageError

# A Friday in the middle of Q1 2024 (a leap year).
TODAY = date(2024, 3, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-30", date(2024, 6, 30)),
        ("2024-6-3", date(2024, 6, 3)),
        ("2024/6/30", date(2024, 6, 30)),
        ("2024.6.30", date(2024, 6, 30)),
        ("20240630", date(2024, 6, 30)),
        ("2024年6月30日", date(2024, 6, 30)),
        ("2024年6月30号", date(2024, 6, 30)),
        ("２０２４－０６－３０", date(2024, 6, 30)),
        ("  2024-06-30 ", date(2024, 6, 30)),
    ],
)
def test_absolute_forms_read_the_same_day(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6月30日", date(2025, 6, 30)),
        ("6月底", date(2025, 6, 30)),
        ("6月末", date(2025, 6, 30)),
        ("2月底", date(2025, 2, 28)),
        ("12月底前", date(2025, 12, 31)),
        ("June 30", date(2025, 6, 30)),
    ],
)
def test_year_less_forms_fall_in_the_plan_year(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, plan_year=2025) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6月30日", date(2024, 6, 30)),
        ("6月底", date(2024, 6, 30)),
        ("2月底", date(2024, 2, 29)),
        ("2023年2月底", date(2023, 2, 28)),
        ("30 jun", date(2024, 6, 30)),
    ],
)
def test_year_less_forms_fall_in_todays_year_without_a_plan_year(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2024, 3, 15)),
        ("Today", date(2024, 3, 15)),
        ("yesterday", date(2024, 3, 14)),
        ("tomorrow", date(2024, 3, 16)),
        ("今天", date(2024, 3, 15)),
        ("昨天", date(2024, 3, 14)),
        ("明天", date(2024, 3, 16)),
        ("+3d", date(2024, 3, 18)),
        ("-2w", date(2024, 3, 1)),
        ("+1m", date(2024, 4, 15)),
        ("-1m", date(2024, 2, 15)),
        ("+1y", date(2025, 3, 15)),
        ("+0d", date(2024, 3, 15)),
        ("eow", date(2024, 3, 17)),
        ("sow", date(2024, 3, 11)),
        ("eom", date(2024, 3, 31)),
        ("som", date(2024, 3, 1)),
        ("eoq", date(2024, 3, 31)),
        ("soq", date(2024, 1, 1)),
        ("eoy", date(2024, 12, 31)),
        ("soy", date(2024, 1, 1)),
        ("friday", date(2024, 3, 15)),
        ("this friday", date(2024, 3, 15)),
        ("next friday", date(2024, 3, 22)),
        ("last friday", date(2024, 3, 8)),
        ("monday", date(2024, 3, 18)),
        ("next monday", date(2024, 3, 18)),
        ("last monday", date(2024, 3, 11)),
        ("Sun", date(2024, 3, 17)),
    ],
)
def test_relative_forms_count_from_today(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    assert parse_date("+1m", today=date(2024, 1, 31)) == date(2024, 2, 29)
    assert parse_date("+1y", today=date(2024, 2, 29)) == date(2025, 2, 28)


def test_eoq_is_the_end_of_the_current_quarter() -> None:
    assert parse_date("eoq", today=date(2024, 5, 2)) == date(2024, 6, 30)
    assert parse_date("eoq", today=date(2024, 12, 31)) == date(2024, 12, 31)


def test_eow_on_a_sunday_is_that_sunday() -> None:
    assert parse_date("eow", today=date(2024, 3, 17)) == date(2024, 3, 17)


def test_dateutil_fuzzy_misreads_month_end_but_parse_date_does_not() -> None:
    from dateutil import parser

    fuzzy = parser.parse("6月底", fuzzy=True, default=datetime(2024, 1, 1)).date()
    assert fuzzy == date(2024, 1, 6)  # the reason Chinese never reaches dateutil
    assert parse_date("6月底", today=TODAY, plan_year=2024) == date(2024, 6, 30)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "soon", "6月", "2024-13-01x", "next fortnight", "六月底", "1.5d", "x" * 1000],
)
def test_unreadable_dates_name_the_input_and_the_accepted_forms(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_date(text, today=TODAY)
    message = str(info.value)
    assert "\n" not in message
    assert repr(text[:40])[:-1] in message
    assert message.endswith(f"accepted: {ACCEPTED_FORMS}")
    assert info.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize("text", ["2024-02-30", "2023年2月29日", "13月底", "20241301", "June 31"])
def test_impossible_calendar_dates_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="date"):
        parse_date(text, today=TODAY)


def test_huge_offsets_are_usage_errors_not_overflows() -> None:
    with pytest.raises(UsageError):
        parse_date("+999999y", today=TODAY)
    with pytest.raises(UsageError):
        parse_date("+999999w", today=date(9999, 1, 1))


def test_control_characters_in_bad_input_are_escaped_in_the_message() -> None:
    with pytest.raises(UsageError) as info:
        parse_date("\x1b[31mred", today=TODAY)
    assert "\x1b" not in str(info.value)
    assert "\\x1b" in str(info.value)


def test_resolve_today_prefers_as_of_then_env_then_clock() -> None:
    env = {"GUANTASK_TODAY": "2024-05-01"}

    def clock() -> date:
        return TODAY

    assert resolve_today("2024-06-30", env, clock) == date(2024, 6, 30)
    assert resolve_today(None, env, clock) == date(2024, 5, 1)
    assert resolve_today(None, {}, clock) == TODAY
    assert resolve_today("", {"GUANTASK_TODAY": ""}, clock) == TODAY


def test_resolve_today_reads_relative_overrides_against_the_clock() -> None:
    def clock() -> date:
        return TODAY

    assert resolve_today("yesterday", {}, clock) == date(2024, 3, 14)
    assert resolve_today(None, {"GUANTASK_TODAY": "eom"}, clock) == date(2024, 3, 31)


def test_resolve_today_names_the_bad_override() -> None:
    def clock() -> date:
        return TODAY

    with pytest.raises(UsageError, match=r"^--as-of: cannot read date 'someday'"):
        resolve_today("someday", {}, clock)
    with pytest.raises(UsageError, match=r"^\$GUANTASK_TODAY: cannot read date 'x'"):
        resolve_today(None, {"GUANTASK_TODAY": "x"}, clock)


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2024, 3, 15), (date(2024, 3, 11), date(2024, 3, 17))),
        (date(2024, 3, 11), (date(2024, 3, 11), date(2024, 3, 17))),
        (date(2024, 3, 17), (date(2024, 3, 11), date(2024, 3, 17))),
        (date(2024, 12, 31), (date(2024, 12, 30), date(2025, 1, 5))),
    ],
)
def test_iso_week_runs_monday_to_sunday(day: date, week: tuple[date, date]) -> None:
    assert iso_week(day) == week


def test_iso_and_chinese_forms_do_not_import_dateutil() -> None:
    code = (
        "import sys, datetime\n"
        "from guantask.dates import parse_date\n"
        "t = datetime.date(2024, 3, 15)\n"
        "for s in ['2024-06-30', '2024/6/30', '20240630', '2024年6月30日', '6月底', 'eom',"
        " '+3d', 'next friday', 'today']:\n"
        "    parse_date(s, today=t)\n"
        "print(sorted(m for m in sys.modules if m.startswith('dateutil')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    assert out.strip() == "[]"
