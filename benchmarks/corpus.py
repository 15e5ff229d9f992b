"""Who said what across a corpus: ``reader quotes`` over 1,000 articles, cold and cached,
then ``reader corpus analyze`` with 1 and 2 workers vs plain ``reader analyze`` and its
memory at 1,000 vs 4,000 articles (``corpus_dask.py``; skipped without Dask).

The articles are synthetic news stories written here (seeded, so every run reads the
same corpus): a headline, a few paragraphs of reporting, and quotes introduced the ways
news writes them ("…," said Ann Lee; Ann Lee, the minister, said: "…"; "…," she added;
a surname alone later on), with names, organisations and places drawn from small lists,
so both the tagger and the speaker ranker have real work. Each run is the command as a
user types it, in a fresh process, with the analysis cache in an empty folder first
(cold: every article analysed and kept) and then again (cached: every analysis read).
Both runs print the same rows, which is checked. The last line is ``name=value`` pairs:

    python benchmarks/corpus.py [--articles 1000] [--memory-articles 4000] [--no-dask]

The requirement: the cached run takes at most a fifth of the cold one, and 3 s.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST = {
    "Ms": ("Ann", "Fiona", "Morag", "Efua", "Lena", "Ruth", "Priya", "Sofia", "Grace", "Amara"),
    "Mr": ("Gordon", "Alan", "Douglas", "Tomasz", "Kwabena", "Yaw", "Jim", "Mohammed", "Daniel"),
}
"""Given names by the title news gives their bearer, so "Ms Lee" is the Ann Lee named."""
LAST = [
    "Lee",
    "MacLeod",
    "Baird",
    "Reid",
    "Campbell",
    "Kerr",
    "Nowak",
    "Asante",
    "Mensah",
    "Owusu",
    "Vogt",
    "Smeeth",
    "Murphy",
    "Patel",
    "Khan",
    "Rossi",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Haddad",
    "Fischer",
    "Alvarez",
    "Byrne",
]
ROLES = (
    "the council leader",
    "the transport minister",
    "a spokesman for the union",
    "the chief executive",
    "the opposition leader",
    "a local resident",
    "the finance secretary",
    "a senior economist",
)
ORGS = (
    "the Harbour Authority",
    "Northern Rail",
    "the Farmers Union",
    "Baltic Marine",
    "the Treasury",
    "the Health Board",
    "Clyde Shipbuilders",
    "the Cocoa Board",
)
PLACES = [
    "Glasgow",
    "Leeds",
    "Gdansk",
    "Accra",
    "Kumasi",
    "Hamburg",
    "Dublin",
    "Lyon",
    "Oslo",
    "Bristol",
    "Cardiff",
    "Porto",
]
TOPICS = (
    ("ferry contract", "ships", "the yard"),
    ("rail timetable", "trains", "the line"),
    ("cocoa payments", "farmers", "the harvest"),
    ("hospital budget", "nurses", "the wards"),
    ("housing plan", "tenants", "the estate"),
    ("water charges", "households", "the reservoir"),
)
SAYINGS = (
    "We have waited long enough for {thing} and people here deserve better",
    "This is public money and {who} have every right to ask where it goes",
    "Nobody asked {who} what they needed before the decision on {thing} was taken",
    "We will look at every option, but {thing} cannot be delayed again",
    "I understand why {who} are angry, and I would be angry too",
    "The numbers simply do not add up",
    "It is a good day for {place} and for {who}",
    "We were told one thing in {month} and another in the spring",
)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "September",
    "October",
    "November",
]


BACKGROUND = (
    "{org} was first asked about the {topic} in {month}, when {who} in {place} wrote to it.",
    "The {topic} has cost more than {amount} million pounds so far, according to {org}.",
    "Figures published in {month} showed that {who} in {place} had waited longer than "
    "anywhere else in the region.",
    "A review of the {topic} is due to report before the end of the year.",
    "{org} said on {day} that it had met {who} twice and would meet them again.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def article(index: int, rng: random.Random) -> str:
    """One news story: a headline, reporting, and five to nine quotes whose speakers are
    named in full first and by surname or pronoun after."""
    topic, who, thing = rng.choice(TOPICS)
    place, org = rng.choice(PLACES), rng.choice(ORGS)
    titles = [rng.choice(("Mr", "Ms")) for _ in range(rng.randint(2, 4))]
    people = [(f"{rng.choice(FIRST[t])} {rng.choice(LAST)}", rng.choice(ROLES), t) for t in titles]
    fill = {"who": who, "thing": thing, "place": place, "topic": topic, "org": org}

    def background() -> str:
        line = rng.choice(BACKGROUND).format(
            month=rng.choice(MONTHS), day=rng.choice(DAYS), amount=rng.randint(3, 90), **fill
        )
        return line[0].upper() + line[1:]

    paragraphs = [
        f"{topic.capitalize()} row grows in {place} (report {index})",
        f"{org[0].upper() + org[1:]} faced fresh questions on {rng.choice(DAYS)} over the "
        f"{topic}, as {who} in {place} said {thing} had been promised for years.",
    ]
    named: set[str] = set()
    for _ in range(rng.randint(5, 9)):
        name, role, title = rng.choice(people)
        surname = name.split()[-1]
        saying = rng.choice(SAYINGS).format(month=rng.choice(MONTHS), **fill)
        form = rng.randrange(6) if name in named else rng.randrange(3)
        if form == 0:
            text = f'"{saying}," said {name}, {role}.'
        elif form == 1:
            text = f'{name}, {role}, said: "{saying}."'
        elif form == 2:
            text = f'{name} said the plan was "{saying.lower()}".'
        elif form == 3:
            text = f'"{saying}," {surname} told reporters in {place}.'
        elif form == 4:
            pronoun = "she" if title == "Ms" else "he"
            text = (
                f'"{saying}," said {title} {surname}. "We will not stop asking," {pronoun} added.'
            )
        else:
            text = f'Asked about {org}, {title} {surname} said: "{saying}."'
        named.add(name)
        paragraphs += [text, *(background() for _ in range(rng.randint(1, 2)))]
    return "\n\n".join(paragraphs) + "\n"


def write_articles(n_articles: int, folder: Path, seed: int = 12) -> list[Path]:
    """``n_articles`` stories as ``folder/story-NNNN.txt`` (the same ones for a seed)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n_articles):
        path = folder / f"story-{index:04d}.txt"
        path.write_text(article(index, rng), encoding="utf-8")
        paths.append(path)
    return paths


