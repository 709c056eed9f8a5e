"""Reading notices as the office receives them: Word, Excel, PDF, web-copied text; the table
form; the document's identity from the command line; and the limits on what is read.

Each fixture of tests/fixtures/notices/ (made by tests/make_notice_fixtures.py, the PDFs by
LibreOffice) has a golden plan (.json, checked by eye) and its problems (.problems); `guantask
parse FILE` must give both, and `guantask import` must take the plan.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SEED = ROOT / "data" / "notices" / "guanzhengbanfa-2024-1.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "notices"
KINDS = ("docx", "xlsx", "pdf", "txt")
NOTICES = sorted(p for p in FIXTURES.iterdir() if p.suffix[1:] in KINDS)


def _problems(stderr: str, path: Path) -> str:
    """The problem lines of a parse, with the notice's path shown as NOTICE."""
    lines = [x.replace(str(path), "NOTICE", 1) for x in stderr.splitlines()]
    return "".join(f"{x}\n" for x in lines if x.startswith("NOTICE"))


@pytest.mark.parametrize("source", NOTICES, ids=lambda p: p.name)
def test_each_fixture_parses_to_its_golden_plan_and_imports(
    run, tmp_path: Path, source: Path, update_golden: bool
) -> None:
    out = tmp_path / "plan.json"
    r = run("parse", str(source), "-o", str(out))
    assert r.exit_code == 0, r.output
    golden, problems_file = source.with_suffix(".json"), source.with_suffix(".problems")
    problems = _problems(r.stderr, source)
    if update_golden:
        golden.write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
        if problems:
            problems_file.write_text(problems, encoding="utf-8")
        else:
            problems_file.unlink(missing_ok=True)
    assert out.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")
    expected = problems_file.read_text(encoding="utf-8") if problems_file.exists() else ""
    assert problems == expected
    imported = run("import", str(out))
    assert imported.exit_code == 0, imported.output


@pytest.mark.parametrize("source", NOTICES, ids=lambda p: p.name)
def test_import_takes_a_notice_of_each_format_directly(run, source: Path) -> None:
    r = run("import", str(source), "--format", "json")
    assert r.exit_code == 0, r.output
    golden = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
    assert json.loads(r.stdout)["plan"] == golden["document"]["doc_number"]
    assert json.loads(r.stdout)["tasks"] == len(golden["tasks"])
    expected = source.with_suffix(".problems")
    if expected.exists():
        assert _problems(r.stderr, source) == expected.read_text(encoding="utf-8")


def test_there_is_a_fixture_of_each_format() -> None:
    assert {p.suffix[1:] for p in NOTICES} == set(KINDS)
    assert all(p.with_suffix(".json").exists() for p in NOTICES)


