"""The Typer app: global options → `AppState` on ctx.obj; one error handler turns errors into exits.

One module per command group (`plan`, `tasks`, `work`, `reports`, `admin`) registers its commands
on `app`; a command parses its arguments, calls one domain function and hands the result to one
renderer. `COMMAND_MODULES` says which module defines each command, so that a run imports only
the module of its command (see `guantask.cli.main`).
"""

# No `from __future__ import annotations` here: Typer reads the annotations of commands,
# callbacks and completion functions on every run, and string ones cost it an eval each.
import sys
from collections.abc import Mapping
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from guantask import __version__
from guantask.cli import shells
from guantask.cli.guard import exit_code_for, fail, not_utf8
from guantask.cli.state import AppState, make_state
from guantask.errors import ExitCode
from guantask.i18n import _


class Group(TyperGroup):
    """Turns errors into one stderr line and an exit code (`guard`); tracebacks only with --debug."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Python turns bytes of argv that are not UTF-8 into lone surrogates, which no database,
        # file or terminal can take: refuse them here, before any command runs.
        for arg in args:
            if not_utf8(arg):
                from guantask.i18n import UnknownLanguage, choose_lang, set_lang

                try:  # the root callback has not run yet
                    set_lang(choose_lang(_lang_flag(args)))
                except UnknownLanguage:
                    set_lang("en")
                message = _("argument {arg} is not valid UTF-8 text").format(arg=f"{arg!r:.60}")
                raise typer.Exit(fail(message, ExitCode.USAGE, None, None))
        if _help_wanted(self, args):  # help in the interface language, built only for help
            from guantask.cli.helptext import translate_help

            translate_help(self, ctx, _lang_flag(args))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except (Exception, KeyboardInterrupt) as err:
            if type(err).__module__.startswith(("click", "typer")):
                raise
            state = ctx.obj if isinstance(ctx.obj, AppState) else None
            raise typer.Exit(exit_code_for(err, state)) from None
        finally:
            if isinstance(ctx.obj, AppState):
                ctx.obj.close()


def utf8_streams() -> None:
    """Read and write UTF-8 whatever the locale says.

    Under cron, `LC_ALL=C` or `PYTHONIOENCODING=ascii` Python would encode stdout as ASCII or
    Latin-1, and every table or CSV with a Chinese name would fail half-way. guantask's data is
    UTF-8 (as are its files), so its streams are too: stdout strictly (a surrogate there is a
    bug, reported as one), stderr and stdin with replacement characters, so that an error
    message or a stray byte in a list of ids never turns into a second error.
    """
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8", errors=errors)
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None and (sys.stdin.encoding or "").lower().replace("-", "") != "utf8":
        reconfigure(encoding="utf-8", errors="replace")


def _lang_flag(args: list[str]) -> str | None:
    """The value of a `--lang` among the raw arguments, if any."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


def _help_wanted(group: Any, args: list[str]) -> bool:
    """Whether this command line prints help: no arguments, -h/--help, or a group named
    without one of its commands."""
    if not args or "--help" in args or "-h" in args:
        return True
    cmd = group
    words = iter(args)
    for arg in words:
        if arg in _VALUE_OPTIONS:
            next(words, None)
        elif not arg.startswith("-"):
            cmd = getattr(cmd, "commands", {}).get(arg)
            if not hasattr(cmd, "commands"):
                return False
    return cmd is not group


shells.install()  # bash: ids in numeric order with their text, as zsh and fish get them

