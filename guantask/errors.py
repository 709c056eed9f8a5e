"""Every error guantask reports, each with its own exit code; the CLI turns them into one stderr line."""

from __future__ import annotations

from enum import IntEnum

from guantask.i18n import _


class ExitCode(IntEnum):
    """Exit codes, documented in the README; scripts may rely on them."""

    OK = 0
    ERROR = 1  # bad data or request: unknown task, invalid plan, unusable database
    USAGE = 2  # bad command line (Typer's own code for usage errors)
    OVERDUE = 3  # `overdue --exit-status` found overdue tasks
    LOCKED = 4  # the database stayed locked past the busy timeout: retry later
    NEWER_DB = 5  # the database was written by a newer guantask: upgrade
    DISK_FULL = 6  # the disk (or the database's size limit) is full
    INTERRUPTED = 130  # Ctrl-C


class GuantaskError(Exception):
    """Base class: `str(err)` is the one line the user sees."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(GuantaskError):
    """A value on the command line that cannot be used (bad date, unknown field, syntax)."""

    exit_code = ExitCode.USAGE


def refuse_blank(value: str | None, *, what: str) -> None:
    """A value given as "" or blanks is a usage error (exit 2): it never means "no filter", so
    a script with an unset variable does not get everything."""
    if value is not None and not value.strip():
        raise UsageError(_("empty {what}").format(what=what))


class ParseError(GuantaskError):
    """A notice that could not be parsed; `line` is 1-based where known."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


class PlanInvalid(GuantaskError):
    """A plan file that does not fit the plan format; `problems` are (json_path, message)."""

    def __init__(self, problems: list[tuple[str, str]], *, source: str = "plan") -> None:
        first = "; ".join(f"{path}: {msg}" for path, msg in problems[:3])
        more = _(" (and {n} more)").format(n=len(problems) - 3) if len(problems) > 3 else ""
        shown = {
            "plan": _("plan"),
            "bundled plan": _("bundled plan"),
            "previous plan": _("previous plan"),
        }.get(source, source)
        super().__init__(
            _("invalid {source}: {problems}").format(source=shown, problems=first) + more
        )
        self.problems = problems


def kind_word(kind: str) -> str:
    """The word for a kind of name ('leader', 'unit'...) in the interface language."""
    words = {
        "leader": _("leader"),
        "unit": _("unit"),
        "alias": _("alias"),
        "metric": _("metric"),
        "user": _("user"),
        "plan": _("plan"),
        "assignee": _("assignee"),
    }
    return words.get(kind, kind)


class NotFound(GuantaskError):
    """Something named on the command line does not exist."""


class TaskNotFound(NotFound):
    def __init__(self, *, plan: str, no: int) -> None:
        super().__init__(_("no task {task} in plan {plan}").format(task=no, plan=plan))
        self.plan = plan
        self.no = no


class NameNotFound(NotFound):
    """A leader, unit, metric or assignee that matches nothing; lists the closest names."""

    def __init__(self, kind: str, name: str, closest: list[str]) -> None:
        hint = _("; closest: {names}").format(names="、".join(closest)) if closest else ""
        super().__init__(
            _("no {kind} matches {name!r}").format(kind=kind_word(kind), name=name) + hint
        )
        self.kind = kind
        self.name = name
        self.closest = closest


class AmbiguousName(GuantaskError):
    """A name that must pick one thing matched several; the candidates are listed. A usage
    error (exit 2), like an empty name: the command line has to say more."""

    exit_code = ExitCode.USAGE

    def __init__(self, kind: str, name: str, candidates: list[str]) -> None:
        super().__init__(
            _("{kind} {name!r} is ambiguous: {names}").format(
                kind=kind_word(kind), name=name, names="、".join(candidates)
            )
        )
        self.kind = kind
        self.name = name
        self.candidates = candidates


class Refused(GuantaskError):
    """A request that is well-formed but not allowed now (percent out of range, future date...)."""


class PermissionDenied(Refused):
    """The database server refused a change this role may not make (row-level security)."""


class DatabaseError(GuantaskError):
    """The database cannot be opened or used: missing folder, read-only, not SQLite."""


class DatabaseLocked(DatabaseError):
    exit_code = ExitCode.LOCKED


class DatabaseTooNew(DatabaseError):
    exit_code = ExitCode.NEWER_DB


class DiskFull(DatabaseError):
    exit_code = ExitCode.DISK_FULL


class NetworkFolder(DatabaseError):
    """A write to a database on a network file system, which the office has not allowed."""
