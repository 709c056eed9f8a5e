"""A small plan and a week of work on it, for the report tests (lights, overdue, weekly, chase).

"Today" is Friday 2024-03-15 (conftest pins it); the report week is 2024-03-11..2024-03-17 and
the plan was issued on 2024-01-31, so a task without progress has been idle for 44 days.
Everything is done through the real CLI (`import`, `record-progress`, `assign`, `signoff`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DOC = "测政办发〔2024〕9号"
ISSUED = "2024-01-31"


def _task(
    no: int,
    text: str,
    *,
    leaders: list[str],
    lead: list[str],
    due: str,
    section: int = 1,
    subsection: int | None = None,
    responsible: list[str] | None = None,
    targets: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "id": no,
        "section": section,
        "subsection": subsection,
        "text": text,
        "leaders": leaders,
        "lead_units": lead,
        "responsible_units": responsible or [],
        "due": due,
        "due_source": "default" if due == "2024-12-31" else "test",
        "targets": targets or [],
    }


def _target(metric: str, value: float, unit: str, kind: str, written: str) -> dict[str, Any]:
    return {
        "metric": metric,
        "value": value,
        "unit": unit,
        "kind": kind,
        "at_least": False,
        "as_written": written,
    }


def plan(tasks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The report plan (or the same document with other tasks)."""
    return {
        "document": {
            "issuer": "测试县人民政府办公室",
            "doc_number": DOC,
            "title": "2024年县政府工作报告重点工作任务责任分工方案",
            "issued": ISSUED,
            "year": 2024,
        },
        "sections": [
            {"no": 1, "numeral": "一", "title": "主要预期目标", "subsections": []},
            {
                "no": 2,
                "numeral": "二",
                "title": "扩大有效需求，在项目建设上实现新突破。",
                "subsections": [{"no": 1, "numeral": "一", "title": "推进项目建设"}],
            },
        ],
        "tasks": tasks if tasks is not None else REPORT_TASKS,
    }


REPORT_TASKS = [
    _task(
        1,
        "地区生产总值增长 6%。",
        leaders=["王明"],
        lead=["县发展和改革局"],
        responsible=["各乡镇（街道）"],
        due="2024-12-31",
        targets=[_target("地区生产总值", 6, "%", "growth", "增长 6%")],
    ),
    _task(
        2,
        "上半年建成 5G 基站 300 个，实现乡镇全覆盖。",
        leaders=["李强", "王明"],
        lead=["县工业和信息化局"],
        due="2024-06-30",
        section=2,
        subsection=1,
        targets=[_target("5G基站", 300, "个", "reach", "300 个")],
    ),
    _task(
        3,
        "一季度完成老旧小区改造 12 个。",
        leaders=["李强"],
        lead=["县住房和城乡建设局"],
        due="2024-03-10",
        section=2,
        subsection=1,
    ),
    _task(
        4,
        "3月底前完成春季植树造林 5000 亩。",
        leaders=["张华"],
        lead=["县林业局"],
        due="2024-03-25",
        section=2,
        subsection=1,
    ),
    _task(
        5,
        "全年招商引资到位资金 50 亿元，签约过亿元项目 30 个。",
        leaders=["王明"],
        lead=["县经济发展服务中心", "县发展和改革局"],
        due="2024-12-31",
        section=2,
        subsection=1,
        targets=[
            _target("到位资金", 5_000_000_000, "元", "reach", "50 亿元"),
            _target("签约过亿元项目", 30, "个", "reach", "30 个"),
        ],
    ),
    _task(
        6,
        "推进[bold]重点[/]项目 | *建设* <b>x</b> & \x1b[31m红\x1b[0m_%。",
        leaders=["李强"],
        lead=["县发展和改革局"],
        due="2024-09-30",
        section=2,
        subsection=1,
    ),
    _task(
        7,
        "完成冬季清洁取暖保障。",
        leaders=["张华"],
        lead=["县住房和城乡建设局"],
        due="2024-03-31",
    ),
]


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def ok(r: Any) -> Any:
    assert r.exit_code == 0, r.output
    return r


def setup_week(run: Any, tmp_path: Path) -> None:
    """Import the report plan and record a realistic week of work on it (as of 2024-03-15)."""
    ok(run("import", str(write(tmp_path / "report-plan.json", plan()))))
    steps = [
        ("record-progress", "1", "--percent", "10", "--date", "2024-02-20"),
        ("record-progress", "1", "--percent", "20", "--date", "2024-03-12", "--note", "一季度数据待统计"),
        ("record-progress", "2", "--value", "5G基站=120", "--date", "2024-03-13",
         "--note", "已建成 120 个"),
        ("record-progress", "4", "--percent", "50", "--date", "2024-03-05"),
        ("record-progress", "5", "--percent", "5", "--status", "blocked", "--date", "2024-03-14",
         "--value", "到位资金=12亿", "--note", "土地指标未落实 [red]|*"),
        ("record-progress", "6", "--percent", "20", "--status", "at-risk", "--date", "2024-03-13"),
        ("record-progress", "7", "--status", "done", "--date", "2024-03-11", "--note", "已完成"),
        ("signoff", "7"),
        ("assign", "3", "--to", "李明"),
    ]  # fmt: skip
    for step in steps:
        ok(run(*step))


GOLDEN = Path(__file__).parent / "golden" / "reports"


def golden(name: str, text: str, update: bool) -> None:
    """Compare `text` with tests/golden/reports/NAME byte for byte (`--update-golden` rewrites)."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} is missing; run pytest --update-golden"
    assert path.read_bytes().decode("utf-8") == text
