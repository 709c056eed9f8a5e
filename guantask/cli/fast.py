"""The fast path: run an everyday command without importing Typer (about half of its start-up).

`parse` reads a command line the way click does, for the commands and options listed in
`guantask.cli.fastspec` (generated from the Typer app), and returns None at the first thing it
is not certain about: help, completion, an unknown or malformed option, a value that does not
convert, a missing argument, text that is not UTF-8, $GUANTASK_FAST=0. The Typer app then
handles that command line, so every usage error and every help text comes from one place.

`run` builds the state as the Typer root callback does, calls the same body in
`guantask.cli.actions` as the Typer command, and maps errors through `guantask.cli.guard`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any, NamedTuple

from guantask.cli.state import not_utf8

_DIGITS = re.compile(r"[0-9]{1,18}")


class Invocation(NamedTuple):
    """A command line the fast path understood: the action and every parameter's value."""

    action: str
    root: dict[str, Any]
    params: dict[str, Any]


class _Unsure(Exception):
    """Raised inside `parse` when Typer should handle the command line."""


def parse(argv: list[str], env: Mapping[str, str]) -> Invocation | None:
    """The invocation for `argv`, or None when the Typer app should handle it."""
    if env.get("GUANTASK_FAST") == "0" or any(k.startswith("_GUANTASK_COMPLETE") for k in env):
        return None
    if any(not_utf8(arg) for arg in argv):
        return None  # Typer refuses it with its message
    from guantask.cli.fastspec import SPEC

    try:
        root_spec = SPEC["root"]
        root, rest = _parse_options(argv, root_spec, stop_at_positional=True)
        if not rest:
            raise _Unsure
        name, rest = rest[0], rest[1:]
        commands: dict[str, Any] = SPEC["commands"]
        if name not in commands and rest and f"{name} {rest[0]}" in commands:
            name, rest = f"{name} {rest[0]}", rest[1:]
        spec = commands.get(name)
        if spec is None:
            raise _Unsure
        params, positional = _parse_options(rest, spec, stop_at_positional=False)
        _bind_arguments(positional, spec, params)
    except _Unsure:
        return None
    return Invocation(action=spec["action"], root=root, params=params)


def _parse_options(
    args: list[str], spec: Mapping[str, Any], *, stop_at_positional: bool
) -> tuple[dict[str, Any], list[str]]:
    """Options of `spec` among `args` (click's rules: last value wins, `--opt=value`, `--`)."""
    options: Mapping[str, tuple[str, str, bool]] = spec["options"]
    values: dict[str, Any] = {}
    positional: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            if stop_at_positional:
                raise _Unsure
            positional += args[i:]
            break
        if len(arg) < 2 or not arg.startswith("-"):
            if stop_at_positional:
                return _with_defaults(values, spec), [arg, *args[i:]]
            positional.append(arg)
            continue
        opt, eq, attached = arg.partition("=")
        if opt not in options or (eq and not opt.startswith("--")):
            raise _Unsure  # unknown (help too), or a form such as -fjson: Typer knows
        name, kind, multiple = options[opt]
        if kind == "eager":
            raise _Unsure
        if kind == "flag":
            if eq:
                raise _Unsure
            values[name] = True
            continue
        if eq:
            raw = attached
        elif i < len(args):
            raw = args[i]
            i += 1
        else:
            raise _Unsure
        if raw.startswith("-") and raw != "-":
            raise _Unsure
        value = convert(kind, raw)
        if multiple:
            values.setdefault(name, []).append(value)
        else:
            values[name] = value
    return _with_defaults(values, spec), positional


def _bind_arguments(positional: list[str], spec: Mapping[str, Any], params: dict[str, Any]) -> None:
    """Positional words onto the command's arguments (one or all-the-rest), as click binds them."""
    for name, kind, nargs, required in spec["arguments"]:
        if nargs == -1:
            taken, positional = positional, []
            if taken:
                params[name] = [convert(kind, word) for word in taken]
        elif positional:
            params[name] = convert(kind, positional.pop(0))
        if required and params.get(name) is None:
            raise _Unsure
    if positional:
        raise _Unsure  # an extra argument: Typer's error message


def _with_defaults(values: dict[str, Any], spec: Mapping[str, Any]) -> dict[str, Any]:
    if any(name not in values for name in spec["required"]):
        raise _Unsure  # a required option is missing: Typer's message
    kinds = {name: kind for name, kind, _multiple in spec["options"].values()}
    kinds.update((name, kind) for name, kind, _n, _r in spec["arguments"])
    out: dict[str, Any] = {}
    for name, default in spec["defaults"].items():
        if name in values:
            out[name] = values[name]
        elif isinstance(default, str) and kinds[name].startswith("enum:"):
            out[name] = convert(kinds[name], default)
        else:
            out[name] = default
    return out


def convert(kind: str, raw: str) -> Any:
    """One value as click and Typer would convert it, or `_Unsure` when that is not certain."""
    if kind == "str":
        return raw
    if kind.startswith("int:"):
        if not _DIGITS.fullmatch(raw):
            raise _Unsure
        value = int(raw)
        _, low, high = kind.split(":")
        if (low and value < int(low)) or (high and value > int(high)):
            raise _Unsure
        return value
    if kind.startswith("enum:"):
        _, module, qualname = kind.split(":")
        enum = _enum_class(module, qualname)
        try:
            return enum(raw)
        except ValueError:
            raise _Unsure from None  # other spellings (case) and bad values: Typer decides
    if kind.startswith("path:"):
        return _path(kind.removeprefix("path:"), raw)
    raise _Unsure


def _enum_class(module: str, qualname: str) -> type[Enum]:
    import importlib

    enum = getattr(importlib.import_module(module), qualname)
    assert isinstance(enum, type) and issubclass(enum, Enum)
    return enum


def _path(flags: str, raw: str) -> Any:
    """A path option, checked as click.Path checks it (e exists, f/d file/dir ok, r/w access)."""
    from pathlib import Path

    if not raw:
        raise _Unsure
    try:
        st = os.stat(raw)
    except OSError:
        if "e" in flags:
            raise _Unsure from None
        return Path(raw)
    import stat

    if "f" not in flags and stat.S_ISREG(st.st_mode):
        raise _Unsure
    if "d" not in flags and stat.S_ISDIR(st.st_mode):
        raise _Unsure
    if "r" in flags and not os.access(raw, os.R_OK):
        raise _Unsure
    if "w" in flags and not os.access(raw, os.W_OK):
        raise _Unsure
    return Path(raw)


def run(invocation: Invocation) -> int:
    """Run the command; its exit code (errors reported on stderr as the Typer app does)."""
    from guantask.cli import actions
    from guantask.cli.guard import exit_code_for
    from guantask.cli.state import make_state

    state = None
    try:
        state = make_state(**invocation.root)
        code = getattr(actions, invocation.action)(state, **invocation.params)
        state.out.stdout.flush()
        return int(code or 0)
    except (Exception, KeyboardInterrupt) as err:
        return exit_code_for(err, state)
    finally:
        if state is not None:
            state.close()
