"""What ``--db`` / ``$READER_DB`` names: a database file, or a PostgreSQL server by URL.

Apart from the stores so the command line can name the database (in help and errors)
without opening it, and so a password in a URL never reaches a message: every message
names a database by ``masked()``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from reader.store.errors import StoreError
from reader.store.paths import DB_ENV, default_db_path

__all__ = ["POSTGRES_SCHEMES", "DbLocation", "mask_url", "parse_location", "scrub"]

POSTGRES_SCHEMES = ("postgresql", "postgres")
"""The schemes libpq accepts for a connection URL."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_MASK = "***"


def mask_url(url: str) -> str:
    """The URL with its password (in the user part or a ``password=`` option) as ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"(//[^:/@]*:)[^@]*@", rf"\1{_MASK}@", url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        if ":" in user:
            user = user.split(":", 1)[0] + ":" + _MASK
        netloc = f"{user}@{host}"
    query = parts.query
    if query:
        pairs = [
            (k, _MASK if k.lower() == "password" else v)
            for k, v in parse_qsl(query, keep_blank_values=True)
        ]
        query = urlencode(pairs, safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _secrets(url: str) -> list[str]:
    """Every password the URL or the environment carries, to scrub from server messages."""
    found = []
    try:
        parts = urlsplit(url)
        if parts.password:
            found.append(parts.password)
        found += [v for k, v in parse_qsl(parts.query) if k.lower() == "password" and v]
    except ValueError:
        pass
    if os.environ.get("PGPASSWORD"):
        found.append(os.environ["PGPASSWORD"])
    return [s for s in found if len(s) >= 1]


def scrub(text: str, url: str) -> str:
    """``text`` (a driver's message) on one line, with any password from ``url`` masked."""
    line = " ".join(str(text).split())
    for secret in sorted(_secrets(url), key=len, reverse=True):
        line = line.replace(secret, _MASK)
    return line


@dataclass(frozen=True, slots=True)
class DbLocation:
    """Either a file path or a PostgreSQL URL (exactly one is set)."""

    path: Path | None = None
    url: str | None = None

    @property
    def is_postgres(self) -> bool:
        return self.url is not None

    def masked(self) -> str:
        """How messages name it: the path, or the URL without its password."""
        return mask_url(self.url) if self.url is not None else str(self.path)


def parse_location(db: str | None = None) -> DbLocation:
    """``--db`` if given, else ``$READER_DB``, else the default file.

    A ``postgresql://`` (or ``postgres://``) URL names a server; any other ``scheme://``
    is refused with one line, rather than becoming a folder named after the scheme.
    """
    chosen = db or os.environ.get(DB_ENV) or None
    if not chosen:
        return DbLocation(path=default_db_path())
    match = _SCHEME.match(chosen)
    if match is None:
        return DbLocation(path=Path(chosen).expanduser())
    if match.group(1).lower() in POSTGRES_SCHEMES:
        return DbLocation(url=chosen)
    raise StoreError(
        f"{mask_url(chosen)}: unsupported database URL scheme {match.group(1)!r} "
        "(give a file path or a postgresql:// URL)"
    )
