"""The analysis pauses the cycle collector for its run and always resumes it."""

from __future__ import annotations

import gc

import pytest

from reader.analysis import analyze
from reader.errors import ReaderError


def test_the_cycle_collector_is_on_again_after_an_analysis_even_a_failed_one() -> None:
    assert gc.isenabled()
    analyze('"We won," said Dana Okafor.')
    assert gc.isenabled()
    with pytest.raises(ReaderError):
        analyze("text", backend="nonsense")
    assert gc.isenabled()


def test_a_caller_who_paused_the_collector_finds_it_paused() -> None:
    gc.disable()
    try:
        analyze('"We won," said Dana Okafor.')
        assert not gc.isenabled()
    finally:
        gc.enable()
