"""guantask's command line: `main` is the console script.

Two ways into a command, one behaviour:

- the fast path (`guantask.cli.fast`) runs the everyday commands (list, filter, show, overdue,
  report weekly, record-progress, assign, ...) when their arguments are well formed, without
  importing Typer, which costs more than the rest of such a run;
- everything else (help, completion, every error in the arguments, the other commands) goes to
  the Typer app of `guantask.cli.app`, which defines every command and its options.

The fast path reads its options from `guantask.cli.fastspec`, which is generated from the Typer
app (`python -m guantask.cli.specgen`; a test keeps it current), and calls the same bodies in
`guantask.cli.actions` as the Typer commands do.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    from guantask.cli import fast

    invocation = fast.parse(argv, os.environ)
    if invocation is not None:
        sys.exit(fast.run(invocation))
    from guantask.cli.app import app, command_modules, load_commands

    load_commands(command_modules(argv, os.environ))
    app()
