"""`config`: the light rules' settings as a table or records, and the line a change prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guantask.i18n import _
from guantask.render.output import Format, Output

if TYPE_CHECKING:
    from guantask.reports.settings import Setting, SettingChange


def setting_changed(out: Output, change: SettingChange) -> None:
    """The line `config set` / `config unset` prints on stderr."""
    c = change
    if c.action == "set" and not c.changed:
        message = _("{key} is already {value}")
    elif c.action == "set" and c.old is None:
        message = _("config set {key} {value} (was {default}, the default)")
    elif c.action == "set":
        message = _("config set {key} {value} (was {old})")
    elif not c.changed:
        message = _("{key} is not set (default {default})")
    else:
        message = _("config unset {key} (was {old}; default {default})")
    out.message(message.format(key=c.key, value=c.value, old=c.old, default=c.default))


def settings(out: Output, rows: Sequence[Setting], fmt: Format) -> None:
    """`config list`: each setting with its value and default."""
    if fmt is Format.IDS:
        for s in rows:
            out.write(s.key + "\n")
        return
    if fmt is not Format.TABLE:
        out.records([s.to_dict() for s in rows], fmt, id_field="key")
        return

    from guantask.render.fit import Col, fit_table

    cols = [
        Col(_("Setting")),
        Col(_("Value"), justify="right"),
        Col(_("Default"), justify="right"),
        Col(_("Meaning"), kind="prose"),
    ]
    body = [[s.key, str(s.value), str(s.default), _(s.description)] for s in rows]
    out.table(fit_table(out, cols, body))