def run_quotes(folder: Path, cache_home: Path, db: Path) -> tuple[float, bytes]:
    """Seconds for ``reader quotes FOLDER --format jsonl`` in a fresh process, and its rows."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), READER_DB=str(db))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "reader", "quotes", str(folder), "--format", "jsonl"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"reader quotes failed: {done.stderr.decode().strip()}")
    return elapsed, done.stdout


def bench_quotes(n_articles: int, folder: Path) -> dict[str, float]:
    """Write ``n_articles`` into ``folder``, then time ``reader quotes`` on it with an empty
    analysis cache (cold) and again (cached)."""
    write_articles(n_articles, folder)
    with tempfile.TemporaryDirectory(prefix="reader-bench-cache-") as scratch:
        cache_home, db = Path(scratch) / "cache", Path(scratch) / "db" / "reader.json"
        cold, cold_rows = run_quotes(folder, cache_home, db)
        cached, cached_rows = run_quotes(folder, cache_home, db)
    if cold_rows != cached_rows:
        raise SystemExit("the cached run printed other rows than the cold one")
    return {
        "articles": n_articles,
        "quotes": cold_rows.count(b"\n"),
        "cold_s": cold,
        "cached_s": cached,
        "cached_vs_cold": cached / cold,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, metavar="N")
    parser.add_argument("--memory-articles", type=int, default=4000, metavar="N")
    parser.add_argument(
        "--no-dask", action="store_true", help="only reader quotes (no corpus analyze figures)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reader-bench-corpus-") as scratch:
        r = bench_quotes(args.articles, Path(scratch) / "articles")
    print(f"reader quotes over {r['articles']} articles ({r['quotes']} quotes):")
    print(f"  cold (empty analysis cache): {r['cold_s']:.2f} s")
    print(f"  cached:                      {r['cached_s']:.2f} s")
    print(f"  cached / cold:               {r['cached_vs_cold']:.3f}")
    line = (
        f"quotes_cold_s={r['cold_s']:.2f} quotes_cached_s={r['cached_s']:.2f} "
        f"cached_vs_cold={r['cached_vs_cold']:.3f}"
    )
    try:
        import dask  # noqa: F401
    except ImportError:
        args.no_dask = True
        print("corpus analyze: skipped (Dask is not installed: pip install '.[corpus]')")
    if not args.no_dask:
        # reader corpus analyze with 1 and 2 workers vs plain reader analyze, and its
        # memory as the corpus grows (benchmarks/corpus_dask.py)
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from corpus_dask import measure, pairs_line

        line += " " + pairs_line(measure(args.articles, args.memory_articles))
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