def test_the_seed_as_a_word_document_gives_the_plan_of_the_text(run, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "冠政办发〔2024〕1号.docx"
    document.save(path)
    r = run("parse", str(path))
    assert r.exit_code == 0, r.output
    assert r.stdout == (ROOT / "data" / "plan2024.json").read_text(encoding="utf-8")
    assert _problems(r.stderr, path) == ""


def test_the_format_is_read_from_the_content_not_the_name(run, tmp_path: Path) -> None:
    renamed = tmp_path / "notice.txt"
    renamed.write_bytes((FIXTURES / "songjiang-2024-two-row-header.xlsx").read_bytes())
    r = run("parse", str(renamed))
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["tasks"][0]["leaders"] == ["郑国华"]


def test_a_gb18030_text_parses_like_the_utf8_one(run, tmp_path: Path) -> None:
    path = tmp_path / "seed-gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    r = run("parse", str(path))
    assert r.exit_code == 0, r.output
    assert r.stdout == (ROOT / "data" / "plan2024.json").read_text(encoding="utf-8")


def test_a_word_notice_from_stdin(run) -> None:
    data = (FIXTURES / "yunxi-2024-table-merged.docx").read_bytes()
    r = run("parse", "-", input=data)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["document"]["doc_number"] == "云政办发〔2024〕12号"


# ----- the table form ------------------------------------------------------------------------


def test_a_merged_leader_leads_every_row_it_spans(run) -> None:
    for name in ("yunxi-2024-table-merged.docx", "yunxi-2024-table.pdf"):
        r = run("parse", str(FIXTURES / name))
        assert r.exit_code == 0, r.output
        tasks = json.loads(r.stdout)["tasks"]
        assert [t["leaders"] for t in tasks[:3]] == [["周明远"]] * 3, name
        assert tasks[2]["lead_units"] == ["市商务局"], name  # merged over rows 3 and 4
        assert tasks[0]["responsible_units"] == ["各县（区）人民政府"], name  # wrapped in the PDF


def test_section_rows_spanning_the_table_become_sections(run) -> None:
    r = run("parse", str(FIXTURES / "songjiang-2024-two-row-header.xlsx"))
    assert r.exit_code == 0, r.output
    plan = json.loads(r.stdout)
    assert [(s["numeral"], s["title"]) for s in plan["sections"]] == [
        ("一", "产业发展"),
        ("二", "民生保障"),
    ]
    assert [t["section"] for t in plan["tasks"]] == [1, 1, 1, 2, 2]


def test_a_markdown_pipe_table_is_a_task_table(run, tmp_path: Path) -> None:
    path = tmp_path / "notice.md"
    path.write_text(
        "# 2025年重点工作任务清单\n\n"
        "| 序号 | 工作任务 | 责任领导 | 牵头单位 | 完成时限 |\n"
        "|---|---|---|---|---|\n"
        "| 1 | 建成图书馆。 | 某甲 | 县文化局 | 2025年6月底前 |\n"
        "| 2 | 新建公园2个。 | 某乙 |  | 年底前 |\n",
        encoding="utf-8",
    )
    r = run("parse", str(path), "--issuer", "某县人民政府", "--doc-number", "某政发〔2025〕1号")
    assert r.exit_code == 0, r.output
    tasks = json.loads(r.stdout)["tasks"]
    assert [(t["id"], t["lead_units"], t["due"]) for t in tasks] == [
        (1, ["县文化局"], "2025-06-30"),
        (2, [], "2025-12-31"),
    ]
    assert "line 1: no issue date found; using 2025-01-01" in r.stderr


def test_the_problems_of_a_table_name_sheet_row_and_column(run) -> None:
    path = FIXTURES / "songjiang-2024-two-row-header.xlsx"
    r = run("parse", str(path), "--strict")
    assert r.exit_code == 1
    assert (
        f"{path}: sheet 分解表, row 10, column F: task 5: cannot read 时间节点 视进度" in r.stderr
    )


# ----- the document's identity ---------------------------------------------------------------


def test_year_issuer_number_and_title_given_on_the_command_line(run) -> None:
    r = run(
        "parse",
        str(FIXTURES / "songjiang-2024-two-row-header.xlsx"),
        "--year",
        "2025",
        "--issuer",
        "松江市人民政府办公室",
        "--doc-number",
        "松政办〔2025〕8号",
        "--title",
        "重点任务分解表",
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)["document"]
    assert doc == {
        "issuer": "松江市人民政府办公室",
        "doc_number": "松政办〔2025〕8号",
        "title": "重点任务分解表",
        "issued": "2025-01-01",
        "year": 2025,
    }
    assert "stands in" not in r.stderr
    tasks = json.loads(r.stdout)["tasks"]
    assert (tasks[1]["due"], tasks[2]["due"]) == ("2024-11-30", "2025-12-31")  # 2024年11月, 全年


NO_YEAR = "关于印发重点工作任务清单的通知\n\n一、目标\n\n1. 建成图书馆。（牵头单位：县文化局）\n"


def test_a_notice_without_a_year_asks_for_year(run, tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(NO_YEAR, encoding="utf-8")
    r = run("parse", str(path))
    assert r.exit_code == 1
    assert "no plan year found" in r.stderr and "--year" in r.stderr
    r = run("parse", str(path), "--year", "2026")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["tasks"][0]["due"] == "2026-12-31"


def test_a_document_number_in_square_brackets(run) -> None:
    r = run("parse", str(FIXTURES / "qingshan-2024-web-halfwidth.txt"))
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["document"]["doc_number"] == "青政办发〔2024〕5号"


def test_an_out_of_range_year_is_a_usage_error(run) -> None:
    r = run("parse", str(SEED), "--year", "99999")
    assert r.exit_code == 2


# ----- what is refused -----------------------------------------------------------------------


def _pdf_without_text() -> bytes:
    """A one-page PDF that draws a line and holds no text (what a scanner's PDF looks like)."""
    stream = b"0 0 m 200 200 l S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_a_scanned_pdf_is_refused_because_it_has_no_text_layer(run, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf_without_text())
    r = run("parse", str(path))
    assert r.exit_code == 1
    assert "no text layer" in r.stderr and "OCR" in r.stderr


def test_an_old_binary_word_file_is_refused_with_what_to_do(run, tmp_path: Path) -> None:
    path = tmp_path / "notice.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    r = run("parse", str(path))
    assert r.exit_code == 1
    assert "save it as .docx" in r.stderr


def test_a_fifo_is_refused_and_nothing_is_read(run, tmp_path: Path) -> None:
    fifo = tmp_path / "notice.fifo"
    os.mkfifo(fifo)
    r = run("parse", str(fifo))
    assert r.exit_code == 2
    assert "not a regular file" in r.stderr


def test_a_notice_over_the_size_cap_is_refused_before_it_is_read(run, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    r = run("parse", str(path))
    assert r.exit_code == 1
    assert "larger than 50 MB" in r.stderr


def test_a_zip_bomb_is_refused_before_it_is_unpacked(run, tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "wordprocessingml.document.main")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(210):
                member.write(chunk)
    r = run("parse", str(path))
    assert r.exit_code == 1
    assert "unpacks to more than 200 MB" in r.stderr


def _hostile_workbook(path: Path, *, cell: str | None = None, merge: str | None = None) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "重点工作", "牵头单位"])
    ws.append([1, "建成图书馆。", "县文化局"])
    if cell:
        ws[cell] = "x"
    if merge:
        ws.merge_cells(merge)
    wb.save(path)


def test_a_stray_cell_at_the_last_row_is_not_read_and_is_reported(run, tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    _hostile_workbook(path, cell="XFD1048576")
    r = run("parse", str(path), "--year", "2024", "--title", "任务表")
    assert r.exit_code == 0, r.output
    assert f"{path}: sheet Sheet: rows past 5000 and columns past 60 are not read" in r.stderr
    assert json.loads(r.stdout)["tasks"][0]["lead_units"] == ["县文化局"]


def test_a_merge_down_to_the_last_row_is_clipped(run, tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    _hostile_workbook(path, merge="C2:C1048576")
    r = run("parse", str(path), "--year", "2024", "--title", "任务表")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["tasks"][0]["lead_units"] == ["县文化局"]
    assert r.stderr.count("\n") < 10


def test_a_damaged_workbook_is_not_a_usable_workbook(run, tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "spreadsheetml.sheet.main")
        z.writestr("xl/workbook.xml", "<not a workbook")
    r = run("parse", str(path))
    assert r.exit_code == 1
    assert r.stderr.strip() == f"guantask: {path} is not a usable workbook"


def test_many_problems_stop_after_forty_and_count_the_rest(run, tmp_path: Path) -> None:
    tasks = "".join(f"{n}. 第{n}项工作。\n" for n in range(1, 101))
    path = tmp_path / "notice.txt"
    path.write_text(f"《2025年任务清单》\n一、目标\n{tasks}", encoding="utf-8")
    r = run("parse", str(path), "--doc-number", "某〔2025〕1号", "--issuer", "某县")
    assert r.exit_code == 0, r.output
    problems = [x for x in r.stderr.splitlines() if x.startswith(str(path))]
    assert len(problems) == 41
    assert problems[-1] == f"{path}: … and 61 more problems"


@pytest.mark.parametrize(
    ("module", "fixture", "extra"),
    [
        ("docx", "baiyun-2023-paragraphs.docx", "guantask[docx]"),
        ("pdfplumber", "jinhe-2024-paragraphs.pdf", "guantask[pdf]"),
        ("openpyxl", "songjiang-2024-two-row-header.xlsx", "guantask[excel]"),
    ],
)
def test_a_missing_extra_is_named_with_how_to_install_it(
    module: str, fixture: str, extra: str
) -> None:
    # A real process in which the format's library cannot be imported.
    code = (
        f"import sys; sys.modules[{module!r}] = None; from guantask.cli import main;"
        f" sys.argv = ['guantask', 'parse', {str(FIXTURES / fixture)!r}]; main()"
    )
    env = {**os.environ, "GUANTASK_LANG": "en", "GUANTASK_FAST": "0"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 1, r.stderr
    assert f"pip install '{extra}'" in r.stderr
