"""Text from data made safe for where it is shown: Rich cells, one-line text, Markdown, figures.

Text from the database or from files is data: table cells are `rich.text.Text` (never markup) with
control characters made visible, Markdown specials are backslash-escaped.
"""

from __future__ import annotations

from typing import Any

from guantask.render.output import clean


def text_cell(value: str, style: str = "") -> Any:
    """A table cell of literal text (never markup)."""
    from rich.text import Text

    return Text(clean(value), style=style)


def prose_cell(value: str, style: str = "") -> Any:
    """Free text (task text, notes, reasons) for a table cell, wrapped by Chinese rules."""
    from guantask.render.wrap import Prose

    return Prose(clean(value), style=style)


def one_line(value: str) -> str:
    return clean(value, keep_newlines=False)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def md_escape(text: str) -> str:
    """Text shown literally in Markdown: specials backslash-escaped, control characters visible."""
    return one_line(text).translate(_MD_SPECIAL)


def number(value: float | int | None) -> str:
    """A figure as people write it: 1200, 6.2, 4.3万, 32亿 (万/亿 from ten thousand up)."""
    if value is None:
        return "-"
    v = float(value)
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if abs(v) >= size:
            return _plain(v / size) + word
    return _plain(v)


def _plain(v: float) -> str:
    if v.is_integer():
        return str(int(v))
    return f"{v:.4f}".rstrip("0").rstrip(".")
