"""A few end-to-end runs of the installed `guantask` in real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import guantask_cmd


def test_installed_command_lists_the_bundled_plan_as_json(sh):
    r = sh("list", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)) == 121


def test_python_dash_m_runs_the_same_app(env, tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "guantask", "--version"],
        capture_output=True,
        text=True,
        env={**env, "PATH": "/usr/bin:/bin"},
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("guantask ")


def test_table_to_a_pipe_has_no_ansi_codes_and_messages_go_to_stderr(sh):
    r = sh("list", "--search", "5G")
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout
    assert "18" in r.stdout
    r = sh("list", "--search", "nothing-like-this")
    assert r.returncode == 0
    assert r.stdout == ""


def test_errors_are_one_line_on_stderr_without_traceback(sh):
    r = sh("show", "999")
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_usage_errors_exit_2(sh):
    r = sh("list", "--sort", "sideways")
    assert r.returncode == 2
    r = sh("no-such-command")
    assert r.returncode == 2


def test_closed_pipe_is_not_an_error(env):
    # `true` exits at once, so guantask writes into a pipe nobody reads.
    for fmt in ("json", "table"):
        cmd = " ".join(guantask_cmd()) + f" list --format {fmt} | true"
        r = subprocess.run(
            ["bash", "-c", "set -o pipefail; " + cmd], capture_output=True, text=True, env=env
        )
        assert "Traceback" not in r.stderr and "Broken pipe" not in r.stderr, r.stderr
        assert r.returncode == 0, r.stderr
