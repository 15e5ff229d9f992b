"""Reading a corpus: paths expanded in order, each article once, failures handed on."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import COUNCIL_TEXT

from reader.corpus.cache import AnalysisCache
from reader.corpus.reading import Analysed, analysed_articles, expand_paths
from reader.errors import ArticleError


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "b.txt").write_text(COUNCIL_TEXT, encoding="utf-8")
    (corpus / "a.md").write_text("# A\n\n" + COUNCIL_TEXT, encoding="utf-8")
    (corpus / "sub" / "c.txt").write_text('"Yes," she said.\n', encoding="utf-8")
    (corpus / "notes.csv").write_text("not an article", encoding="utf-8")
    return corpus


def test_folders_expand_sorted_and_each_file_once(folder: Path) -> None:
    named = [str(folder / "b.txt"), str(folder), str(folder) + "/"]
    assert expand_paths(named) == [str(folder / "b.txt"), str(folder / "a.md")]
    assert expand_paths([str(folder)], recursive=True)[-1] == str(folder / "sub" / "c.txt")


def test_failures_go_to_the_callback_in_order(folder: Path) -> None:
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    failed: list[tuple[str, str]] = []
    items = list(
        analysed_articles(
            [str(folder / "gone.txt"), str(folder)],
            on_error=lambda source, error: failed.append((source, str(error))),
        )
    )
    assert [i.source for i in items] == [str(folder / "a.md"), str(folder / "b.txt")]
    assert all(isinstance(i, Analysed) and i.analysis.entities for i in items)
    assert [source for source, _ in failed] == [str(folder / "gone.txt"), str(folder / "empty.txt")]
    assert all(message.startswith(source + ": ") for source, message in failed)


def test_without_a_callback_a_failure_is_raised(folder: Path) -> None:
    with pytest.raises(ArticleError, match=r"gone\.txt"):
        list(analysed_articles([str(folder / "gone.txt")]))


def test_a_worker_thread_can_read_it_and_stop_early(folder: Path, tmp_path: Path) -> None:
    seen: list[str] = []

    def work() -> None:
        for item in analysed_articles([str(folder)], cache=AnalysisCache(tmp_path / "c")):
            seen.append(item.article.title)
            break

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=60)
    assert seen == ["A"]
    assert len(list((tmp_path / "c").rglob("*.json"))) == 1  # the second was never read
