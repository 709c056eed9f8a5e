"""guantask's bash completion: candidates in guantask's order, task ids with their text.

Typer's bash script lets bash sort the candidates (so task ids come 1, 10, 100, ...) and its
bash protocol prints values only, while zsh and fish show each id's text. Here the installed
script says `complete -o nosort` (bash 4.4 and later; older bash falls back to sorting), and
when several candidates carry a help text, each is printed as `ID  text`, the ids padded to one
width. A single candidate is the bare value, so Tab inserts only the id; several share no
more than their ids' common start, which is all bash inserts before listing them.
Typer ≥ 0.26 < 0.29 looks its bash class and script up by name; `install` replaces both.
"""

from __future__ import annotations

from typing import Any

BASH_SCRIPT = """
%(complete_func)s() {
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" \\
                   COMP_CWORD=$COMP_CWORD \\
                   %(autocomplete_var)s=complete_bash $1 ) )
    return 0
}

complete -o nosort -o default -F %(complete_func)s %(prog_name)s 2>/dev/null \\
    || complete -o default -F %(complete_func)s %(prog_name)s
"""


def bash_lines(items: list[Any]) -> list[str]:
    """The lines bash receives: `value  help` for several candidates with help, else values."""
    if len(items) > 1 and any(item.help for item in items):
        width = max(len(item.value) for item in items)
        return [
            f"{item.value.ljust(width)}  {item.help}" if item.help else item.value for item in items
        ]
    return [item.value for item in items]


def install() -> None:
    """Use guantask's bash script and protocol for --show/--install-completion and Tab."""
    from typer import _completion_classes, _completion_shared

    class GuantaskBash(_completion_classes.BashComplete):
        source_template = BASH_SCRIPT

        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            return "\n".join(bash_lines(self.get_completions(args, incomplete)))

    _completion_classes.BashComplete = GuantaskBash  # type: ignore[misc]
    _completion_shared._completion_scripts["bash"] = BASH_SCRIPT
