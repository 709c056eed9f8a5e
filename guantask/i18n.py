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


def choose_lang(flag: str | None, env: Mapping[str, str] = os.environ) -> str:
    """'zh' or 'en' from the flag, $GUANTASK_LANG, then LC_ALL / LC_MESSAGES / LANG."""
    for value in (
        flag,
        env.get("GUANTASK_LANG"),
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
    """The interface language in use: 'zh' or 'en' (files people open follow it)."""
    return _lang


def _(message: str) -> str:
    """The message in the current interface language."""
    return _translate(message)
