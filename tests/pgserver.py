"""A PostgreSQL server for the team-store tests: a fresh database per test, and a proxy
that can cut the line.

The server is the one ``$READER_TEST_POSTGRES`` names (a URL whose user may create
databases); ``scripts/test-postgres start`` starts a throwaway one and prints the line
to export. Without it the PostgreSQL tests skip, saying so; under CI (``CI`` set) they
fail instead, so a broken server setup cannot pass as green.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit, urlunsplit

import pytest

SERVER_ENV = "READER_TEST_POSTGRES"
NO_SERVER = (
    f"no PostgreSQL server for the team-store tests: set {SERVER_ENV} to a URL "
    '(eval "$(scripts/test-postgres start)" starts a throwaway one)'
)


def server_url() -> str:
    """The admin URL, or skip (fail under CI) with the reason."""
    url = os.environ.get(SERVER_ENV, "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(NO_SERVER)
        pytest.skip(NO_SERVER)
    needs_psycopg()
    return url


def needs_psycopg() -> None:
    """Skip (fail under CI) where the ``postgres`` extra is not installed."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = "psycopg is not installed (pip install 'reader[postgres]')"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def with_netloc(url: str, netloc: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty database on the test server; dropped afterwards. Yields its URL."""
    admin = server_url()
    import psycopg

    name = f"reader_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a generated name, not user input
    try:
        yield with_database(admin, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Proxy:
    """A TCP forwarder on 127.0.0.1 to the server: ``cut()`` drops every connection and
    refuses new ones (a network outage), ``mend()`` lets them through again."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        userinfo = parts.netloc.rpartition("@")[0]
        self.url = with_netloc(url, f"{userinfo}@127.0.0.1:{self.port}")
        self._open = True
        self._stop = False
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        self._listener.settimeout(0.05)
        while not self._stop:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._open:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 0.1)
                if self._stop:
                    return
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (b if sock is a else a).sendall(data)
        except (OSError, ValueError):  # cut: the sockets were closed under us
            return
        finally:
            for sock in (a, b):
                with suppress(OSError):
                    sock.close()

    def cut(self) -> None:
        self._open = False
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with suppress(OSError):
                    sock.close()

    def mend(self) -> None:
        self._open = True

    def close(self) -> None:
        self._stop = True
        self.cut()
        self._listener.close()
        self._thread.join(timeout=2)
