"""``reader corpus analyze``: a corpus on Dask writes what ``reader analyze`` prints.

The cluster tests share one local cluster of two worker processes per module (started
once, reached with ``--scheduler``); one test lets the command start its own with
``--workers 2``. They skip, saying why, without the ``corpus`` extra; the tests of
the missing extra, of a document whose analysis raises and of the progress bar need
no cluster and always run.
"""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.article.loading import find_articles
from reader.cli.corpus_analyze import ProgressBar
from reader.cli.main import main
from reader.corpus.distributed import analyze_partition, work_items
from reader.errors import ReaderError

ROOT = Path(__file__).resolve().parents[1]
HAVE_CORPUS_EXTRA = all(
    importlib.util.find_spec(name) is not None for name in ("dask", "distributed", "pyarrow")
)
needs_dask = pytest.mark.skipif(
    not HAVE_CORPUS_EXTRA,
    reason="needs the corpus extra (dask, distributed, pyarrow): pip install '.[corpus]'",
)
NO_QUOTES = "Council notice\n\nThe library on Mill Street opens at nine on Saturdays.\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles, a saved page in a sub-folder and a story with no quotes."""
    folder = tmp_path_factory.mktemp("corpus")
    for sample in (ROOT / "sample_articles").iterdir():
        shutil.copy(sample, folder)
    (folder / "pages").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "news-page.html", folder / "pages")
    (folder / "notice.txt").write_text(NO_QUOTES, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a local cluster of two single-threaded worker processes."""
    if not HAVE_CORPUS_EXTRA:
        pytest.skip("needs the corpus extra (dask, distributed, pyarrow)")
    import logging

    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=":0",
        silence_logs=logging.CRITICAL,
    ) as cluster:
        yield cluster.scheduler_address


def _sources(*paths: Path) -> list[str]:
    return [str(p) for p in find_articles([str(p) for p in paths], recursive=True)]


def _serial_jsonl(sources: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What plain ``reader analyze --format jsonl`` prints for these files, line by line."""
    capsys.readouterr()
    main(["analyze", "--format", "jsonl", *sources])
    return capsys.readouterr().out.splitlines()


def _corpus(*args: str) -> int:
    return main(["corpus", "analyze", *args])


@needs_dask
def test_two_local_workers_write_what_reader_analyze_prints(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert _corpus(str(corpus), "-r", "--out", str(out), "--workers", "2") == 0
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    sources = _sources(corpus)
    assert len(sources) == 5
    assert summary.startswith(f"reader: {len(sources)} documents, 0 failed, ")
    written = out.read_text(encoding="utf-8").splitlines()
    assert sorted(written) == sorted(_serial_jsonl(sources, capsys))
    assert {json.loads(line)["source"] for line in written} == set(sources)


@needs_dask
def test_an_existing_cluster_does_the_work(
    corpus: Path, scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from distributed import Client

    out = tmp_path / "out.jsonl"
    assert _corpus(str(corpus), "--out", str(out), "--scheduler", scheduler) == 0
    written = out.read_text(encoding="utf-8").splitlines()
    # Without -r the saved page in the sub-folder is not part of the corpus.
    assert sorted(written) == sorted(_serial_jsonl(_sources(*sorted(corpus.glob("*.*"))), capsys))
    with Client(scheduler) as client:
        prefixes = client.run_on_scheduler(
            lambda dask_scheduler: list(dask_scheduler.task_prefixes)
        )
    assert "analyze_partition" in prefixes


@needs_dask
def test_parquet_tables_hold_the_jsonl_quotes_and_entities(
    corpus: Path, scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    assert (
        _corpus(str(corpus), "-r", "--out", str(tmp_path / "c.parquet"), "--scheduler", scheduler)
        == 0
    )
    assert "wrote " + str(tmp_path / "c.quotes.parquet") in capsys.readouterr().err
    records = [json.loads(line) for line in _serial_jsonl(_sources(corpus), capsys)]
    quotes = pq.read_table(tmp_path / "c.quotes.parquet")
    entities = pq.read_table(tmp_path / "c.entities.parquet")
    string, integer = pa.string(), pa.int64()
    assert [(f.name, f.type) for f in quotes.schema] == [
        ("source", string),
        ("title", string),
        ("start", integer),
        ("end", integer),
        ("text", string),
        ("speaker", string),
        ("speaker_start", integer),
        ("speaker_end", integer),
        ("speaker_confidence", pa.float64()),
    ]
    assert [(f.name, f.type) for f in entities.schema] == [
        ("source", string),
        ("title", string),
        ("start", integer),
        ("end", integer),
        ("text", string),
        ("label", string),
        ("canonical", string),
    ]
    expected_quotes = sorted(
        (r["source"], r["title"], q["start"], q["end"], q["text"], q["speaker"])
        for r in records
        for q in r["quotes"]
    )
    rows = quotes.to_pylist()
    assert len(rows) == len(expected_quotes) > 0
    assert (
        sorted(
            (q["source"], q["title"], q["start"], q["end"], q["text"], q["speaker"]) for q in rows
        )
        == expected_quotes
    )
    expected_entities = sorted(
        (r["source"], e["start"], e["end"], e["label"], e["canonical"])
        for r in records
        for e in r["entities"]
    )
    found = sorted(
        (e["source"], e["start"], e["end"], e["label"], e["canonical"])
        for e in entities.to_pylist()
    )
    assert found == expected_entities and len(found) > 0


@needs_dask
def test_a_failing_document_is_reported_and_the_rest_written(
    corpus: Path, scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, empty = tmp_path / "bad.txt", tmp_path / "empty.txt"
    bad.write_bytes(b"\x00\x01\x02\x03 not text")
    empty.write_bytes(b"")
    url = "http://127.0.0.1:9/story"  # the discard port: nobody answers
    good, gone = corpus / "livingstone-resigns.txt", tmp_path / "gone.txt"
    out = tmp_path / "out.jsonl"
    code = _corpus(
        str(good),
        str(bad),
        str(empty),
        url,
        str(gone),
        "--out",
        str(out),
        "--scheduler",
        scheduler,
    )
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert f"reader: {bad}: binary file, not text" in err
    assert f"reader: {empty}: empty file, nothing to read" in err
    assert f"reader: {gone}: no such file or folder" in err  # named, and the run goes on
    assert any(line.startswith(f"reader: {url}: cannot connect") for line in err), err
    assert err[-1].startswith("reader: 5 documents, 4 failed, ")
    assert out.read_text(encoding="utf-8").splitlines() == _serial_jsonl([str(good)], capsys)


@needs_dask
def test_a_backend_that_cannot_run_stops_the_run_with_one_line(
    corpus: Path, scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if importlib.util.find_spec("spacy") is not None:
        pytest.skip("spaCy is installed here: the spacy backend can run")
    out = str(tmp_path / "out.jsonl")
    code = _corpus(str(corpus), "--out", out, "--scheduler", scheduler, "--backend", "spacy")
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err == [err[0]] and err[0].startswith("reader: the spacy backend needs spaCy")


@needs_dask
def test_an_output_that_is_neither_jsonl_nor_parquet_is_refused_before_starting(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert _corpus(str(corpus), "--out", str(out)) == 2
    assert capsys.readouterr().err == f"reader: {out}: --out must end in .jsonl or .parquet\n"
    assert not out.exists()


def test_without_the_extra_the_command_says_what_to_install(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("dask", "dask.bag", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)  # "import dask" now fails
    assert _corpus(str(corpus), "--out", str(tmp_path / "out.jsonl")) == 2
    assert capsys.readouterr().err == (
        "reader: corpus analysis needs Dask: pip install 'reader[corpus]'\n"
    )


def test_the_command_line_loads_without_dask() -> None:
    blocked = "dask", "distributed", "pyarrow"
    probe = (
        "import sys\n"
        f"for name in {blocked!r}: sys.modules[name] = None\n"
        "import reader.corpus.distributed, reader.corpus.outputs\n"
        "from reader.cli.main import build_parser\n"
        "build_parser().parse_args(['corpus', 'analyze', 'x', '--out', 'y.jsonl'])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_a_document_whose_analysis_raises_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.analysis

    real = reader.analysis.analyze

    def analyze(text: str, backend: str = "rules", explain: bool = False):
        if "boom" in text:
            raise RuntimeError("the tagger fell over")
        return real(text, backend=backend, explain=explain)

    monkeypatch.setattr(reader.analysis, "analyze", analyze)
    (tmp_path / "boom.txt").write_text("Boom\n\nThis one goes boom.\n", encoding="utf-8")
    (tmp_path / "fine.txt").write_text(NO_QUOTES, encoding="utf-8")
    items = work_items([str(tmp_path / "boom.txt"), str(tmp_path / "fine.txt")])
    result = analyze_partition(items, "rules", "jsonl")
    assert result.failures == [
        (str(tmp_path / "boom.txt"), "analysis failed (RuntimeError: the tagger fell over)")
    ]
    assert [json.loads(line)["source"] for line in result.lines] == [str(tmp_path / "fine.txt")]
    with pytest.raises(ReaderError, match="unknown analysis backend"):
        analyze_partition(items[1:], "nonsense", "jsonl")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_on_a_terminal_only() -> None:
    terminal, log = _Terminal(), io.StringIO()
    for stream in (terminal, log):
        bar = ProgressBar(stream)
        bar.update(4, 10, 0)
        bar.say("reader: a.txt: empty file, nothing to read")
        bar.update(10, 10, 1)
        bar.close()
    screen = terminal.getvalue()
    assert "4/10 documents, 0 failed" in screen and "10/10 documents, 1 failed" in screen
    assert "\r\x1b[Kreader: a.txt: empty file, nothing to read\n" in screen
    assert screen.endswith("\r\x1b[K")  # the bar is gone when the summary is printed
    assert log.getvalue() == "reader: a.txt: empty file, nothing to read\n"
