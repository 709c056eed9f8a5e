"""guantask's command line: `main` is the console script.

Every command line goes through the Typer app of `guantask.cli.app`. Only the module that
defines the running command is imported (`guantask.cli.app.COMMAND_MODULES`), and Typer builds
only that command; a command line without a known command (help, a typo) gets all of them.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Console-script entry point."""
    from guantask.cli.app import (
        COMMAND_MODULES,
        MODULES,
        app,
        build_only,
        command_name,
        load_commands,
        utf8_streams,
    )

    utf8_streams()

    name = command_name(sys.argv[1:], os.environ)
    if name is None:
        load_commands(MODULES)
    else:
        load_commands(COMMAND_MODULES[name])
        build_only(name)
    app()
