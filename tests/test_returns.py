"""Unit returns as Chinese offices write them: encodings, Chinese headers, Excel's own values,
the same file twice, signed-off rows, malformed CSV, and files that are not returns at all."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

HEADER = "id,percent,status,value,note,date,by"
ZH_HEADER = "序号,完成进度,状态,指标,进展情况,填报日期,填报人"


def progress(db_path: Path) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT t.no, p.percent, p.status, p.date, p.note, p.by FROM progress p"
            " JOIN tasks t ON t.id = p.task_id ORDER BY p.id"
        ).fetchall()


def count(db_path: Path) -> tuple[int, int]:
    with sqlite3.connect(db_path) as conn:
        return (
            conn.execute("SELECT count(*) FROM progress").fetchone()[0],
            conn.execute("SELECT count(*) FROM events").fetchone()[0],
        )


# ----- 6. encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix", "label"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8"),
        ("gb18030", b"", "GB18030"),
        ("gbk", b"", "GB18030"),
    ],
)
def test_a_return_in_each_office_encoding_is_read_and_the_encoding_named(
    seeded, db_path, tmp_path, encoding, prefix, label
) -> None:
    f = tmp_path / "回执.csv"
    text = f"{ZH_HEADER}\r\n18,40,有风险,,设备延迟到货,2024-03-10,张三\r\n"
    f.write_bytes(prefix + text.encode(encoding))
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[0].endswith(f"(text read as {label})")
    assert progress(db_path) == [(18, 40, "at-risk", "2024-03-10", "设备延迟到货", "张三")]


def test_excel_unicode_text_utf16_tab_separated_is_read(seeded, db_path, tmp_path) -> None:
    f = tmp_path / "unicode.txt"
    text = "序号\t进度\t进展情况\r\n18\t35\t已完成土建\r\n"
    f.write_bytes(text.encode("utf-16"))  # with its BOM, as Excel saves "Unicode text"
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    assert "(text read as UTF-16)" in r.stderr
    assert progress(db_path) == [(18, 35, "on-track", "2024-03-15", "已完成土建", "tester")]


def test_a_file_in_no_office_encoding_is_one_clear_line(seeded, db_path, tmp_path) -> None:
    f = tmp_path / "latin1.csv"
    f.write_bytes(HEADER.encode() + b"\r\n18,40,,,caf\xe9 \xff,,\r\n")
    before = count(db_path)
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1
    assert "neither an xlsx workbook nor CSV text in UTF-8, GB18030 (GBK) or UTF-16" in r.stderr
    assert count(db_path) == before


# ----- 7. Chinese headers, title rows, extra columns ------------------------------------------


def test_chinese_headers_in_any_order_below_title_rows_with_extra_columns(
    seeded, db_path, tmp_path
) -> None:
    f = tmp_path / "表.csv"
    f.write_text(
        "县工业和信息化局2024年重点工作进展情况表,,,,\r\n"
        "填报单位：县工业和信息化局,,,,\r\n"
        "备注 ,任务编号,联系电话,进度（%）,重点工作\r\n"
        "进展顺利,18,1234567,55,建设5G基站\r\n",
        encoding="utf-8-sig",
    )
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    assert progress(db_path) == [(18, 55, "on-track", "2024-03-15", "进展顺利", "tester")]


def test_a_header_naming_one_field_twice_is_an_error_at_its_line(seeded, db_path, tmp_path) -> None:
    f = tmp_path / "dup.csv"
    f.write_text("标题\r\n序号,进度,完成进度\r\n18,40,50\r\n", encoding="utf-8")
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert f"{f}:2: column percent is given twice (columns B and C)" in r.stderr
    assert progress(db_path) == []


def test_chinese_status_words_are_read_as_their_codes(seeded, db_path, tmp_path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(f"{ZH_HEADER}\n18,30,受阻,,征地未完成,,\n21,100,已完成,,,,\n", encoding="utf-8")
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    assert [(n, p, s) for n, p, s, *_r in progress(db_path)] == [
        (18, 30, "blocked"),
        (21, 100, "done"),
    ]


# ----- 8. Excel's own values ------------------------------------------------------------------


def test_excel_date_serials_date_cells_percent_cells_and_numbers_as_text(
    seeded, db_path, tmp_path
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "进度", "进展情况", "日期"])
    ws.append(["18", 0.5, "数字存为文本的序号", 45362])  # 45362 is Excel's 2024-03-11
    ws["B2"].number_format = "0%"
    ws.append([21, " 45 ", "文本的进度", datetime(2024, 3, 12)])
    ws["D3"].number_format = "yyyy-mm-dd"
    ws.append([26.0, 0.255, "小数的百分比", date(2024, 3, 13)])
    ws["B4"].number_format = "0.0%"
    f = tmp_path / "cells.xlsx"
    wb.save(f)
    r = seeded("record-progress", "--from-xlsx", str(f))
    assert r.exit_code == 0, r.output
    got = [(n, p, d) for n, p, _s, d, *_r in progress(db_path)]
    assert got == [(18, 50, "2024-03-11"), (21, 45, "2024-03-12"), (26, 26, "2024-03-13")]


def test_a_date_serial_in_a_csv_reads_as_the_day(seeded, db_path, tmp_path) -> None:
    f = tmp_path / "serial.csv"
    f.write_text(f"{HEADER}\n18,40,,,n,45362,\n", encoding="utf-8")
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    assert progress(db_path)[0][3] == "2024-03-11"


def test_an_empty_returned_template_records_nothing_and_says_so(seeded, db_path, tmp_path) -> None:
    out = tmp_path / "t.xlsx"
    assert seeded("template", "--unit", "县工业和信息化局", "-o", str(out)).exit_code == 0
    before = count(db_path)
    r = seeded("record-progress", "--from-xlsx", str(out))
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == f"nothing to record in {out}: no row is filled in"
    assert count(db_path) == before


# ----- 9. the same file twice -----------------------------------------------------------------


def test_the_same_file_twice_is_refused_with_when_and_by_whom_unless_forced(
    seeded, db_path, tmp_path
) -> None:
    f = tmp_path / "a.csv"
    f.write_text(f"{HEADER}\n18,40,,,已开工,,\n", encoding="utf-8")
    assert seeded("record-progress", "--from-csv", str(f), "--by", "小王").exit_code == 0
    copy = tmp_path / "copy-of-a.csv"
    copy.write_bytes(f.read_bytes())
    before = count(db_path)
    r = seeded("record-progress", "--from-csv", str(copy))
    assert r.exit_code == 1
    assert f"{copy} was already recorded on " in r.stderr
    assert "by 小王" in r.stderr and "add --force" in r.stderr
    assert count(db_path) == before
    r = seeded("record-progress", "--from-csv", str(copy), "--force")
    assert r.exit_code == 0, r.output
    assert count(db_path)[0] == before[0] + 1


def test_an_undone_file_may_be_recorded_again(seeded, db_path, tmp_path) -> None:
    f = tmp_path / "a.csv"
    f.write_text(f"{HEADER}\n18,40,,,已开工,,\n", encoding="utf-8")
    assert seeded("record-progress", "--from-csv", str(f)).exit_code == 0
    assert seeded("undo", "--yes").exit_code == 0
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output


def test_the_same_file_from_stdin_is_refused_too(seeded, db_path, tmp_path) -> None:
    text = f"{HEADER}\n18,40,,,已开工,,\n"
    assert seeded("record-progress", "--from-csv", "-", input=text).exit_code == 0
    r = seeded("record-progress", "--from-csv", "-", input=text)
    assert r.exit_code == 1
    assert "stdin was already recorded" in r.stderr


# ----- 10. signed-off tasks in a return -------------------------------------------------------


def test_a_row_for_a_signed_off_task_is_skipped_with_its_text_and_the_rest_recorded(
    seeded, db_path, tmp_path
) -> None:
    assert seeded("record-progress", "21", "--status", "done").exit_code == 0
    assert seeded("signoff", "21").exit_code == 0
    f = tmp_path / "s.csv"
    f.write_text(f"{HEADER}\n18,10,,,,,\n21,100,done,,已竣工验收,,\n", encoding="utf-8")
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 0, r.output
    assert f"{f}:3: task 21 is signed off; row skipped: 100% done 已竣工验收" in r.stderr
    assert "recorded 1 progress record on task 18" in r.stderr
    r = seeded("record-progress", "--from-csv", str(f), "--strict", "--force")
    assert r.exit_code == 1
    assert f"{f}:3: task 21 is signed off" in r.stderr


def test_every_other_bad_row_still_stops_the_file(seeded, db_path, tmp_path) -> None:
    assert seeded("record-progress", "21", "--status", "done").exit_code == 0
    assert seeded("signoff", "21").exit_code == 0
    before = count(db_path)
    f = tmp_path / "s.csv"
    f.write_text(f"{HEADER}\n18,400,,,,,\n21,100,done,,,,\n", encoding="utf-8")
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert f"{f}:2: percent must be between 0 and 100" in r.stderr
    assert count(db_path) == before


def test_templates_leave_signed_off_tasks_out(seeded, tmp_path) -> None:
    ids = seeded("list", "--unit", "县工业和信息化局", "--format", "ids").stdout.split()
    first = ids[0]
    assert seeded("record-progress", first, "--status", "done").exit_code == 0
    assert seeded("signoff", first).exit_code == 0
    out = tmp_path / "t.csv"
    assert seeded("template", "--unit", "县工业和信息化局", "-o", str(out)).exit_code == 0
    listed = [line.split(",")[0] for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert first not in listed and listed == ids[1:]


# ----- 17.8: streams and sizes; 17.9: malformed CSV ------------------------------------------


def test_a_fifo_is_refused_without_being_read(seeded, tmp_path) -> None:
    fifo = tmp_path / "return.fifo"
    os.mkfifo(fifo)
    r = seeded("record-progress", "--from-csv", str(fifo))
    assert r.exit_code == 2
    assert "not a regular file" in r.stderr


def test_a_return_over_the_size_cap_is_refused_before_it_is_read(seeded, tmp_path) -> None:
    f = tmp_path / "big.csv"
    with f.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: costs no disk
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert "larger than 20 MB" in r.stderr


def test_an_unterminated_quote_is_an_error_at_its_line_and_nothing_is_written(
    seeded, db_path, tmp_path
) -> None:
    f = tmp_path / "q.csv"
    f.write_text(f'{HEADER}\n18,40,,,ok,,\n21,50,,,"开工,,\n26,60,,,later,,\n', encoding="utf-8")
    before = count(db_path)
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert f'{f}:3: not a readable CSV row: a quote (") is opened and never closed' in r.stderr
    assert count(db_path) == before


def test_a_duplicated_header_column_is_an_error(seeded, db_path, tmp_path) -> None:
    f = tmp_path / "d.csv"
    f.write_text("id,percent,note,percent\n18,40,n,50\n", encoding="utf-8")
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert f"{f}:1: column percent is given twice (columns B and D)" in r.stderr
    assert progress(db_path) == []


def test_a_nul_in_a_field_is_refused_at_its_line(seeded, db_path, tmp_path) -> None:
    f = tmp_path / "nul.csv"
    f.write_bytes(f"{HEADER}\n18,40,,,ok,,\n21,50,,,a\x00b,,\n".encode())
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    assert f"{f}:3: a NUL character in a field" in r.stderr
    assert progress(db_path) == []


def test_many_bad_rows_stop_after_forty_and_count_the_rest(seeded, db_path, tmp_path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(HEADER + "\n" + "".join(f"x{n},40,,,,,\n" for n in range(100)), encoding="utf-8")
    r = seeded("record-progress", "--from-csv", str(f))
    assert r.exit_code == 1
    lines = [x for x in r.stderr.splitlines() if x.startswith(str(f))]
    assert len(lines) == 41
    assert lines[-1] == f"{f}: … and 60 more problems"


# ----- 17.7: hostile workbooks (made here, each read in a few seconds) -------------------------


def hostile_workbook(path: Path, *, cell: str | None = None, merge: str | None = None) -> Path:
    """A small return with one hostile feature: a stray cell far away, or a huge merge (written
    into the sheet's XML: openpyxl itself would take minutes to make it)."""
    import zipfile

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "进度", "进展情况"])
    ws.append([18, 40, "已开工"])
    if cell:
        ws[cell] = "x"
    wb.save(path)
    if merge:
        with zipfile.ZipFile(path) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        merged = f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>'
        parts["xl/worksheets/sheet1.xml"] = sheet.replace("</sheetData>", "</sheetData>" + merged)
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "hostile",
    [{"cell": "A1048576"}, {"cell": "XFD1048576"}, {"merge": "C2:C1048576"}],
    ids=["last-row", "last-cell", "merge-to-last-row"],
)
def test_a_hostile_workbook_is_read_within_the_caps(seeded, db_path, tmp_path, hostile) -> None:
    # Speed is bench/'s business: here the caps show in what is read and said, not in seconds.
    f = hostile_workbook(tmp_path / "hostile.xlsx", **hostile)
    r = seeded("record-progress", "--from-xlsx", str(f))
    assert r.exit_code == 0, r.output
    if "cell" in hostile:  # the stray far cell lies past the caps and is said not to be read
        assert f"{f}: rows past 5000 and columns past 60 are not read" in r.stderr
    assert r.stderr.count("\n") < 5
    assert progress(db_path) == [(18, 40, "on-track", "2024-03-15", "已开工", "tester")]


