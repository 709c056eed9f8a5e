"""Interface language: `--lang`, else $GUANTASK_LANG, else the locale (zh_* → Chinese).

Only what people read is translated (headings, statuses, lights, messages); data formats (JSON and
CSV keys, status codes) are the same in every language. Messages are English msgids looked up in
gettext catalogues kept in the package (guantask/locale/<lang>/LC_MESSAGES/guantask.mo).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

_translate: Callable[[str], str] = str
_lang = "en"


LANGS = ("en", "zh")


class UnknownLanguage(ValueError):
    """`--lang` or $GUANTASK_LANG names a language guantask does not have."""

    def __init__(self, value: str, source: str) -> None:
        super().__init__(value, source)
        self.value = value
        self.source = source


def _lang_of(value: str) -> str | None:
    """'zh' for zh, zh_CN, zh-Hans, zh_CN.UTF-8; 'en' likewise; None for anything else."""
    import re

    head = re.split(r"[_.@-]", value.strip().lower(), maxsplit=1)[0]
    return head if head in LANGS else None


def choose_lang(flag: str | None, env: Mapping[str, str] = os.environ) -> str:
    """'zh' or 'en' from the flag, $GUANTASK_LANG, then LC_ALL / LC_MESSAGES / LANG.

    The flag and $GUANTASK_LANG must name one of LANGS (`UnknownLanguage` otherwise); a locale
    that is neither Chinese nor English means English.
    """
    for value, source in ((flag, "--lang"), (env.get("GUANTASK_LANG"), "GUANTASK_LANG")):
        if value is not None and (value.strip() or source == "--lang"):
            lang = _lang_of(value)
            if lang is None:
                raise UnknownLanguage(value, source)
            return lang
    for value in (
        env.get("LC_ALL"),
        env.get("LC_MESSAGES"),
        env.get("LANG"),
    ):
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_lang(lang: str) -> None:
    """Load the catalogue for `lang` (English needs none)."""
    global _translate, _lang
    _lang = lang
    if lang == "en":
        _translate = str
        return
    import gettext
    from pathlib import Path

    localedir = Path(__file__).parent / "locale"
    cat = gettext.translation("guantask", localedir=localedir, languages=[lang], fallback=True)
    _translate = cat.gettext


def current_lang() -> str:
    """The interface language of this run ('en' or 'zh')."""
    return _lang


def _(message: str) -> str:
    """The message in the current interface language."""
    return _translate(message)
