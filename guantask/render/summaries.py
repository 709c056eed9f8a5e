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
        id=m.group("id"), summary=summary_text(m.group("inner")), message=m.group("message")
    )


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
        lambda m: _("config set {key} {value} (was {old})").format(
            key=m["key"], value=m["value"], old=m["old"]
        ),
    ),
    (
        re.compile(r"config unset (?P<key>\S+) \(was (?P<old>.*); default (?P<default>.*)\)"),
        lambda m: _("config unset {key} (was {old}; default {default})").format(
            key=m["key"], old=m["old"], default=m["default"]
        ),
    ),
]
_EXTRA = {"bundled plan": lambda: _("bundled plan")}


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
