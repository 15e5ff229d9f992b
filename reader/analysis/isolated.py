"""Analyse a large article in a child process, so the app's own thread stays free.

A thread is not enough for a multi-megabyte article: the rules run for seconds in
pure Python and long regex calls hold the GIL, so key presses would stall for up
to a tenth of a second at a time. Small articles are analysed in the calling
thread, where starting a process would cost more than the analysis.

The child is a plain ``python -m reader.analysis.isolated`` with pipes (not
``multiprocessing``, whose helper process needs a real ``sys.stderr``, which a
running Textual app has replaced). It reads the text on stdin and writes plain
tuples on stdout; the ``Analysis`` is rebuilt here in a Python loop, which lets
other threads run between objects.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from reader.analysis import analyze
from reader.analysis.model import Analysis, Entity, Quote
from reader.errors import ReaderError

PROCESS_THRESHOLD = 200_000
EVIDENCE_LIMIT = 1_000_000
"""Longer texts are analysed without speaker evidence: for ~20,000 quotes building it
and shipping it back from the child costs over a second before the side pane fills."""
"""Characters from which analysis moves to a child process."""

_ENCODING = ("utf-8", "surrogatepass")
TAGGING_PROCESSES = max(1, min(4, os.cpu_count() or 1))
"""Workers the child may fork to tag a long text's names (the result is the same)."""


def to_wire(analysis: Analysis) -> tuple[Any, ...]:
    """Plain tuples: cheap to pickle, cheap to unpickle in one go."""
    return (
        [
            (
                q.start,
                q.end,
                q.text,
                q.speaker,
                q.speaker_start,
                q.speaker_end,
                q.speaker_confidence,
                q.speaker_evidence,
            )
            for q in analysis.quotes
        ],
        [(e.start, e.end, e.text, e.label, e.canonical) for e in analysis.entities],
        [tuple(b) for b in analysis.boilerplate],
        analysis.backend,
    )


def from_wire(wire: tuple[Any, ...]) -> Analysis:
    quotes, entities, boilerplate, backend = wire
    return Analysis(
        quotes=tuple(Quote(*q) for q in quotes),
        entities=tuple(Entity(*e) for e in entities),
        boilerplate=tuple((int(s), int(e)) for s, e in boilerplate),
        backend=backend,
    )


class AnalysisJob:
    """One analysis that can be waited for from a worker thread, or cancelled."""

    def __init__(self, text: str, backend: str = "rules") -> None:
        self.text = text
        self.backend = backend
        self.explain = len(text) <= EVIDENCE_LIMIT
        self._process: subprocess.Popen[bytes] | None = None
        self._cancelled = False

    def run(self) -> Analysis:
        """Analyse (blocking); raises ``ReaderError`` on failure or cancellation."""
        if len(self.text) < PROCESS_THRESHOLD:
            return analyze(self.text, backend=self.backend, explain=self.explain)
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reader.analysis.isolated",
                self.backend,
                "explain" if self.explain else "plain",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        out, err = self._process.communicate(self.text.encode(*_ENCODING))
        if self._cancelled:
            raise ReaderError("analysis stopped")
        if self._process.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise ReaderError(lines[-1] if lines else "analysis failed")
        return from_wire(pickle.loads(out))

    def cancel(self) -> None:
        """Stop the child process, if there is one (the app is closing)."""
        self._cancelled = True
        if self._process is not None and self._process.poll() is None:
            self._process.kill()


def _main(argv: list[str]) -> int:
    """Child side: text on stdin, pickled tuples on stdout, one-line errors on stderr."""
    backend = argv[0] if argv else "rules"
    explain = len(argv) > 1 and argv[1] == "explain"
    text = sys.stdin.buffer.read().decode(*_ENCODING)
    if hasattr(os, "nice"):
        os.nice(5)  # the reader's keys come first when this child and its workers fill the cores
    try:
        # this child runs no threads, so it may fork workers for a book's names
        analysis = analyze(text, backend=backend, explain=explain, processes=TAGGING_PROCESSES)
    except ReaderError as exc:
        print(exc, file=sys.stderr)
        return 2
    pickle.dump(to_wire(analysis), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
