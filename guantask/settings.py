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
    words: Mapping[str, str]  # accepted word (lower case) → the value stored


NETWORK_FS = "network-fs"

TEXT_SETTINGS: dict[str, TextSetting] = {
    NETWORK_FS: TextSetting(
        "writes to a database on a network folder (SMB/NFS): refuse, or allow when the"
        " office accepts that SQLite's locking is not safe there",
        "refuse",
        {"refuse": "refuse", "拒绝": "refuse", "allow": "allow", "允许": "allow"},
    ),
}


def parse_text_setting(key: str, value: str) -> str:
    """The value to store for `config set KEY VALUE`; a word outside the vocabulary is a usage
    error listing the accepted ones."""
    setting = TEXT_SETTINGS[key]
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
