"""The Typer app: global options → `AppState` on ctx.obj; one error handler turns errors into exits.

Command modules (`plan_cmds`, `task_cmds`, ...) register their commands on `app`; a command parses
its arguments, calls one domain function and hands the result to a renderer.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from guantask import __version__
from guantask.errors import ExitCode, GuantaskError
from guantask.i18n import _
from guantask.render import Output

if TYPE_CHECKING:
    from guantask.store import Database
    from guantask.store.plans import PlanRef


@dataclass
class AppState:
    """One per run: where the database is, which plan, what "today" is, where output goes."""

    db_path: Path
    default_db: bool
    plan_ref: str | None
    as_of: str | None
    debug: bool
    out: Output
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    _db: Database | None = None
    _plan: PlanRef | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            from guantask.store import open_store

            def bundled_plan() -> Any:  # imported only when a new database needs the plan
                from guantask.importer import bundled_plan

                return bundled_plan()

            self._db = open_store(
                self.db_path,
                create_folder=self.default_db,
                bundled_plan=bundled_plan,
                by=self.user(None),
                now=self.now(),
                busy_timeout=self.busy_timeout(),
            )
        return self._db

    @property
    def today(self) -> date:
        from guantask.dates import resolve_today

        return resolve_today(self.as_of, self.env, date.today)

    def busy_timeout(self) -> float:
        """Seconds a write waits for another writer: $GUANTASK_BUSY_TIMEOUT, default 10."""
        from guantask.store.db import BUSY_TIMEOUT_S

        raw = self.env.get("GUANTASK_BUSY_TIMEOUT")
        if not raw:
            return BUSY_TIMEOUT_S
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 3600:
            from guantask.errors import UsageError

            raise UsageError(
                _("$GUANTASK_BUSY_TIMEOUT must be seconds from 0 to 3600, not {value!r}").format(
                    value=raw
                )
            )
        return value

    def use_as_of(self, as_of: str | None) -> None:
        """A command's own `--as-of` overrides the global one."""
        if as_of is not None:
            self.as_of = as_of

    @property
    def plan(self) -> PlanRef:
        if self._plan is None:
            from guantask.store.plans import find_plan

            self._plan = find_plan(self.db, self.plan_ref)
        return self._plan

    def user(self, by: str | None) -> str:
        """Who makes a change: --by, else $GUANTASK_USER, else the OS user name."""
        if by:
            return by.strip()
        if self.env.get("GUANTASK_USER"):
            return self.env["GUANTASK_USER"].strip()
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no user name in a bare container
            return "unknown"

    def now(self) -> str:
        """The timestamp of a change (ISO 8601, local time, seconds)."""
        from datetime import datetime

        return datetime.now().astimezone().isoformat(timespec="seconds")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class Group(TyperGroup):
    """Turns GuantaskError into one stderr line and its exit code; hides tracebacks without --debug."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Python turns bytes of argv that are not UTF-8 into lone surrogates, which no database,
        # file or terminal can take: refuse them here, before any command runs.
        for arg in args:
            if _not_utf8(arg):
                from guantask.i18n import choose_lang, set_lang

                set_lang(choose_lang(_lang_flag(args)))  # the root callback has not run yet
                message = _("argument {arg} is not valid UTF-8 text").format(arg=f"{arg!r:.60}")
                _fail(ctx, message, ExitCode.USAGE, None)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GuantaskError as err:
            _fail(ctx, str(err), err.exit_code, err)
        except KeyboardInterrupt as err:
            _fail(ctx, _("interrupted"), ExitCode.INTERRUPTED, err)
        except BrokenPipeError:
            # The reader went away (`guantask list | head`): not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as err:
            if type(err).__module__.startswith(("click", "typer")):
                raise
            import sqlite3

            if isinstance(err, sqlite3.Error):
                from guantask.store.db import translate

                state = ctx.obj
                path = str(state.db_path) if isinstance(state, AppState) else "database"
                mapped = translate(err, path)
                _fail(ctx, str(mapped), mapped.exit_code, err)
            if isinstance(err, UnicodeEncodeError) and _not_utf8(str(err.object)):
                # Not from argv (refused in parse_args) but from the environment, e.g. $GUANTASK_USER.
                message = _("text that is not valid UTF-8: {text}").format(
                    text=f"{err.object!r:.60}"
                )
                _fail(ctx, message, ExitCode.USAGE, err)
            message = _("internal error: {kind}: {error}").format(
                kind=type(err).__name__, error=err
            )
            _fail(ctx, message, ExitCode.ERROR, err, internal=True)
        finally:
            state = ctx.obj
            if isinstance(state, AppState):
                state.close()


def _not_utf8(text: str) -> bool:
    """True when `text` holds lone surrogates (undecodable bytes kept by Python)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _lang_flag(args: list[str]) -> str | None:
    """The value of a `--lang` among the raw arguments, if any."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


def _fail(
    ctx: Any, message: str, code: int, err: BaseException | None, *, internal: bool = False
) -> None:
    state = ctx.obj
    if isinstance(state, AppState) and state.debug and err is not None:
        raise err
    from guantask.render import clean

    sys.stderr.write(f"guantask: {clean(message, keep_newlines=False)}\n")
    if internal and not (isinstance(state, AppState) and state.debug):
        sys.stderr.write("guantask: " + _("run again with --debug to see the traceback") + "\n")
    raise typer.Exit(int(code))


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


def _default_db() -> Path:
    return Path(typer.get_app_dir("guantask")) / "guantask.db"


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Database file. Default: $GUANTASK_DB, else guantask.db in the app folder.",
            dir_okay=False,
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
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """guantask: the supervision clerk's tracker for the year's key tasks."""
    from guantask.i18n import choose_lang, set_lang

    set_lang(choose_lang(lang))
    env_db = os.environ.get("GUANTASK_DB")
    path = db or (Path(env_db) if env_db else None)
    ctx.obj = AppState(
        db_path=path or _default_db(),
        default_db=path is None,
        plan_ref=plan or os.environ.get("GUANTASK_PLAN") or None,
        as_of=as_of,
        debug=debug,
        out=Output(ascii_box=ascii_box),
    )


def state_of(ctx: typer.Context) -> AppState:
    state = ctx.obj
    assert isinstance(state, AppState)
    return state


# Which module defines each command. `main` imports only the module of the command being run,
# so that Typer builds a handful of commands instead of all of them (~70 ms at every start).
MODULES = ("plan_cmds", "task_cmds", "work_cmds", "report_cmds", "admin_cmds")
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("parse", "import", "plans"), ("plan_cmds",)),
    **dict.fromkeys(("list", "filter", "show", "leaders"), ("task_cmds",)),
    "units": ("task_cmds", "admin_cmds"),
    **dict.fromkeys(
        ("assign", "record-progress", "signoff", "extend", "history", "undo"), ("work_cmds",)
    ),
    **dict.fromkeys(("overdue", "stats", "chase", "report", "config"), ("report_cmds",)),
    **dict.fromkeys(("export", "template", "backup", "check"), ("admin_cmds",)),
}
_VALUE_OPTIONS = frozenset({"--db", "--plan", "-p", "--as-of", "--lang"})


def load_commands(modules: tuple[str, ...] = MODULES) -> None:
    """Register the commands of `modules` on `app` (all of them by default, in --help order)."""
    import importlib

    for module in modules:
        importlib.import_module(f"guantask.cli.{module}")


def command_modules(argv: list[str], env: dict[str, str] | os._Environ[str]) -> tuple[str, ...]:
    """The modules a command line needs: its command's, or all (help, completion, typos)."""
    if any(k.startswith("_GUANTASK_COMPLETE") for k in env):
        return MODULES
    args = iter(argv)
    for arg in args:
        if arg in _VALUE_OPTIONS:
            next(args, None)
        elif not arg.startswith("-"):
            return COMMAND_MODULES.get(arg, MODULES)
    return MODULES


def main() -> None:
    """Console-script entry point."""
    load_commands(command_modules(sys.argv[1:], os.environ))
    app()
