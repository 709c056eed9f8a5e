"""The weekly round through the real CLI: open, collect (renamed, wrong, old, re-sent, twice,
bad among good), status with missing units after the deadline, chase, history and undo."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from fill_round import fill_csv, fill_xlsx

pytestmark = pytest.mark.both_stores

MONDAY = "2024-03-11"  # round 2024-W11, returns due Friday 2024-03-15


def _open(run, tmp_path: Path, *args: str, fmt: str = "csv") -> Path:
    folder = tmp_path / "out"
    r = run("round", "open", "-o", str(folder), "--format", fmt, *args, GUANTASK_TODAY=MONDAY)
    assert r.exit_code == 0, r.output
    return folder


def _sheet(folder: Path, unit: str) -> Path:
    [path] = [p for p in folder.iterdir() if p.name.startswith(f"{unit}-")]
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _status(run, day: str) -> dict:
    r = run("round", "status", "--format", "json", GUANTASK_TODAY=day)
    assert r.exit_code == 0, r.output
    return {u["unit"]: u for u in json.loads(r.stdout)["units"]}


def test_open_writes_one_sheet_per_lead_unit_carrying_round_unit_and_deadline(run, tmp_path):
    folder = _open(run, tmp_path, "--unit", "县发展和改革局")
    [path] = list(folder.iterdir())
    assert path.name == "县发展和改革局-2024-W11.csv"
    rows = _rows(path)
    assert rows and {r["round"] for r in rows} == {"2024-W11"}
    assert {r["unit"] for r in rows} == {"县发展和改革局"}
    assert {r["return_by"] for r in rows} == {"2024-03-15"}
    roles = [r["role"] for r in rows]
    assert roles == sorted(roles)  # lead block first, then responsible
    again = run("round", "open", "-o", str(folder), "--format", "csv", GUANTASK_TODAY=MONDAY)
    assert again.exit_code == 0, again.output
    assert "already open" in again.stderr
    assert len(list(folder.iterdir())) == 55


def test_renamed_file_is_known_by_its_cells_and_a_second_read_changes_nothing(run, tmp_path):
    folder = _open(run, tmp_path, "--unit", "县发展和改革局", fmt="xlsx")
    sheet = _sheet(folder, "县发展和改革局")
    fill_xlsx(sheet, 2, 40)
    renamed = tmp_path / "发改局-进度(1).xlsx"
    shutil.move(sheet, renamed)
    r = run("round", "collect", str(renamed), GUANTASK_TODAY="2024-03-14")
    assert r.exit_code == 0, r.output
    assert "县发展和改革局 2024-W11: recorded (2 rows)" in r.stdout
    again = run("round", "collect", str(renamed), GUANTASK_TODAY="2024-03-14")
    assert again.exit_code == 0, again.output
    assert "nothing changed" in again.stdout
    units = _status(run, "2024-03-14")
    assert units["县发展和改革局"]["state"] == "on-time"
    assert units["县发展和改革局"]["rows"] == 2
    assert units["县发展和改革局"]["filled_by"] == "王填报"


def test_a_bad_file_among_good_ones_is_reported_and_the_others_recorded(run, tmp_path):
    folder = _open(run, tmp_path)
    good = _sheet(folder, "县发展和改革局")
    fill_csv(good, 1, 30)
    bad = _sheet(folder, "县财政局")
    fill_csv(bad, 2, 30)
    text = bad.read_bytes().decode("utf-8-sig").replace(",30,", ",130,", 1)
    bad.write_bytes(text.encode("utf-8-sig"))
    r = run("round", "collect", str(bad), str(folder), GUANTASK_TODAY="2024-03-14")
    assert r.exit_code == 1, r.output
    assert "县财政局 2024-W11: bad rows; nothing recorded" in r.stdout
    assert f"{bad}:2:" in r.stderr
    assert "县发展和改革局 2024-W11: recorded (1 row)" in r.stdout
    units = _status(run, "2024-03-14")
    assert units["县财政局"]["state"] == "pending"
    assert units["县发展和改革局"]["state"] == "on-time"


def test_a_file_naming_tasks_of_another_unit_is_refused(run, tmp_path):
    folder = _open(run, tmp_path)
    sheet = _sheet(folder, "县发展和改革局")
    other = _rows(_sheet(folder, "县财政局"))[0]["id"]
    fill_csv(sheet, 1, 30)
    rows = _rows(sheet)
    rows[0]["id"] = other
    if other in {r["id"] for r in rows[1:]}:
        pytest.skip("the two units share the task")
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    sheet.write_bytes(buf.getvalue().encode("utf-8-sig"))
    r = run("round", "collect", str(sheet), GUANTASK_TODAY="2024-03-14")
    assert r.exit_code == 1, r.output
    assert f"task {other} is not on 县发展和改革局's sheet" in r.stderr


def test_a_unit_without_a_sheet_or_a_sheet_from_another_plan_is_refused(run, tmp_path):
    folder = _open(run, tmp_path, "--unit", "县发展和改革局")
    sheet = _sheet(folder, "县发展和改革局")
    fill_csv(sheet, 1, 30)
    text = sheet.read_bytes().decode("utf-8-sig")
    stranger = tmp_path / "a.csv"
    stranger.write_bytes(text.replace("县发展和改革局", "县不存在局").encode("utf-8-sig"))
    other_plan = tmp_path / "b.csv"
    other_plan.write_bytes(text.replace("冠政办发〔2024〕1号", "冠政办发〔2023〕9号").encode())
    r = run("round", "collect", str(stranger), str(other_plan), GUANTASK_TODAY="2024-03-14")
    assert r.exit_code == 1, r.output
    assert "县不存在局 got no sheet in round 2024-W11" in r.stdout
    assert "the sheet is from plan 冠政办发〔2023〕9号" in r.stdout


def test_a_sheet_of_an_old_round_is_refused(run, tmp_path):
    folder = _open(run, tmp_path, "--unit", "县发展和改革局")
    sheet = _sheet(folder, "县发展和改革局")
    fill_csv(sheet, 1, 30)
    r = run("round", "open", "-o", str(tmp_path / "w12"), "--format", "csv", "--unit", "县发展和改革局",
            GUANTASK_TODAY="2024-03-18")  # fmt: skip
    assert r.exit_code == 0, r.output
    r = run("round", "collect", str(sheet), GUANTASK_TODAY="2024-03-18")
    assert r.exit_code == 1, r.output
    assert "old round 2024-W11; returns now go to 2024-W12" in r.stdout


def test_a_resend_replaces_the_return_and_undo_puts_the_first_back(run, tmp_path):
    folder = _open(run, tmp_path, "--unit", "县发展和改革局")
    sheet = _sheet(folder, "县发展和改革局")
    first = tmp_path / "first.csv"
    shutil.copy(sheet, first)
    fill_csv(first, 2, 30)
    assert run("round", "collect", str(first), GUANTASK_TODAY="2024-03-14").exit_code == 0
    task = _rows(first)[0]["id"]
    resend = tmp_path / "resend.csv"
    shutil.copy(sheet, resend)
    fill_csv(resend, 1, 55)
    r = run("round", "collect", str(resend), GUANTASK_TODAY="2024-03-18")
    assert r.exit_code == 0, r.output
    assert "replaced the earlier return (1 row)" in r.stdout
    shown = json.loads(run("show", task, "--format", "json", GUANTASK_TODAY="2024-03-18").stdout)
    assert shown["percent"] == 55
    units = _status(run, "2024-03-18")
    assert units["县发展和改革局"]["state"] == "on-time"  # judged on the first return
    assert units["县发展和改革局"]["rows"] == 1
    history = run("history").stdout
    assert "replaced 县发展和改革局's return" in history
    u = run("undo", "--yes")
    assert u.exit_code == 0, u.output
    shown = json.loads(run("show", task, "--format", "json", GUANTASK_TODAY="2024-03-18").stdout)
    assert shown["percent"] == 30
    assert _status(run, "2024-03-18")["县发展和改革局"]["rows"] == 2


def test_missing_units_after_the_deadline_exit_3_and_get_a_chase_notice(run, tmp_path):
    folder = _open(run, tmp_path)
    fill_csv(_sheet(folder, "县发展和改革局"), 1, 30)
    assert run("round", "collect", str(folder / "县发展和改革局-2024-W11.csv"),
               GUANTASK_TODAY="2024-03-16").exit_code == 0  # fmt: skip
    before = run("round", "status", "--exit-status", GUANTASK_TODAY="2024-03-15")
    assert before.exit_code == 0, before.output
    after = run("round", "status", "--exit-status", GUANTASK_TODAY="2024-03-16")
    assert after.exit_code == 3, after.output
    units = _status(run, "2024-03-16")
    assert (
        units["县发展和改革局"] | {"state": "late", "received": "2024-03-16"}
        == units["县发展和改革局"]
    )
    assert units["县财政局"]["state"] == "missing"
    chase = run("round", "chase", GUANTASK_TODAY="2024-03-16")
    assert chase.exit_code == 0, chase.output
    assert "催报通知" in chase.stdout and "县财政局：" in chase.stdout
    assert "县发展和改革局" not in chase.stdout
    # written as `chase` writes notices: Chinese dates and weeks, signed by the office and dated
    assert "第11周（2024年3月11日—3月17日）" in chase.stdout
    assert "应于2024年3月15日前报送，截至2024年3月16日尚未收到，已逾期" in chase.stdout
    assert chase.stdout.rstrip().endswith("冠县人民政府办公室\n2024年3月16日")
    md = run("round", "chase", "--format", "md", GUANTASK_TODAY="2024-03-16")
    assert "## 催报通知：县财政局" in md.stdout and "2024年3月16日  " in md.stdout


def test_undo_of_a_return_then_of_the_round(run, tmp_path):
    folder = _open(run, tmp_path, "--unit", "县发展和改革局")
    fill_csv(_sheet(folder, "县发展和改革局"), 1, 30)
    assert run("round", "collect", str(folder), GUANTASK_TODAY="2024-03-14").exit_code == 0
    assert run("undo", "--yes").exit_code == 0
    assert _status(run, "2024-03-14")["县发展和改革局"]["state"] == "pending"
    assert run("undo", "--yes").exit_code == 0
    r = run("round", "status")
    assert r.exit_code == 1 and "no round is open" in r.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_sheet_saved_by_libreoffice_comes_back(run, tmp_path):
    folder = _open(run, tmp_path, "--unit", "县发展和改革局", fmt="xlsx")
    sheet = _sheet(folder, "县发展和改革局")
    fill_xlsx(sheet, 1, 45)
    out = tmp_path / "lo"
    done = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "xlsx", "--outdir", str(out), str(sheet)],
        capture_output=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    r = run("round", "collect", str(out), GUANTASK_TODAY="2024-03-14")
    assert r.exit_code == 0, r.output
    assert "recorded (1 row)" in r.stdout


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_the_weekly_report_shows_the_rounds_returns_in_every_format(run, tmp_path, fmt):
    folder = _open(run, tmp_path)
    fill_csv(_sheet(folder, "县发展和改革局"), 1, 30)
    fill_csv(_sheet(folder, "县财政局"), 1, 30)
    late = folder / "县财政局-2024-W11.csv"
    assert run("round", "collect", str(folder / "县发展和改革局-2024-W11.csv"),
               GUANTASK_TODAY="2024-03-14").exit_code == 0  # fmt: skip
    assert run("round", "collect", str(late), GUANTASK_TODAY="2024-03-16").exit_code == 0
    r = run("report", "weekly", "--format", fmt, GUANTASK_TODAY="2024-03-17")
    assert r.exit_code == 0, r.output
    if fmt == "json":
        returns = json.loads(r.stdout)["returns"]
        assert returns["round"] == "2024-W11"
        assert returns["counts"] == {"on-time": 1, "late": 1, "missing": 53, "pending": 0}
        return
    assert "Returns of round 2024-W11 (due 2024-03-15)" in r.stdout
    assert "1 on time, 1 late, 53 missing, 0 not yet due" in r.stdout
    for unit in ("县发展和改革局", "县财政局"):
        assert unit in r.stdout
    zh = run("--lang", "zh", "report", "weekly", "--format", fmt, GUANTASK_TODAY="2024-03-17")
    assert "报送情况（第 2024-W11 轮" in zh.stdout


def test_a_week_without_a_round_has_no_returns_section(run):
    r = run("report", "weekly", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["returns"] is None
    assert "Returns of round" not in run("report", "weekly").stdout


def test_stats_by_unit_gives_return_rates_over_the_rounds(run, tmp_path):
    folder = _open(run, tmp_path)
    fill_csv(_sheet(folder, "县财政局"), 1, 30)
    assert run("round", "collect", str(folder / "县财政局-2024-W11.csv"),
               GUANTASK_TODAY="2024-03-14").exit_code == 0  # fmt: skip
    r = run("stats", "--by", "unit", "--format", "json", GUANTASK_TODAY="2024-03-18")
    assert r.exit_code == 0, r.output
    rows = {x["name"]: x for x in json.loads(r.stdout)}
    assert (rows["县财政局"]["returned_on_time"], rows["县财政局"]["rounds"]) == (1, 1)
    assert (rows["县发展和改革局"]["returned_on_time"], rows["县发展和改革局"]["rounds"]) == (0, 1)
    table = run("stats", "--by", "unit", GUANTASK_TODAY="2024-03-18").stdout
    assert "1/1 (100%)" in table and "0/1 (0%)" in table


def test_dry_run_shows_what_would_be_recorded_and_writes_nothing(run, tmp_path):
    folder = _open(run, tmp_path, "--unit", "县发展和改革局")
    fill_csv(_sheet(folder, "县发展和改革局"), 2, 30)
    r = run("round", "collect", "--dry-run", str(folder), GUANTASK_TODAY="2024-03-14")
    assert r.exit_code == 0, r.output
    assert "would be recorded (2 rows)" in r.stdout
    assert _status(run, "2024-03-14")["县发展和改革局"]["state"] == "pending"
    assert "round-return" not in run("history").stdout


def test_a_gb18030_csv_saved_by_excel_is_read(run, tmp_path):
    folder = _open(run, tmp_path, "--unit", "县财政局")
    sheet = _sheet(folder, "县财政局")
    fill_csv(sheet, 1, 20)
    sheet.write_bytes(sheet.read_bytes().decode("utf-8-sig").encode("gb18030"))
    r = run("round", "collect", str(sheet), GUANTASK_TODAY="2024-03-14")
    assert r.exit_code == 0, r.output
    assert "县财政局 2024-W11: recorded (1 row)" in r.stdout


def test_zip_bundles_the_sheets_and_file_names_are_safe(run, tmp_path):
    import zipfile

    folder = _open(run, tmp_path, "--zip")
    archive = folder.with_name("out.zip")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
    assert len(names) == 55 and all(n.startswith("out/") for n in names)
    assert not any(c in n for n in names for c in '\\:*?"<>|')
