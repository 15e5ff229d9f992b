"""``-`` reads the article from standard input (a pipe), for analyze and annotate."""

from __future__ import annotations

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


def test_the_app_says_why_it_cannot_read_a_pipe() -> None:
    done = run("-", stdin=b"text\n")
    assert done.returncode == 2
    assert "cannot read the article from standard input" in done.stderr.decode()
    assert done.stderr.decode().count("\n") == 1
