"""Tables that fit the terminal without cutting anything (the table-width rule).

Every column is one of three kinds:

- `fixed` (ids, numbers, percents, dates, lights, keys): never narrower than its widest cell,
  never wrapped;
- `names` (leaders, units: one name a line): never narrower than its longest name, so that no
  name is cut mid-name;
- `prose` (task text, notes, history): wrapped by the rules of Chinese line breaking to the width
  left over, every character kept (the lines join back to the text).

When even the narrowest layout is wider than the terminal, whole optional columns are left out,
highest `drop` first (each table documents its order in the README); a column with `drop=0` is
never left out. Widths are worked out here, so Rich never has to shrink (and crop) a column.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from guantask.render.output import clean

if TYPE_CHECKING:
    from rich.table import Table

    from guantask.render.output import Output

PROSE_MIN = 12  # cells a prose column keeps before optional columns are left out
PROSE_FLOOR = 4  # cells a prose column keeps when nothing is left to leave out


# NamedTuples, not frozen dataclasses: importing dataclasses costs every table command ~1 ms.
class Col(NamedTuple):
    """One column: its header, kind, alignment, and when it is left out (0 = never)."""

    header: str
    kind: str = "fixed"  # fixed | names | prose
    justify: str = "left"
    drop: int = 0
    max_width: int | None = None  # prose: widest it grows
    min_width: int = PROSE_MIN  # prose: narrowest before columns are dropped


class Cell(NamedTuple):
    """A cell's text with a style (plain strings are cells without one)."""

    text: str
    style: str = ""


def _lines(value: Any) -> list[str]:
    text = value.text if isinstance(value, Cell) else str(value)
    return clean(text).split("\n")


def gaps(out: "Output", n: int) -> int:
    """Cells a table of n columns spends on padding and rules (guantask's look)."""
    return 3 * n - 3 + (4 if out.ascii_box else 0)


def layout(
    cols: Sequence[Col], rows: Sequence[Sequence[Any]], width: int, extra: Any
) -> tuple[list[int], list[int]]:
    """The columns kept (indexes) and their widths, for a table at most `width` cells wide.
    `extra(n)` is what n columns spend on padding and rules."""
    from rich.cells import cell_len

    from guantask.render.wrap import _WORD

    def natural(c: int, *, header: bool = True) -> int:
        cells = [cols[c].header] if header else []
        cells += [r[c] for r in rows]
        return max((cell_len(x) for v in cells for x in _lines(v)), default=0)

    def header_piece(c: int) -> int:  # a header may wrap between words (between Han characters)
        return max(
            (cell_len(t) for t in _WORD.findall(cols[c].header) if not t.isspace()), default=0
        )

    nat = [natural(c) for c in range(len(cols))]
    if any(col.kind == "prose" and col.max_width for col in cols):
        nat = [
            min(n, max(col.max_width or n, cell_len(col.header))) if col.kind == "prose" else n
            for n, col in zip(nat, cols, strict=True)
        ]
    low = [
        min(n, max(col.min_width, cell_len(col.header))) if col.kind == "prose" else n
        for n, col in zip(nat, cols, strict=True)
    ]
    keep = list(range(len(cols)))
    droppable = sorted((c for c in keep if cols[c].drop), key=lambda c: (-cols[c].drop, -c))
    while sum(low[c] for c in keep) + extra(len(keep)) > width and droppable:
        keep.remove(droppable.pop(0))
    widths = {c: low[c] for c in keep}
    over = sum(widths.values()) + extra(len(keep)) - width
    # Still too wide with every optional column left out: headers wrap, then prose narrows.
    for c in (c for c in keep if cols[c].kind != "prose"):
        give = max(0, min(over, widths[c] - max(natural(c, header=False), header_piece(c))))
        widths[c] -= give
        over -= give
    for c in (c for c in keep if cols[c].kind == "prose"):
        give = max(0, min(over, widths[c] - max(PROSE_FLOOR, header_piece(c))))
        widths[c] -= give
        over -= give
    # A terminal narrower than the longest name: names wrap too (whole, on more lines).
    for c in (c for c in keep if cols[c].kind == "names"):
        give = max(0, min(over, widths[c] - max(PROSE_FLOOR, header_piece(c))))
        widths[c] -= give
        over -= give
    spare = width - sum(widths.values()) - extra(len(keep))
    prose = [c for c in keep if cols[c].kind == "prose"]
    while spare > 0:
        growing = [c for c in prose if widths[c] < nat[c]]
        if not growing:
            break
        for c in growing:
            if spare <= 0:
                break
            widths[c] += 1
            spare -= 1
    return keep, [widths[c] for c in keep]


def fit_table(
    out: "Output",
    cols: Sequence[Col],
    rows: Sequence[Sequence[Any]],
    *,
    width: int | None = None,
    ends: Sequence[int] = (),
    **options: Any,
) -> "Table":
    """A table of `rows` (strings or `Cell`s) laid out by the table-width rule; a rule is drawn
    under the rows whose indexes are in `ends`."""
    from rich.text import Text

    from guantask.render.wrap import wrap_cells

    width = width or out.console.width
    keep, widths = layout(cols, rows, width, lambda n: gaps(out, n))
    table = out.new_table(**options)
    for c, w in zip(keep, widths, strict=True):
        col = cols[c]
        header = "\n".join(wrap_cells(col.header, w))
        table.add_column(header, justify=col.justify, no_wrap=True, width=w)  # type: ignore[arg-type]
    for i, row in enumerate(rows):
        cells = []
        for c, w in zip(keep, widths, strict=True):
            value = row[c]
            style = value.style if isinstance(value, Cell) else ""
            lines = _lines(value)
            if cols[c].kind != "fixed":  # names wrap only when the terminal leaves no choice
                lines = [x for line in lines for x in wrap_cells(line, w)]
            cells.append(Text("\n".join(lines), style=style))
        table.add_row(*cells, end_section=i in ends)
    return table


def wrap_names(names: Sequence[str], width: int, sep: str = "、") -> str:
    """Names joined by `sep`, broken into lines between names (a name longer than a line is
    wrapped by Chinese rules, never cut)."""
    from rich.cells import cell_len

    from guantask.render.wrap import wrap_cells

    lines: list[str] = []
    line = ""
    for i, name in enumerate(names):
        piece = clean(name, keep_newlines=False) + (sep if i < len(names) - 1 else "")
        if line and cell_len(line + piece) > width:
            lines.append(line)
            line = ""
        if cell_len(piece) > width:
            parts = wrap_cells(piece, width)
            lines += parts[:-1]
            line = parts[-1]
        else:
            line += piece
    if line:
        lines.append(line)
    return "\n".join(lines)
