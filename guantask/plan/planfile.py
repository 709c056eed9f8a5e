"""The plan JSON file: dump a Plan, load one back, and validate it by hand.

The format is described in data/plan.schema.json and in the README ("The plan format").
`load_plan` reports every problem at once, each with its JSON path (`$.tasks[3].due`), so a
clerk fixing a hand-edited plan sees the whole list in one go.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from guantask.bounds import MAX_FIGURE, MAX_SECTION, MAX_TASK_NO, MAX_YEAR, MIN_YEAR
from guantask.errors import PlanInvalid
from guantask.i18n import _
from guantask.plan.kinds import KINDS
from guantask.plan.model import Document, Plan, PlanTask, Section, Subsection, Target

TARGET_KINDS = KINDS

_DOCUMENT_KEYS = ("issuer", "doc_number", "title", "issued", "year")
_SECTION_KEYS = ("no", "numeral", "title", "subsections")
_SUBSECTION_KEYS = ("no", "numeral", "title")
_TASK_KEYS = (
    "id",
    "section",
    "subsection",
    "text",
    "leaders",
    "lead_units",
    "responsible_units",
    "due",
    "due_source",
    "targets",
)
_TARGET_KEYS = ("metric", "value", "unit", "kind", "at_least", "as_written")
_TARGET_REQUIRED = ("metric", "value", "unit", "kind")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _target_dict(t: Target) -> dict[str, Any]:
    value = int(t.value) if float(t.value).is_integer() else t.value
    return {
        "metric": t.metric,
        "value": value,
        "unit": t.unit,
        "kind": t.kind,
        "at_least": t.at_least,
        "as_written": t.as_written,
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data, keys in the documented order."""
    doc = plan.document
    return {
        "document": {
            "issuer": doc.issuer,
            "doc_number": doc.doc_number,
            "title": doc.title,
            "issued": doc.issued,
            "year": doc.year,
        },
        "sections": [
            {
                "no": s.no,
                "numeral": s.numeral,
                "title": s.title,
                "subsections": [
                    {"no": sub.no, "numeral": sub.numeral, "title": sub.title}
                    for sub in s.subsections
                ],
            }
            for s in plan.sections
        ],
        "tasks": [
            {
                "id": t.no,
                "section": t.section,
                "subsection": t.subsection,
                "text": t.text,
                "leaders": list(t.leaders),
                "lead_units": list(t.lead_units),
                "responsible_units": list(t.responsible_units),
                "due": t.due,
                "due_source": t.due_source,
                "targets": [_target_dict(x) for x in t.targets],
            }
            for t in plan.tasks
        ],
    }


def dump_plan(plan: Plan) -> str:
    """The plan file's text: UTF-8 JSON, 2-space indent, stable key order, final newline."""
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n"


# ----- validation --------------------------------------------------------------------------