def test_a_far_away_cell_is_reported_as_not_read(seeded, tmp_path) -> None:
    f = hostile_workbook(tmp_path / "far.xlsx", cell="XFD1048576")
    r = seeded("record-progress", "--from-xlsx", str(f))
    assert r.exit_code == 0, r.output
    assert f"{f}: rows past 5000 and columns past 60 are not read" in r.stderr


def test_a_zip_bomb_return_is_refused_before_it_is_unpacked(seeded, tmp_path) -> None:
    import zipfile

    f = tmp_path / "bomb.xlsx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "spreadsheetml.sheet.main")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(210):
                member.write(chunk)
    r = seeded("record-progress", "--from-xlsx", str(f))
    assert r.exit_code == 1
    assert "unpacks to more than 200 MB" in r.stderr


@pytest.mark.parametrize(
    "parts",
    [
        {"[Content_Types].xml": "spreadsheetml.sheet.main", "xl/workbook.xml": "<not a workbook"},
        {"[Content_Types].xml": "wordprocessingml.document.main"},
    ],
    ids=["damaged", "a-word-document"],
)
def test_any_reader_failure_is_not_a_usable_workbook(seeded, db_path, tmp_path, parts) -> None:
    import zipfile

    f = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    r = seeded("record-progress", "--from-xlsx", str(f))
    assert r.exit_code == 1
    assert r.stderr == f"guantask: {f} is not a usable workbook\n"


