"""The weekly report as one string: text (fixed width, mail-safe), Markdown, HTML or JSON.

The report never depends on the terminal, and nothing in any format reads the clock. The sections
are built once (`blocks`) and drawn by one module per format; only the chosen one is imported.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from guantask.render.formats import ReportFormat

if TYPE_CHECKING:
    from guantask.reports.weekly import WeeklyReport

DEFAULT_WIDTH = 100


def weekly(report: WeeklyReport, fmt: ReportFormat, *, width: int = DEFAULT_WIDTH) -> str:
    """The weekly report as one string in the chosen format."""
    if fmt is ReportFormat.JSON:
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt is ReportFormat.MD:
        from guantask.render.weekly.markdown import weekly_markdown

        return weekly_markdown(report)
    if fmt is ReportFormat.HTML:
        from guantask.render.weekly.html import weekly_html

        return weekly_html(report)
    from guantask.render.weekly.text import weekly_text

    return weekly_text(report, width=width)
