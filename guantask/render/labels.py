"""The words people read for the vocabulary's codes: statuses, lights, the lights' reasons, days late.

Each table is written once here and used by every renderer (tables, `show`, reports, notices).
"""

from __future__ import annotations

from collections.abc import Sequence

from guantask.i18n import _

REASONS_WIDTH = 16  # cells of a column of reasons before it folds
LIGHT_STYLE = {"red": "bold red", "yellow": "bold yellow", "green": "green", "done": "dim"}


def status_label(status: str) -> str:
    """A status as tables show it, from the one vocabulary (`guantask.vocab`): the English
    label, or the Chinese word in the Chinese interface."""
    from guantask import vocab

    return _(vocab.status_label(status)) if vocab.status_code(status) == status else status


def light_label(light: str | None) -> str:
    return {
        "red": _("red"),
        "yellow": _("yellow"),
        "green": _("green"),
        "done": _("done"),
    }.get(light or "", "")


def reason_label(code: str) -> str:
    return {
        "overdue": _("overdue"),
        "blocked": _("blocked"),
        "due-soon": _("due soon"),
        "at-risk": _("at risk"),
        "stale": _("no recent progress"),
        "behind": _("behind schedule"),
    }.get(code, code)


def reasons_text(codes: Sequence[str]) -> str:
    return ", ".join(reason_label(c) for c in codes)


def days_late_text(days_late: int) -> str:
    """Days late of a task in a list of red tasks: a task that is not late has none ("-")."""
    return str(days_late) if days_late > 0 else "-"


def note_text(note: str) -> str:
    """A progress note in the interface language: the note a forced sign-off writes (kept in
    English in the database) is said again through the catalogue."""
    if note == "forced sign-off":
        return _("forced sign-off")
    if note.startswith("forced sign-off: "):
        return _("forced sign-off: {note}").format(note=note.removeprefix("forced sign-off: "))
    return note


def week_title(year: int, number: int, start: str, end: str) -> str:
    """A week as people write it: 2024-W25 in English, 第25周（2024年6月17日—6月23日） in Chinese."""
    from guantask.i18n import current_lang

    if current_lang() != "zh":
        return f"{year}-W{number:02d}"
    from datetime import date

    a, b = date.fromisoformat(start), date.fromisoformat(end)
    last = f"{b.month}月{b.day}日" if a.year == b.year else f"{b.year}年{b.month}月{b.day}日"
    return f"第{number}周（{a.year}年{a.month}月{a.day}日—{last}）"


def late_text(days_late: int) -> str:
    """Days late as people read them: 15 (days late), today, in 5d."""
    if days_late > 0:
        return str(days_late)
    if days_late == 0:
        return _("today")
    return _("in {n}d").format(n=-days_late)
