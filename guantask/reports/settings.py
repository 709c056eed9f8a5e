"""The light rules' settings (`config list/get/set/unset`) and the undo of a change to them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from guantask.changes import register
from guantask.reports import lights

if TYPE_CHECKING:
    from guantask.store import Database


class Setting(NamedTuple):
    key: str
    value: int | str
    default: int | str
    stored: bool
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "default": self.default,
            "set": self.stored,
            "description": self.description,
        }


def list_settings(db: Database) -> list[Setting]:
    """Every setting with its value (stored or default) and default."""
    from guantask.settings import TEXT_SETTINGS
    from guantask.store import reports as st_reports
    from guantask.store.settings import thresholds

    th = thresholds(db)
    stored = st_reports.stored_settings(db, [*lights.SETTINGS, *TEXT_SETTINGS])
    defaults = lights.defaults()
    return [
        Setting(
            key=k,
            value=lights.setting_value(th, k),
            default=defaults[k],
            stored=k in stored,
            description=desc,
        )
        for k, (desc, _limit) in lights.SETTINGS.items()
    ] + [
        Setting(k, stored.get(k, s.default), s.default, k in stored, s.description)
        for k, s in TEXT_SETTINGS.items()
    ]


def office_name(db: Database) -> str | None:
    """The `office.name` setting (who signs chase notices), or None when it is not set."""
    from guantask.settings import OFFICE_NAME
    from guantask.store import reports as st_reports

    return st_reports.stored_settings(db, [OFFICE_NAME]).get(OFFICE_NAME) or None


def get_setting(db: Database, key: str) -> Setting:
    name = lights.check_key(key)
    return next(s for s in list_settings(db) if s.key == name)


class SettingChange(NamedTuple):
    """What `config set` or `config unset` did: `changed` is False when there was nothing to do."""

    action: str  # "set" | "unset"
    key: str
    value: int | str | None  # the new stored value; None after unset
    old: str | None  # the stored value before; None when it was the default
    default: int | str
    changed: bool


def set_setting(db: Database, *, key: str, value: str, by: str, at: str) -> SettingChange:
    """`config set`: store a setting as one event (undoable)."""
    from guantask.store import settings as st_settings
    from guantask.store.events import log_event

    name, number = lights.parse_setting(key, value)
    default = lights.defaults()[name]
    with db.write():
        old = st_settings.set_setting(db, name, str(number))
        if old == str(number):
            return SettingChange("set", name, number, old, default, changed=False)
        shown_old = old if old is not None else f"{default}, the default"
        log_event(
            db,
            kind="config",
            by=by,
            at=at,
            summary=f"config set {name} {number} (was {shown_old})",
            before={name: old},
            after={name: str(number)},
            undo={"key": name, "value": old, "set": str(number)},
        )
    return SettingChange("set", name, number, old, default, changed=True)


def unset_setting(db: Database, *, key: str, by: str, at: str) -> SettingChange:
    """`config unset`: back to the default, as one event (undoable)."""
    from guantask.store import reports as st_reports
    from guantask.store import settings as st_settings
    from guantask.store.events import log_event

    name = lights.check_key(key)
    with db.write():
        old = st_reports.stored_settings(db, [name]).get(name)
        default = lights.defaults()[name]
        if old is None:
            return SettingChange("unset", name, None, None, default, changed=False)
        st_settings.delete_setting(db, name)
        log_event(
            db,
            kind="config",
            by=by,
            at=at,
            summary=f"config unset {name} (was {old}; default {default})",
            before={name: old},
            after={name: None},
            undo={"key": name, "value": old, "set": None},
        )
    return SettingChange("unset", name, None, old, default, changed=True)


def undo_setting(db: Database, undo: Mapping[str, Any]) -> str:
    """Put a setting back as it was before a `config set`/`unset` (inside the caller's
    transaction); `undo` is the event's undo record {"key", "value" (None: the default), "set"
    (what the change stored; None: unset)}. Refused when the setting no longer holds what the
    change set: a later change by someone else is not reverted with it."""
    from guantask.errors import Refused
    from guantask.i18n import _
    from guantask.store import reports as st_reports
    from guantask.store import settings as st_settings

    name = lights.check_key(str(undo["key"]))
    if "set" in undo:  # events logged before 17.4 do not say what they set
        current = st_reports.stored_settings(db, [name]).get(name)
        if current != undo["set"]:
            default = _("the default {n}").format(n=lights.defaults()[name])
            raise Refused(
                _(
                    "{key} is now {current}, not {value}; a later change set it,"
                    " so this change cannot be undone"
                ).format(
                    key=name,
                    current=default if current is None else current,
                    value=default if undo["set"] is None else undo["set"],
                )
            )
    old = undo.get("value")
    if old is None:
        st_settings.delete_setting(db, name)
        return f"{name} back to its default {lights.defaults()[name]}"
    st_settings.set_setting(db, name, str(old))
    return f"{name} back to {old}"


register("config", undo=undo_setting)