# ----- 11. files people open: date cells, percent cells, words in the interface language -------


def test_a_chinese_xlsx_template_has_chinese_headers_date_cells_and_reads_back(
    seeded, db_path, tmp_path
) -> None:
    out = tmp_path / "t.xlsx"
    r = seeded("--lang", "zh", "template", "--unit", "县工业和信息化局", "-o", str(out))
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == [
        "序号", "进度", "状态", "指标", "进展情况", "填报日期", "填报人", "任务", "完成时限", "牵头单位"
    ]  # fmt: skip
    assert isinstance(ws["I2"].value, datetime)  # 完成时限 is a date cell
    statuses = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert statuses == ['"进行中,有风险,受阻,已完成"']
    ws["B2"], ws["C2"], ws["E2"] = 60, "有风险", "资金未到位"
    wb.save(out)
    r = seeded("record-progress", "--from-xlsx", str(out))  # read back in English too
    assert r.exit_code == 0, r.output
    first = int(ws["A2"].value)
    assert progress(db_path) == [(first, 60, "at-risk", "2024-03-15", "资金未到位", "tester")]


def test_an_xlsx_export_has_date_and_percent_cells_and_follows_the_language(
    seeded, tmp_path
) -> None:
    assert seeded("record-progress", "18", "--percent", "40").exit_code == 0
    out = tmp_path / "x.xlsx"
    r = seeded("--lang", "zh", "export", "id:18", "-o", str(out))
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out).active
    cells = {h.value: c for h, c in zip(ws[1], ws[2], strict=True)}
    assert list(cells)[:3] == ["序号", "部分", "任务"]
    assert isinstance(cells["完成时限"].value, datetime)
    assert cells["进度"].value == 0.4 and "%" in cells["进度"].number_format
    assert cells["状态"].value == "进行中"
    r = seeded("--lang", "zh", "export", "id:18", "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith("id,section,text,")
    assert ",in-progress," in r.stdout
