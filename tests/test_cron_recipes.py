"""The README's "Running from cron" recipes work as written: every crontab line and the
overdue-mail script run in a cron-like environment (PATH=/usr/bin:/bin, LC_ALL=C, /bin/sh)
against a real database, print nothing when all goes well, and leave nothing in /tmp."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Run

OFFICE = "/srv/guantask"
BIN = "/usr/local/bin"


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Running from cron\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _blocks(section: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", section, flags=re.S)


def _crontab(section: str) -> tuple[dict[str, str], list[str]]:
    """The environment lines and the commands of the section's crontab, as cron reads them."""
    env: dict[str, str] = {}
    commands: list[str] = []
    for block in _blocks(section, "crontab"):
        for line in block.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if re.match(r"^[A-Z_]+=", line):
                key, _, value = line.partition("=")
                env[key] = value
                continue
            fields = line.split(None, 5)
            assert len(fields) == 6, line
            command = fields[5]
            # an unescaped % ends the command in a crontab (the rest becomes its stdin)
            assert re.search(r"(?<!\\)%", command) is None, command
            commands.append(command.replace("\\%", "%"))
    return env, commands


@pytest.fixture
def office(tmp_path: Path, run: Run) -> dict[str, Path]:
    """The office's folder (database, bin/, reports/, backup/), a bin folder standing in for
    /usr/local/bin with guantask and a `mail` that keeps what it is given, and a private TMPDIR."""
    home = tmp_path / "office"
    for sub in ("bin", "reports", "backup"):
        (home / sub).mkdir(parents=True)
    db = home / "guantask.db"
    r = run("--db", str(db), "import")
    assert r.exit_code == 0, r.output
    local = tmp_path / "local-bin"
    local.mkdir()
    mailbox = tmp_path / "mailbox"
    mailbox.mkdir()
    _script(local / "guantask", f'exec "{sys.executable}" -m guantask "$@"\n')
    _script(
        local / "mail",
        f'printf "%s\\n" "$@" > "{mailbox}/args"\n'
        "while [ $# -gt 0 ]; do\n"
        f'  if [ "$1" = -A ]; then cp "$2" "{mailbox}/"; shift; fi\n'
        "  shift\n"
        "done\n"
        f'cat > "{mailbox}/body"\n',
    )
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    return {"home": home, "db": db, "local": local, "mailbox": mailbox, "tmp": tmp}


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _placed(text: str, office: dict[str, Path]) -> str:
    return text.replace(OFFICE, str(office["home"])).replace(BIN, str(office["local"]))


def _cron(
    command: str, office: dict[str, Path], env: dict[str, str], today: str
) -> subprocess.CompletedProcess[str]:
    full = {
        "PATH": "/usr/bin:/bin",
        "SHELL": "/bin/sh",
        "HOME": str(office["home"]),
        "LOGNAME": "office",
        "LC_ALL": "C",
        "TMPDIR": str(office["tmp"]),
        "GUANTASK_TODAY": today,
        **env,
    }
    return subprocess.run(
        ["/bin/sh", "-c", _placed(command, office)],
        capture_output=True,
        text=True,
        env=full,
        timeout=300,
    )


def _install_mail_script(section: str, office: dict[str, Path]) -> None:
    """The section's scripts (mail-overdue, mail-chase) installed in the office's bin/."""
    for name in ("mail-overdue", "mail-chase"):
        (script,) = [b for b in _blocks(section, "sh") if f"bin/{name}:" in b]
        target = office["home"] / "bin" / name
        target.write_text(_placed(script, office), encoding="utf-8")
        target.chmod(0o755)


def _open_round(run: Run, office: dict[str, Path], day: str, *args: str) -> Path:
    folder = office["home"] / "sheets"
    r = run("--db", str(office["db"]), "round", "open", "-o", str(folder), "--format", "csv",
            *args, GUANTASK_TODAY=day)  # fmt: skip
    assert r.exit_code == 0, r.output
    return folder


