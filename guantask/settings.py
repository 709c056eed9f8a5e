"""Settings whose value is a word, each with its own vocabulary of accepted words (English and
Chinese) and the one value stored for each. The numeric settings of the lights are in
`guantask.reports.lights`; `config` serves both kinds. A free-text setting (such as the office's
name) would be one with no vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from guantask.errors import UsageError
from guantask.i18n import _


class TextSetting(NamedTuple):
    description: str
    default: str
    words: Mapping[str, str]  # accepted word (lower case) → the value stored; {} = free text


NETWORK_FS = "network-fs"
OFFICE_NAME = "office.name"
OFFICE_NAME_LIMIT = 60  # characters of an office's name

TEXT_SETTINGS: dict[str, TextSetting] = {
    NETWORK_FS: TextSetting(
        "writes to a database on a network folder (SMB/NFS): refuse, or allow when the"
        " office accepts that SQLite's locking is not safe there",
        "refuse",
        {"refuse": "refuse", "拒绝": "refuse", "allow": "allow", "允许": "allow"},
    ),
    OFFICE_NAME: TextSetting(
        "the office that signs chase notices (empty: the plan's issuer)",
        "",
        {},
    ),
}


def parse_text_setting(key: str, value: str) -> str:
    """The value to store for `config set KEY VALUE`; a word outside the vocabulary is a usage
    error listing the accepted ones."""
    setting = TEXT_SETTINGS[key]
    if not setting.words:
        return _free_text(key, value)
    word = value.strip().lower()
    if word not in setting.words:
        raise UsageError(
            _("{key} must be one of {words}, not {value!r}").format(
                key=key, words=", ".join(setting.words), value=value[:40]
            )
        )
    return setting.words[word]


def opens_network_writes(key: str) -> bool:
    """True for the setting that decides about writes on a network folder: changing it must be
    possible on one, or it could never be allowed."""
    return key.strip().lower().replace("_", "-") == NETWORK_FS


def _free_text(key: str, value: str) -> str:
    """A free-text setting's value: one line of printable text, not blank, not too long."""
    text = value.strip()
    if not text or len(text) > OFFICE_NAME_LIMIT or not text.isprintable():
        raise UsageError(
            _("{key} must be one line of text of 1 to {n} characters").format(
                key=key, n=OFFICE_NAME_LIMIT
            )
        )
    return text
