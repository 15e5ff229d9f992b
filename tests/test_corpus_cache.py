"""The analysis cache: hits, what makes it miss, broken entries, writers racing, the app."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import COUNCIL_TEXT, SAMPLE, article_file

import reader.analysis
from reader.analysis.model import Analysis, Quote
from reader.analysis.speakers.ranker import ranker_path, read_model
from reader.article.loading import load_article
from reader.corpus import cache as cache_module
from reader.corpus.cache import AnalysisCache, cache_dir, cached_analysis
from reader.corpus.version import analyser_version

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Texts ``reader.analysis.analyze`` was asked to analyse (it still analyses)."""
    seen: list[str] = []
    real = reader.analysis.analyze

    def counting(text: str, backend: str = "rules", explain: bool = False) -> Analysis:
        seen.append(text)
        return real(text, backend=backend, explain=explain)

    monkeypatch.setattr(reader.analysis, "analyze", counting)
    return seen


def test_the_default_folder_is_in_the_user_cache(isolated_user_dirs: Path) -> None:
    assert cache_dir() == isolated_user_dirs / "cache" / "reader" / "analysis"
    assert AnalysisCache().folder == cache_dir()


def test_a_second_analysis_is_read_not_run(tmp_path: Path, calls: list[str]) -> None:
    article = load_article(SAMPLE)
    first = cached_analysis(article)
    again = cached_analysis(article)
    assert calls == [article.text]
    assert again == first and again.quotes
    assert list(cache_dir().rglob(f"{article.fingerprint}.json"))


def test_an_edited_file_misses(tmp_path: Path, calls: list[str]) -> None:
    article = article_file(tmp_path)
    cached_analysis(article)
    edited = article_file(tmp_path, COUNCIL_TEXT + '"We will appeal," the mayor said.\n')
    assert edited.fingerprint != article.fingerprint
    assert any(q.text == '"We will appeal,"' for q in cached_analysis(edited).quotes)
    assert len(calls) == 2
    cached_analysis(article)  # the old text is still kept
    assert len(calls) == 2


def test_a_new_analyser_version_misses(monkeypatch: pytest.MonkeyPatch, calls: list[str]) -> None:
    article = load_article(SAMPLE)
    cached_analysis(article)
    monkeypatch.setattr(cache_module, "analyser_version", lambda backend="rules": "f" * 64)
    cached_analysis(article)
    assert len(calls) == 2
    cached_analysis(article)
    assert len(calls) == 2


def test_a_speaker_model_with_other_bytes_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[str]
) -> None:
    article = load_article(SAMPLE)
    cached_analysis(article)
    same = tmp_path / "same.model"
    same.write_bytes(ranker_path().read_bytes())
    monkeypatch.setenv("READER_SPEAKER_MODEL", str(same))
    cached_analysis(article)
    assert len(calls) == 1  # the same model, wherever it lies, is the same analyser
    model = read_model(same)
    feature = next(iter(model.first.weights))
    model.first.weights[feature] += 1.0
    retrained = tmp_path / "retrained.model"
    model.save(retrained)
    monkeypatch.setenv("READER_SPEAKER_MODEL", str(retrained))
    cached_analysis(article)
    assert len(calls) == 2


def test_the_entity_model_is_part_of_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = analyser_version()
    other = tmp_path / "entities.model"
    other.write_bytes(b"not the shipped model")
    monkeypatch.setenv("READER_ENTITY_MODEL", str(other))
    assert analyser_version() != before
    monkeypatch.delenv("READER_ENTITY_MODEL")
    assert analyser_version() == before


def _entry(article_fingerprint: str) -> Path:
    (path,) = cache_dir().rglob(f"{article_fingerprint}.json")
    return path


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"",
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"\xff\xfe not json",
        lambda raw: b"[1, 2]",
        lambda raw: raw.replace(b'"quotes":[', b'"quotes":[7,', 1),
    ],
    ids=["empty", "half", "garbage", "not-an-entry", "bad-quote"],
)
def test_a_broken_entry_is_a_miss_and_is_replaced(damage, calls: list[str]) -> None:
    article = load_article(SAMPLE)
    good = cached_analysis(article)
    entry = _entry(article.fingerprint)
    entry.write_bytes(damage(entry.read_bytes()))
    assert AnalysisCache().get(article.fingerprint) is None
    assert cached_analysis(article) == good
    assert len(calls) == 2
    assert AnalysisCache().get(article.fingerprint) == good  # replaced whole


def test_an_entry_for_another_article_is_a_miss(calls: list[str]) -> None:
    article = load_article(SAMPLE)
    cached_analysis(article)
    entry = _entry(article.fingerprint)
    data = json.loads(entry.read_bytes())
    data["fingerprint"] = "0" * 64
    entry.write_text(json.dumps(data))
    assert AnalysisCache().get(article.fingerprint) is None