NAME_MAX = 100  # characters in a leader or unit name
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class _Checker:
    """Collects (json_path, message) problems while reading the data."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def obj(self, value: Any, path: str, keys: tuple[str, ...], required: tuple[str, ...]) -> bool:
        if not isinstance(value, dict):
            self.add(path, _("not an object"))
            return False
        for key in required:
            if key not in value:
                self.add(f"{path}.{key}", _("missing"))
        for key in value:
            if key not in keys:
                self.add(f"{path}.{key}", _("unknown key"))
        return True

    def string(self, obj: dict[str, Any], key: str, path: str, *, empty: bool = False) -> str:
        value = obj.get(key)
        if key not in obj:
            return ""
        if not isinstance(value, str):
            self.add(f"{path}.{key}", _("not a string"))
            return ""
        if not empty and not value.strip():
            self.add(f"{path}.{key}", _("empty"))
        return value

    def integer(
        self, obj: dict[str, Any], key: str, path: str, *, minimum: int = 0, maximum: int
    ) -> int | None:
        if key not in obj:
            return None
        value = obj[key]
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(f"{path}.{key}", _("not an integer"))
            return None
        if value < minimum:
            self.add(f"{path}.{key}", _("less than {minimum}").format(minimum=minimum))
            return None
        if value > maximum:
            self.add(f"{path}.{key}", _("more than {maximum}").format(maximum=maximum))
            return None
        return value

    def day(self, obj: dict[str, Any], key: str, path: str) -> str:
        value = self.string(obj, key, path)
        if not value:
            return ""
        try:
            if not _DATE_RE.match(value):
                raise ValueError
            day = date.fromisoformat(value)
        except ValueError:
            self.add(f"{path}.{key}", _("not a YYYY-MM-DD date"))
            return ""
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            self.add(
                f"{path}.{key}",
                _("outside the years {low}-{high}").format(low=MIN_YEAR, high=MAX_YEAR),
            )
            return ""
        return value

    def names(self, obj: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        if key not in obj:
            return ()
        value = obj[key]
        if not isinstance(value, list):
            self.add(f"{path}.{key}", _("not a list"))
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(f"{path}.{key}[{i}]", _("not a non-empty string"))
            elif len(item) > NAME_MAX or _CONTROL_RE.search(item):
                # A name nobody can type (NUL, escapes) or read in a table is refused.
                self.add(
                    f"{path}.{key}[{i}]",
                    _("a name of at most {n} characters without control characters").format(
                        n=NAME_MAX
                    ),
                )
            else:
                out.append(item)
        return tuple(out)

    def array(self, obj: dict[str, Any], key: str, path: str) -> list[Any]:
        if key not in obj:
            return []
        value = obj[key]
        if not isinstance(value, list):
            self.add(f"{path}.{key}", _("not a list"))
            return []
        return value


def _document(c: _Checker, data: dict[str, Any]) -> Document | None:
    raw, path = data.get("document"), "$.document"
    if "document" not in data or not c.obj(raw, path, _DOCUMENT_KEYS, _DOCUMENT_KEYS):
        return None
    year = c.integer(raw, "year", path, minimum=MIN_YEAR, maximum=MAX_YEAR)
    return Document(
        issuer=c.string(raw, "issuer", path),
        doc_number=c.string(raw, "doc_number", path),
        title=c.string(raw, "title", path),
        issued=c.day(raw, "issued", path),
        year=year or 0,
    )


def _sections(c: _Checker, data: dict[str, Any]) -> list[Section]:
    sections: list[Section] = []
    seen: set[int] = set()
    for i, raw in enumerate(c.array(data, "sections", "$")):
        path = f"$.sections[{i}]"
        if not c.obj(raw, path, _SECTION_KEYS, _SECTION_KEYS):
            continue
        no = c.integer(raw, "no", path, maximum=MAX_SECTION)
        if no is not None and no in seen:
            c.add(f"{path}.no", _("duplicate section {no}").format(no=no))
        subs: list[Subsection] = []
        sub_seen: set[int] = set()
        for j, sub in enumerate(c.array(raw, "subsections", path)):
            sub_path = f"{path}.subsections[{j}]"
            if not c.obj(sub, sub_path, _SUBSECTION_KEYS, _SUBSECTION_KEYS):
                continue
            sub_no = c.integer(sub, "no", sub_path, maximum=MAX_SECTION)
            if sub_no is not None and sub_no in sub_seen:
                c.add(f"{sub_path}.no", _("duplicate subsection {no}").format(no=sub_no))
            if sub_no is not None:
                sub_seen.add(sub_no)
                numeral = c.string(sub, "numeral", sub_path, empty=True)
                subs.append(Subsection(sub_no, numeral, c.string(sub, "title", sub_path)))
        if no is not None and no not in seen:
            seen.add(no)
            numeral = c.string(raw, "numeral", path, empty=True)
            title = c.string(raw, "title", path, empty=True)
            sections.append(Section(no, numeral, title, tuple(subs)))
    return sections


def _target(c: _Checker, raw: Any, path: str) -> Target | None:
    if not c.obj(raw, path, _TARGET_KEYS, _TARGET_REQUIRED):
        return None
    before = len(c.problems)
    metric = c.string(raw, "metric", path)
    value = raw.get("value")
    if "value" in raw and (not isinstance(value, int | float) or isinstance(value, bool)):
        c.add(f"{path}.value", _("not a number"))
    elif "value" in raw and not abs(value) <= MAX_FIGURE:  # also NaN and infinity
        c.add(f"{path}.value", _("more than {maximum}").format(maximum=f"{MAX_FIGURE:g}"))
    unit = c.string(raw, "unit", path, empty=True)
    kind = c.string(raw, "kind", path)
    if kind and kind not in TARGET_KINDS:
        c.add(f"{path}.kind", _("not one of {kinds}").format(kinds=", ".join(TARGET_KINDS)))
    at_least = raw.get("at_least", False)
    if not isinstance(at_least, bool):
        c.add(f"{path}.at_least", _("not true or false"))
    as_written = c.string(raw, "as_written", path, empty=True)
    if len(c.problems) > before:
        return None
    return Target(metric, value, unit, kind, at_least, as_written)


def _tasks(c: _Checker, data: dict[str, Any], sections: list[Section]) -> list[PlanTask]:
    sections_by_no = {s.no: s for s in sections}
    tasks: list[PlanTask] = []
    first_path: dict[int, str] = {}
    raw_tasks = c.array(data, "tasks", "$")
    if "tasks" in data and isinstance(data["tasks"], list) and not raw_tasks:
        c.add("$.tasks", _("no tasks"))
    for i, raw in enumerate(raw_tasks):
        path = f"$.tasks[{i}]"
        if not c.obj(raw, path, _TASK_KEYS, _TASK_KEYS):
            continue
        no = c.integer(raw, "id", path, minimum=1, maximum=MAX_TASK_NO)
        if no is not None:
            if no in first_path:
                c.add(
                    f"{path}.id",
                    _("duplicate id {id} (also {path})").format(id=no, path=first_path[no]),
                )
            else:
                first_path[no] = path
        section_no = c.integer(raw, "section", path, maximum=MAX_SECTION)
        section = sections_by_no.get(section_no) if section_no is not None else None
        if section_no is not None and section is None and "sections" in data:
            c.add(f"{path}.section", _("no section {no}").format(no=section_no))
        sub_no = raw.get("subsection")
        if sub_no is not None:
            sub_no = c.integer(raw, "subsection", path, maximum=MAX_SECTION)
            known = section is None or any(s.no == sub_no for s in section.subsections)
            if sub_no is not None and not known:
                c.add(
                    f"{path}.subsection",
                    _("no subsection {no} in section {section}").format(
                        no=sub_no, section=section.no
                    ),
                )
        text = c.string(raw, "text", path)
        leaders = c.names(raw, "leaders", path)
        lead_units = c.names(raw, "lead_units", path)
        responsible_units = c.names(raw, "responsible_units", path)
        due = c.day(raw, "due", path)
        due_source = c.string(raw, "due_source", path)
        targets = []
        for j, t in enumerate(c.array(raw, "targets", path)):
            target = _target(c, t, f"{path}.targets[{j}]")
            if target is not None:
                targets.append(target)
        tasks.append(
            PlanTask(
                no=no or 0,
                section=section_no or 0,
                subsection=sub_no,
                text=text,
                leaders=leaders,
                lead_units=lead_units,
                responsible_units=responsible_units,
                due=due,
                due_source=due_source,
                targets=tuple(targets),
            )
        )
    return tasks


def validate_plan(data: Any) -> tuple[Plan | None, list[tuple[str, str]]]:
    """(plan, problems): the plan is None unless there are no problems."""
    c = _Checker()
    if not isinstance(data, dict):
        c.add("$", _("not an object"))
        return None, c.problems
    c.obj(data, "$", ("document", "sections", "tasks"), ("document", "sections", "tasks"))
    document = _document(c, data)
    sections = _sections(c, data)
    tasks = _tasks(c, data, sections)
    if c.problems or document is None:
        return None, c.problems
    return Plan(document=document, sections=tuple(sections), tasks=tuple(tasks)), []


def load_plan(text: str, *, source: str = "plan") -> Plan:
    """The Plan in a plan JSON text; PlanInvalid lists every problem with its JSON path."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        where = _("line {line}, column {column}").format(line=err.lineno, column=err.colno)
        problem = _("not valid JSON: {reason} ({where})").format(reason=err.msg, where=where)
        raise PlanInvalid([("$", problem)], source=source) from None
    except RecursionError:
        raise PlanInvalid([("$", _("not a plan: JSON nested too deeply"))], source=source) from None
    plan, problems = validate_plan(data)
    if plan is None:
        raise PlanInvalid(problems, source=source)
    return plan
