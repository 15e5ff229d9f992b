"""Entity recognition speed, default tagger against spaCy's NER, and the whole pipeline.

Two workloads, both built from the sample articles so nothing here depends on data
outside the repo: one ~5 MB article (the samples repeated), and ~250 KB of short
news (the samples as separate documents). Each backend gets a warm-up call first so
model loading and regex compilation are not timed, then each workload once.

* ``rules``: the shipped trained tagger plus date and amount rules, as the app runs it.
* ``spacy``: ``en_core_web_sm`` (or ``--spacy-model``) with every pipe but its NER
  (and the tok2vec it needs) disabled; reported as skipped when spaCy or the model
  is not installed.

Figures are characters per second; the ratio is default over spaCy on the same texts.
Then one whole ``analyze`` (entities, quotes, speakers, boilerplate) of the 5 MB
article, and the same as the app's analysis child runs it, with the book's name
tagging and speaker ranking on forked workers (the ratio of the two, and whether the
results are equal):
what the side pane waits for. The last line is ``name=value`` pairs:

    python benchmarks/analyze.py [--size-mb 5] [--news-kb 250]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from reader.analysis import analyze
from reader.analysis.entities import find_entities
from reader.analysis.isolated import TAGGING_PROCESSES
from reader.article.decoding import normalize_newlines

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"


def samples() -> list[str]:
    return [
        normalize_newlines(p.read_text(encoding="utf-8")).strip() for p in sorted(SAMPLES.glob("*"))
    ]


def build_text(size_mb: float) -> str:
    """Sample articles repeated (separated by blank lines) up to ``size_mb`` megabytes."""
    unit = "\n\n".join(samples()) + "\n\n"
    copies = max(1, int(size_mb * 1_000_000) // len(unit.encode("utf-8")))
    return unit * copies


def build_news(size_kb: float) -> list[str]:
    """Short articles, one document each, about ``size_kb`` kilobytes in all."""
    pieces = samples()
    docs: list[str] = []
    while sum(map(len, docs)) < size_kb * 1000:
        docs.append(pieces[len(docs) % len(pieces)])
    return docs


def spacy_ner(model: str) -> tuple[Callable[[str], object] | None, str]:
    """spaCy's NER alone as a function of a text, or None and why it is skipped."""
    try:
        import spacy
    except ImportError:
        return None, "spaCy is not installed (pip install 'reader[spacy]')"
    try:
        nlp = spacy.load(model)
    except OSError:
        return None, f"spaCy model {model} is not installed"
    keep = {"ner", "tok2vec"}
    nlp.select_pipes(enable=[name for name in nlp.pipe_names if name in keep])
    nlp.max_length = 10_000_000

    def run(text: str) -> object:
        return [doc.ents for doc in nlp.pipe(p for p in text.split("\n\n") if p.strip())]

    return run, f"{model} ({', '.join(nlp.pipe_names)})"


def timed(run: Callable[[str], object], texts: list[str]) -> float:
    """Characters per second of ``run`` over ``texts``, after one warm-up call."""
    run(texts[0][:5000])
    started = time.perf_counter()
    for text in texts:
        run(text)
    seconds = time.perf_counter() - started
    return sum(map(len, texts)) / seconds if seconds else float("inf")


def _rates(big: float, news: float) -> str:
    return f"{big / 1e3:7.0f} K chars/s (5 MB) {news / 1e3:7.0f} K chars/s (news)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=5.0)
    parser.add_argument("--news-kb", type=float, default=250.0)
    parser.add_argument("--spacy-model", default="en_core_web_sm")
    args = parser.parse_args()
    big = build_text(args.size_mb)
    news = build_news(args.news_kb)
    size_mb = len(big.encode("utf-8")) / 1e6
    news_kb = sum(len(t.encode("utf-8")) for t in news) / 1e3
    print(f"texts: one {size_mb:.1f} MB article; {len(news)} short articles, {news_kb:.0f} KB")

    figures: dict[str, float | str] = {}
    ours_big = timed(find_entities, [big])
    ours_news = timed(find_entities, news)
    print(f"default tagger: {_rates(ours_big, ours_news)}")
    figures.update(default_big_kcps=round(ours_big / 1e3), default_news_kcps=round(ours_news / 1e3))

    ner, what = spacy_ner(args.spacy_model)
    if ner is None:
        print(f"spaCy NER:       skipped: {what}")
        figures.update(spacy="skipped")
    else:
        theirs_big = timed(ner, [big])
        theirs_news = timed(ner, news)
        print(f"spaCy NER:      {_rates(theirs_big, theirs_news)}  [{what}]")
        ratio_big, ratio_news = ours_big / theirs_big, ours_news / theirs_news
        print(f"ratio default/spaCy: {ratio_big:.1f}x (5 MB), {ratio_news:.1f}x (news)")
        figures.update(
            spacy_big_kcps=round(theirs_big / 1e3),
            spacy_news_kcps=round(theirs_news / 1e3),
            ratio_big=round(ratio_big, 1),
            ratio_news=round(ratio_news, 1),
        )

    started = time.perf_counter()
    analysis = analyze(big)
    seconds = time.perf_counter() - started
    print(
        f"whole analysis of the 5 MB article: {seconds:.1f} s "
        f"({len(analysis.quotes):,} quotes, {len(analysis.entities):,} entities)"
    )
    figures.update(analyze_5mb_s=round(seconds, 2))
    # as the app's analysis child runs it: the book's name tagging on forked workers
    started = time.perf_counter()
    forked = analyze(big, processes=TAGGING_PROCESSES)
    forked_seconds = time.perf_counter() - started
    same = forked == analysis
    print(
        f"the same, names and speakers on {TAGGING_PROCESSES} processes: {forked_seconds:.1f} s,"
        f" {seconds / forked_seconds:.2f}x; same result: {same}"
    )
    figures.update(
        analyze_5mb_forked_s=round(forked_seconds, 2),
        forked_speedup=round(seconds / forked_seconds, 2),
        forked_same=same,
        processes=TAGGING_PROCESSES,
        size_mb=round(size_mb, 1),
    )
    print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
