"""`db grant unit`: a unit's database role records progress only on its unit's tasks; the
server refuses the rest (row-level security) and the command says so."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from conftest import TODAY, Run
from dbrows import sql_rows

# In the bundled plan, 县财政局 leads or shares tasks 2, 13, 22, ...; task 1 is another unit's.
UNIT = "县财政局"


def _env(location: str) -> dict[str, str]:
    return {
        "GUANTASK_DB": location,
        "GUANTASK_TODAY": TODAY,
        "GUANTASK_USER": "office",
        "GUANTASK_LANG": "en",
        "NO_COLOR": "1",
        "COLUMNS": "120",
    }


@pytest.fixture
def granted(pg_server: Any) -> Any:
    """(office run, unit run, office URL): role `cz_<pid>` granted 县财政局."""
    url = pg_server.new_database(template="guantask_tpl")
    role = f"cz_{os.getpid()}"
    pg_server.sql(f"DROP ROLE IF EXISTS {role}")
    pg_server.sql(f"CREATE ROLE {role} LOGIN")
    office = Run(_env(url))
    r = office("db", "grant", "unit", UNIT, "--role", role, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"unit": UNIT, "role": role, "tasks": 5}
    unit_url = url.replace(pg_server.url("x").rsplit("@", 1)[0].split("//", 1)[1], role, 1)
    yield office, Run({**_env(unit_url), "GUANTASK_USER": "cz"}), url
    pg_server.drop_database(url)
    pg_server.sql(f"DROP ROLE IF EXISTS {role}")


def _own_tasks(run: Run) -> list[int]:
    r = run("list", "--unit", UNIT, "--format", "ids")
    assert r.exit_code == 0, r.output
    return [int(x) for x in r.stdout.split()]


def test_a_units_role_records_progress_on_its_own_tasks(granted):
    _office, unit, url = granted
    own = _own_tasks(unit)
    assert 2 in own and 1 not in own
    r = unit("record-progress", "2", "--percent", "30", "--note", "财政局填报")
    assert r.exit_code == 0, r.output
    r = unit("undo", "--yes")
    assert r.exit_code == 0, r.output
    r = unit("record-progress", "2", "--percent", "35")
    assert r.exit_code == 0, r.output
    assert sql_rows(url, "SELECT count(*) FROM progress")[0][0] == 1


def test_a_units_role_is_refused_on_another_units_task_by_the_server(granted):
    office, unit, url = granted
    r = unit("record-progress", "1", "--percent", "30")
    assert r.exit_code == 1
    assert "refused the change" in r.stderr and "its own unit's tasks" in r.stderr
    # A return sheet with one row of another unit is refused whole.
    r = unit("record-progress", "--from-csv", "-", input="id,percent\n2,10\n1,20\n")
    assert r.exit_code == 1
    assert "row-level security" in r.stderr
    # Other changes are not the unit's to make.
    r = unit("assign", "2", "--to", "李四")
    assert r.exit_code == 1 and "refused the change" in r.stderr
    assert sql_rows(url, "SELECT count(*) FROM progress")[0][0] == 0
    assert sql_rows(url, "SELECT count(*) FROM events")[0][0] == 1  # the bundled plan's import
    # The office keeps full rights.
    r = office("record-progress", "1", "--percent", "30")
    assert r.exit_code == 0, r.output
    r = office("assign", "2", "--to", "李四")
    assert r.exit_code == 0, r.output


def test_grant_names_what_is_missing(granted, tmp_path):
    office, _unit, _url = granted
    r = office("db", "grant", "unit", UNIT, "--role", "no_such_role_here")
    assert r.exit_code == 1 and "no database role 'no_such_role_here'" in r.stderr
    r = office("db", "grant", "unit", "不存在的局", "--role", "guantask_admin")
    assert r.exit_code == 1 and "no unit matches" in r.stderr
    file_run = Run(_env(str(tmp_path / "g.db")))
    assert file_run("init").exit_code == 0
    r = file_run("db", "grant", "unit", UNIT, "--role", "x")
    assert r.exit_code == 1 and "PostgreSQL server" in r.stderr
