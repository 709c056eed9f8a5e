"""`--help` in the interface language.

The help strings stay English in the source: they are the msgids of the catalogue. When a command
line will print help (`-h`, `--help`, a group named without a command) under a language other
than English, `translate_help` walks the click command tree that Typer built for this run (the
commands loaded, lazily or not) and replaces every text by its translation: each command's
help, short help and epilog, each option's and argument's help. `Formatter` says click's own
words (Usage, Options, Arguments, Commands, "Show this message and exit.", [default: …]) in the
language too, and wraps by terminal cells (a Han character takes two), so that Chinese lines
stay within the terminal and no character is cut.

Ordinary runs and English help never import this module (see `guantask.cli.app.Group`).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

import typer

from guantask.i18n import UnknownLanguage, _, choose_lang, set_lang

# Click's words, marked here so that `scripts/msgfmt.py --missing` finds them: click and Typer
# print them untranslated (their own gettext domain has no Chinese).
_CLICK_WORDS = (
    _("Usage: "),
    _("Options"),
    _("Arguments"),
    _("Commands"),
    _("[OPTIONS]"),
    _("COMMAND [ARGS]..."),
    _("Show this message and exit."),
    _("default: {default}"),
    _("required"),
    _("env var: {var}"),
)
# Click's names of value types in option metavars; choices (<table|json>) and the metavars
# that the help text itself names (ID, FILE, STATUS) are kept as written.
_TYPE_METAVARS = ("<str>", "<int>", "<int range>", "<float>", "<path>", "<file>", "<directory>")


def translate_help(group: Any, ctx: Any, lang_flag: str | None) -> None:
    """Translate the help of `group`'s tree for this run, unless the language is English (or
    unknown: the root callback refuses that one, and eager help stays English)."""
    try:
        lang = choose_lang(lang_flag)
    except UnknownLanguage:
        return
    if lang == "en":
        return
    set_lang(lang)
    for obj, attr, text in help_texts(group):
        setattr(obj, attr, translated(text))
    for cmd in commands(group):
        if cmd.help and not cmd.short_help:
            cmd.short_help = _first_sentence(cmd.help)
        cmd.context_class = Context
        for param in cmd.params:
            name = argument_name(param)
            if name is not None:
                param.metavar = _(name) + ("..." if param.nargs != 1 else "")
    ctx.formatter_class = Formatter  # the root context exists already


def commands(group: Any) -> Iterator[Any]:
    """`group` and every command and group under it."""
    yield group
    for sub in getattr(group, "commands", {}).values():
        yield from commands(sub)


def help_texts(group: Any) -> Iterator[tuple[Any, str, str]]:
    """(object, attribute, English text) for every help text of the tree under `group`."""
    for cmd in commands(group):
        for attr in ("help", "short_help", "epilog"):
            text = getattr(cmd, attr, None)
            if text:
                yield cmd, attr, inspect.cleandoc(text)
        for param in cmd.params:
            if getattr(param, "help", None):
                yield param, "help", param.help


def argument_name(param: Any) -> str | None:
    """The msgid of an argument that has no metavar of its own (click shows its name: key,
    notice): the name in capitals, as the other placeholders are written."""
    if getattr(param, "param_type_name", "") != "argument" or param.metavar is not None:
        return None
    return str(param.name).upper()


def msgids(text: str) -> list[str]:
    """The catalogue entries that translate `text`: the text itself, or each block of a text
    printed as written (click's \\b paragraphs) on its own."""
    if "\b" not in text:
        return [text]
    return [block.removeprefix("\b\n") for block in text.split("\n\n")]


def translated(text: str) -> str:
    if "\b" not in text:
        return _(text)
    return "\n\n".join(
        ("\b\n" if block.startswith("\b\n") else "") + _(block.removeprefix("\b\n"))
        for block in text.split("\n\n")
    )


def _first_sentence(text: str) -> str:
    """What the list of commands shows: the first sentence of the help's first paragraph."""
    para = inspect.cleandoc(text).split("\n\n", 1)[0].replace("\n", "")
    head, stop, _rest = para.partition("。")
    return head if stop else para


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _join_lines(lines: list[str]) -> str:
    """The lines of one paragraph as one: a space between them, none between Han characters."""
    out = ""
    for line in lines:
        if out and not (ord(out[-1]) > 0x2E7F and ord(line[0]) > 0x2E7F):
            out += " "
        out += line
    return out


def fill(text: str, width: int, indent: str = "") -> list[str]:
    """`text` wrapped to `width` cells with click's paragraph rules: paragraphs are separated
    by an empty line, a paragraph whose first line is \\b is printed as written, and the first
    line's indentation is kept for the whole paragraph."""
    from guantask.render.wrap import wrap_cells

    out: list[str] = []
    for number, block in enumerate(re.split(r"\n[ \t]*\n", text.expandtabs())):
        lines = [line for line in block.split("\n") if line.strip()]
        if number:
            out.append("")
        if not lines:
            continue
        if lines[0].strip() == "\b":
            out += [f"{indent}{line}" for line in lines[1:]]
            continue
        extra = indent + " " * (len(lines[0]) - len(lines[0].lstrip()))
        joined = _join_lines([line.strip() for line in lines])
        out += [f"{extra}{line}" for line in wrap_cells(joined, width - _cells(extra))]
    return out


class Formatter(typer.Context.formatter_class):  # type: ignore[misc,name-defined]
    """Click's help formatter, saying click's own words in the interface language and measuring
    text in terminal cells."""

    _section = ""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = _("Usage: ") if prefix is None else prefix
        for word in ("COMMAND [ARGS]...", "[OPTIONS]"):
            args = args.replace(word, _(word))
        head = f"{prefix:>{self.current_indent}}{prog} "
        lines = fill(args, max(self.width - _cells(head), 20)) or [""]
        pad = " " * _cells(head)
        self.write("\n".join([head + lines[0], *(pad + line for line in lines[1:])]) + "\n")

    def write_heading(self, heading: str) -> None:
        self._section = heading
        self.write(f"{'':>{self.current_indent}}{_(heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write("\n".join(fill(text, self.width, indent)) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(_term(first), _option_help(second)) for first, second in rows]
        first_col = min(max(_cells(first) for first, _second in rows), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        pad = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if _cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _cells(first)))
            else:
                self.write("\n" + pad)
            lines = fill(second, text_width) or [""]
            if self._section == "Commands" and (len(lines) > 1 or _cells(lines[0]) > text_width):
                lines = [_shortened(second.replace("\n", ""), text_width)]
            self.write(lines[0] + "\n" + "".join(f"{pad}{line}\n" for line in lines[1:]))


class Context(typer.Context):
    """The context of every command when its help is translated: it makes a `Formatter`."""

    formatter_class = Formatter


def _shortened(text: str, width: int) -> str:
    """`text` cut to one line of `width` cells, with … where it was cut."""
    if _cells(text) <= width:
        return text
    while text and _cells(text) > width - 1:
        text = text[:-1]
    return text.rstrip(" ，、；：,;:") + "…"


def _term(term: str) -> str:
    for metavar in _TYPE_METAVARS:
        term = term.replace(metavar, _(metavar))
    return term


_EXTRA = re.compile(r"(?:^|  )\[([^\[\]]*)\]$")


def _option_help(text: str) -> str:
    """An option's help as click made it, with click's words translated: the help (which the
    walk translated; click's own help option it did not) and the [default: …; required] tail."""
    extra = _EXTRA.search(text)
    if extra is None:
        return _(text)
    parts = []
    for part in extra.group(1).split("; "):
        key, sep, value = part.partition(": ")
        if sep and key == "default":
            part = _("default: {default}").format(default=value)
        elif sep and key == "env var":
            part = _("env var: {var}").format(var=value)
        elif part == "required":
            part = _("required")
        parts.append(part)
    head = text[: extra.start()]
    return (_(head) + "  " if head else "") + "[" + "; ".join(parts) + "]"
