"""Shared fixtures: a CLI runner with a pinned environment, and a fresh database per test.

Every test runs the real CLI against a real SQLite file in tmp_path; "today" comes from
GUANTASK_TODAY / --as-of, never from the clock. A test module marked `both_stores` runs each of
its tests twice, through the one `store` fixture: on an SQLite file and on a PostgreSQL database
of a throwaway server that the session starts (tests/pgserver.py) and stops at the end. Without
a server binary the PostgreSQL half is skipped, and the skip says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from guantask.cli.app import app, load_commands

load_commands()

TODAY = "2024-03-15"
ROOT = Path(__file__).parent.parent
SEED = ROOT / "data" / "notices" / "guanzhengbanfa-2024-1.txt"


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A `--lang zh` run leaves its catalogue loaded in this process; every test starts English."""
    from guantask.i18n import set_lang

    set_lang("en")
    yield
    set_lang("en")


BASE_ENV = {
    "GUANTASK_TODAY": TODAY,
    "GUANTASK_USER": "tester",
    "GUANTASK_LANG": "en",
    "COLUMNS": "120",
    "NO_COLOR": "1",
    "TERM": "dumb",
}


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made once per session by `guantask init` (schema and bundled plan)."""
    path = tmp_path_factory.mktemp("template") / "guantask.db"
    r = Run({**BASE_ENV, "GUANTASK_DB": str(path)})("init")
    assert r.exit_code == 0, r.output
    assert not Path(f"{path}-wal").exists()  # closed and checkpointed: one file to copy
    return path


def copy_db(template: Path, dest: Path) -> Path:
    """A private copy of the template database at `dest` (what `guantask init` would make)."""
    shutil.copyfile(template, dest)
    dest.chmod(0o600)
    return dest


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `both_stores` run once per kind of database."""
    if "store" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_stores"):
        metafunc.parametrize("store", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A PostgreSQL server of this test session, with a template database that `db init` made
    (schema and bundled plan); skips with the reason when none can be started."""
    from pgserver import start_server

    server = start_server()
    if isinstance(server, str):
        pytest.skip(f"PostgreSQL tests skipped: {server}")
    try:
        server.sql("CREATE DATABASE guantask_tpl TEMPLATE template0 ENCODING 'UTF8'")
        r = Run({**BASE_ENV, "GUANTASK_DB": server.url("guantask_tpl")})("db", "init")
        assert r.exit_code == 0, r.output
        yield server
    finally:
        server.stop()


@pytest.fixture
def store(request: pytest.FixtureRequest) -> str:
    """Which kind of database the test's CLI uses: "sqlite" unless the test runs on both."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def env(
    tmp_path: Path, template_db: Path, store: str, request: pytest.FixtureRequest
) -> Iterator[dict[str, str]]:
    """The environment every CLI call in a test sees; GUANTASK_DB names a copy of the template
    database (an explicit database must exist: only the default one is made on first use), or
    a fresh server database made from the server's template."""
    server = None
    if store == "postgresql":
        server = request.getfixturevalue("pg_server")
        location = server.new_database(template="guantask_tpl")
    else:
        location = str(copy_db(template_db, tmp_path / "guantask.db"))
    yield {
        "GUANTASK_DB": location,
        **BASE_ENV,
    }
    if server is not None:
        server.drop_database(location)


class Run:
    """Calls the CLI in-process like a user would (the Typer app through CliRunner, with the
    test's environment); returns the click Result."""

    def __init__(self, env: dict[str, str], *, unset: tuple[str, ...] = ()) -> None:
        self.env = env
        self.unset = unset  # variables removed from the environment for each call
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None, **env: str) -> Result:
        saved = dict(os.environ)
        os.environ.update(self.env)
        os.environ.update(env)
        for key in self.unset:
            os.environ.pop(key, None)
        try:
            return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        finally:
            os.environ.clear()
            os.environ.update(saved)


@pytest.fixture
def run(env: dict[str, str]) -> Run:
    return Run(env)


@pytest.fixture
def default_run(tmp_path: Path) -> Run:
    """A runner without --db or $GUANTASK_DB: the default database in an app folder under
    tmp_path ($XDG_CONFIG_HOME/guantask/guantask.db), made on first use."""
    env = {**BASE_ENV, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return Run(env, unset=("GUANTASK_DB",))


@pytest.fixture
def db_path(env: dict[str, str]) -> Any:
    """The test's database: a Path, or the URL of a server database."""
    from guantask.cli.state import db_location

    return db_location(env["GUANTASK_DB"])


def guantask_cmd() -> list[str]:
    """The installed console script, or `python -m guantask` next to this interpreter."""
    exe = shutil.which("guantask", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "guantask"]


@pytest.fixture
def sh(env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs the installed guantask in a real subprocess."""

    def call(
        *args: str, input: str | None = None, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        full = {**os.environ, **env, **extra}
        return subprocess.run(
            [*guantask_cmd(), *args],
            input=input,
            capture_output=True,
            text=True,
            env=full,
            timeout=120,
        )

    return call


@pytest.fixture
def seeded(run: Run) -> Iterator[Run]:
    """A database with the bundled 2024 plan (the template's copy)."""
    r = run("plans", "--format", "ids")
    assert r.exit_code == 0, r.output
    yield run


# ----- golden files (pytest --update-golden rewrites them) ----------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden output files from the current code instead of comparing.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with `pytest --update-golden`."""
    return bool(request.config.getoption("--update-golden"))
