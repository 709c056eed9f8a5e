"""Everything guantask prints: Rich tables for people, JSON/JSONL/CSV/TSV/Markdown/ids for scripts.

One module per kind of output, imported only by the command that prints it: `output` (formats and
where output goes, re-exported here because every command needs them), `labels`, `cells`, `tasks`,
`detail` (`show`), `plans`, `overdue`, `stats`, `settings`, `chase`, `weekly/` (the weekly report:
`blocks` and one module per format), `work`, `admin`, `wrap` (Chinese line breaking).
"""

from guantask.render.output import ChaseFormat, Format, Output, ReportFormat, cell_text, clean

__all__ = ["ChaseFormat", "Format", "Output", "ReportFormat", "cell_text", "clean"]
