"""Every error guantask reports, each with its own exit code; the CLI turns them into one stderr line."""

from __future__ import annotations

from enum import IntEnum


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


class ParseError(GuantaskError):
    """A notice that could not be parsed; `line` is 1-based where known."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


class PlanInvalid(GuantaskError):
    """A plan file that does not fit the plan format; `problems` are (json_path, message)."""

    def __init__(self, problems: list[tuple[str, str]], *, source: str = "plan") -> None:
        first = "; ".join(f"{path}: {msg}" for path, msg in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"invalid {source}: {first}{more}")
        self.problems = problems


class NotFound(GuantaskError):
    """Something named on the command line does not exist."""


class TaskNotFound(NotFound):
    def __init__(self, *, plan: str, task_id: int) -> None:
        super().__init__(f"no task {task_id} in plan {plan}")
        self.plan = plan
        self.task_id = task_id


class NameNotFound(NotFound):
    """A leader, unit, metric or assignee that matches nothing; lists the closest names."""

    def __init__(self, kind: str, name: str, closest: list[str]) -> None:
        hint = f"; closest: {'、'.join(closest)}" if closest else ""
        super().__init__(f"no {kind} matches {name!r}{hint}")
        self.kind = kind
        self.name = name
        self.closest = closest


class AmbiguousName(GuantaskError):
    def __init__(self, kind: str, name: str, candidates: list[str]) -> None:
        super().__init__(f"{kind} {name!r} is ambiguous: {'、'.join(candidates)}")
        self.kind = kind
        self.name = name
        self.candidates = candidates


class Refused(GuantaskError):
    """A request that is well-formed but not allowed now (percent out of range, future date...)."""


class DatabaseError(GuantaskError):
    """The database cannot be opened or used: missing folder, read-only, not SQLite."""


class DatabaseLocked(DatabaseError):
    exit_code = ExitCode.LOCKED


class DatabaseTooNew(DatabaseError):
    exit_code = ExitCode.NEWER_DB


class DiskFull(DatabaseError):
    exit_code = ExitCode.DISK_FULL