def test_evidence_is_kept_apart(tmp_path: Path, calls: list[str]) -> None:
    article = load_article(SAMPLE)
    plain = cached_analysis(article)
    explained = cached_analysis(article, explain=True)
    assert len(calls) == 2  # a plain entry has no evidence to give
    assert all(q.speaker_evidence is None for q in plain.quotes)
    again = cached_analysis(article, explain=True)
    assert len(calls) == 2
    assert [q.speaker_evidence for q in again.quotes] == [
        json.loads(json.dumps(q.speaker_evidence)) for q in explained.quotes
    ]
    assert any(q.speaker_evidence for q in again.quotes)


def test_a_backend_without_a_version_is_not_cached(tmp_path: Path) -> None:
    analysis = Analysis(backend="spacy")
    assert AnalysisCache(tmp_path).put("a" * 64, analysis) is False
    assert AnalysisCache(tmp_path).get("a" * 64, "spacy") is None
    assert not any(tmp_path.iterdir())


def test_an_unwritable_cache_still_analyses(tmp_path: Path, calls: list[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    article = load_article(SAMPLE)
    assert cached_analysis(article, cache=AnalysisCache(blocker / "analysis")).quotes
    assert len(calls) == 1


# ------------------------------------------------------------- writers racing

QUOTES = 3000
"""Entries of about half a megabyte: a write takes long enough to be caught halfway."""

_WRITER = """
import sys
from pathlib import Path
from reader.analysis.model import Analysis, Quote
from reader.corpus.cache import AnalysisCache

folder, fingerprint, writer, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
quote = Quote(0, 10, f"writer {writer} " * 8, f"Speaker {writer}", 0, 5, 0.5)
analysis = Analysis(quotes=(quote,) * count)
cache = AnalysisCache(Path(folder))
for _ in range(25):
    assert cache.put(fingerprint, analysis)
"""


def _variant(writer: int) -> Analysis:
    quote = Quote(0, 10, f"writer {writer} " * 8, f"Speaker {writer}", 0, 5, 0.5)
    return Analysis(quotes=(quote,) * QUOTES)


def test_writers_racing_on_one_entry_never_show_half_of_it(tmp_path: Path) -> None:
    fingerprint = "ab" * 32
    cache = AnalysisCache(tmp_path)
    assert cache.put(fingerprint, _variant(0))
    variants = [_variant(k) for k in range(5)]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(tmp_path), fingerprint, str(k), str(QUOTES)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        for k in range(1, 5)
    ]
    reads = 0
    deadline = time.monotonic() + 60
    while any(w.poll() is None for w in writers) and time.monotonic() < deadline:
        found = cache.get(fingerprint)
        assert found is not None, "a reader saw no whole entry while writers replaced it"
        assert found in variants
        reads += 1
    for w in writers:
        _, err = w.communicate(timeout=60)
        assert w.returncode == 0, err.decode()
    assert reads > 0
    assert cache.get(fingerprint) in variants[1:]
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".json"]
    assert leftovers == []


# ------------------------------------------------------------- the app


def test_the_app_reads_an_article_opened_before_from_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.analysis.isolated import AnalysisJob
    from reader.tui.messages import AnalysisReady
    from reader.tui.workers import AnalysisRun

    runs: list[bool] = []
    real = AnalysisJob.run

    def counting(self: AnalysisJob) -> Analysis:
        runs.append(self.explain)
        return real(self)

    monkeypatch.setattr(AnalysisJob, "run", counting)
    text = load_article(SAMPLE).text
    posted: list[object] = []
    AnalysisRun(text, backend="rules")(posted.append)
    AnalysisRun(text, backend="rules")(posted.append)
    assert runs == [True]  # once, with the evidence the quote details show
    first, second = posted
    assert isinstance(first, AnalysisReady) and isinstance(second, AnalysisReady)
    assert second.analysis == first.analysis
    assert all(q.speaker_evidence for q in second.analysis.quotes if q.speaker)


def test_a_test_analyzer_bypasses_the_cache(tmp_path: Path) -> None:
    from reader.tui.workers import AnalysisRun

    posted: list[object] = []
    AnalysisRun("text", backend="rules", analyzer=lambda text: Analysis())(posted.append)
    assert not cache_dir().exists()


def test_the_librarys_lists_reuse_what_reader_quotes_or_the_reader_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.article.loading import load_article
    from reader.corpus.cache import AnalysisCache, library_analysis

    cache = AnalysisCache(tmp_path / "cache")
    path = tmp_path / "a.txt"
    path.write_text('Budget day\n\n"We will balance it," said Ann Lee.\n', encoding="utf-8")
    article = load_article(path)
    first = library_analysis(article, cache=cache)  # run as the reader runs it, and kept
    import reader.analysis.isolated

    def no_run(self: object) -> None:
        raise AssertionError("analysed again")

    monkeypatch.setattr(reader.analysis.isolated.AnalysisJob, "run", no_run)
    assert library_analysis(article, cache=cache) == first
    other = tmp_path / "b.txt"
    other.write_text('Rates\n\n"Not yet," said Bo Ek.\n', encoding="utf-8")
    plain = load_article(other)
    cache.put(plain.fingerprint, reader.analysis.analyze(plain.text))  # as reader quotes keeps
    assert library_analysis(plain, cache=cache).quotes[0].speaker == "Bo Ek"
