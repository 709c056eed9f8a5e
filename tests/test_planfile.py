"""The plan JSON file: dump format, round trip, and every validation problem with its path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from guantask.errors import ExitCode, PlanInvalid
from guantask.plan.model import Plan, Target
from guantask.plan.planfile import dump_plan, load_plan, plan_to_dict

ROOT = Path(__file__).parent.parent
PLAN2024 = ROOT / "data" / "plan2024.json"
SCHEMA = ROOT / "data" / "plan.schema.json"


@pytest.fixture(scope="module")
def plan_text() -> str:
    return PLAN2024.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan(plan_text: str) -> Plan:
    return load_plan(plan_text)


SMALL: dict[str, Any] = {
    "document": {
        "issuer": "云溪县人民政府办公室",
        "doc_number": "云政办发〔2025〕3号",
        "title": "2025年重点任务分解方案",
        "issued": "2025-02-14",
        "year": 2025,
    },
    "sections": [
        {"no": 1, "numeral": "一", "title": "经济发展", "subsections": []},
        {
            "no": 2,
            "numeral": "二",
            "title": "民生保障",
            "subsections": [{"no": 1, "numeral": "一", "title": "教育"}],
        },
    ],
    "tasks": [
        {
            "id": 1,
            "section": 1,
            "subsection": None,
            "text": "地区生产总值增长5.5%。",
            "leaders": ["王建国"],
            "lead_units": ["县发展和改革局"],
            "responsible_units": [],
            "due": "2025-12-31",
            "due_source": "default",
            "targets": [
                {
                    "metric": "地区生产总值",
                    "value": 5.5,
                    "unit": "%",
                    "kind": "growth",
                    "at_least": False,
                    "as_written": "5.5%",
                }
            ],
        },
        {
            "id": 2,
            "section": 2,
            "subsection": 1,
            "text": "新建幼儿园2所。",
            "leaders": ["赵志刚"],
            "lead_units": ["县教育局"],
            "responsible_units": ["县财政局"],
            "due": "2025-08-31",
            "due_source": "8月底前",
            "targets": [{"metric": "幼儿园", "value": 2, "unit": "所", "kind": "add"}],
        },
    ],
}


def problems_of(data: Any) -> list[tuple[str, str]]:
    """The problems load_plan reports for `data` (which must be invalid)."""
    with pytest.raises(PlanInvalid) as err:
        load_plan(json.dumps(data, ensure_ascii=False))
    return err.value.problems


def small(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(SMALL), **changes}


# ----- dump and round trip --------------------------------------------------------------------


def test_shipped_plan_round_trips_byte_for_byte(plan_text: str, plan: Plan) -> None:
    assert len(plan.tasks) == 121
    assert dump_plan(plan) == plan_text
    assert load_plan(dump_plan(plan)) == plan


def test_dump_is_utf8_json_with_two_space_indent_and_final_newline(plan_text: str) -> None:
    assert plan_text.endswith("}\n")
    assert '  "document": {\n    "issuer": "冠县人民政府办公室",' in plan_text
    assert "\\u" not in plan_text  # ensure_ascii=False


def test_dump_keeps_the_documented_key_order(plan: Plan) -> None:
    data = plan_to_dict(plan)
    assert list(data) == ["document", "sections", "tasks"]
    assert list(data["document"]) == ["issuer", "doc_number", "title", "issued", "year"]
    assert list(data["sections"][1]) == ["no", "numeral", "title", "subsections"]
    assert list(data["sections"][1]["subsections"][0]) == ["no", "numeral", "title"]
    assert list(data["tasks"][0]) == [
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
    ]
    assert list(data["tasks"][0]["targets"][0]) == [
        "metric",
        "value",
        "unit",
        "kind",
        "at_least",
        "as_written",
    ]


def test_whole_values_are_written_as_integers(plan: Plan) -> None:
    data = plan_to_dict(plan)
    task18 = next(t for t in data["tasks"] if t["id"] == 18)
    assert task18["targets"][1] == {
        "metric": "千兆网络端口",
        "value": 43000,
        "unit": "个",
        "kind": "reach",
        "at_least": False,
        "as_written": "4.3 万个",
    }
    task6 = next(t for t in data["tasks"] if t["id"] == 6)
    assert task6["targets"][0]["value"] == 6.2


def test_small_plan_loads_with_optional_target_keys_defaulted() -> None:
    plan = load_plan(json.dumps(SMALL, ensure_ascii=False))
    assert plan.document.doc_number == "云政办发〔2025〕3号"
    assert plan.sections[1].subsections[0].title == "教育"
    assert plan.tasks[1].subsection == 1
    assert plan.tasks[1].targets == (Target("幼儿园", 2, "所", "add", False, ""),)
    assert plan.tasks[0].leaders == ("王建国",)


def test_every_key_the_schema_requires_is_in_the_shipped_plan(plan_text: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(plan_text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        return node

    checked = 0

    def walk(node: dict[str, Any], value: Any, path: str) -> None:
        nonlocal checked
        node = resolve(node)
        if isinstance(value, dict):
            for key in node.get("required", []):
                assert key in value, f"{path}.{key} missing"
                checked += 1
            for key, sub in node.get("properties", {}).items():
                if key in value:
                    walk(sub, value[key], f"{path}.{key}")
        elif isinstance(value, list) and "items" in node:
            for i, item in enumerate(value):
                walk(node["items"], item, f"{path}[{i}]")

    walk(schema, data, "$")
    assert checked > 121 * 10  # every task's keys were looked at


def test_schema_names_the_same_keys_the_loader_accepts() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    task = schema["properties"]["tasks"]["items"]
    assert task["required"] == list(SMALL["tasks"][0])
    assert schema["$defs"]["target"]["properties"]["kind"]["enum"] == [
        "reach",
        "growth",
        "add",
        "reduce",
    ]


# ----- validation problems, each with its path --------------------------------------------------


def test_malformed_json_is_one_problem_with_line_and_column() -> None:
    with pytest.raises(PlanInvalid) as err:
        load_plan('{\n  "document": {\n    "issuer": "x",,\n  }\n}', source="plan.json")
    assert err.value.problems == [
        (
            "$",
            "not valid JSON: Expecting property name enclosed in double quotes (line 3, column 19)",
        )
    ]
    assert str(err.value).startswith("invalid plan.json: $: not valid JSON")
    assert err.value.exit_code == ExitCode.ERROR


def test_top_level_must_be_an_object() -> None:
    assert problems_of([1, 2]) == [("$", "not an object")]


def test_missing_parts_are_each_reported() -> None:
    assert problems_of({}) == [
        ("$.document", "missing"),
        ("$.sections", "missing"),
        ("$.tasks", "missing"),
    ]


def test_document_problems() -> None:
    data = small()
    data["document"] = {"issuer": "", "doc_number": 7, "issued": "2025-02-30", "year": True}
    assert problems_of(data) == [
        ("$.document.title", "missing"),
        ("$.document.year", "not an integer"),
        ("$.document.issuer", "empty"),
        ("$.document.doc_number", "not a string"),
        ("$.document.issued", "not a YYYY-MM-DD date"),
    ]
    assert problems_of(small(document=[])) == [("$.document", "not an object")]


def test_task_problems_all_at_once_with_their_paths() -> None:
    data = small()
    t0, t1 = data["tasks"]
    t0["due"] = "2025/12/31"
    t0["leaders"] = ["王建国", 3, " "]
    t0["lead_units"] = "县发展和改革局"
    t1["id"] = 0
    t1["section"] = 9
    t1["text"] = ""
    t1["extra"] = 1
    del t1["due_source"]
    problems = problems_of(data)
    assert problems == [
        ("$.tasks[0].leaders[1]", "not a non-empty string"),
        ("$.tasks[0].leaders[2]", "not a non-empty string"),
        ("$.tasks[0].lead_units", "not a list"),
        ("$.tasks[0].due", "not a YYYY-MM-DD date"),
        ("$.tasks[1].due_source", "missing"),
        ("$.tasks[1].extra", "unknown key"),
        ("$.tasks[1].id", "less than 1"),
        ("$.tasks[1].section", "no section 9"),
        ("$.tasks[1].text", "empty"),
    ]
    with pytest.raises(PlanInvalid, match=r"\(and 6 more\)"):
        load_plan(json.dumps(data))


def test_duplicate_ids_name_the_first_holder() -> None:
    data = small()
    data["tasks"][1]["id"] = 1
    assert problems_of(data) == [("$.tasks[1].id", "duplicate id 1 (also $.tasks[0])")]
    data["tasks"][1]["id"] = "2"
    assert problems_of(data) == [("$.tasks[1].id", "not an integer")]


def test_subsection_must_exist_in_the_task_section() -> None:
    data = small()
    data["tasks"][0]["subsection"] = 1  # section 1 has no subsections
    data["tasks"][1]["subsection"] = 5
    assert problems_of(data) == [
        ("$.tasks[0].subsection", "no subsection 1 in section 1"),
        ("$.tasks[1].subsection", "no subsection 5 in section 2"),
    ]


def test_section_problems() -> None:
    data = small()
    data["sections"][1]["no"] = 1
    data["sections"][1]["subsections"].append({"no": 1, "numeral": "一", "title": "又一"})
    data["sections"][0]["subsections"] = {}
    problems = problems_of(data)
    assert ("$.sections[0].subsections", "not a list") in problems
    assert ("$.sections[1].no", "duplicate section 1") in problems
    assert ("$.sections[1].subsections[1].no", "duplicate subsection 1") in problems
    assert problems_of(small(sections="一")) == [
        ("$.sections", "not a list"),
        ("$.tasks[0].section", "no section 1"),
        ("$.tasks[1].section", "no section 2"),
    ]


def test_target_problems() -> None:
    data = small()
    data["tasks"][0]["targets"] = [
        {"metric": "", "value": "5.5", "unit": "%", "kind": "more", "at_least": "yes"},
        {"value": True, "unit": "%", "kind": "growth"},
        "6%",
    ]
    assert problems_of(data) == [
        ("$.tasks[0].targets[0].metric", "empty"),
        ("$.tasks[0].targets[0].value", "not a number"),
        ("$.tasks[0].targets[0].kind", "not one of reach, growth, add, reduce, level, cap"),
        ("$.tasks[0].targets[0].at_least", "not true or false"),
        ("$.tasks[0].targets[1].metric", "missing"),
        ("$.tasks[0].targets[1].value", "not a number"),
        ("$.tasks[0].targets[2]", "not an object"),
    ]


def test_a_plan_without_tasks_is_invalid() -> None:
    assert problems_of(small(tasks=[])) == [("$.tasks", "no tasks")]


def test_unknown_top_level_key_is_reported() -> None:
    assert problems_of(small(plan="2024")) == [("$.plan", "unknown key")]
