"""What a notice reader gives: text lines and tables in document order, with their places."""

from __future__ import annotations

from dataclasses import dataclass

from guantask.plan.fields import normalise_line


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of text; `where` names its place (`paragraph 12`), empty in a text file."""

    text: str
    where: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A table's cells by row; None is a cell covered by a merge whose value the reader could
    not tell (a PDF's), merged cells the reader could resolve repeat their value.

    `name` says where the table is (`sheet 分解表`, `table 2`, `page 3, table 1`); `row_numbers`
    are the rows as the user sees them; `letters` numbers the columns A, B, … as a sheet does.
    """

    name: str
    rows: tuple[tuple[str | None, ...], ...]
    row_numbers: tuple[int, ...]
    letters: bool = False

    def place(self, row: int, column: int | None = None) -> str:
        """`sheet 分解表, row 7, column D` for the row at index `row` (and a column index)."""
        at = f"{self.name}, row {self.row_numbers[row]}"
        if column is None:
            return at
        return f"{at}, column {_letter(column) if self.letters else column + 1}"


def _letter(index: int) -> str:
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice's content; `kind` is the format it was read from (text, docx, xlsx, pdf)."""

    kind: str
    items: tuple[TextLine | Table, ...]
    notes: tuple[tuple[str, str], ...] = ()  # (where, message): what the reader left out


def cell_lines(text: str) -> list[str]:
    """A cell's text as normalised lines (a cell may hold several paragraphs)."""
    return [line for line in (normalise_line(x) for x in text.splitlines()) if line]
