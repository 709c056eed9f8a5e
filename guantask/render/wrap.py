"""Wrapping Chinese text to a width in terminal cells, with the line-breaking rules of
Chinese typesetting: break at spaces or between Han characters, never start a line with closing
punctuation (，。、；：！？）》」』”’ and ASCII ,.;:!?)]}). Used by the tables (`Prose` cells)
and the weekly text report.
"""

from __future__ import annotations

import re
from typing import Any

# A figure with its magnitude and unit (12.5亿元, 4.3万亩), a run of printable ASCII, spaces, or one
# character: the pieces a line is never broken inside.
_WORD = re.compile(r"[!-~]*\d[万亿]+[元个项家亩户人台辆座条所吨]?|[!-~]+|\s+|.", re.DOTALL)
_NO_LINE_START = set("，。、；：！？）》」』”’") | set(",.;:!?)]}")


def wrap_cells(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells: breaks at spaces or between Han characters; a word longer
    than a line is cut; closing punctuation never starts a line (it takes a character along)."""
    from rich.cells import cell_len

    width = max(width, 2)
    if " ".join(text.split()) == text and cell_len(text) <= width:
        return [text]  # one line that fits, spaces already as the loop leaves them
    out: list[str] = []
    for para in text.split("\n"):
        lines: list[list[str]] = [[]]
        used = 0
        for tok in _WORD.findall(para):
            size = cell_len(tok)
            if tok.isspace():
                if lines[-1]:
                    lines[-1].append(" ")
                    used += 1
                continue
            if used + size <= width:
                lines[-1].append(tok)
                used += size
                continue
            while lines[-1] and lines[-1][-1] == " ":
                lines[-1].pop()
            carry: list[str] = []
            if tok[0] in _NO_LINE_START and len(lines[-1]) > 1:
                carry = [lines[-1].pop()]
                # "线”、": the carried character may itself be closing punctuation.
                while carry[0][0] in _NO_LINE_START and len(lines[-1]) > 1:
                    carry.insert(0, lines[-1].pop())
            if lines[-1]:
                lines.append([])
            lines[-1] = carry
            used = sum(cell_len(x) for x in carry)
            while used + cell_len(tok) > width:  # a word longer than the line: cut it
                cut = 0
                while cut < len(tok) and used + cell_len(tok[: cut + 1]) <= width:
                    cut += 1
                if cut == 0 and not lines[-1]:
                    cut = 1
                lines[-1].append(tok[:cut])
                lines.append([])
                tok, used = tok[cut:], 0
            if tok:
                lines[-1].append(tok)
                used += cell_len(tok)
        out += ["".join(x).rstrip() for x in lines]
    return out


class Prose:
    """Chinese prose for a Rich table cell: Rich chooses the column's width, and the text is
    broken there by `wrap_cells` (Chinese line-breaking rules) instead of being cut anywhere.

    Rich measures text without spaces as one long word; this measures it by its shortest
    unbreakable pieces, so that a column of prose can narrow and its neighbours stay whole.
    """

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.cells import cell_len
        from rich.measure import Measurement

        longest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        piece = max(
            (min(cell_len(tok), 10) for tok in _WORD.findall(self.text) if not tok.isspace()),
            default=0,
        )
        return Measurement(min(max(piece, 4), longest), longest).with_maximum(options.max_width)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        yield Text(
            "\n".join(wrap_cells(self.text, options.max_width)), style=self.style, overflow="fold"
        )
