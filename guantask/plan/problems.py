"""What a parse gives back: the plan, the problems it could not resolve, and what the user
supplied on the command line for the document's identity."""

from __future__ import annotations

from dataclasses import dataclass

from guantask.plan.model import Plan

MAX_SHOWN_PROBLEMS = 40


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the parser could not resolve; `line` is 1-based in the input's lines.

    `where` names the place in a document that has no lines of its own (`sheet 分解表, row 7,
    column D`, `paragraph 12`, `page 2, line 30`); it is empty for a text file.
    """

    line: int
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where or f'line {self.line}'}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParseResult:
    plan: Plan
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Identity:
    """The document's identity as given on the command line; None where the notice decides."""

    year: int | None = None
    issuer: str | None = None
    doc_number: str | None = None
    title: str | None = None


def problem_lines(problems: tuple[Problem, ...], *, source: str) -> list[str]:
    """`SOURCE:LINE: message` (or `SOURCE: where: message`) for the first MAX_SHOWN_PROBLEMS,
    then one line that counts the rest."""
    out = [
        f"{source}: {p.where}: {p.message}" if p.where else f"{source}:{p.line}: {p.message}"
        for p in problems[:MAX_SHOWN_PROBLEMS]
    ]
    if len(problems) > MAX_SHOWN_PROBLEMS:
        out.append(f"{source}: … and {len(problems) - MAX_SHOWN_PROBLEMS} more problems")
    return out
