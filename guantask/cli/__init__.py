"""guantask's command line: `main` is the console script.

Every command line goes through the Typer app of `guantask.cli.app`. Only the module that
defines the running command is imported (`guantask.cli.app.COMMAND_MODULES`), so that Typer
builds a handful of commands instead of all of them.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Console-script entry point."""
    from guantask.cli.app import app, command_modules, load_commands

    load_commands(command_modules(sys.argv[1:], os.environ))
    app()
