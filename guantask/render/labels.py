"""The words people read for the vocabulary's codes: statuses, lights, the lights' reasons, days late.

Each table is written once here and used by every renderer (tables, `show`, reports, notices).
"""

from __future__ import annotations

from collections.abc import Sequence

from guantask.i18n import _

REASONS_WIDTH = 16  # cells of a column of reasons before it folds
LIGHT_STYLE = {"red": "bold red", "yellow": "bold yellow", "green": "green", "done": "dim"}


def status_label(status: str) -> str:
    return {
        "not-started": _("not started"),
        "in-progress": _("in progress"),
        "at-risk": _("at risk"),
        "blocked": _("blocked"),
        "done": _("done"),
        "signed-off": _("signed off"),
    }.get(status, status)


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


def late_text(days_late: int) -> str:
    """Days late as people read them: 15 (days late), today, in 5d."""
    if days_late > 0:
        return str(days_late)
    if days_late == 0:
        return _("today")
    return _("in {n}d").format(n=-days_late)
