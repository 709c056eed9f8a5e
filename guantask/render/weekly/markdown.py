"""The weekly report as Markdown: every text from data escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guantask.render.cells import md_escape
from guantask.render.weekly.blocks import (
    RICH_MARKS,
    Abbr,
    Cell,
    Lit,
    blocks,
    period,
    plain_cell,
    rules,
    title,
)

if TYPE_CHECKING:
    from guantask.reports.weekly import WeeklyReport


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, Lit | Abbr):
        return md_escape(plain_cell(cell, ""))
    if isinstance(cell, tuple):
        return "、".join(md_escape(x) for x in cell) or "-"
    return md_escape(cell)


def weekly_markdown(report: WeeklyReport) -> str:
    plan = report.plan
    out = [
        f"# {md_escape(title(report))}",
        "",
        f"**{md_escape(plan['doc_number'])}** {md_escape(plan['title'])}  ",
        md_escape(period(report)) + "  ",
        md_escape(rules(report)),
    ]
    for i, b in enumerate(blocks(report, RICH_MARKS), 1):
        out += ["", f"## {i}. {md_escape(b.heading)}", ""]
        for line in b.lines:
            out += [md_escape(line), ""]
        if not b.rows:
            if b.empty:
                out.append(md_escape(b.empty))
            elif out[-1] == "":
                out.pop()
            continue
        out.append("| " + " | ".join(md_escape(c.header) for c in b.columns) + " |")
        out.append("|" + "|".join("---:" if c.right else "---" for c in b.columns) + "|")
        rows = list(b.rows) + ([b.total] if b.total is not None else [])
        for n, row in enumerate(rows):
            cells = [_md_cell(c) for c in row]
            if b.total is not None and n == len(rows) - 1:
                cells = [f"**{c}**" for c in cells]
            out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"
