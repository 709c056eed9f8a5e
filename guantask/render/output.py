"""Output plumbing: the formats, where output goes (`Output`), and the data formats.

Data formats (JSON, JSONL, CSV, TSV, Markdown, ids) are written straight to stdout without Rich (no
wrapping, no colour, no import cost); Rich is imported only when a table is drawn. Terminal control
characters are made visible (`clean`) before anything reaches a terminal.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    MD = "md"
    IDS = "ids"


class DetailFormat(StrEnum):
    """Formats of `show` (one task in full: a table for people, one JSON object)."""

    TABLE = "table"
    JSON = "json"


# Compiled (and cached by `re`) on first use. Every character they match is a control or format
# character, which str.isprintable() rejects: printable text skips them.
_C1 = r"[\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"


def clean(text: str, *, keep_newlines: bool = True) -> str:
    """Make control characters visible (ESC → '\\x1b') so that no data can drive a terminal."""
    if text.isprintable():
        return text
    out = re.sub(
        _CONTROL,
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )
    return out if keep_newlines else out.replace("\n", " ").replace("\t", " ")


class Output:
    """Where output goes: data to stdout, messages to stderr; Rich only when a table is drawn."""

    def __init__(
        self,
        *,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        ascii_box: bool = False,
        width: int | None = None,
        quiet: bool = False,
    ) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.ascii_box = ascii_box
        self.quiet = quiet
        self.width = width
        self._console: Console | None = None

    @property
    def is_tty(self) -> bool:
        try:
            return self.stdout.isatty()
        except (AttributeError, ValueError):
            return False

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            class _Console(Console):
                def on_broken_pipe(self) -> None:
                    # Rich would exit 1; a reader that went away is the CLI's business.
                    raise BrokenPipeError

            self._console = _Console(
                file=self.stdout, markup=False, highlight=False, emoji=False, width=self.width
            )
        return self._console

    def write(self, text: str) -> None:
        if self.is_tty:
            # JSON keeps DEL, C1 controls (U+0080-U+009F, e.g. 8-bit CSI) and bidi overrides raw,
            # and a terminal may obey them: as \u escapes they stay valid JSON and harmless text.
            text = re.sub(_C1, lambda m: f"\\u{ord(m.group()):04x}", text)
        self.stdout.write(text)

    def message(self, text: str) -> None:
        """A human message on stderr (never on stdout, so pipes get only data): a confirmation,
        an information or a warning. The one place they are printed, so `--quiet` silences
        them all here."""
        if not self.quiet:
            self.stderr.write(clean(text) + "\n")

    def problem(self, text: str) -> None:
        """A line on stderr that explains an error (a bad row, an unresolved problem under
        --strict): printed even under `--quiet`, like the error itself."""
        self.stderr.write(clean(text) + "\n")

    def table(self, table: Table) -> None:
        self.console.print(table)

    def box(self) -> Any:
        from rich import box

        return box.ASCII if self.ascii_box else box.SIMPLE_HEAVY

    def new_table(self, **options: Any) -> Table:
        """A table in guantask's look: no blank edge lines, no edge padding (ASCII with --ascii)."""
        from rich.table import Table

        settings: dict[str, Any] = {
            "box": self.box(),
            "pad_edge": self.ascii_box,
            "show_edge": self.ascii_box,
        }
        settings.update(options)
        return Table(**settings)

    # ----- generic data output -------------------------------------------------------------

    def records(
        self,
        records: Sequence[dict[str, Any]],
        fmt: Format,
        *,
        fields: Sequence[str] | None = None,
        headers: bool = True,
        id_field: str = "id",
        keys: Sequence[str] = (),
    ) -> None:
        """Write records in a data format (not `table`); `keys` are the CSV/TSV header of an
        empty result (as `export` writes it)."""
        if not records:
            keys = list(fields or keys)
        if fields:
            records = [{f: r.get(f) for f in fields} for r in records]
        if fmt is Format.JSON:
            # One object per line: readable, and json's C encoder (indent= would use the
            # pure-Python one, ~10 ms for 121 tasks).
            self.write(json_list(records))
        elif fmt is Format.JSONL:
            for r in records:
                self.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif fmt in (Format.CSV, Format.TSV):
            self.write(to_delimited(records, fmt, headers=headers, safe=self.is_tty, keys=keys))
        elif fmt is Format.MD:
            self.write(to_markdown(records))
        elif fmt is Format.IDS:
            for r in records:
                self.write(f"{r[id_field]}\n")
        else:  # pragma: no cover - table is drawn by the caller
            raise ValueError(fmt)


def json_list(records: Sequence[dict[str, Any]]) -> str:
    """A JSON array with one object per line."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"


def cell_text(value: Any) -> str:
    """A value in a CSV, TSV, Markdown or xlsx cell: lists joined with 、, None empty, 18.0 → 18."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_delimited(
    records: Sequence[dict[str, Any]],
    fmt: Format,
    *,
    headers: bool = True,
    safe: bool = False,
    keys: Sequence[str] = (),
) -> str:
    import csv

    buf = io.StringIO()
    if fmt is Format.CSV:
        w = csv.writer(buf, lineterminator="\n")
    else:
        w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    keys = list(records[0].keys()) if records else list(keys)
    if headers and keys:
        w.writerow(keys)
    for r in records:
        row = [cell_text(r[k]) for k in keys]
        if fmt is Format.TSV:
            row = [c.replace("\t", " ").replace("\n", " ") for c in row]
        if safe:
            row = [clean(c) for c in row]
        w.writerow(row)
    return buf.getvalue()


def to_markdown(records: Sequence[dict[str, Any]]) -> str:
    if not records:
        return ""
    keys = list(records[0].keys())

    def esc(v: Any) -> str:
        return clean(cell_text(v), keep_newlines=False).replace("|", "\\|")

    lines = ["| " + " | ".join(keys) + " |", "|" + "|".join("---" for _k in keys) + "|"]
    lines += ["| " + " | ".join(esc(r[k]) for k in keys) + " |" for r in records]
    return "\n".join(lines) + "\n"
