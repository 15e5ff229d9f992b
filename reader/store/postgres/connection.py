"""One connection to the team database: opened lazily, reopened after it is lost.

Credentials and options come from the URL exactly as libpq reads it, so ``PGPASSWORD``,
``~/.pgpass``, ``sslmode`` and every other libpq option work as they do for ``psql``.
Every error becomes one ``StoreError`` line naming the database by its masked URL, with
any password scrubbed from the driver's text too: a password never reaches a message.

A lost connection (server restarted, network gone) is dropped; the next call connects
again, so the app's retries of unsaved notes reconnect by themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import psycopg
from psycopg.conninfo import conninfo_to_dict

from reader.store.errors import ConnectionLost, StoreError
from reader.store.location import mask_url, scrub

__all__ = ["CONNECT_TIMEOUT", "Link"]

CONNECT_TIMEOUT = 5
"""Seconds to wait for the server when the URL sets no ``connect_timeout``."""

_DEFAULTS = {
    "connect_timeout": str(CONNECT_TIMEOUT),
    "application_name": "reader",
    # Notice a dead server within a minute instead of waiting on TCP for hours.
    "keepalives": "1",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
}


class Link:
    """A lazily (re)opened autocommit connection; callers hold their own lock."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.name = mask_url(url)
        self._conn: psycopg.Connection | None = None
        self._was_connected = False
        """After the first connection, failing to connect again means the line is down."""
        try:
            given = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.name}: not a valid PostgreSQL URL ({self.reason(exc)})"
            ) from None
        self._options = {k: v for k, v in _DEFAULTS.items() if k not in given}

    def reason(self, exc: BaseException) -> str:
        """The driver's message on one line, with no password in it."""
        return scrub(str(exc) or type(exc).__name__, self.url)

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed

    def connection(self) -> psycopg.Connection:
        """The open connection, connecting first if there is none."""
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        self.drop()
        try:
            self._conn = psycopg.connect(self.url, autocommit=True, **self._options)
        except psycopg.Error as exc:
            error = ConnectionLost if self._was_connected else StoreError
            raise error(f"{self.name}: cannot connect ({self.reason(exc)})") from None
        self._was_connected = True
        return self._conn

    def drop(self) -> None:
        """Forget the connection (after it failed); the next call connects again."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with suppress(psycopg.Error):
                conn.close()

    @contextmanager
    def errors(self, *, writing: bool) -> Iterator[None]:
        """Turn driver errors inside the block into one ``StoreError`` line.

        A lost connection is dropped (so the next call reconnects) and raised as
        ``ConnectionLost``; other database errors name what the server said.
        """
        try:
            yield
        except StoreError:
            raise
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            lost = self._conn is None or self._conn.closed or self._conn.broken
            if lost or isinstance(exc, psycopg.InterfaceError):
                self.drop()
                what = "connection lost, not saved" if writing else "connection lost"
                raise ConnectionLost(f"{self.name}: {what} ({self.reason(exc)})") from None
            raise StoreError(f"{self.name}: {self.reason(exc)}") from None
        except psycopg.Error as exc:
            raise StoreError(f"{self.name}: {self.reason(exc)}") from None

    def close(self) -> None:
        self.drop()
