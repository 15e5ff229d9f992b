"""Main-text extraction of saved news pages: reader's trafilatura against two peers.

Why: reader opens a saved ``.html`` by keeping only the article's own paragraphs
(``reader.article.webpage.read_page``, which calls trafilatura). This measures how
well that does, and what it costs, next to the two usual alternatives, on the pages
in ``benchmarks/pages/``: eight invented news pages, each with the clutter real
ones carry (nav, cookie banner, share row, "most read", newsletter box, comments,
footer, ads, scripts, JSON-LD) and ``NAME.txt`` beside ``NAME.html`` holding the
gold text, one body paragraph per line. The gold has no headline, standfirst,
byline, captions, pull quotes (they repeat the body), live-blog times and entry
headings, or "Read more" links; lists in the body are in it, one item per line.

* ``trafilatura``: ``read_page`` itself, so the figures are what the product does.
* ``readability``: readability-lxml's ``Document(html).summary()``, text via lxml
  (``pip install readability-lxml``; not a dependency of reader).
* ``justext``: the paragraphs justext does not call boilerplate, English stoplist.

Each gets the page's bytes. Scores are word-level precision, recall and F1 of the
extracted text against the gold as bags of words (lowercase ``\\w+`` tokens, counted),
so clutter that leaks in lowers precision and body text that is lost lowers recall.
Time is the median of 5 runs per page, after one untimed warm-up call. An extractor
that is not installed is reported as skipped. ``--details`` also lists, per page,
the output lines that are not a run of the gold's words (leaked: clutter, captions,
headings, or a paragraph glued to clutter) and the gold paragraphs not wholly in the
output (lost). The last line is ``name=value`` pairs.

    .venv/bin/python benchmarks/extractors.py [--details]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "pages"
RUNS = 5
WORD = re.compile(r"\w+")
# Elements after which readability's HTML gets a line break, so that text_content()
# does not glue the last word of one paragraph to the first of the next.
BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "tr",
        "td",
        "th",
        "blockquote",
        "figcaption",
        "pre",
    ]
)

Extractor = Callable[[bytes], str]


def extract_reader(data: bytes) -> str:
    """What reader shows for a saved page: ``read_page``'s paragraphs."""
    from reader.article.webpage import read_page
    from reader.errors import ArticleError

    try:
        return read_page(data, "benchmark").text
    except ArticleError:  # "no article text found": nothing shown
        return ""


def extract_readability(data: bytes) -> str:
    """readability-lxml's summary, as text, one line per block element."""
    import lxml.html
    from readability import Document

    summary = Document(data).summary(html_partial=True)
    tree = lxml.html.fromstring(summary)
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag in BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return "\n".join(" ".join(line.split()) for line in tree.text_content().splitlines())


def extract_justext(data: bytes) -> str:
    """justext's non-boilerplate paragraphs, English stoplist."""
    import justext

    paragraphs = justext.justext(data, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


# name -> (module that must be importable, extractor)
EXTRACTORS: dict[str, tuple[str, Extractor]] = {
    "trafilatura": ("trafilatura", extract_reader),
    "readability": ("readability", extract_readability),
    "justext": ("justext", extract_justext),
}


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    words: int
    ms: float


def tokens(text: str) -> list[str]:
    return WORD.findall(text.lower())


def score(extracted: str, gold: str, ms: float) -> Score:
    """Bag-of-words precision, recall and F1 (with counts) of ``extracted``."""
    out, ref = Counter(tokens(extracted)), Counter(tokens(gold))
    common = sum((out & ref).values())
    n_out, n_ref = sum(out.values()), sum(ref.values())
    precision = common / n_out if n_out else 0.0
    recall = common / n_ref if n_ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return Score(precision, recall, f1, n_out, ms)


def outside(lines: list[str], text: str) -> list[str]:
    """The lines whose words do not occur, in order and together, anywhere in ``text``."""
    within = f" {' '.join(tokens(text))} "
    return [line for line in lines if tokens(line) and f" {' '.join(tokens(line))} " not in within]


def timed(extractor: Extractor, data: bytes) -> tuple[str, float]:
    """The extractor's text and its median time in ms over ``RUNS`` calls."""
    times = []
    text = ""
    for _ in range(RUNS):
        start = time.perf_counter()
        text = extractor(data)
        times.append((time.perf_counter() - start) * 1000)
    return text, statistics.median(times)


def shorten(line: str, width: int = 90) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--details", action="store_true", help="list leaked and lost lines per page"
    )
    args = parser.parse_args(argv)

    pages = sorted(PAGES.glob("*.html"))
    if not pages:
        print(f"no pages in {PAGES}", file=sys.stderr)
        return 1
    available: dict[str, Extractor] = {}
    for name, (module, extractor) in EXTRACTORS.items():
        if importlib.util.find_spec(module) is None:
            print(f"{name}: skipped ({module} is not installed)")
        else:
            extractor(pages[0].read_bytes())  # warm-up: imports, lazy setup
            available[name] = extractor
    if not available:
        return 1

    results: dict[str, list[Score]] = {name: [] for name in available}
    for page in pages:
        data = page.read_bytes()
        gold = page.with_suffix(".txt").read_text(encoding="utf-8")
        print(f"\n{page.stem}  (gold: {len(tokens(gold))} words)")
        print(f"  {'extractor':<12} {'P':>6} {'R':>6} {'F1':>6} {'words':>6} {'ms':>8}")
        for name, extractor in available.items():
            text, ms = timed(extractor, data)
            result = score(text, gold, ms)
            results[name].append(result)
            print(
                f"  {name:<12} {result.precision:6.3f} {result.recall:6.3f} "
                f"{result.f1:6.3f} {result.words:6d} {ms:8.2f}"
            )
            if args.details:
                out_lines = [line for line in text.splitlines() if line.strip()]
                for line in outside(out_lines, gold):
                    print(f"      leaked: {shorten(line)}")
                for line in outside(gold.splitlines(), text):
                    print(f"      lost:   {shorten(line)}")

    print(f"\nmean over {len(pages)} pages")
    print(f"  {'extractor':<12} {'P':>6} {'R':>6} {'F1':>6} {'ms':>8}")
    means: dict[str, dict[str, float]] = {}
    for name, scores in results.items():
        mean = {
            "f1": statistics.fmean(s.f1 for s in scores),
            "p": statistics.fmean(s.precision for s in scores),
            "r": statistics.fmean(s.recall for s in scores),
            "ms": statistics.fmean(s.ms for s in scores),
        }
        means[name] = mean
        print(f"  {name:<12} {mean['p']:6.3f} {mean['r']:6.3f} {mean['f1']:6.3f} {mean['ms']:8.2f}")
    pairs = [
        f"{name}_{key}={mean[key]:.{2 if key == 'ms' else 3}f}"
        for key in ("f1", "p", "r", "ms")
        for name, mean in means.items()
    ]
    pairs += [f"{name}=skipped" for name in EXTRACTORS if name not in available]
    print(" ".join(pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
