"""Where the database is: a file path or a PostgreSQL URL, and how a URL may be shown (never
with its password). Cheap to import: no driver."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def is_server_url(location: object) -> bool:
    """True for a PostgreSQL connection URL (`postgresql://...` or `postgres://...`)."""
    return isinstance(location, str) and location.lower().startswith(
        ("postgresql://", "postgres://")
    )


def shown(location: object) -> str:
    """A database location as messages show it."""
    return redact(str(location)) if is_server_url(location) else str(location)


def redact(url: str) -> str:
    """The URL without its password (in the user part or a `password=` parameter)."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            user, _sep, host = netloc.rpartition("@")
            netloc = f"{user.split(':', 1)[0]}@{host}"
        query = urlencode(
            [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"]
        )
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return "postgresql://…"


def secrets_of(url: str) -> list[str]:
    """The password(s) a URL carries, to be scrubbed from any message."""
    found: list[str] = []
    try:
        parts = urlsplit(url)
        if parts.password:
            found.append(parts.password)
        found += [v for k, v in parse_qsl(parts.query) if k == "password" and v]
    except ValueError:
        pass
    return found
