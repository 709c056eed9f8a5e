"""The weekly report as plain text of a fixed width, for mail: the same bytes whatever the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guantask.render.cells import one_line
from guantask.render.weekly import DEFAULT_WIDTH
from guantask.render.weekly.blocks import (
    TEXT_MARKS,
    Column,
    blocks,
    period,
    plain_cell,
    rules,
    title,
)
from guantask.render.wrap import wrap_cells

if TYPE_CHECKING:
    from guantask.reports.weekly import WeeklyReport

# Laid out here rather than by Rich: the layout then depends on nothing but the data and the width
# (no library version can move a golden byte), and a report of a thousand rows takes milliseconds.
# Widths are terminal cells (rich.cells.cell_len: a Han character is two). Rules are ASCII: box
# drawing characters are ambiguous-width and come out two cells wide in many Chinese fonts.

_GAP = "   "
_MIN_WRAP = 10  # cells a wrapping column keeps however narrow the page


def _widths(columns: Sequence[Column], cells: list[list[str]], width: int) -> list[int]:
    from rich.cells import cell_len

    natural = [
        max([cell_len(c.header)] + [cell_len(x) for row in cells for x in row[i].split("\n")])
        for i, c in enumerate(columns)
    ]
    widths = [
        min(n, c.max_width) if c.max_width else n for n, c in zip(natural, columns, strict=True)
    ]
    wrap = [i for i, c in enumerate(columns) if c.wrap]
    fixed = sum(w for i, w in enumerate(widths) if i not in wrap)
    avail = width - fixed - len(_GAP) * (len(columns) - 1)
    # share what is left between the wrapping columns, the narrowest served first
    for k, i in enumerate(sorted(wrap, key=lambda i: natural[i])):
        share = max(avail // (len(wrap) - k), max(_MIN_WRAP, cell_len(columns[i].header)))
        widths[i] = min(natural[i], share)
        avail -= widths[i]
    # still too wide (a narrow page): narrow the widest columns one cell at a time, down to the
    # longest word of their header
    over = sum(widths) + len(_GAP) * (len(columns) - 1) - width
    floors = [
        min(w, max([4] + [cell_len(x) for x in c.header.split()]))
        for w, c in zip(widths, columns, strict=True)
    ]
    while over > 0:
        i = max(range(len(widths)), key=lambda i: (widths[i] - floors[i] > 0, widths[i], -i))
        if widths[i] <= floors[i]:
            break
        widths[i] -= 1
        over -= 1
    return widths


def text_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    total: Sequence[str] | None = None,
    width: int = DEFAULT_WIDTH,
) -> list[str]:
    """A plain table: header, a rule of dashes, the rows, and a rule and the total if given."""
    from rich.cells import cell_len

    body = [[_one_line_keep_breaks(x) for x in row] for row in rows]
    foot = None if total is None else [_one_line_keep_breaks(x) for x in total]
    widths = _widths(columns, body + ([foot] if foot else []), width)

    def render(cells: Sequence[str]) -> list[str]:
        parts = [wrap_cells(x, w) for x, w in zip(cells, widths, strict=True)]
        height = max(len(p) for p in parts)
        out = []
        for n in range(height):
            line = []
            for p, w, c in zip(parts, widths, columns, strict=True):
                text = p[n] if n < len(p) else ""
                pad = " " * max(0, w - cell_len(text))
                line.append(pad + text if c.right else text + pad)
            out.append(_GAP.join(line).rstrip())
        return out

    rule = "-" * (sum(widths) + len(_GAP) * (len(widths) - 1))
    lines = [*render([c.header for c in columns]), rule]
    for row in body:
        lines += render(row)
    if foot is not None:
        lines += [rule, *render(foot)]
    return lines


def _one_line_keep_breaks(text: str) -> str:
    return "\n".join(one_line(x) for x in text.split("\n"))


def weekly_text(report: WeeklyReport, *, width: int = DEFAULT_WIDTH) -> str:
    """Plain text of a fixed width, for mail: the same bytes whatever the terminal."""
    from rich.cells import cell_len

    out: list[str] = []

    def para(text: str) -> None:
        out.extend(wrap_cells(one_line(text), width))

    def heading(text: str, rule: str) -> None:
        shown = one_line(text)
        out.extend(wrap_cells(shown, width))
        out.append(rule * min(width, cell_len(shown)))

    plan = report.plan
    heading(title(report), "=")
    para(f"{plan['doc_number']} {plan['title']}")
    para(period(report))
    para(rules(report))
    for i, b in enumerate(blocks(report, TEXT_MARKS), 1):
        out.append("")
        heading(f"{i}. {b.heading}", "-")
        for line in b.lines:
            para(line)
        if not b.rows:
            if b.empty:
                para(b.empty)
            continue
        out += text_table(
            b.columns,
            [[plain_cell(c, "\n") for c in row] for row in b.rows],
            total=None if b.total is None else [plain_cell(c, "\n") for c in b.total],
            width=width,
        )
    return "\n".join(line.rstrip() for line in out) + "\n"
