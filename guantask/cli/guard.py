"""Errors into exits: one stderr line and a documented exit code, never a traceback (no Typer).

`exit_code_for` is the one place that decides what an error prints and which code it exits
with; the Typer group calls it.
"""

from __future__ import annotations

import os
import sys

from guantask.cli.state import AppState
from guantask.errors import ExitCode, GuantaskError
from guantask.i18n import _


def exit_code_for(err: BaseException, state: AppState | None) -> int:
    """Report `err` on stderr and return the exit code; with --debug, re-raise it instead."""
    if isinstance(err, BrokenPipeError):
        reader_gone()  # `guantask list | head`: not an error
        return 0
    if isinstance(err, GuantaskError):
        return fail(str(err), err.exit_code, err, state)
    if isinstance(err, KeyboardInterrupt):
        return fail(_("interrupted"), ExitCode.INTERRUPTED, err, state)
    import sqlite3

    if isinstance(err, sqlite3.Error):
        from guantask.store.db import translate

        path = state.shown_db() if state is not None else "database"
        mapped = translate(err, path)
        return fail(str(mapped), mapped.exit_code, err, state)
    if isinstance(err, UnicodeEncodeError) and not_utf8(str(err.object)):
        # Not from argv (refused before parsing) but from the environment, e.g. $GUANTASK_USER.
        message = _("text that is not valid UTF-8: {text}").format(text=f"{err.object!r:.60}")
        return fail(message, ExitCode.USAGE, err, state)
    message = _("internal error: {kind}: {error}").format(kind=type(err).__name__, error=err)
    return fail(message, ExitCode.ERROR, err, state, internal=True)


def reader_gone() -> None:
    """The reader of stdout went away: later writes and the final flush go to /dev/null
    instead of failing again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def fail(
    message: str,
    code: int,
    err: BaseException | None,
    state: AppState | None,
    *,
    internal: bool = False,
) -> int:
    """Print `guantask: message` on stderr and return `code` (re-raise `err` under --debug)."""
    debug = state is not None and state.debug
    if debug and err is not None:
        raise err
    from guantask.render import clean

    sys.stderr.write(f"guantask: {clean(message, keep_newlines=False)}\n")
    if internal and not debug:
        sys.stderr.write("guantask: " + _("run again with --debug to see the traceback") + "\n")
    return int(code)


def not_utf8(text: str) -> bool:
    """True when `text` holds lone surrogates (undecodable bytes kept by Python)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
