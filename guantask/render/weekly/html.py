"""The weekly report as one self-contained HTML page: inline CSS, no scripts, everything escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guantask.render.cells import one_line
from guantask.render.labels import light_label
from guantask.render.weekly.blocks import (
    RICH_MARKS,
    Abbr,
    Cell,
    Column,
    Lit,
    blocks,
    period,
    rules,
    title,
)

if TYPE_CHECKING:
    from guantask.reports.weekly import WeeklyReport

_CSS = """
body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif;
  color: #1f2328; background: #ffffff; margin: 0; padding: 24px; line-height: 1.5; }
main { max-width: 1100px; margin: 0 auto; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; }
p { margin: 4px 0; }
.meta { color: #57606a; }
.rules { color: #57606a; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
table.fit { width: auto; min-width: 50%; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
tr.total td { font-weight: 600; background: #f6f8fa; }
.light { display: inline-block; min-width: 3em; padding: 0 8px; border-radius: 10px;
  text-align: center; font-weight: 600; white-space: nowrap; }
.light-red { background: #fde7e9; color: #b3261e; border: 1px solid #f1aeb5; }
.light-yellow { background: #fff4ce; color: #7a5200; border: 1px solid #f0d37a; }
.light-green { background: #dff3e4; color: #1a7f37; border: 1px solid #a6dcb4; }
.light-done { background: #eef1f4; color: #57606a; border: 1px solid #d0d7de; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; }
.card { border-radius: 8px; padding: 8px 16px; min-width: 90px; }
.card b { display: block; font-size: 1.6em; }
.empty { color: #57606a; font-style: italic; }
"""


def _h(text: str) -> str:
    import html

    return html.escape(one_line(text), quote=True)


def _html_cell(cell: Cell) -> str:
    if isinstance(cell, Lit):
        cls = f"light light-{cell.light}" if cell.light else "light"
        return f'<span class="{_h(cls)}">{_h(cell.text)}</span>'
    if isinstance(cell, Abbr):
        return f'<span title="{_h(cell.full)}">{_h(cell.short)}</span>'
    if isinstance(cell, tuple):
        return "<br>".join(_h(x) for x in cell) or "-"
    return "<br>".join(_h(x) for x in cell.split("\n"))


def weekly_html(report: WeeklyReport) -> str:
    """One self-contained page: inline CSS, no scripts, no external assets, everything escaped."""
    plan = report.plan
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title(report))} {_h(plan['doc_number'])}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(title(report))}</h1>",
        f'<p class="meta"><strong>{_h(plan["doc_number"])}</strong> {_h(plan["title"])}</p>',
        f'<p class="meta">{_h(period(report))}</p>',
        f'<p class="rules">{_h(rules(report))}</p>',
    ]
    for i, b in enumerate(blocks(report, RICH_MARKS), 1):
        out.append(f'<section id="{_h(b.key)}">')
        out.append(f"<h2>{i}. {_h(b.heading)}</h2>")
        for line in b.lines:
            out.append(f"<p>{_h(line)}</p>")
        if b.key == "totals":
            out.append('<div class="cards">')
            for light, count in report.totals.by_light.items():
                out.append(
                    f'<div class="card light-{_h(light)}"><b>{count}</b>'
                    f"{_h(light_label(light))}</div>"
                )
            out.append("</div>")
        if not b.rows:
            if b.empty:
                out.append(f'<p class="empty">{_h(b.empty)}</p>')
        else:
            out.append('<table class="fit">' if b.fit else "<table>")
            heads = "".join(f"<th{_NUM if c.right else ''}>{_h(c.header)}</th>" for c in b.columns)
            out.append(f"<thead><tr>{heads}</tr></thead>")
            out.append("<tbody>")
            rows = list(b.rows) + ([b.total] if b.total is not None else [])
            for n, row in enumerate(rows):
                total = b.total is not None and n == len(rows) - 1
                cells = "".join(
                    f"<td{_td_class(c, cell)}>{_html_cell(cell)}</td>"
                    for c, cell in zip(b.columns, row, strict=True)
                )
                out.append(f'<tr class="total">{cells}</tr>' if total else f"<tr>{cells}</tr>")
            out.append("</tbody>")
            out.append("</table>")
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


_NUM = ' class="num"'


def _td_class(column: Column, cell: Cell) -> str:
    if column.right:
        return _NUM
    if not column.wrap and not isinstance(cell, Lit):
        return ' class="nowrap"'
    return ""
