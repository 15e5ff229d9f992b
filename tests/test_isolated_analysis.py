"""Large articles are analysed in a child process with the same result."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.analysis import analyze, isolated
from reader.analysis.isolated import AnalysisJob
from reader.errors import ReaderError

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles" / "livingstone-resigns.txt"


def test_child_process_gives_the_same_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    text = SAMPLE.read_text(encoding="utf-8") * 3
    monkeypatch.setattr(isolated, "PROCESS_THRESHOLD", 100)
    job = AnalysisJob(text)
    assert job.run() == analyze(text)
    assert job._process is not None  # it really ran in a child


def test_a_backend_error_in_the_child_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolated, "PROCESS_THRESHOLD", 10)
    with pytest.raises(ReaderError, match="unknown analysis backend 'nope'"):
        AnalysisJob("Some text that is long enough.", backend="nope").run()


def test_cancel_stops_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolated, "PROCESS_THRESHOLD", 10)
    job = AnalysisJob(SAMPLE.read_text(encoding="utf-8") * 400)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            job.run()
        except ReaderError as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    while job._process is None:
        thread.join(0.01)
    job.cancel()
    thread.join(30)
    assert not thread.is_alive()
    assert errors and "stopped" in str(errors[0])
