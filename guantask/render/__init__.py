"""Everything guantask prints: Rich tables for people, JSON/JSONL/CSV/TSV/Markdown/ids for scripts.

One module per kind of output, imported only by the command that prints it: `output` (formats and
where output goes, re-exported here because every command needs them), `formats` (of the weekly
report and the chase notices), `labels`, `cells`, `tasks`, `detail` (`show`), `plans`, `overdue`,
`stats`, `settings`, `chase`, `weekly/` (the weekly report: `blocks` and one module per format),
`work`, `admin`, `wrap` (Chinese line breaking).
"""

from guantask.render.output import Format, Output, cell_text, clean

__all__ = ["Format", "Output", "cell_text", "clean"]
