"""The floors of the benchmark: a minimal Typer app (two commands) on plain sqlite3.

    GUANTASK_DB=… GUANTASK_TODAY=2024-09-30 python bench/floor_typer.py table|json

Both commands read the newest plan's tasks with the latest progress record of each and compute
the light with the same default rules. `table` prints the columns `guantask list` prints (ID,
Light, Task, Leaders, Lead units, Due, %) as the same Rich table, the task text wrapped by the
same rules of Chinese line breaking (guantask/render/wrap.py, the one guantask file it loads,
by its path, without the package around it); its output is byte-identical to `guantask list`. `json` prints the same rows as a
JSON list, one object a line, without importing Rich. The app is built as guantask's is (same
Typer version, no Rich help, no pretty exceptions): what any Typer program on this stack pays.
"""

import json
import os
import sqlite3
import sys
from collections.abc import Callable

import typer

app = typer.Typer(pretty_exceptions_enable=False, rich_markup_mode=None)

SQL = """
WITH t AS (
  SELECT t.id, t.no, t.text, t.due, pl.issued,
    (SELECT p.id FROM progress p WHERE p.task_id = t.id AND p.date <= :today
      ORDER BY p.date DESC, p.id DESC LIMIT 1) AS pid
  FROM tasks t JOIN plans pl ON pl.id = t.plan_id
  WHERE t.plan_id = (SELECT id FROM plans ORDER BY issued DESC, id DESC LIMIT 1)
), s AS (
  SELECT t.*, coalesce(p.percent, 0) AS percent, p.status, coalesce(p.date, t.issued) AS last
  FROM t LEFT JOIN progress p ON p.id = t.pid
)
SELECT s.no, s.text, s.due, s.percent,
  CASE
    WHEN s.status IN ('done', 'signed-off') THEN 'done'
    WHEN s.due < :today OR s.status = 'blocked' THEN 'red'
    WHEN s.due <= date(:today, '+14 days') OR s.status = 'at-risk'
      OR s.last < date(:today, '-30 days')
      OR (julianday(s.due) > julianday(s.issued) AND min(100.0, max(0.0,
          (julianday(:today) - julianday(s.issued)) * 100.0
          / (julianday(s.due) - julianday(s.issued)))) - s.percent >= 25)
    THEN 'yellow' ELSE 'green' END AS light,
  (SELECT group_concat(name, char(10)) FROM (SELECT l.name FROM task_leaders tl
    JOIN leaders l ON l.id = tl.leader_id WHERE tl.task_id = s.id ORDER BY tl.position)) AS leaders,
  (SELECT group_concat(name, char(10)) FROM (SELECT u.name FROM task_units tu
    JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = s.id AND tu.role = 'lead'
    ORDER BY tu.position)) AS lead_units
FROM s ORDER BY s.no
"""
STYLE = {"red": "bold red", "yellow": "bold yellow", "green": "green", "done": "dim"}
KEYS = ("id", "text", "due", "percent", "light", "leaders", "lead_units")


def _rows() -> list[tuple[object, ...]]:
    conn = sqlite3.connect(os.environ["GUANTASK_DB"])
    try:
        return conn.execute(SQL, {"today": os.environ["GUANTASK_TODAY"]}).fetchall()
    finally:
        conn.close()


def _wrap_cells() -> Callable[[str, int], list[str]]:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "guantask" / "render" / "wrap.py"
    if not path.exists():  # an installed guantask, not this checkout
        from guantask.render.wrap import wrap_cells

        return wrap_cells
    spec = importlib.util.spec_from_file_location("floor_wrap", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    wrap: Callable[[str, int], list[str]] = module.wrap_cells
    return wrap


@app.command("json")
def as_json() -> None:
    """The rows as a JSON list, one object a line."""
    lines = []
    for row in _rows():
        item = dict(zip(KEYS, row, strict=True))
        for key in ("leaders", "lead_units"):
            item[key] = str(item[key] or "").split("\n") if item[key] else []
        lines.append(json.dumps(item, ensure_ascii=False))
    sys.stdout.write("[\n" + ",\n".join(lines) + "\n]\n")


@app.command("table")
def as_table() -> None:
    """The rows as the Rich table `guantask list` draws."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    wrap_cells = _wrap_cells()
    rows = _rows()
    console = Console(file=sys.stdout, markup=False, highlight=False, emoji=False)
    headers = ["ID", "Light", "Task", "Leaders", "Lead units", "Due", "%"]
    body = [
        [str(no), light, " ".join(text.split()), leaders or "", units or "", due, str(percent)]
        for no, text, due, percent, light, leaders, units in rows
    ]

    def cells(col: int) -> int:
        return max(
            cell_len(x) for v in [headers[col], *(b[col] for b in body)] for x in v.split("\n")
        )

    others = sum(cells(c) for c in range(7) if c != 2)
    text_width = max(16, min(console.width - others - 3 * 6, cells(2)))
    table = Table(box=box.SIMPLE_HEAVY, pad_edge=False, show_edge=False)
    for c, header in enumerate(headers):
        if c == 2:
            table.add_column(header, width=text_width, overflow="fold")
        else:
            table.add_column(header, no_wrap=True, justify="right" if c in (0, 6) else "left")
    for b in body:
        b[2] = "\n".join(wrap_cells(b[2], text_width))
        table.add_row(*[Text(v, style=STYLE[b[1]] if c == 1 else "") for c, v in enumerate(b)])
    console.print(table)


if __name__ == "__main__":
    app()
