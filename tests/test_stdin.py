"""``-`` reads the article from standard input (a pipe), for analyze, annotate and the app."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

PAGE = Path(__file__).parent / "fixtures" / "news-page.html"


def run(*args: str, stdin: bytes, env_db: Path | None = None) -> subprocess.CompletedProcess:
    env = None
    if env_db is not None:
        import os

        env = {**os.environ, "READER_DB": str(env_db)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], input=stdin, capture_output=True, env=env
    )


def test_analyze_reads_text_from_a_pipe() -> None:
    done = run("analyze", "--format", "jsonl", "-", stdin=b'Piped\n\n"It works," said Ada Quint.\n')
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["title"] == "Piped"
    assert [q["speaker"] for q in doc["quotes"]] == ["Ada Quint"]


def test_analyze_reads_a_page_from_a_pipe() -> None:
    done = run("analyze", "--format", "jsonl", "-", stdin=PAGE.read_bytes())
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["title"] == "Harbour council approves tidal barrier"
    assert "Most read" not in doc["text"]


def test_annotate_reads_from_a_pipe(tmp_path: Path) -> None:
    db = tmp_path / "n.json"
    done = run("annotate", "-", "--match", "works", "--tag", "t", stdin=b"It works.\n", env_db=db)
    assert done.returncode == 0, done.stderr


def test_empty_input_is_one_line() -> None:
    done = run("analyze", "-", stdin=b"")
    assert done.returncode == 1
    assert done.stderr.decode().strip() == "reader: <stdin>: empty input, nothing to read"


def test_the_app_without_a_terminal_says_so_in_one_line() -> None:
    # A new session has no controlling terminal: there is nowhere to read keys from.
    done = subprocess.run(
        [sys.executable, "-m", "reader", "-"],
        input=b"text\n",
        capture_output=True,
        start_new_session=True,
        timeout=60,
    )
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "no terminal to read keys from" in err and err.count("\n") == 1


def test_the_app_reads_the_article_from_a_pipe_and_keys_from_the_terminal(
    tmp_path: Path,
) -> None:
    """``story | reader -`` in a terminal: the piped text is shown, ``q`` (typed at the
    terminal, not read from the pipe) quits."""
    import os
    import pty
    import select
    import time

    read_end, write_end = os.pipe()
    env = {**os.environ, "READER_DB": str(tmp_path / "n.json"), "TERM": "xterm-256color"}
    env.update(COLUMNS="100", LINES="30")
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the pty is its terminal, the pipe its standard input
        os.dup2(read_end, 0)
        os.close(write_end)
        os.execve(sys.executable, [sys.executable, "-m", "reader", "-"], env)
    os.close(read_end)
    os.write(write_end, b"A piped story\n\nWe will see, said Anna Berg.\n")
    os.close(write_end)
    screen, deadline, status = b"", time.monotonic() + 60, None
    try:
        while time.monotonic() < deadline and b"Anna Berg" not in screen:
            if select.select([terminal], [], [], 0.2)[0]:
                try:
                    screen += os.read(terminal, 65536)
                except OSError:
                    break
        assert b"Anna Berg" in screen, screen[-2000:]
        time.sleep(0.5)
        os.write(terminal, b"q")
        while time.monotonic() < deadline:
            finished, status = os.waitpid(pid, os.WNOHANG)
            if finished:
                break
            if select.select([terminal], [], [], 0.2)[0]:
                with contextlib.suppress(OSError):
                    os.read(terminal, 65536)
    finally:
        if status is None or not os.WIFEXITED(status):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(terminal)
    assert status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
