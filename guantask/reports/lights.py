"""Traffic lights (红黄绿灯) and their settings, as pure functions of a task's facts and "today".

The task view in `store/tasks.py` computes the same light in SQL so that filters can use it;
`classify` here is the readable statement of the rules and gives the reasons shown to people.
tests/test_lights.py keeps the two in agreement on both sides of every threshold.

The rules, with the default settings (`guantask config set warn-days 7` changes one):
- done: the task is done or signed off (shown apart from the three lights);
- red: past due (due < today), or blocked;
- yellow: due within `warn-days` (14) days; at risk; no progress for more than `stale-days` (30)
  days (counting from the plan's issue date when there is none); or `behind-points` (25) or more
  points behind the time-proportional schedule (序时进度);
- green: the rest.
"""

from __future__ import annotations

from datetime import date

from guantask.errors import UsageError
from guantask.i18n import _
from guantask.models import Light, Status, TaskRow, Thresholds

DONE_STATUSES = frozenset({"done", "signed-off"})

# Setting name → (what it means, the largest value accepted).
SETTINGS: dict[str, tuple[str, int]] = {
    "warn-days": ("yellow when due within this many days", 3660),
    "stale-days": ("yellow when no progress for more than this many days", 3660),
    "behind-points": ("yellow when this many points behind the time-proportional schedule", 100),
}


def expected_percent(*, issued: date, due: date, today: date) -> float:
    """序时进度: the share of the time from the plan's issue date to the due date that has passed."""
    span = (due - issued).days
    if span <= 0:
        return 100.0
    return min(100.0, max(0.0, (today - issued).days * 100.0 / span))


def classify(
    *,
    status: str,
    percent: int,
    due: date,
    last_activity: date,
    issued: date,
    today: date,
    th: Thresholds,
) -> tuple[Light, tuple[str, ...]]:
    """The light and the reasons for it (codes: overdue, blocked, due-soon, at-risk, stale, behind)."""
    if status in DONE_STATUSES:
        return Light.DONE, ()
    red: list[str] = []
    if due < today:
        red.append("overdue")
    if status == "blocked":
        red.append("blocked")
    if red:
        return Light.RED, tuple(red)
    yellow: list[str] = []
    if (due - today).days <= th.warn_days:
        yellow.append("due-soon")
    if status == "at-risk":
        yellow.append("at-risk")
    if (today - last_activity).days > th.stale_days:
        yellow.append("stale")
    if due > issued and expected_percent(issued=issued, due=due, today=today) - percent >= (
        th.behind_points
    ):
        yellow.append("behind")
    if yellow:
        return Light.YELLOW, tuple(yellow)
    return Light.GREEN, ()


def explain(
    row: TaskRow, last_activity: str, *, issued: date, today: date, th: Thresholds
) -> tuple[str, ...]:
    """Reasons for a listed row's light."""
    _light, reasons = classify(
        status=row.status,
        percent=row.percent or 0,
        due=date.fromisoformat(row.due),
        last_activity=date.fromisoformat(last_activity),
        issued=issued,
        today=today,
        th=th,
    )
    return reasons


def status_of(recorded: str | None) -> str:
    """A task's status from its latest progress record's status (None: no record), as the view."""
    if recorded is None:
        return Status.NOT_STARTED.value
    if recorded in ("signed-off", "done", "blocked", "at-risk"):
        return recorded
    return Status.IN_PROGRESS.value


def last_activity(last_update: str | None, issued: str) -> str:
    """The day staleness counts from: the latest progress date, else the plan's issue date."""
    return last_update or issued


def days_late(due: str, today: date) -> int:
    """Whole days past due (0 when not late)."""
    return max(0, (today - date.fromisoformat(due)).days)


def days_past_due(due: str, today: date) -> int:
    """today - due in days: positive when late, 0 on the due date, negative while time is left."""
    return (today - date.fromisoformat(due)).days


def light_rank(light: str | None) -> int:
    """Sort key: red, yellow, green, done."""
    return {"red": 0, "yellow": 1, "green": 2, "done": 3}.get(light or "", 4)


# ----- settings --------------------------------------------------------------------------------


def parse_setting(key: str, value: str) -> tuple[str, int | str]:
    """Check a `config set KEY VALUE`: a known key and a whole number in range (or a word of a
    text setting's vocabulary)."""
    key = check_key(key)
    if key not in SETTINGS:
        from guantask.settings import parse_text_setting

        return key, parse_text_setting(key, value)
    text = value.strip()
    if not (text.isascii() and text.isdigit()):
        raise UsageError(
            _("{key} must be a whole number of 0 or more, not {value!r}").format(
                key=key, value=value
            )
        )
    number = int(text)
    limit = SETTINGS[key][1]
    if number > limit:
        raise UsageError(
            _("{key} must be at most {limit}, not {number}").format(
                key=key, limit=limit, number=number
            )
        )
    return key, number


def check_key(key: str) -> str:
    """The setting's canonical name; an unknown one is a usage error listing the keys."""
    from guantask.settings import TEXT_SETTINGS

    name = key.strip().lower().replace("_", "-")
    if name not in SETTINGS and name not in TEXT_SETTINGS:
        raise UsageError(
            _("unknown setting {key!r}; settings: {keys}").format(
                key=key, keys=", ".join([*SETTINGS, *TEXT_SETTINGS])
            )
        )
    return name


def setting_value(th: Thresholds, key: str) -> int:
    value = getattr(th, Thresholds.keys()[key])
    assert isinstance(value, int)
    return value


def defaults() -> dict[str, int | str]:
    """Setting name → default value (the text settings' too)."""
    from guantask.settings import TEXT_SETTINGS

    th = Thresholds()
    names = {f: k for k, f in Thresholds.keys().items()}
    numbers: dict[str, int | str] = {names[f]: getattr(th, f) for f in Thresholds._fields}
    return numbers | {k: s.default for k, s in TEXT_SETTINGS.items()}
