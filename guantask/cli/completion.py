"""Shell-completion candidates: task ids, leader and unit names, plans, read from the database.

Completion runs on every Tab press, so it must be fast and harmless: the database is opened
read-only (a missing file gives no candidates and stays missing; nothing is created or
migrated), nothing is printed, and no error escapes — a broken database completes nothing.
A candidate is a value, or (value, help) where the shell can show a help text (zsh, fish).

Names complete by exactly the rule the commands use (`filters.readings.match_rows`): a part of
the name or its characters in order (工信 → 县工业和信息化局), or pinyin — the start of its full
pinyin or of its initials (zh → 张怀恒 张庆辉 ...), read from the readings stored in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guantask.filters.readings import NameRow
    from guantask.store import Database

Candidate = str | tuple[str, str]

HELP_CHARS = 20  # how much of a task's text to show beside its id


class Matched(str):
    """A candidate chosen by our own matching (pinyin, part of a name).

    Typer keeps only candidates that start with what was typed (`value.startswith(incomplete)`),
    which would drop 张怀恒 for `zh`. The shell scripts themselves do not filter (bash takes
    COMPREPLY as given, zsh uses `compadd -U`), so these values say yes to that one test.
    """

    __slots__ = ()

    def startswith(self, *_args: object) -> bool:  # type: ignore[override]
        return True


def _safe(fn: Callable[[], list[Candidate]]) -> list[Candidate]:
    """Completion never raises and never prints: any failure is no candidates."""
    try:
        return fn()
    except Exception:
        return []


def _open(db_path: Path | str | None) -> Database | None:
    from guantask.store.admin import open_readonly

    if db_path is None:
        return None
    if isinstance(db_path, str):  # a server URL
        from guantask.store import open_store

        return open_store(db_path, busy_timeout=0.5)
    return open_readonly(db_path, timeout=0.5)


def _plan_id(db: Database, plan_ref: str | None) -> int | None:
    from guantask.store.plans import find_plan

    try:
        return find_plan(db, plan_ref).id
    except Exception:
        return None


# ----- names ------------------------------------------------------------------------------------


def match_prefix(incomplete: str, rows: Sequence[NameRow]) -> list[str]:
    """Names for a partly typed name: exactly those the command would take the typed text for
    (`filters.readings.match_rows`, on the readings stored in the database; pypinyin is never
    imported here). Values that do not start with `incomplete` come back as `Matched`.
    Empty input: every name."""
    from guantask.filters.readings import distinct_names, match_rows

    if not incomplete:
        return distinct_names(rows)
    _rule, found = match_rows(incomplete, rows)
    return [n if n.startswith(incomplete) else Matched(n) for n in distinct_names(found)]


def leader_names(db_path: Path | str | None, incomplete: str) -> list[Candidate]:
    """Leaders of every plan in the database."""
    return _names(db_path, "leader", incomplete)


def unit_names(db_path: Path | str | None, incomplete: str) -> list[Candidate]:
    """Units of every plan in the database, and their aliases."""
    return _names(db_path, "unit", incomplete)


def _names(db_path: Path | str | None, kind: str, incomplete: str) -> list[Candidate]:
    """The names of `kind` (with their stored readings) that match what was typed."""

    def run() -> list[Candidate]:
        db = _open(db_path)
        if db is None:
            return []
        try:
            from guantask.filters.readings import name_rows

            rows = name_rows(db, kind)
        finally:
            db.close()
        return list(match_prefix(incomplete, rows))

    return _safe(run)


# ----- tasks and plans --------------------------------------------------------------------------


def short_text(text: str, limit: int = HELP_CHARS) -> str:
    """The start of a task's text on one line, for the help beside its id."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def task_nos(db_path: Path | str | None, plan_ref: str | None, incomplete: str) -> list[Candidate]:
    """Task numbers of the plan `--plan` names (default the newest), each with its text's start."""

    def run() -> list[Candidate]:
        if incomplete and not incomplete.isdigit():
            return []
        db = _open(db_path)
        if db is None:
            return []
        try:
            from guantask.store.admin import task_titles

            plan_id = _plan_id(db, plan_ref)
            titles = [] if plan_id is None else task_titles(db, plan_id)
        finally:
            db.close()
        return [
            (str(no), short_text(text)) for no, text in titles if str(no).startswith(incomplete)
        ]

    return _safe(run)


def plan_refs(db_path: Path | str | None, incomplete: str) -> list[Candidate]:
    """Plan years and document numbers, newest first."""

    def run() -> list[Candidate]:
        db = _open(db_path)
        if db is None:
            return []
        try:
            from guantask.store.admin import plan_keys

            keys = plan_keys(db)
        finally:
            db.close()
        out: list[Candidate] = []
        for year, doc in keys:
            for value in (year, doc):
                if value.startswith(incomplete) and value not in [
                    c[0] if isinstance(c, tuple) else c for c in out
                ]:
                    out.append((value, doc if value == year else year))
        return out

    return _safe(run)


def section_words(db_path: Path | None, plan_ref: str | None, incomplete: str) -> list[Candidate]:
    """Section numbers and numerals (1 2 … 一 二 …) of the plan (default the newest)."""

    def run() -> list[Candidate]:
        from guantask.vocab import section_words as words

        db = _open(db_path)
        if db is None:
            return []
        try:
            from guantask.store.admin import section_count

            count = section_count(db, _plan_id(db, plan_ref))
        finally:
            db.close()
        return choices(words(count), incomplete)

    return _safe(run)


def choices(values: Iterable[str], incomplete: str) -> list[Candidate]:
    """Fixed values (statuses, formats, languages) that start with what was typed."""
    return [v for v in values if v.startswith(incomplete.lower())]


# ----- filter terms -----------------------------------------------------------------------------

FILTER_FIELDS = ("leader", "unit", "lead", "responsible", "status", "light", "section")


def filter_terms(
    db_path: Path | str | None, incomplete: str, *, previous: list[str] | None = None
) -> list[Candidate]:
    """`field:value` terms of the filter language: field names and flags, then values for
    leader/unit/lead/responsible (names), status and light.

    bash splits `leader:张` at the colon into `leader`, `:`, `张`; when the words before are
    `FIELD :`, the value alone is completed (bash replaces only the word after the colon).
    """

    def run() -> list[Candidate]:
        words = previous or []
        if ":" not in incomplete and len(words) >= 2 and words[-1] == ":":
            return _field_values(db_path, words[-2], incomplete, prefix="")
        field, sep, value = incomplete.partition(":")
        if not sep:
            fields = [f"{f}:" for f in FILTER_FIELDS if f.startswith(incomplete)]
            flags = [
                f for f in ("+overdue", "+duesoon", "+stale", "+done") if f.startswith(incomplete)
            ]
            return [*fields, *flags]
        return _field_values(db_path, field, value, prefix=f"{field}:")

    return _safe(run)


def _field_values(
    db_path: Path | str | None, field: str, value: str, *, prefix: str
) -> list[Candidate]:
    from guantask.models import Light

    if field == "leader":
        names = leader_names(db_path, value)
    elif field in ("unit", "lead", "responsible"):
        names = unit_names(db_path, value)
    elif field == "status":
        from guantask.vocab import status_words

        names = choices(status_words(), value)
    elif field == "section":
        names = section_words(db_path, None, value)
    elif field == "light":
        names = choices([x.value for x in Light], value)
    else:
        return []
    out: list[Candidate] = []
    for c in names:
        name = c[0] if isinstance(c, tuple) else c
        full = prefix + str(name)
        out.append(Matched(full) if isinstance(name, Matched) else full)
    return out
