"""Small plans written for the tests (the plan JSON format), so that nothing depends on the seed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SMALL: dict[str, Any] = {
    "document": {
        "issuer": "莘县人民政府办公室",
        "doc_number": "莘政办发〔2025〕3号",
        "title": "2025年县政府工作报告重点工作任务责任分工方案",
        "issued": "2025-02-10",
        "year": 2025,
    },
    "sections": [
        {
            "no": 1,
            "numeral": "一",
            "title": "主要预期目标",
            "subsections": [],
        },
        {
            "no": 2,
            "numeral": "二",
            "title": "扩大有效需求",
            "subsections": [{"no": 1, "numeral": "一", "title": "推进项目建设"}],
        },
    ],
    "tasks": [
        {
            "id": 1,
            "section": 1,
            "subsection": None,
            "text": "地区生产总值增长 6%。",
            "leaders": ["王明"],
            "lead_units": ["县发展和改革局"],
            "responsible_units": ["各乡镇（街道）"],
            "due": "2025-12-31",
            "due_source": "default",
            "targets": [
                {
                    "metric": "地区生产总值",
                    "value": 6,
                    "unit": "%",
                    "kind": "growth",
                    "at_least": False,
                    "as_written": "增长 6%",
                }
            ],
        },
        {
            "id": 2,
            "section": 2,
            "subsection": 1,
            "text": "上半年建成 5G 基站 300 个。",
            "leaders": ["李强", "王明"],
            "lead_units": ["县工业和信息化局"],
            "responsible_units": [],
            "due": "2025-06-30",
            "due_source": "上半年",
            "targets": [
                {
                    "metric": "5G基站",
                    "value": 300,
                    "unit": "个",
                    "kind": "reach",
                    "at_least": False,
                    "as_written": "300 个",
                }
            ],
        },
        {
            "id": 3,
            "section": 2,
            "subsection": 1,
            "text": "推进[bold]重点[/]项目建设，100% 完成 \x1b[31m年度计划\x1b[0m_%",
            "leaders": ["李强"],
            "lead_units": ["县发展和改革委员会", "县财政局"],
            "responsible_units": ["县直有关部门（单位）"],
            "due": "2025-09-30",
            "due_source": "三季度",
            "targets": [],
        },
    ],
}


def small_plan() -> dict[str, Any]:
    return copy.deepcopy(SMALL)


def write_plan(path: Path, plan: dict[str, Any]) -> Path:
    path.write_text(json.dumps(plan, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
