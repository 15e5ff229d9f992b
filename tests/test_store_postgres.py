"""The team store on a real PostgreSQL server: schema, credentials, faults, masking.

The behaviour both backends share is in ``test_store_contract.py``; here is what only a
server has: a schema version table, libpq's ways of finding a password, a line that
goes down mid-session, and many processes at once. Every error path checks that the
password never appears.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pgserver import Proxy, needs_psycopg, with_netloc

from reader.cli.main import main
from reader.export.csv_format import read_rows
from reader.notes.annotations import Annotation
from reader.store.errors import ConnectionLost, StoreError
from reader.store.opening import open_store

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles" / "livingstone-resigns.txt"


def _ann(i: int, prefix: str = "n") -> Annotation:
    return Annotation(
        id=f"{prefix}-{i:06d}", fingerprint="fp", source="/a.txt", start=i, end=i + 1, exact="w"
    )


def _password(url: str) -> str:
    return urlsplit(url).password or ""


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    return with_netloc(url, f"{parts.username}@{parts.hostname}:{parts.port}")


def _one_line_without(message: str, secret: str) -> None:
    assert "\n" not in message.strip()
    assert secret and secret not in message


# -- schema ---------------------------------------------------------------------------


def test_first_use_creates_the_schema_and_records_its_version(postgres_db: str) -> None:
    import psycopg

    from reader.store.postgres.schema import SCHEMA_VERSION

    with open_store(postgres_db):
        pass
    with psycopg.connect(postgres_db) as conn:
        assert conn.execute("SELECT version FROM reader_schema").fetchall() == [(SCHEMA_VERSION,)]
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes").fetchall()}
    assert {"reader_annotations_fingerprint", "reader_annotations_source"} <= indexes


def test_a_database_from_a_newer_reader_is_refused_untouched(postgres_db: str) -> None:
    import psycopg

    with open_store(postgres_db) as store:
        store.add(_ann(1))
    with psycopg.connect(postgres_db, autocommit=True) as conn:
        conn.execute("UPDATE reader_schema SET version = 99")
    with pytest.raises(StoreError, match="newer reader") as info:
        open_store(postgres_db)
    _one_line_without(str(info.value), _password(postgres_db))
    with psycopg.connect(postgres_db) as conn:
        assert conn.execute("SELECT count(*) FROM reader_annotations").fetchone() == (1,)


_OPENER = "import sys; from reader.store.opening import open_store; open_store(sys.argv[1]).close()"


def test_four_readers_starting_on_a_new_database_at_once_all_open(postgres_db: str) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", _OPENER, postgres_db], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=60)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors


# -- choosing the backend ---------------------------------------------------------------


def test_another_url_scheme_is_one_line_and_makes_no_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", "mysql://ann:s3cret@db.example/notes"]) == 2
    err = capsys.readouterr().err.strip()
    assert "unsupported database URL scheme 'mysql'" in err
    _one_line_without(err, "s3cret")
    assert list(tmp_path.iterdir()) == []


def test_without_psycopg_the_message_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.delitem(sys.modules, "reader.store.postgres.store", raising=False)
    monkeypatch.delitem(sys.modules, "reader.store.postgres.connection", raising=False)
    monkeypatch.delitem(sys.modules, "reader.store.postgres.schema", raising=False)
    assert main(["export", "--db", "postgresql://ann:s3cret@127.0.0.1/x"]) == 2
    err = capsys.readouterr().err.strip()
    assert "reader[postgres]" in err
    _one_line_without(err, "s3cret")


# -- faults at the start ---------------------------------------------------------------


def test_server_down_at_start_is_one_line_exit_2_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import socket

    needs_psycopg()
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://ann:pa55word@127.0.0.1:{port}/notes"
    assert main([str(SAMPLE), "--db", url]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"reader: postgresql://ann:***@127.0.0.1:{port}/notes: cannot connect")
    _one_line_without(err, "pa55word")


def test_a_wrong_password_is_masked_in_the_url_and_in_the_option(postgres_db: str) -> None:
    bad = with_netloc(
        postgres_db, urlsplit(postgres_db).netloc.replace(_password(postgres_db), "WrongPass1")
    )
    with pytest.raises(StoreError, match="password authentication failed") as info:
        open_store(bad)
    _one_line_without(str(info.value), "WrongPass1")
    as_option = f"{_without_password(postgres_db)}?password=WrongPass2&sslmode=disable"
    with pytest.raises(StoreError) as info:
        open_store(as_option)
    _one_line_without(str(info.value), "WrongPass2")
    assert "password=***" in str(info.value) and "sslmode=disable" in str(info.value)


def test_the_password_can_come_from_pgpassword_or_pgpass(
    postgres_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare, secret = _without_password(postgres_db), _password(postgres_db)
    monkeypatch.setenv("PGPASSWORD", secret)
    with open_store(bare) as store:
        store.add(_ann(1))
    monkeypatch.delenv("PGPASSWORD")
    parts = urlsplit(postgres_db)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{parts.hostname}:{parts.port}:*:{parts.username}:{secret}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with open_store(bare) as store:
        assert len(store) == 1


def test_pgpassword_never_shows_in_an_error(
    postgres_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "EnvSecret9")
    with pytest.raises(StoreError) as info:
        open_store(_without_password(postgres_db))
    _one_line_without(str(info.value), "EnvSecret9")


def test_libpq_options_such_as_sslmode_pass_through(postgres_db: str) -> None:
    # The throwaway server has no TLS: sslmode=require must reach libpq and fail there.
    with pytest.raises(StoreError, match="SSL") as info:
        open_store(f"{postgres_db}?sslmode=require")
    _one_line_without(str(info.value), _password(postgres_db))
    with open_store(f"{postgres_db}?sslmode=disable&application_name=newsroom") as store:
        assert len(store) == 0


# -- faults mid-session ----------------------------------------------------------------


def test_a_lost_connection_says_not_saved_and_the_next_save_reconnects(postgres_db: str) -> None:
    proxy = Proxy(postgres_db)
    try:
        store = open_store(proxy.url)
        store.add(_ann(1))
        proxy.cut()
        with pytest.raises(ConnectionLost) as info:
            store.add(_ann(2))
        message = str(info.value)
        assert "connection lost, not saved" in message
        _one_line_without(message, _password(postgres_db))
        with pytest.raises(ConnectionLost, match="cannot connect"):
            store.add(_ann(2))  # still down: the retry fails too, nothing half-saved
        proxy.mend()
        store.add(_ann(2))
        assert [a.id for a in store.annotations()] == ["n-000001", "n-000002"]
        store.close()
    finally:
        proxy.close()


_WRITER = textwrap.dedent(
    """
    import sys
    from reader.notes.annotations import Annotation
    from reader.store.opening import open_store

    url, prefix = sys.argv[1], sys.argv[2]
    store = open_store(url)
    print("ready", flush=True)
    i = 0
    while True:
        store.add(Annotation(id=f"{prefix}-{i:06d}", fingerprint="fp", source="s",
                             start=i, end=i + 1, exact="x" * 40, note="n" * 300))
        print(i, flush=True)
        i += 1
    """
)


def test_kill_9_storm_of_four_writers_loses_nothing_acknowledged(postgres_db: str) -> None:
    with open_store(postgres_db):
        pass  # the schema, before the storm
    acked: dict[str, int] = {}
    for round_ in range(3):
        procs = {
            f"r{round_}w{k}": subprocess.Popen(
                [sys.executable, "-c", _WRITER, postgres_db, f"r{round_}w{k}"],
                stdout=subprocess.PIPE,
                text=True,
            )
            for k in range(4)
        }
        for proc in procs.values():
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(0.3 + 0.1 * round_)
        for proc in procs.values():
            os.kill(proc.pid, signal.SIGKILL)
        for prefix, proc in procs.items():
            assert proc.stdout is not None
            lines = proc.stdout.read().split()
            proc.stdout.close()
            proc.wait()
            acked[prefix] = int(lines[-1]) if lines else -1
    with open_store(postgres_db) as store:
        ids = {a.id for a in store.annotations()}
    for prefix, last in acked.items():
        mine = sorted(int(i.rsplit("-", 1)[1]) for i in ids if i.startswith(prefix + "-"))
        assert mine[: last + 1] == list(range(last + 1))  # every acknowledged save is there
        assert len(mine) <= last + 2  # at most the one in flight besides
    assert sum(acked.values()) > 20


# -- migrate ---------------------------------------------------------------------------


def test_migrate_file_to_server_and_back_is_idempotent(
    postgres_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "mine.json"
    assert (
        main(["annotate", str(SAMPLE), "--match", "Livingstone", "--tag", "x", "--db", str(source)])
        == 0
    )
    assert main(["migrate", "--from", str(source), "--to", postgres_db]) == 0
    assert "copied 1 note and 1 article record" in capsys.readouterr().err
    assert main(["migrate", "--from", str(source), "--to", postgres_db]) == 0
    err = capsys.readouterr().err
    assert "copied 0 notes and 0 article records" in err
    _one_line_without(err, _password(postgres_db))
    back = tmp_path / "back.json"
    assert main(["migrate", "--from", postgres_db, "--to", str(back)]) == 0
    with open_store(str(source)) as a, open_store(str(back)) as b:
        assert a.annotations() == b.annotations()
        assert a.articles() == b.articles()


def test_migrate_is_all_or_nothing(postgres_db: str, tmp_path: Path) -> None:
    source = tmp_path / "mine.json"
    with open_store(str(source)) as store:
        store.add_many([_ann(1), _ann(2)])
        broken = Annotation(
            id="bad", fingerprint="fp", source="s", start=2**40, end=2**40 + 1, exact="w"
        )
        store.add(broken)  # the file takes it; the server's integer column does not
    assert main(["migrate", "--from", str(source), "--to", postgres_db]) == 2
    with open_store(postgres_db) as store:
        assert len(store) == 0


def test_migrate_from_a_missing_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["migrate", "--from", str(tmp_path / "nope.json"), "--to", str(tmp_path / "b.json")])
        == 2
    )
    assert "no such database file" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()


def test_annotate_export_and_import_work_on_the_server_unchanged(
    postgres_db: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    argv = ["annotate", str(SAMPLE), "--match", "Livingstone", "--tag", "check"]
    assert main([*argv, "--note", "source?", "--user", "carol", "--db", postgres_db]) == 0
    exported = tmp_path / "notes.json"
    assert main(["export", "--db", postgres_db, "-o", str(exported)]) == 0
    capsysbinary.readouterr()
    assert main(["export", "--db", postgres_db, "--format", "csv", "--tag", "check"]) == 0
    [row] = read_rows(capsysbinary.readouterr().out.decode())
    assert (row["note"], row["author"]) == ("source?", "carol")
    copy = tmp_path / "copy.json"
    assert main(["import", str(exported), "--db", str(copy)]) == 0
    with open_store(str(copy)) as store, open_store(postgres_db) as server:
        assert [a.note for a in store.annotations()] == ["source?"]
        assert store.annotations()[0].author == "carol"
        assert [a.id for a in store.annotations()] == [a.id for a in server.annotations()]


def test_a_member_who_may_not_create_tables_uses_a_set_up_database(postgres_db: str) -> None:
    import uuid

    import psycopg

    with open_store(postgres_db) as admin:  # the first user sets it up
        admin.add(_ann(1))
    role, secret = f"member_{uuid.uuid4().hex[:8]}", "Member-pw-1"
    database = urlsplit(postgres_db).path.lstrip("/")
    with psycopg.connect(postgres_db, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{secret}'")  # generated name
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        conn.execute(f'REVOKE CREATE ON DATABASE "{database}" FROM PUBLIC')
        conn.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        conn.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")
    parts = urlsplit(postgres_db)
    member = with_netloc(postgres_db, f"{role}:{secret}@{parts.hostname}:{parts.port}")
    try:
        with open_store(member) as store:
            store.add(_ann(2))
            assert len(store) == 2
    finally:
        with psycopg.connect(postgres_db, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}; DROP ROLE {role}")


def test_a_version_1_database_is_upgraded_and_keeps_its_notes(postgres_db: str) -> None:
    import psycopg

    from reader.store.postgres.schema import MIGRATIONS, SCHEMA_VERSION
    from reader.store.records import ArticleMetadata

    with psycopg.connect(postgres_db, autocommit=True) as conn:  # as reader v1 left it
        conn.execute("CREATE TABLE reader_schema (version integer NOT NULL)")
        for statement in MIGRATIONS[0]:
            conn.execute(statement)  # type: ignore[arg-type]
        conn.execute("INSERT INTO reader_schema VALUES (1)")
        conn.execute(
            "INSERT INTO reader_articles (fingerprint, path, title) VALUES ('fp', '/a', 'A')"
        )
    with open_store(postgres_db) as store:
        assert store.article_record("fp").title == "A"  # type: ignore[union-attr]
        store.remember_article(
            fingerprint="fp", path="/a", title="A", metadata=ArticleMetadata(url="https://x.test/a")
        )
        assert store.article_record("fp").url == "https://x.test/a"  # type: ignore[union-attr]
    with psycopg.connect(postgres_db) as conn:
        assert conn.execute("SELECT version FROM reader_schema").fetchone() == (SCHEMA_VERSION,)
    assert SCHEMA_VERSION == 2
