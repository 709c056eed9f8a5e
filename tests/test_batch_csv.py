"""`record-progress --from-csv`: every row checked first, all rows or none, bad rows by line."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from dbrows import sql_rows

from guantask.store import open_store
from guantask.store.plans import find_plan
from guantask.work.batch import validate_rows
from guantask.work.returns import BatchInvalid, csv_batch

pytestmark = pytest.mark.both_stores

HEADER = "id,percent,status,value,note,date,by"


def rows(db_path: Path, sql: str, *params: object) -> list[tuple]:  # type: ignore[type-arg]
    return sql_rows(db_path, sql, *params)


def written(db_path: Path) -> tuple[int, int, int]:
    return (
        rows(db_path, "SELECT count(*) FROM progress")[0][0],
        rows(db_path, "SELECT count(*) FROM progress_values")[0][0],
        rows(db_path, "SELECT count(*) FROM events")[0][0],
    )


def write(path: Path, lines: list[str], *, bom: bool = True, newline: str = "\r\n") -> Path:
    """A CSV as Excel/WPS save it: UTF-8 with a BOM and CRLF line ends."""
    text = newline.join(lines) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_a_batch_from_excel_is_recorded_in_one_change(seeded, db_path, tmp_path):
    f = write(
        tmp_path / "进度.csv",
        [
            HEADER + ",text,due,lead_units",
            '18,,,5G基站=600;千兆网络端口=4.3万,"一季度, 已过半",2024-03-01,县工信局,5G…,2024-12-31,县工业和信息化局',
            ",,,,,,",
            "21,40,at-risk,,资金未到位,3月10日,,,",
            "26,,,到位资金=32亿,,,,,",
        ],
    )
    events_before = written(db_path)[2]
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    first, sources = r.stderr.strip().splitlines()[:2]
    assert first == (
        f"recorded 3 progress records on 3 tasks (18, 21, 26) from {f} (text read as UTF-8)"
    )
    assert sources.strip() == "percent: 1 given, 2 derived from targets"
    got = rows(
        db_path,
        "SELECT t.no, p.percent, p.status, p.date, p.note, p.by FROM progress p"
        " JOIN tasks t ON t.id = p.task_id ORDER BY p.id",
    )
    assert got == [
        (18, 75, "on-track", "2024-03-01", "一季度, 已过半", "县工信局"),
        (21, 40, "at-risk", "2024-03-10", "资金未到位", "tester"),
        (26, 64, "on-track", "2024-03-15", None, "tester"),
    ]
    assert written(db_path)[1:] == (3, events_before + 1)
    (event,) = json.loads(seeded("history", "--format", "json", "--limit", "1").stdout)
    assert (event["kind"], event["task"], event["tasks"]) == ("progress", None, [18, 21, 26])


def test_stdin_without_bom_and_with_lf(seeded, db_path):
    r = seeded(
        "record-progress",
        "--from-csv",
        "-",
        "--format",
        "json",
        input=f"{HEADER}\n18,20,,,,,\n18,30,,,,,\n",
    )
    assert r.exit_code == 0, r.output
    assert [x["percent"] for x in json.loads(r.stdout)] == [20, 30]
    assert "from stdin" in r.stderr


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(seeded, db_path, tmp_path):
    f = write(
        tmp_path / "bad.csv",
        [
            HEADER,
            "18,40,,,ok,,",  # line 2: fine
            "999,40,,,,,",  # line 3
            "",  # line 4: blank, skipped
            "18,140,,,,,",  # line 5
            "21,,,,,,",  # line 6: nothing to report, skipped
            "18,50,,光纤=3,,,",  # line 7
            "18,50,,,,2024-04-01,",  # line 8: future
            "x,50,,,,,",  # line 9
            "18,50,finished,,,,",  # line 10
            ",50,,,,,",  # line 11
        ],
    )
    before = written(db_path)
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert [x.split(": ", 1)[0] for x in lines[:-1]] == [
        f"{f}:{n}" for n in (3, 5, 7, 8, 9, 10, 11)
    ]
    assert "no task 999" in lines[0]
    assert "between 0 and 100" in lines[1]
    assert "光纤" in lines[2]
    assert "after today" in lines[3]
    assert "task id must be a number" in lines[4]
    assert "unknown status" in lines[5]
    assert "task id is missing" in lines[6]
    assert lines[-1] == f"guantask: 7 bad rows in {f}; nothing was written"
    assert written(db_path) == before


def test_a_quoted_note_over_several_lines_keeps_the_line_numbers_right(seeded, tmp_path):
    f = write(
        tmp_path / "q.csv", [HEADER, '18,40,,,"第一行', '第二行",,', "18,400,,,,,"], bom=False
    )
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert r.stderr.startswith(f"{f}:4: percent must be between 0 and 100")


def test_the_header_is_required(seeded, db_path, tmp_path):
    before = written(db_path)
    f = write(tmp_path / "nohead.csv", ["18,40,,,,,"])
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"{f}:1: no header row: expected the columns {HEADER} (or 序号,进度,状态,指标,进展情况)"
    )
    r = seeded("record-progress", "--from-csv", str(write(tmp_path / "e.csv", [])))
    assert r.exit_code == 1
    assert "nothing was written" in r.stderr
    for lines in ([HEADER], [HEADER, ",,,,,,"]):
        r = seeded("record-progress", "--from-csv", str(write(tmp_path / "e.csv", lines)))
        assert r.exit_code == 0, lines
        assert "nothing to record" in r.stderr
    assert written(db_path) == before


def test_columns_in_any_order_and_missing_optional_columns(seeded, db_path, tmp_path):
    f = write(tmp_path / "o.csv", ["Note,ID,Percent", "进展顺利,18,55"])
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    assert rows(db_path, "SELECT percent, note FROM progress") == [(55, "进展顺利")]


def test_a_later_row_derives_its_percent_from_earlier_rows_values(seeded, tmp_path):
    f = write(tmp_path / "d.csv", [HEADER, "18,,,5G基站=600,,3月1日,", "18,,,千兆=43000,,3月8日,"])
    r = seeded("record-progress", "--from-csv", str(f), "--format", "json")
    assert r.exit_code == 0, r.output
    assert [x["percent"] for x in json.loads(r.stdout)] == [50, 75]


def test_a_file_that_is_not_text_or_missing_is_refused(seeded, db_path, tmp_path):
    before = written(db_path)
    f = tmp_path / "latin.csv"
    f.write_bytes(HEADER.encode() + b"\r\n18,40,,,\xff\xfe\xff,,\r\n")
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert "neither an xlsx workbook nor CSV text" in r.stderr
    r = seeded("record-progress", "--from-csv", str(tmp_path / "nope.csv"))
    assert r.exit_code == 2
    assert written(db_path) == before


def test_from_csv_takes_no_other_values(seeded, tmp_path):
    f = write(tmp_path / "a.csv", [HEADER, "18,40,,,,,"])
    for extra in (["18"], ["--percent", "40"], ["--status", "done"], ["--value", "5G基站=1"]):
        r = seeded("record-progress", *extra, "--from-csv", str(f))
        assert r.exit_code == 2, extra
        assert "--from-csv" in r.stderr


def test_a_signed_off_task_in_a_strict_batch_needs_reopen(seeded, db_path, tmp_path):
    assert seeded("record-progress", "21", "--status", "done").exit_code == 0
    assert seeded("signoff", "21").exit_code == 0
    f = write(tmp_path / "s.csv", [HEADER, "18,10,,,,,", "21,90,,,,,"])
    r = seeded("record-progress", "--from-csv", str(f), "--strict")
    assert r.exit_code == 1
    assert f"{f}:3: task 21 is signed off" in r.stderr
    r = seeded("record-progress", "--from-csv", str(f), "--reopen")
    assert r.exit_code == 0, r.output


def test_validate_rows_takes_spreadsheet_cells(seeded, db_path):
    """The path `--from-xlsx` will use: rows of cell values (ints, floats, dates, None)."""
    db = open_store(db_path)
    try:
        plan = find_plan(db, None)
        with db.write():
            entries = validate_rows(
                [
                    {"id": 18.0, "percent": 40, "status": None, "date": datetime(2024, 3, 1)},
                    {"id": 21, "percent": 12.6, "date": date(2024, 3, 2), "note": "  好 "},
                    {"id": 26, "value": "到位资金=25亿；", "by": "王五"},
                ],
                db=db,
                plan=plan,
                today=date(2024, 3, 15),
                by="tester",
            )
        assert [(e.task_no, e.percent, e.date, e.by) for e in entries] == [
            (18, 40, "2024-03-01", "tester"),
            (21, 13, "2024-03-02", "tester"),
            (26, 50, "2024-03-15", "王五"),
        ]
        assert entries[1].note == "好"
        with db.write(), pytest.raises(BatchInvalid) as err:
            validate_rows(
                [{"id": 18, "percent": 40}, {"id": 18, "percent": 400}],
                db=db,
                plan=plan,
                today=date(2024, 3, 15),
                by="tester",
                lines=[7, 9],
                source="sheet.xlsx",
            )
        assert err.value.problems == [(9, "percent must be between 0 and 100, got '400'")]
        assert str(err.value) == "1 bad row in sheet.xlsx; nothing was written"
    finally:
        db.close()
    assert written(db_path)[0] == 0


def test_a_batch_csv_keeps_only_batch_columns_and_line_numbers():
    batch = csv_batch(
        "\ufeff\n" + HEADER + ",text,due\n\n18,40,,,n,,,任务,2024-12-31\n", source="x.csv"
    )
    assert [line for line, _given in batch.rows] == [4]
    given = batch.rows[0][1]
    assert (given.task_no, given.percent, given.note, given.values) == (18, 40, "n", ())
