"""A change's summary in the interface language.

The change log keeps each summary as written when the change was made, in English (JSON and CSV
show it so). Tables for people show it in the interface language: each shape of summary that a
change writes is matched here and said again through the catalogue; a summary of an unknown
shape is shown as kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from guantask.i18n import _

_TASKS = r"(?:task (?P<one>\d+)|(?P<n>\d+) tasks \((?P<nos>[^)]*)\))"


def _tasks(m: re.Match[str]) -> str:
    if m.group("one"):
        return _("task {no}").format(no=m.group("one"))
    return _("{n} tasks ({nos})").format(n=m.group("n"), nos=m.group("nos"))


def _status(code: str) -> str:
    from guantask.render.labels import status_label

    return _("on track") if code == "on-track" else status_label(code)


def _undo(m: re.Match[str]) -> str:
    return _("undid #{id} ({summary}): {message}").format(
        id=m.group("id"),
        summary=summary_text(m.group("inner")),
        message=_said(_UNDONE, m.group("message")),
    )


def _said(shapes: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]], text: str) -> str:
    for pattern, say in shapes:
        m = pattern.fullmatch(text)
        if m:
            return say(m)
    return text


def _amended(m: re.Match[str]) -> str:
    words = {"added": _("added"), "changed": _("changed"), "removed": _("removed")}
    counts = [f"{words.get(k, k)} {v}" for v, k in re.findall(r"(\d+) (\w+)", m.group("counts"))]
    return _("amended {doc}: {counts}").format(doc=m.group("doc"), counts=", ".join(counts))


_SHAPES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"imported (?P<doc>.+): (?P<n>\d+) tasks"),
        lambda m: _("imported {doc}: {n} tasks").format(doc=m["doc"], n=m["n"]),
    ),
    (re.compile(r"amended (?P<doc>.+?): (?P<counts>\d+ \w+(?:, \d+ \w+)*)"), _amended),
    (
        re.compile(rf"assigned {_TASKS} to (?P<name>.+?)(?: \((?P<unit>[^()]+)\))?"),
        lambda m: (
            _("assigned {tasks} to {name}").format(tasks=_tasks(m), name=m["name"])
            + (f" ({m['unit']})" if m["unit"] else "")
        ),
    ),
    (
        re.compile(rf"cleared the assignee of {_TASKS}"),
        lambda m: _("cleared the assignee of {tasks}").format(tasks=_tasks(m)),
    ),
    (
        re.compile(r"recorded progress on task (?P<no>\d+): (?P<p>\d+)% (?P<status>[\w-]+)"),
        lambda m: _("recorded progress on task {no}: {percent}% {status}").format(
            no=m["no"], percent=m["p"], status=_status(m["status"])
        ),
    ),
    (
        re.compile(rf"recorded (?P<count>\d+) progress records on {_TASKS}(?: from (?P<src>.+))?"),
        lambda m: (
            _("recorded {count} progress records on {tasks}").format(
                count=m["count"], tasks=_tasks(m)
            )
            + (" " + _("from {source}").format(source=m["src"]) if m["src"] else "")
        ),
    ),
    (
        re.compile(rf"signed off {_TASKS}(?: \(forced: (?P<forced>[^)]*)\))?"),
        lambda m: (
            _("signed off {tasks}").format(tasks=_tasks(m))
            + (" (" + _("forced: {nos}").format(nos=m["forced"]) + ")" if m["forced"] else "")
        ),
    ),
    (
        re.compile(r"extended task (?P<no>\d+) from (?P<old>\S+) to (?P<new>\S+): (?P<why>.*)"),
        lambda m: _("extended task {no} from {old} to {new}: {why}").format(
            no=m["no"], old=m["old"], new=m["new"], why=m["why"]
        ),
    ),
    (
        re.compile(r"removed alias (?P<alias>.+?) → (?P<unit>.+)"),
        lambda m: _("removed alias {alias} → {unit}").format(alias=m["alias"], unit=m["unit"]),
    ),
    (
        re.compile(r"alias (?P<alias>.+?) → (?P<unit>.+)"),
        lambda m: _("alias {alias} → {unit}").format(alias=m["alias"], unit=m["unit"]),
    ),
    (
        re.compile(r"merged unit (?P<v>.+?) into (?P<c>.+?) \((?P<n>\d+) task links\)"),
        lambda m: _("merged unit {v} into {c} ({n} task links)").format(
            v=m["v"], c=m["c"], n=m["n"]
        ),
    ),
    (re.compile(r"undid #(?P<id>\d+) \((?P<inner>.*)\): (?P<message>.*)"), _undo),
    (
        re.compile(r"config set (?P<key>\S+) (?P<value>.+?) \(was (?P<old>.*)\)"),
        lambda m: (
            _("config set {key} {value} (was {default}, the default)").format(
                key=m["key"], value=m["value"], default=m["old"].removesuffix(", the default")
            )
            if m["old"].endswith(", the default")
            else _("config set {key} {value} (was {old})").format(
                key=m["key"], value=m["value"], old=m["old"]
            )
        ),
    ),
    (
        re.compile(r"config unset (?P<key>\S+) \(was (?P<old>.*); default (?P<default>.*)\)"),
        lambda m: _("config unset {key} (was {old}; default {default})").format(
            key=m["key"], old=m["old"], default=m["default"]
        ),
    ),
    (
        re.compile(r"opened round (?P<round>\S+) \(returns due (?P<due>\S+)\)"),
        lambda m: _("opened round {round} (returns due {due})").format(
            round=m["round"], due=m["due"]
        ),
    ),
    (
        re.compile(r"moved round (?P<round>\S+)'s return deadline to (?P<due>\S+)"),
        lambda m: _("moved round {round}'s return deadline to {due}").format(
            round=m["round"], due=m["due"]
        ),
    ),
    (
        re.compile(
            r"(?P<verb>recorded|replaced) (?P<unit>.+)'s return for round (?P<round>\S+): "
            r"(?P<n>\d+) rows from (?P<file>.+)"
        ),
        lambda m: (
            _("recorded {unit}'s return for round {round}: {n} rows from {file}")
            if m["verb"] == "recorded"
            else _("replaced {unit}'s return for round {round}: {n} rows from {file}")
        ).format(unit=m["unit"], round=m["round"], n=m["n"], file=m["file"]),
    ),
]
_EXTRA = {"bundled plan": lambda: _("bundled plan")}

# What undoing a change did, as each kind's undo handler says it.
_N_OF = r"(?P<n>\d+) {what}s? of (?P<tasks>.+)"
_UNDONE: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"plan (?P<doc>.+) is already gone"),
        lambda m: _("plan {doc} is already gone").format(doc=m["doc"]),
    ),
    (
        re.compile(r"removed plan (?P<doc>.+)"),
        lambda m: _("removed plan {doc}").format(doc=m["doc"]),
    ),
    (
        re.compile(r"restored the previous version of (?P<doc>.+)"),
        lambda m: _("restored the previous version of {doc}").format(doc=m["doc"]),
    ),
    (
        re.compile(r"alias (?P<alias>.+) is already gone"),
        lambda m: _("alias {alias} is already gone").format(alias=m["alias"]),
    ),
    (
        re.compile(r"removed alias (?P<alias>.+?) → (?P<unit>.+)"),
        lambda m: _("removed alias {alias} → {unit}").format(alias=m["alias"], unit=m["unit"]),
    ),
    (
        re.compile(r"alias (?P<alias>.+?) → (?P<unit>.+) is back"),
        lambda m: _("alias {alias} → {unit} is back").format(alias=m["alias"], unit=m["unit"]),
    ),
    (
        re.compile(r"unit (?P<v>.+) is separate from (?P<c>.+) again \((?P<n>\d+) task links\)"),
        lambda m: _("unit {v} is separate from {c} again ({n} task links)").format(
            v=m["v"], c=m["c"], n=m["n"]
        ),
    ),
    (
        re.compile("removed " + _N_OF.format(what="sign-off")),
        lambda m: _("removed {n} sign-offs of {tasks}").format(
            n=m["n"], tasks=summary_tasks(m["tasks"])
        ),
    ),
    (
        re.compile("removed " + _N_OF.format(what="progress record")),
        lambda m: _("removed {n} progress records of {tasks}").format(
            n=m["n"], tasks=summary_tasks(m["tasks"])
        ),
    ),
    (
        re.compile("removed " + _N_OF.format(what="assignment")),
        lambda m: _("removed {n} assignments of {tasks}").format(
            n=m["n"], tasks=summary_tasks(m["tasks"])
        ),
    ),
    (
        re.compile(r"the extension of task (?P<no>\d+) is already gone"),
        lambda m: _("the extension of task {no} is already gone").format(no=m["no"]),
    ),
    (
        re.compile(r"task (?P<no>\d+) is due (?P<due>\S+) again"),
        lambda m: _("task {no} is due {due} again").format(no=m["no"], due=m["due"]),
    ),
    (re.compile(r"the round was already gone"), lambda m: _("the round was already gone")),
    (
        re.compile(r"put round (?P<round>\S+)'s return deadline back to (?P<due>\S+)"),
        lambda m: _("put round {round}'s return deadline back to {due}").format(
            round=m["round"], due=m["due"]
        ),
    ),
    (
        re.compile(r"removed round (?P<round>\S+)"),
        lambda m: _("removed round {round}").format(round=m["round"]),
    ),
    (
        re.compile(
            r"removed the re-sent return \((?P<n>\d+) records\) and put back the one it replaced"
        ),
        lambda m: _(
            "removed the re-sent return ({n} records) and put back the one it replaced"
        ).format(n=m["n"]),
    ),
    (
        re.compile(r"removed a return and its (?P<n>\d+) progress records?"),
        lambda m: _("removed a return and its {n} progress records").format(n=m["n"]),
    ),
    (
        re.compile(r"(?P<key>\S+) back to its default (?P<value>.+)"),
        lambda m: _("{key} back to its default {value}").format(key=m["key"], value=m["value"]),
    ),
    (
        re.compile(r"(?P<key>\S+) back to (?P<value>.+)"),
        lambda m: _("{key} back to {value}").format(key=m["key"], value=m["value"]),
    ),
]


def summary_tasks(text: str) -> str:
    """ "task 18" or "3 tasks (18, 21, 26)" in the interface language."""
    m = re.fullmatch(_TASKS, text)
    return _tasks(m) if m else text


def summary_text(summary: str) -> str:
    """`summary` (as the change log keeps it) in the interface language."""
    from guantask.i18n import current_lang

    if current_lang() == "en":
        return summary
    text, extra = summary, ""
    for word, label in _EXTRA.items():
        if text.endswith(f" ({word})"):
            text, extra = text.removesuffix(f" ({word})"), f" ({label()})"
    for pattern, say in _SHAPES:
        m = pattern.fullmatch(text)
        if m:
            return say(m) + extra
    return summary
