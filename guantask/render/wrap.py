"""Wrapping Chinese text to a width in terminal cells, with the line-breaking rules of
Chinese typesetting: break at spaces or between Han characters, never start a line with closing
punctuation (，。、；：！？）》」』”’). Used by the task table and the weekly text report.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[!-~]+|\s+|.", re.DOTALL)  # runs of printable ASCII, spaces, or one char
_NO_LINE_START = set("，。、；：！？）》」』”’")


def wrap_cells(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells: breaks at spaces or between Han characters; a word longer
    than a line is cut; closing punctuation never starts a line (it takes a character along)."""
    from rich.cells import cell_len

    width = max(width, 2)
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