def test_readme_cron_section_is_safe_as_written() -> None:
    section = _section()
    assert "/tmp/" not in section
    _env, commands = _crontab(section)
    script = "\n".join(_blocks(section, "sh"))
    for line in [*commands, script]:
        for call in re.findall(r"\bguantask\s[^\n|;&]*", line):  # each guantask run
            assert "--quiet" in call, call
    for command in commands:
        assert "GUANTASK_DB=" in command or "--db " in command or "/bin/mail-" in command
    assert "export GUANTASK_DB=" in script and "mktemp -d" in script and "-A " in script


def test_readme_crontab_lines_run_quietly_against_the_office_database(
    office: dict[str, Path], run: Run
) -> None:
    section = _section()
    env, commands = _crontab(section)
    _install_mail_script(section, office)
    assert len(commands) == 4
    _open_round(run, office, "2025-01-13")  # the Thursday chase needs the week's round
    for command in commands:
        r = _cron(command, office, env, today="2025-01-15")
        assert (r.returncode, r.stdout, r.stderr) == (0, "", ""), command
    (weekly,) = (office["home"] / "reports").glob("weekly-*-W*.html")
    assert "<html" in weekly.read_text(encoding="utf-8").lower()
    (backup,) = (office["home"] / "backup").glob("guantask-*.db")
    assert backup.read_bytes()[:16] == b"SQLite format 3\x00"
    (sent,) = office["mailbox"].glob("*.xlsx")
    openpyxl = pytest.importorskip("openpyxl")
    rows = list(openpyxl.load_workbook(sent).active.iter_rows(values_only=True))
    assert rows[0][0] == "id" and len(rows) > 1
    assert "dc@example.gov" in (office["mailbox"] / "args").read_text(encoding="utf-8")
    assert list(office["tmp"].iterdir()) == []  # the private folder is gone


def test_readme_overdue_mail_sends_nothing_when_nothing_is_overdue(
    office: dict[str, Path],
) -> None:
    section = _section()
    env, commands = _crontab(section)
    _install_mail_script(section, office)
    (mail_line,) = [c for c in commands if "mail-overdue" in c]
    r = _cron(mail_line, office, env, today="2024-03-15")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert list(office["mailbox"].iterdir()) == []


def test_readme_overdue_mail_reports_an_error_to_cron(office: dict[str, Path]) -> None:
    section = _section()
    env, commands = _crontab(section)
    _install_mail_script(section, office)
    (mail_line,) = [c for c in commands if "mail-overdue" in c]
    r = _cron(mail_line, office, env, today="not-a-date")
    assert r.returncode == 1
    assert r.stderr.startswith("guantask: ")
    assert list(office["mailbox"].iterdir()) == []


def test_readme_chase_mail_goes_out_while_a_unit_is_missing_and_not_after(
    office: dict[str, Path], run: Run
) -> None:
    section = _section()
    env, commands = _crontab(section)
    _install_mail_script(section, office)
    (chase_line,) = [c for c in commands if "mail-chase" in c]
    folder = _open_round(run, office, "2024-03-11")
    r = _cron(chase_line, office, env, today="2024-03-14")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    body = (office["mailbox"] / "body").read_text(encoding="utf-8")
    assert "催报通知" in body and "县财政局：" in body and "2024年3月15日前报送" in body
    assert "催报" in (office["mailbox"] / "args").read_text(encoding="utf-8")
    for path in office["mailbox"].iterdir():
        path.unlink()
    sys.path.insert(0, str(ROOT / "bench"))
    from fill_round import fill_csv

    for sheet in folder.iterdir():  # every unit returns its sheet
        fill_csv(sheet, 1, 50)
    r = run("--db", str(office["db"]), "round", "collect", str(folder), GUANTASK_TODAY="2024-03-14")
    assert r.exit_code == 0, r.output
    r = _cron(chase_line, office, env, today="2024-03-14")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert list(office["mailbox"].iterdir()) == []  # every unit has returned: no mail
    assert list(office["tmp"].iterdir()) == []


def test_readme_chase_mail_reports_a_missing_round_to_cron(office: dict[str, Path]) -> None:
    section = _section()
    env, commands = _crontab(section)
    _install_mail_script(section, office)
    (chase_line,) = [c for c in commands if "mail-chase" in c]
    r = _cron(chase_line, office, env, today="2024-03-14")
    assert r.returncode == 1 and r.stderr.startswith("guantask: ") and "round" in r.stderr
    assert list(office["mailbox"].iterdir()) == []
