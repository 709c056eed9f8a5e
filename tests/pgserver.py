"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, start it on a free
port of 127.0.0.1, hand out one fresh database per test, stop it and remove the folder at the end.

initdb refuses to run as root; under root the server runs as the `postgres` user (the Debian
package makes it) through `runuser`. When no server binary exists, `start_server` returns the
reason instead, and the PostgreSQL half of the tests is skipped with it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "guantask_admin"


def server_bin(name: str) -> str | None:
    """`initdb`, `pg_ctl`, ... from PATH or the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return versions[-1] if versions else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """One running server; `url(db)` is a connection URL for the superuser."""

    def __init__(self, folder: Path, port: int, as_user: list[str]) -> None:
        self.folder = folder
        self.port = port
        self.as_user = as_user
        self.counter = 0

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, dbname: str = "postgres", user: str = SUPERUSER, password: str = "") -> str:
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def sql(self, statement: str, dbname: str = "postgres") -> None:  # one statement, autocommit
        """Run one statement as the superuser (autocommit: CREATE DATABASE is allowed)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def new_database(self, template: str | None = None) -> str:
        """A fresh, empty database (or a copy of `template`); returns its URL."""
        self.counter += 1
        name = f"t{os.getpid()}_{self.counter}"
        tpl = f" TEMPLATE {template}" if template else " TEMPLATE template0"
        self.sql(f"CREATE DATABASE {name}{tpl} ENCODING 'UTF8'")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        pg_ctl = server_bin("pg_ctl")
        if pg_ctl is not None:
            subprocess.run(
                [*self.as_user, pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> Server | str:
    """A started server, or the reason there cannot be one (a string)."""
    initdb, pg_ctl = server_bin("initdb"), server_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        return "no PostgreSQL server binary (initdb, pg_ctl) on PATH or in /usr/lib/postgresql"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'guantask[postgres]')"
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="guantask-pg-"))
    if os.geteuid() == 0:
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            return "running as root and there is no `postgres` user for initdb"
        runuser = shutil.which("runuser")
        if runuser is None:
            shutil.rmtree(folder, ignore_errors=True)
            return "running as root and there is no `runuser` to run initdb as `postgres`"
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        as_user = [runuser, "-u", "postgres", "--"]
    os.chmod(folder, 0o700)
    data = folder / "data"
    init = subprocess.run(
        [
            *as_user,
            initdb,
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        return f"initdb failed: {init.stderr.strip()[:300]}"
    last = ""
    for _attempt in range(5):
        port = free_port()
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        started = subprocess.run(
            [
                *as_user,
                pg_ctl,
                "-D",
                str(data),
                "-l",
                str(folder / "log"),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if started.returncode == 0:
            server = Server(folder, port, as_user)
            deadline = time.monotonic() + 30
            while True:
                try:
                    server.sql("SELECT 1")
                    return server
                except Exception as err:
                    if time.monotonic() > deadline:
                        server.stop()
                        return f"the server started but takes no connection: {err}"
                    time.sleep(0.2)
        last = started.stderr.strip() or started.stdout.strip()
    shutil.rmtree(folder, ignore_errors=True)
    return f"pg_ctl start failed: {last[:300]}"
