"""Returns saved by real LibreOffice (tests/fixtures/returns, made by make_returns_fixtures.py):
an edited return saved as xlsx, as CSV UTF-8 and as CSV GB18030, each read back the same."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "returns"
EXPECTED = [
    (18, 50, "at-risk", "2024-03-11", "设备延迟到货，二季度安装"),
    (21, 45, "on-track", "2024-03-12", "已完成土建"),
]


def test_the_fixtures_were_made_by_libreoffice() -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; the committed fixtures are used")
    from zipfile import ZipFile

    with ZipFile(FIXTURES / "returned.xlsx") as z:
        assert "LibreOffice" in z.read("docProps/app.xml").decode()


@pytest.mark.parametrize(
    ("name", "option", "encoding"),
    [
        ("returned.xlsx", "--from-xlsx", None),
        ("returned-utf8.csv", "--from-csv", "UTF-8"),
        ("returned-gb18030.csv", "--from-csv", "GB18030"),
    ],
)
def test_a_return_saved_by_libreoffice_reads_back(seeded, db_path, name, option, encoding) -> None:
    path = FIXTURES / name
    r = seeded("record-progress", option, str(path))
    assert r.exit_code == 0, r.output
    assert f"recorded 2 progress records on 2 tasks (18, 21) from {path}" in r.stderr
    if encoding:
        assert r.stderr.splitlines()[0].endswith(f"(text read as {encoding})")
    with sqlite3.connect(db_path) as conn:
        got = conn.execute(
            "SELECT t.no, p.percent, p.status, p.date, p.note FROM progress p"
            " JOIN tasks t ON t.id = p.task_id ORDER BY p.id"
        ).fetchall()
    assert got == EXPECTED
