"""Export (json/csv/xlsx) and fill-in templates read back by record-progress (csv and xlsx)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import openpyxl
import pytest
from conftest import ROOT

from guantask.exchange.export import EXPORT_FIELDS
from guantask.exchange.template import TEMPLATE_COLUMNS
from guantask.work.returns import load_return, read_return

pytestmark = pytest.mark.both_stores

GX = "县工业和信息化局"


def _csv_rows(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.removeprefix("\ufeff"), newline="")))


def _gx_ids(run) -> list[int]:
    r = run("list", "--unit", GX, "--format", "ids")
    assert r.exit_code == 0, r.output
    return [int(x) for x in r.stdout.split()]


def _listed(run, *ids: int) -> dict[int, dict]:
    r = run("list", "--format", "json")
    assert r.exit_code == 0, r.output
    return {t["id"]: t for t in json.loads(r.stdout) if t["id"] in ids}


# ----- export ---------------------------------------------------------------------------------


def test_csv_export_is_one_header_row_then_one_row_per_task(seeded) -> None:
    r = seeded("export", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = _csv_rows(r.stdout)
    assert rows[0] == list(EXPORT_FIELDS)
    assert len(rows) == 1 + 121
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    t18 = by_id["18"]
    assert t18["leaders"] == "张怀恒"
    assert t18["lead_units"] == "县工业和信息化局、县经济开发区"
    assert t18["status"] == "not-started" and t18["percent"] == "0"
    assert t18["due"] == "2024-12-31" and t18["light"] in ("green", "yellow", "red")


def test_export_filters_like_filter_and_carries_the_latest_note(seeded) -> None:
    r = seeded("record-progress", "18", "--percent", "40", "--note", "二季度新建 200 个")
    assert r.exit_code == 0, r.output
    r = seeded("export", "leader:zhh", "id<20", "--format", "json")
    assert r.exit_code == 0, r.output
    tasks = json.loads(r.stdout)
    assert [t["id"] for t in tasks] == [1, 2, 3, 4, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18, 19]
    t18 = next(t for t in tasks if t["id"] == 18)
    assert list(t18) == list(EXPORT_FIELDS)
    assert t18["latest_note"] == "二季度新建 200 个" and t18["percent"] == 40
    assert t18["leaders"] == ["张怀恒"]  # lists stay lists in JSON


def test_export_fields_choose_and_order_the_columns(seeded) -> None:
    r = seeded("export", "id:18", "--fields", "id,due,light,plan")
    assert r.exit_code == 0, r.output
    assert _csv_rows(r.stdout)[0] == ["id", "due", "light", "plan"]
    r = seeded("export", "--fields", "id,nope")
    assert r.exit_code == 2 and "unknown field 'nope'" in r.stderr


def test_excel_csv_has_a_bom_crlf_and_defused_formulas(seeded, tmp_path) -> None:
    note = '=HYPERLINK("http://x","y")'
    assert seeded("record-progress", "18", "--percent", "10", "--note", note).exit_code == 0
    out = tmp_path / "excel.csv"
    r = seeded("export", "id:18", "--excel", "-o", str(out))
    assert r.exit_code == 0, r.output
    data = out.read_bytes().decode("utf-8")
    assert data.startswith("\ufeffid,section,")
    assert data.count("\r\n") == 2 and "\n" not in data.replace("\r\n", "")
    row = _csv_rows(data)[1]
    assert row[-1] == "'" + note  # Excel shows it as text instead of running it
    assert row[0] == "18" and row[8] == "10"  # numbers stay numbers
    r = seeded("export", "id:18", "--excel", "--format", "json")
    assert r.exit_code == 2


def test_xlsx_export_needs_a_file_and_writes_a_styled_sheet(seeded, tmp_path) -> None:
    r = seeded("export", "--format", "xlsx")
    assert r.exit_code == 2 and "-o FILE.xlsx" in r.stderr
    note = "=1+1"
    assert seeded("record-progress", "18", "--percent", "10", "--note", note).exit_code == 0
    out = tmp_path / "tasks.xlsx"
    r = seeded("export", f"unit:{GX}", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert r.stdout == "" and "wrote 13 tasks" in r.stderr
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header == list(EXPORT_FIELDS)
    assert ws.max_row == 1 + 13 and ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(2, values_only=True)}
    assert rows[18]["latest_note"] == "=1+1"  # text, not a formula
    assert (
        ws.cell(row=[r[0].value for r in ws.iter_rows(2)].index(18) + 2, column=13).data_type == "s"
    )
    assert (
        rows[18]["lead_units"] == "县工业和信息化局、县经济开发区" and rows[18]["percent"] == 0.1
    )  # a percent cell: 10%


def test_output_file_is_replaced_atomically_without_leftovers(seeded, tmp_path) -> None:
    out = tmp_path / "tasks.csv"
    out.write_text("old", encoding="utf-8")
    r = seeded("export", "id:1", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert _csv_rows(out.read_text(encoding="utf-8"))[1][0] == "1"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    r = seeded("export", "-o", str(tmp_path / "missing" / "x.csv"))
    assert r.exit_code == 2 and "does not exist" in r.stderr


BLOCK_OPENPYXL = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError("blocked for the test")
sys.meta_path.insert(0, Block())
sys.argv[0] = "guantask"
from guantask.cli import main
main()
"""


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "xlsx", "-o", "{tmp}/x.xlsx"],
        ["template", "--unit", GX, "-o", "{tmp}/t.xlsx"],
        ["record-progress", "--from-xlsx", "{tmp}/t.xlsx"],
    ],
)
def test_without_openpyxl_xlsx_gives_a_clear_hint(seeded, env, tmp_path, args) -> None:
    (tmp_path / "t.xlsx").write_bytes(b"PK")
    argv = [a.format(tmp=tmp_path) for a in args]
    r = subprocess.run(
        [sys.executable, "-c", BLOCK_OPENPYXL, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=60,
    )
    assert r.returncode == 1, r.stderr
    assert r.stderr == "guantask: xlsx needs openpyxl: pip install 'guantask[excel]'\n"
    assert not (tmp_path / "x.xlsx").exists()


# ----- template -------------------------------------------------------------------------------


def test_csv_template_has_the_batch_columns_then_context(seeded, tmp_path) -> None:
    out = tmp_path / "gx.csv"
    r = seeded("template", "--unit", "工信", "-o", str(out))
    assert r.exit_code == 0, r.output
    data = out.read_bytes().decode("utf-8")
    assert data.startswith("\ufeff") and "\r\n" in data
    rows = _csv_rows(data)
    assert rows[0] == list(TEMPLATE_COLUMNS)
    assert [int(r[0]) for r in rows[1:]] == _gx_ids(seeded)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["percent"] == "" and first["text"] and first["due"] == "2024-12-31"
    assert GX in first["lead_units"]


def test_template_includes_tasks_where_the_unit_is_only_responsible(seeded, tmp_path) -> None:
    out = tmp_path / "t.csv"
    r = seeded("template", "--unit", "县华冠资产管理有限公司", "-o", str(out))
    assert r.exit_code == 0, r.output
    rows = _csv_rows(out.read_text(encoding="utf-8-sig"))
    assert [r[0] for r in rows[1:]] == ["18"]


def test_template_refuses_an_ambiguous_unit_or_a_wrong_suffix(seeded, tmp_path) -> None:
    r = seeded("template", "--unit", "发展", "-o", str(tmp_path / "t.csv"))
    assert r.exit_code == 2 and "ambiguous" in r.stderr
    r = seeded("template", "--unit", GX, "-o", str(tmp_path / "t.txt"))
    assert r.exit_code == 2 and ".xlsx or .csv" in r.stderr
    assert not (tmp_path / "t.csv").exists() and not (tmp_path / "t.txt").exists()


def test_xlsx_template_marks_context_columns_and_guides_input(seeded, tmp_path) -> None:
    out = tmp_path / "gx.xlsx"
    assert seeded("template", "--unit", GX, "-o", str(out)).exit_code == 0
    ws = openpyxl.load_workbook(out).active
    assert ws.title == GX
    assert [c.value for c in ws[1]] == list(TEMPLATE_COLUMNS)
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    grey = {c.column_letter for c in ws[2] if c.fill.fgColor.rgb.endswith("E7E6E6")}
    assert grey == {"H", "I", "J"}  # text, due, lead_units
    assert ws.column_dimensions["H"].width == 60
    rules = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert rules["C2"].formula1 == '"in-progress,at-risk,blocked,done"'  # the file's language
    assert rules["B2"].type == "whole"


def test_csv_template_round_trip_records_what_the_unit_filled_in(seeded, tmp_path) -> None:
    out = tmp_path / "gx.csv"
    assert seeded("template", "--unit", GX, "-o", str(out)).exit_code == 0
    rows = _csv_rows(out.read_text(encoding="utf-8-sig"))
    header, body = rows[0], rows[1:]
    filled = {3: ("60", "", "规上工业增加值增长 6.8%"), 18: ("45", "at-risk", "基站选址受阻")}
    for row in body:
        if int(row[0]) in filled:
            row[1], row[2], row[4] = filled[int(row[0])]
    body.insert(2, [""] * len(header))  # a blank row, as spreadsheets leave them
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *body])
    out.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    r = seeded("record-progress", "--from-csv", str(out))
    assert r.exit_code == 0, r.output
    tasks = _listed(seeded, 3, 18, 7)
    assert tasks[3]["percent"] == 60 and tasks[3]["status"] == "in-progress"
    assert tasks[18]["percent"] == 45 and tasks[18]["status"] == "at-risk"
    assert tasks[7]["status"] == "not-started"  # left empty: nothing recorded
    r = seeded("export", "id:3", "--format", "json", "--fields", "latest_note")
    assert json.loads(r.stdout) == [{"latest_note": "规上工业增加值增长 6.8%"}]