app = typer.Typer(
    cls=Group,
    name="guantask",
    help="Track a county government's yearly key-task plan (重点工作任务) from the command line.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"guantask {__version__}\n")
        raise typer.Exit()


def _complete_plan(ctx: typer.Context, incomplete: str) -> list[Any]:
    from guantask.cli.options import complete_plan

    return complete_plan(ctx, incomplete)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or postgresql:// URL. Default: $GUANTASK_DB, else guantask.db"
            " in the app folder.",
            show_default=False,
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            "-p",
            help="Plan: a year or a document number. Default: newest.",
            autocompletion=_complete_plan,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Today's date for this run (else $GUANTASK_TODAY, else the clock)."
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Interface language: zh or en (else $GUANTASK_LANG, locale)."),
    ] = None,
    ascii_box: Annotated[
        bool, typer.Option("--ascii", help="Draw tables with ASCII lines.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Print only errors and the data asked for: no confirmations, notes or warnings "
            "(also $GUANTASK_QUIET=1). For cron.",
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """guantask: the supervision clerk's tracker for the year's key tasks."""
    ctx.obj = make_state(
        db=db, plan=plan, as_of=as_of, lang=lang, ascii_box=ascii_box, debug=debug, quiet=quiet
    )


def state_of(ctx: typer.Context) -> AppState:
    state = ctx.obj
    assert isinstance(state, AppState)
    return state


# Which module defines each command: the one table to edit when a command is added. A run
# imports only the module of its command (Typer then builds a handful of commands instead of
# all of them); a name not in the table loads every module, so a command missing here still
# runs, only slower, and tests/test_cli_app.py fails until it is added.
MODULES = ("plan", "tasks", "work", "history", "rounds", "reports", "admin", "db")
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("init", "parse", "import", "plans"), ("plan",)),
    **dict.fromkeys(("list", "filter", "show", "leaders"), ("tasks",)),
    "units": ("tasks", "admin"),
    **dict.fromkeys(("assign", "record-progress", "signoff", "extend"), ("work",)),
    **dict.fromkeys(("history", "undo"), ("history",)),
    **dict.fromkeys(("overdue", "stats", "chase", "report", "config"), ("reports",)),
    **dict.fromkeys(("export", "template", "backup", "check"), ("admin",)),
    "round": ("rounds",),
    "db": ("db",),
}
_VALUE_OPTIONS = frozenset({"--db", "--plan", "-p", "--as-of", "--lang"})


def load_commands(modules: tuple[str, ...] = MODULES) -> None:
    """Register the commands of `modules` on `app` (all of them by default, in --help order)."""
    import importlib

    for module in modules:
        importlib.import_module(f"guantask.cli.{module}")


def command_modules(argv: list[str], env: Mapping[str, str]) -> tuple[str, ...]:
    """The modules a command line needs: its command's, or all (help, typos, no command)."""
    name = command_name(argv, env)
    return MODULES if name is None else COMMAND_MODULES[name]


def command_name(argv: list[str], env: Mapping[str, str]) -> str | None:
    """The known command a command line runs, or None (help, a typo, no command yet).

    Under shell completion (`_GUANTASK_COMPLETE`) the command line is in the environment, and
    only its words before the one being completed count: completing a command's name needs
    every command, completing its options or values only the command's.
    """
    if any(k.startswith("_GUANTASK_COMPLETE") for k in env):
        words = _completed_words(env)
        if words is None:
            return None
        argv = words
    args = iter(argv)
    for arg in args:
        if arg in _VALUE_OPTIONS:
            next(args, None)
        elif not arg.startswith("-"):
            return arg if arg in COMMAND_MODULES else None
    return None


def build_only(name: str) -> None:
    """Leave only command `name` on `app` for this run: Typer then builds the click objects of
    one command, not of every command its module defines (a few ms each)."""
    app.registered_commands = [
        c for c in app.registered_commands if (c.name or c.callback.__name__) == name
    ]
    app.registered_groups = [g for g in app.registered_groups if g.name == name]


def _completed_words(env: Mapping[str, str]) -> list[str] | None:
    """The words of a command line being completed, without the program's name and without
    the word being typed, as Typer's shell classes read them; None when unsure."""
    import shlex

    bash = env.get("COMP_WORDS")
    line = bash if bash is not None else env.get("_TYPER_COMPLETE_ARGS")
    if line is None:
        return None
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words += lexer
    except ValueError:  # an open quote: the word being typed, as click's split finds it
        words.append(lexer.token)
    words = words[1:]
    if bash is not None:
        cword = env.get("COMP_CWORD", "")
        return words[: int(cword) - 1] if cword.isdigit() else None
    if words and not line.endswith(" "):
        words = words[:-1]
    return words
