"""Chase notices (催办通知): Chinese documents, ready to paste, as text, Markdown or JSON.

Text from the database is data: control characters are made visible, Markdown specials escaped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from guantask.i18n import _
from guantask.render.cells import md_escape
from guantask.render.formats import ChaseFormat
from guantask.render.output import Output, clean
from guantask.reports.rows import short_text

if TYPE_CHECKING:
    from guantask.reports.chase import ChaseNotice


_LIGHT_CN = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "done": "已完成"}


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cn_reasons(item: Any) -> str:
    r = item.row
    parts: list[str] = []
    for code in r.reasons:
        if code == "overdue":
            parts.append(f"已逾期{item.days_late}天")
        elif code == "blocked":
            parts.append("工作受阻")
        elif code == "due-soon":
            left = -item.days_late
            parts.append("今日到期" if left == 0 else f"距完成时限{left}天")
        elif code == "at-risk":
            parts.append("存在风险")
        elif code == "stale":
            parts.append(f"{item.days_idle}天未报送进展")
        elif code == "behind":
            parts.append(f"进度{r.percent or 0}%，落后序时进度（{item.expected}%）")
    return "；".join(parts)


def _chase_counts(n: ChaseNotice) -> str:
    parts = []
    if n.red:
        parts.append(f"{n.red}项亮红灯")
    if n.yellow:
        parts.append(f"{n.yellow}项亮黄灯")
    return "、".join(parts)


def _chase_lines(n: ChaseNotice, *, plan: dict[str, Any], today: date) -> tuple[str, list[str]]:
    intro = (
        f"根据《{plan['title']}》（{plan['doc_number']}），截至{cn_date(today)}，"
        f"你单位牵头的重点工作任务中有{_chase_counts(n)}，具体如下："
    )
    items = []
    for i, item in enumerate(n.items, 1):
        r = item.row
        items.append(
            f"{i}. 【{_LIGHT_CN.get(r.light or '', '')}】第{r.no}项 {short_text(r.text, 40, '…')}"
            f"（完成时限：{cn_date(date.fromisoformat(r.due))}；{_cn_reasons(item)}）"
        )
    return intro, items


_INDENT = (
    "\u3000\u3000"  # a paragraph's first-line indent in Chinese documents: two ideographic spaces
)
_CHASE_CLOSE = "请对照任务分工和完成时限，抓紧研究推进措施，并及时报送工作进展。"


def office_name(plan: dict[str, Any]) -> str:
    """The office that issues the notices: `plan["office"]` when given (the office.name setting),
    else the plan's issuer."""
    return str(plan.get("office") or plan.get("issuer") or "").strip()


def _signature(plan: dict[str, Any], today: date) -> list[str]:
    """The end of a notice: the issuing office, then the date, each on its own line."""
    office = office_name(plan)
    return [office, cn_date(today)] if office else [cn_date(today)]


def chase_text(notices: Sequence[ChaseNotice], *, plan: dict[str, Any], today: date) -> str:
    """The notices one after another, separated by a line, in plain text."""
    if not notices:
        return ""
    blocks = []
    for n in notices:
        intro, items = _chase_lines(n, plan=plan, today=today)
        leaders = [f"分管县领导：{'、'.join(n.leaders)}。"] if n.leaders else []
        body = [intro, *items, *leaders, _CHASE_CLOSE]
        lines = [
            "催办通知",
            "",
            f"{n.unit}：",
            "",
            *(_INDENT + x for x in body),
            "",
            *_signature(plan, today),
        ]
        blocks.append("\n".join(clean(x, keep_newlines=False) for x in lines))
    return ("\n\n" + "-" * 40 + "\n\n").join(blocks) + "\n"


def chase_markdown(notices: Sequence[ChaseNotice], *, plan: dict[str, Any], today: date) -> str:
    """The notices as Markdown, one `##` section each."""
    blocks = []
    for n in notices:
        intro, items = _chase_lines(n, plan=plan, today=today)
        lines = [
            f"## 催办通知：{md_escape(n.unit)}",
            "",
            f"**{md_escape(n.unit)}：**",
            "",
            md_escape(intro),
            "",
            *(md_escape(x) for x in items),
            "",
        ]
        if n.leaders:
            lines += [f"分管县领导：{md_escape('、'.join(n.leaders))}。", ""]
        lines += [_CHASE_CLOSE, "", *(md_escape(x) + "  " for x in _signature(plan, today))]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def chase(
    out: Output,
    notices: Sequence[ChaseNotice],
    fmt: ChaseFormat,
    *,
    plan: dict[str, Any],
    today: date,
) -> None:
    if fmt is ChaseFormat.JSON:
        out.write(json.dumps([n.to_dict() for n in notices], ensure_ascii=False, indent=2) + "\n")
        return
    if not notices:
        out.message(_("no red or yellow tasks: nothing to chase"))
        return
    render = chase_markdown if fmt is ChaseFormat.MD else chase_text
    out.write(render(notices, plan=plan, today=today))