def test_xlsx_template_round_trip_with_merged_cells_and_blank_rows(seeded, tmp_path) -> None:
    out = tmp_path / "gx.xlsx"
    assert seeded("template", "--unit", GX, "-o", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    row_of = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    r3, r7 = row_of[3], row_of[7]
    assert r7 == r3 + 1  # tasks 3 and 7 are neighbours
    ws.cell(row=r3, column=2, value=50)
    ws.cell(row=r7, column=2, value=0.3).number_format = "0%"  # typed as 30%
    ws.cell(row=r3, column=5, value="两个项目已开工")
    ws.merge_cells(start_row=r3, start_column=5, end_row=r7, end_column=5)  # one note for both
    ws.cell(row=r3, column=3, value="at-risk")
    ws.insert_rows(r7 + 1)  # a blank row in the middle
    wb.save(out)
    r = seeded("record-progress", "--from-xlsx", str(out))
    assert r.exit_code == 0, r.output
    tasks = _listed(seeded, 3, 7, 8)
    assert tasks[3]["percent"] == 50 and tasks[3]["status"] == "at-risk"
    assert tasks[7]["percent"] == 30 and tasks[7]["status"] == "in-progress"
    assert tasks[8]["status"] == "not-started"
    r = seeded("export", "id:7", "--format", "json", "--fields", "latest_note")
    assert json.loads(r.stdout) == [{"latest_note": "两个项目已开工"}]


def test_a_bad_xlsx_row_is_reported_at_its_sheet_row_and_nothing_is_written(
    seeded, tmp_path
) -> None:
    out = tmp_path / "gx.xlsx"
    assert seeded("template", "--unit", GX, "-o", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    ws.cell(row=2, column=2, value=50)
    ws.cell(row=4, column=2, value=150)
    wb.save(out)
    r = seeded("record-progress", "--from-xlsx", str(out))
    assert r.exit_code != 0
    assert f"{out}:4:" in r.stderr and "percent" in r.stderr
    r = seeded("list", "--status", "in-progress", "--format", "ids")
    assert r.stdout == ""


# ----- the xlsx reader ------------------------------------------------------------------------


def test_read_xlsx_rows_matches_headers_loosely_and_fills_merged_cells(tmp_path) -> None:
    from datetime import datetime

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([])  # a blank row above the header
    ws.append(["\ufeffID", " Percent ", "STATUS", None, "Note", "date"])
    ws.append([18, 40, "on-track", "ignored", "a", datetime(2024, 3, 10)])
    ws.append([19, 40.0, None, None, None, "2024-03-11"])
    ws.append([None, None, None, None, None, None])
    ws.append([20, 0.5, None, None, None, None])
    ws["B6"].number_format = "0%"
    ws.merge_cells("E3:E4")
    path = tmp_path / "in.xlsx"
    wb.save(path)
    batch = read_return(path.read_bytes(), source="in.xlsx")
    got = [(line, g.task_no, g.percent, g.status, g.note, str(g.date)) for line, g in batch.rows]
    assert got == [
        (3, 18, 40, "on-track", "a", "2024-03-10"),
        (4, 19, 40, None, "a", "2024-03-11"),
        (6, 20, 50, None, None, "None"),
    ]


def test_read_xlsx_rows_refuses_what_is_not_a_workbook(tmp_path) -> None:
    from guantask.errors import GuantaskError, UsageError

    bad = tmp_path / "bad.xlsx"
    bad.write_text("id,percent\n18,40\n", encoding="utf-8")
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(GuantaskError, match="not a usable"):
        read_return(bad.read_bytes(), source="bad.xlsx")
    with pytest.raises(UsageError, match="does not exist"):
        load_return(str(tmp_path / "missing.xlsx"), stdin=io.BytesIO())


def test_csv_export_to_a_terminal_shows_control_characters_instead_of_obeying_them(
    seeded, env
) -> None:
    import pty

    note = "red \x1b[31mtext\x1b[0m"
    assert seeded("record-progress", "18", "--percent", "10", "--note", note).exit_code == 0
    master, slave = pty.openpty()
    try:
        r = subprocess.run(
            [sys.executable, "-m", "guantask", "export", "id:18", "--fields", "id,latest_note"],
            stdout=slave,
            stderr=subprocess.PIPE,
            env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            timeout=60,
        )
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    assert r.returncode == 0, r.stderr
    text = shown.decode("utf-8")
    assert "\x1b" not in text and "red \\x1b[31mtext\\x1b[0m" in text
