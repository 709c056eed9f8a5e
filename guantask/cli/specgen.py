"""Writes `guantask/cli/fastspec.py`: the options of the fast-path commands, read off the Typer app.

    python -m guantask.cli.specgen            # rewrite fastspec.py
    python -m guantask.cli.specgen --check    # exit 1 when fastspec.py is out of date

A command gets a fast path when its Typer body is exactly `call(ctx, actions.NAME, p=p, ...)`
with every parameter passed through by name; anything in its options that the fast parser does
not know how to read the way click does stops the generator, so the two cannot drift apart in
silence. Used by developers and the test suite, never at run time.
"""

from __future__ import annotations

import inspect
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Any

TARGET = Path(__file__).with_name("fastspec.py")
_CALL = re.compile(r"\bcall\(\s*ctx,\s*actions\.(\w+),(?P<kwargs>[^)]*)\)", re.S)
_EAGER = "eager"  # options that only Typer handles (--help, --version, completion): fall back


def _kind(param: Any, annotation_default: Any) -> str:
    """How the fast parser reads one click parameter (see `guantask.cli.fast.convert`)."""
    from typer import _click as click

    t = param.type
    name = type(t).__name__
    if getattr(param, "is_eager", False) or getattr(param, "callback", None) is not None:
        return _EAGER
    if getattr(param, "envvar", None) or getattr(param, "prompt", None):
        raise SystemExit(f"{param.name}: envvar/prompt options are not supported by the fast path")
    if getattr(param, "count", False) or getattr(param, "secondary_opts", []):
        raise SystemExit(f"{param.name}: count and on/off flags are not supported by the fast path")
    if getattr(param, "is_flag", False):
        if not getattr(param, "is_bool_flag", False) or param.default not in (False, None):
            raise SystemExit(f"{param.name}: only plain on-flags are supported")
        return "flag"
    if param.nargs not in (1, -1):
        raise SystemExit(f"{param.name}: nargs={param.nargs} is not supported")
    if name == "StringParamType":
        return "str"
    if isinstance(t, click.types.IntRange):
        if t.clamp or t.min_open or t.max_open:
            raise SystemExit(f"{param.name}: clamped or open int ranges are not supported")
        return f"int:{'' if t.min is None else t.min}:{'' if t.max is None else t.max}"
    if name == "IntParamType":
        return "int::"
    if name == "TyperChoice":
        enum = annotation_default
        if not (isinstance(enum, type) and issubclass(enum, Enum)):
            raise SystemExit(f"{param.name}: a choice that is not an Enum")
        if tuple(str(c) for c in t.choices) != tuple(m.value for m in enum):
            raise SystemExit(f"{param.name}: choices differ from {enum.__name__}")
        return f"enum:{enum.__module__}:{enum.__qualname__}"
    if name == "TyperPath":
        if t.resolve_path or t.allow_dash or getattr(t, "executable", False):
            raise SystemExit(f"{param.name}: resolve_path/allow_dash paths are not supported")
        flags = "".join(
            letter
            for letter, on in (
                ("e", t.exists),
                ("f", t.file_okay),
                ("d", t.dir_okay),
                ("r", t.readable),
                ("w", t.writable),
            )
            if on
        )
        return f"path:{flags}"
    raise SystemExit(f"{param.name}: parameter type {name} is not supported by the fast path")


def _enum_of(annotation: Any) -> Any:
    """The Enum class inside an annotation such as `Annotated[Format | None, ...]`."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    for arg in typing.get_args(annotation):
        found = _enum_of(arg)
        if found is not None:
            return found
    return None


def _params(command: Any, function: Any) -> dict[str, Any]:
    """{"options": {spelling: (name, kind, multiple)}, "arguments": [...], "required": [options
    that must be given], "defaults": {...}}."""
    hints = inspect.get_annotations(function, eval_str=True)
    signature = inspect.signature(function)
    options: dict[str, tuple[str, str, bool]] = {}
    arguments: list[tuple[str, str, int, bool]] = []
    defaults: dict[str, Any] = {}
    required: list[str] = []
    for param in command.params:
        kind = _kind(param, _enum_of(hints.get(param.name)))
        if param.param_type_name == "argument":
            arguments.append((param.name, kind, param.nargs, bool(param.required)))
        else:
            for spelling in param.opts:
                options[spelling] = (param.name, kind, bool(param.multiple))
            if param.required:
                required.append(param.name)
        if kind == _EAGER:
            continue
        default = signature.parameters[param.name].default
        if default is inspect.Parameter.empty:
            default = None
        if isinstance(default, Enum):
            default = default.value
        if not isinstance(default, str | int | bool | type(None)):
            raise SystemExit(f"{param.name}: default {default!r} cannot be written as a literal")
        defaults[param.name] = default
    return {"options": options, "arguments": arguments, "required": required, "defaults": defaults}


def _action(function: Any) -> str | None:
    """The action a Typer command body passes all its parameters to, or None."""
    match = _CALL.search(inspect.getsource(function))
    if match is None:
        return None
    passed = re.findall(r"(\w+)=(\w+)", match["kwargs"])
    names = [p for p in inspect.signature(function).parameters if p != "ctx"]
    if any(k != v for k, v in passed) or sorted(k for k, _v in passed) != sorted(names):
        raise SystemExit(f"{function.__name__}: call() must pass every parameter as name=name")
    return match[1]


def build() -> dict[str, Any]:
    """The spec: the root options and every fast-path command, from the Typer app."""
    import typer.main

    from guantask.cli.app import app, load_commands

    load_commands()
    group = typer.main.get_command(app)
    root_function = app.registered_callback.callback  # type: ignore[union-attr]
    root = _params(group, root_function)
    commands: dict[str, Any] = {}

    def visit(typer_app: Any, click_group: Any, prefix: tuple[str, ...]) -> None:
        for info in typer_app.registered_commands:
            name = info.name or info.callback.__name__.replace("_", "-")
            action = _action(info.callback)
            if action is not None:
                spec = _params(click_group.commands[name], info.callback)
                commands[" ".join((*prefix, name))] = {"action": action, **spec}
        for sub in typer_app.registered_groups:
            visit(sub.typer_instance, click_group.commands[sub.name], (*prefix, sub.name))

    visit(app, group, ())
    return {"root": root, "commands": dict(sorted(commands.items()))}


def _literal(value: Any, indent: int = 0) -> str:
    """Python source for `value` as `ruff format` writes it (dicts and lists one item a line)."""
    import json

    pad = " " * (indent + 4)
    if isinstance(value, dict) and value:
        items = "".join(
            f"{pad}{_literal(k)}: {_literal(v, indent + 4)},\n" for k, v in value.items()
        )
        return "{\n" + items + " " * indent + "}"
    if isinstance(value, list) and value:
        items = "".join(f"{pad}{_literal(v, indent + 4)},\n" for v in value)
        return "[\n" + items + " " * indent + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(v) for v in value) + ")"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def render(spec: dict[str, Any]) -> str:
    body = _literal(spec)
    return (
        '"""Generated by `python -m guantask.cli.specgen` from the Typer app: do not edit.\n\n'
        "The options of the commands that `guantask.cli.fast` runs without Typer. Options map\n"
        "each spelling to (parameter, kind, multiple); arguments are (parameter, kind, nargs,\n"
        "required); required lists the options that must be given; defaults are those of the\n"
        "Typer functions (enum members by value).\n"
        '"""\n\n'
        f"SPEC = {body}\n"
    )


def main(argv: list[str]) -> int:
    text = render(build())
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write(f"{TARGET} is out of date: run python -m guantask.cli.specgen\n")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
