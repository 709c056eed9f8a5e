"""Settings kept in the database (the light thresholds), read and written by name."""

from __future__ import annotations

from guantask.models import Thresholds
from guantask.store.db import Database


def thresholds(db: Database) -> Thresholds:
    """The light thresholds, defaults overridden by `config set`."""
    th = Thresholds()
    keys = Thresholds.keys()
    for key, value in db.query(
        "SELECT key, value FROM settings WHERE key IN (?, ?, ?)", list(keys)
    ):
        th = th._replace(**{keys[key]: int(value)})
    return th


def set_setting(db: Database, key: str, value: str) -> str | None:
    """Store one setting (inside the caller's transaction); returns the previous value."""
    old = db.scalar("SELECT value FROM settings WHERE key = ?", [key])
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
    return old


def delete_setting(db: Database, key: str) -> None:
    db.execute("DELETE FROM settings WHERE key = ?", [key])
