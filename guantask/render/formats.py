"""The formats of the weekly report and of the chase notices: their own module, so that the
commands that print neither do not build these enums at start-up (`Format` is in `output`)."""

from enum import StrEnum


class ReportFormat(StrEnum):
    """Formats of the weekly report."""

    TEXT = "text"
    MD = "md"
    HTML = "html"
    JSON = "json"


class ChaseFormat(StrEnum):
    """Formats of the chase notices."""

    TEXT = "text"
    MD = "md"
    JSON = "json"
