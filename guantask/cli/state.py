"""What one run of guantask knows: the global options as an `AppState`, built by `make_state` in
the root callback."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guantask.i18n import _
from guantask.render import Output

if TYPE_CHECKING:
    from guantask.store import Database
    from guantask.store.plans import PlanRef


class AppState:
    """One per run: where the database is, which plan, what "today" is, where output goes."""

    db_path: Path | str  # a file, or a postgresql:// URL (a str)

    def __init__(
        self,
        *,
        db_path: Path | str,
        default_db: bool,
        plan_ref: str | None,
        as_of: str | None,
        debug: bool,
        out: Output,
        env: dict[str, str] | None = None,
        db_problem: str | None = None,
    ) -> None:
        self.db_path = db_path
        self.default_db = default_db
        self.db_problem = db_problem  # why the database named cannot be used (empty $GUANTASK_DB)
        self.may_create = default_db  # only the default database is created on first use
        self.plan_ref = plan_ref
        self.as_of = as_of
        self.debug = debug
        self.out = out
        self.env = dict(os.environ) if env is None else env
        self.issuer: str | None = None
        self._db: Database | None = None
        self._plan: PlanRef | None = None
        self.network_ok = False  # this run may write on a network folder (config network-fs)

    def use_db(self, path: Path | str | None, *, create: bool = False) -> None:
        """A command's own `--db` overrides the global one; `create` lets this command (init,
        import) create the database it names."""
        if path is not None:
            where = db_location(path)
            self.db_path = where.expanduser() if isinstance(where, Path) else where
            self.default_db = False
            self.db_problem = None
        self.may_create = self.default_db or create

    def database_path(self) -> Path | str:
        """The database file (or server URL), for commands that read it without `db` (backup,
        check)."""
        if self.db_problem:
            from guantask.errors import DatabaseError

            raise DatabaseError(self.db_problem)
        return self.db_path

    @property
    def db(self) -> Database:
        if self._db is None:
            path = self.database_path()
            from guantask.store import open_store

            def bundled_plan() -> Any:  # imported only when a new database needs the plan
                from guantask.plan.importer import bundled_plan

                return bundled_plan()

            self._db = open_store(
                path,
                create_folder=self.default_db,
                create=self.may_create,
                bundled_plan=bundled_plan,
                by=self.user(None),
                now=self.now(),
                busy_timeout=self.busy_timeout(),
                # The mount table to read instead of /proc/self/mountinfo: a test hook.
                mountinfo=self.env.get("GUANTASK_MOUNTINFO") or None,
                network_ok=self.network_ok,
            )
        return self._db

    def shown_db(self) -> str:
        """The database as messages may show it: a server URL without its password."""
        from guantask.store.location import shown

        return shown(self.db_path)

    @property
    def today(self) -> date:
        from guantask.dates import resolve_today

        return resolve_today(self.as_of, self.env, date.today)

    def busy_timeout(self) -> float:
        """Seconds a write waits for another writer: $GUANTASK_BUSY_TIMEOUT, default 10."""
        from guantask.store.db import BUSY_TIMEOUT_S

        raw = self.env.get("GUANTASK_BUSY_TIMEOUT")
        if not raw:
            return BUSY_TIMEOUT_S
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 3600:
            from guantask.errors import UsageError

            raise UsageError(
                _("$GUANTASK_BUSY_TIMEOUT must be seconds from 0 to 3600, not {value!r}").format(
                    value=raw
                )
            )
        return value

    def use_plan(self, plan: str | None, issuer: str | None) -> None:
        """A command's own `--plan` overrides the global one; `--issuer` narrows the choice to
        that office's plans."""
        if plan:
            self.plan_ref = plan
        if issuer:
            self.issuer = issuer.strip()

    def use_as_of(self, as_of: str | None) -> None:
        """A command's own `--as-of` overrides the global one."""
        if as_of is not None:
            self.as_of = as_of

    @property
    def plan(self) -> PlanRef:
        if self._plan is None:
            from guantask.store.plans import find_plan

            self._plan = find_plan(self.db, self.plan_ref, issuer=self.issuer)
        return self._plan

    def user(self, by: str | None) -> str:
        """Who makes a change: --by, else $GUANTASK_USER, else the OS user name; each is held
        to the one rule for a person's name (`guantask.people.person_name`)."""
        from guantask.people import person_name

        if by is not None:
            return person_name(by, what="--by")
        if self.env.get("GUANTASK_USER"):
            return person_name(self.env["GUANTASK_USER"], what="$GUANTASK_USER")
        import getpass

        try:
            return person_name(getpass.getuser(), what="user")
        except Exception:  # no usable user name in a bare container
            return "unknown"

    def now(self) -> str:
        """The timestamp of a change (ISO 8601, local time, seconds)."""
        from datetime import datetime

        return datetime.now().astimezone().isoformat(timespec="seconds")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def make_state(
    *,
    db: str | Path | None,
    plan: str | None,
    as_of: str | None,
    lang: str | None,
    ascii_box: bool,
    debug: bool,
    quiet: bool = False,
) -> AppState:
    """The state of a run from the global options (and $GUANTASK_DB, $GUANTASK_PLAN,
    $GUANTASK_QUIET)."""
    from guantask.i18n import LANGS, UnknownLanguage, choose_lang, set_lang

    try:
        set_lang(choose_lang(lang))
    except UnknownLanguage as err:
        from guantask.errors import UsageError

        where = "--lang" if err.source == "--lang" else "$GUANTASK_LANG"
        raise UsageError(
            f"unknown language {err.value!r} ({where}); use one of: {', '.join(LANGS)}"
        ) from None
    env_db = os.environ.get("GUANTASK_DB")
    raw = db or env_db
    path = db_location(raw) if raw and raw.strip() else None
    problem = None
    if db is None and env_db is not None and not env_db.strip():
        problem = _(
            "$GUANTASK_DB is set but empty; name the database file, or unset it to use the"
            " default {path}"
        ).format(path=default_db_path())
    return AppState(
        db_path=path or default_db_path(),
        default_db=path is None and problem is None,
        db_problem=problem,
        plan_ref=plan or os.environ.get("GUANTASK_PLAN") or None,
        as_of=as_of,
        debug=debug,
        out=Output(ascii_box=ascii_box, quiet=quiet or quiet_env(os.environ)),
    )


def quiet_env(env: dict[str, str] | os._Environ[str]) -> bool:
    """$GUANTASK_QUIET: 1/yes/true/on (any case) is quiet; unset, empty, 0/no/false/off is not."""
    value = env.get("GUANTASK_QUIET", "").strip().lower()
    if value in ("", "0", "no", "false", "off"):
        return False
    if value in ("1", "yes", "true", "on"):
        return True
    from guantask.errors import UsageError

    raise UsageError(
        _("$GUANTASK_QUIET must be 1 or 0 (yes/no, true/false, on/off), not {value!r}").format(
            value=env.get("GUANTASK_QUIET")
        )
    )


def db_location(raw: str | Path) -> Path | str:
    """A `--db`/$GUANTASK_DB value: a server URL stays text, anything else is a file path."""
    from guantask.store.location import is_server_url

    text = str(raw)
    return text if is_server_url(text) else Path(text)


def default_db_path() -> Path:
    """guantask.db in the app folder that `typer.get_app_dir("guantask")` names."""
    from typer import get_app_dir

    return Path(get_app_dir("guantask")) / "guantask.db"
