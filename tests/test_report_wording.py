"""Reports a leader reads: figures as the notice writes them, no days late for a task that is
not late, never-reported tasks said so, Chinese week titles and dates, chase notices signed by
the issuing office (issue 14.12)."""

from __future__ import annotations

import re

from conftest import Run


def test_show_writes_targets_as_the_notice_does(run: Run) -> None:
    r = run("show", "26")
    assert r.exit_code == 0, r.output
    assert "50亿元" in r.stdout and "5000000000" not in r.stdout
    r = run("record-progress", "26", "--value", "招商引资到位资金=12.5亿")
    assert r.exit_code == 0, r.output
    r = run("show", "26", COLUMNS="60")
    assert r.exit_code == 0, r.output
    assert "12.5亿元" in r.stdout and "1250000000" not in r.stdout


def test_a_blocked_task_not_yet_due_has_no_days_late(run: Run) -> None:
    r = run("record-progress", "26", "--percent", "40", "-s", "blocked", "--as-of", "2024-06-20")
    assert r.exit_code == 0, r.output
    table = run("overdue", "--as-of", "2024-06-20")
    assert table.exit_code == 0, table.output
    row = next(line for line in table.stdout.splitlines() if line.strip().startswith("26 "))
    assert re.match(r"\s*26\s+-\s+2024-12-31", row), row
    assert "in 194d" not in table.stdout
    for lang, args in (("en", ()), ("zh", ("--format", "html"))):
        report = run("--lang", lang, "report", "weekly", "--as-of", "2024-06-20", *args)
        assert report.exit_code == 0, report.output
        assert "194" not in report.stdout, report.stdout


def test_never_reported_tasks_say_so(run: Run) -> None:
    r = run("--lang", "zh", "report", "weekly", "--as-of", "2024-06-20")
    assert r.exit_code == 0, r.output
    assert "未报送" in r.stdout and "2024-01-31" not in r.stdout.split("5. ", 1)[1]
    en = run("report", "weekly", "--as-of", "2024-06-20")
    assert "never reported" in en.stdout


def test_forced_signoff_note_is_chinese_in_chinese_reports(run: Run) -> None:
    r = run("signoff", "3", "--force", "--note", "已电话确认", "--as-of", "2024-06-18")
    assert r.exit_code == 0, r.output
    for args in (("report", "weekly", "--as-of", "2024-06-20"), ("show", "3")):
        out = run("--lang", "zh", *args, COLUMNS="200")
        assert out.exit_code == 0, out.output
        assert "强制销号" in out.stdout and "forced sign-off" not in out.stdout, out.stdout


def test_chinese_weekly_title_names_the_week_in_chinese(run: Run) -> None:
    r = run("--lang", "zh", "report", "weekly", "--as-of", "2024-06-20")
    assert r.exit_code == 0, r.output
    assert "第25周（2024年6月17日—6月23日）" in r.stdout.splitlines()[0]
    assert "2024-W25" not in r.stdout
    en = run("report", "weekly", "--as-of", "2024-06-20")
    assert "2024-W25" in en.stdout.splitlines()[0]


def test_chase_notices_write_dates_one_way_and_end_with_office_and_date(run: Run) -> None:
    for fmt in ("text", "md"):
        r = run("chase", "--format", fmt)
        assert r.exit_code == 0, r.output
        assert not re.search(r"\d{4}-\d\d-\d\d", r.stdout), r.stdout
        assert "完成时限：2024年12月31日" in r.stdout
        first = r.stdout.split("-" * 40)[0].rstrip().splitlines()
        assert first[-2].rstrip() == "冠县人民政府办公室" and first[-1].rstrip() == "2024年3月15日"


def test_chase_notices_are_signed_by_the_office_name_setting(run: Run) -> None:
    r = run("config", "set", "office.name", "县政府督查室")
    assert r.exit_code == 0, r.output
    notices = run("chase")
    assert notices.exit_code == 0, notices.output
    first = notices.stdout.split("-" * 40)[0].rstrip().splitlines()
    assert first[-2:] == ["县政府督查室", "2024年3月15日"]
    assert "冠县人民政府办公室" not in notices.stdout
    blank = run("config", "set", "office.name", "  ")
    assert blank.exit_code == 2
    assert "office.name" in blank.stderr
