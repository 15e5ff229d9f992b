"""Load article files into an immutable ``Article`` whose offsets are the contract.

Every other module (analysis, annotations, export) addresses the article by Python
``str`` offsets into ``Article.text``. That text is the file's content with only
``\\r\\n`` (and lone ``\\r``) turned into ``\\n``; nothing else is changed, so offsets
stay meaningful to other tools reading the same file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ArticleError

MAX_BYTES = 50 * 1024 * 1024
"""Larger files are refused: they are not articles, and reading them would stall."""

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

_SNIFF_BYTES = 8192
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<title>.+?)[ \t#]*$", re.MULTILINE)
_SETEXT = re.compile(r"^(?P<title>[^\n]+)\n {0,3}(=+|-+)[ \t]*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class Article:
    """An article's text and what the reader needs to know about it."""

    text: str
    title: str
    source: str
    """The path as the user gave it."""
    path: Path
    """The resolved path, for storage keys and relative display."""
    fingerprint: str
    """sha256 of the text: annotations follow content, not file names."""
    encoding: str
    notice: str | None = None
    """Shown to the user when the file was not plain UTF-8."""
    is_markdown: bool = False
    size: int = 0

    @property
    def words(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    """Words as a reader counts them (contractions are one word)."""
    return sum(1 for _ in _WORD.finditer(text))


def fingerprint_text(text: str) -> str:
    """A content fingerprint independent of file name and location."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def normalize_newlines(text: str) -> str:
    """The only change made to a file's text: CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, name: str) -> tuple[str, str, str | None]:
    """Decode bytes; return (text, encoding, notice). Binary data raises."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", "decoded as UTF-16"
        except UnicodeDecodeError as exc:
            raise ArticleError(f"{name}: not valid UTF-16 text ({exc.reason})") from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ArticleError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
        label = "Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
        label = "Latin-1"
    controls = sum(1 for ch in text[:_SNIFF_BYTES] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:_SNIFF_BYTES]) // 20):
        raise ArticleError(f"{name}: binary file, not text")
    return text, encoding, f"not valid UTF-8; decoded as {label}"


def extract_title(text: str, *, markdown: bool, fallback: str) -> str:
    """First heading for Markdown, else the first non-empty line."""
    body = _FRONT_MATTER.sub("", text, count=1) if markdown else text
    if markdown:
        head = body[:20000]
        candidates = [m for m in (_HEADING.search(head), _SETEXT.search(head)) if m]
        if candidates:
            first = min(candidates, key=lambda m: m.start())
            return _clean_title(first.group("title")) or fallback
    for line in body.split("\n", 200)[:200]:
        if line.strip():
            return _clean_title(line) or fallback
    return fallback


def _clean_title(line: str) -> str:
    """A title safe to show anywhere: control characters made visible, not run."""
    cleaned = visible_text(line).strip()
    cleaned = cleaned.strip("#").strip()
    return cleaned[:200]


def load_article(path: str | Path) -> Article:
    """Read one article file or raise ``ArticleError`` with a one-line reason."""
    source = str(path)
    p = Path(path).expanduser()
    if not p.exists():
        raise ArticleError(f"{source}: no such file")
    if p.is_dir():
        raise ArticleError(f"{source}: is a folder, not an article file")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ArticleError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise ArticleError(
            f"{source}: too large ({size / 1_048_576:.1f} MB; the limit is "
            f"{MAX_BYTES // 1_048_576} MB)"
        )
    try:
        # Read at most one byte past the limit: a pipe or device has no size to
        # check first (``reader <(pandoc …)`` works; /dev/zero is refused as binary).
        with p.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ArticleError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{source}: too large (the limit is {MAX_BYTES // 1_048_576} MB)")
    text, encoding, notice = _decode(data, source)
    text = normalize_newlines(text)
    if not text.strip():
        raise ArticleError(f"{source}: empty file, nothing to read")
    markdown = p.suffix.lower() in MARKDOWN_SUFFIXES
    return Article(
        text=text,
        title=extract_title(text, markdown=markdown, fallback=p.name),
        source=source,
        path=p.resolve(),
        fingerprint=fingerprint_text(text),
        encoding=encoding,
        notice=notice,
        is_markdown=markdown,
        size=len(data),
    )


def find_articles(paths: list[str]) -> list[Path]:
    """Expand folders into the article files they hold (sorted), keep files as given.

    Raises ``ArticleError`` for a missing path or a folder without articles.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw).expanduser()
        if not p.exists():
            raise ArticleError(f"{raw}: no such file or folder")
        if p.is_dir():
            files = sorted(
                f
                for f in p.iterdir()
                if f.is_file()
                and f.suffix.lower() in ARTICLE_SUFFIXES
                and not f.name.startswith(".")
            )
            if not files:
                raise ArticleError(f"{raw}: folder holds no articles (.txt or .md files)")
            found.extend(files)
        else:
            found.append(p)
    return found


_VISIBLE = {i: 0x2400 + i for i in range(32)}
_VISIBLE[0x7F] = 0x2421
_VISIBLE[ord("\n")] = ord("\n")
_VISIBLE[ord("\t")] = ord(" ")
for _code in range(0x80, 0xA0):
    _VISIBLE[_code] = 0xFFFD
for _code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C):
    _VISIBLE[_code] = 0xFFFD


_VISIBLE_CHAR = {chr(code): chr(shown) for code, shown in _VISIBLE.items() if code != shown}
_NEEDS_VISIBLE = re.compile("[" + "".join(map(re.escape, _VISIBLE_CHAR)) + "]")


def visible_text(text: str) -> str:
    """The same text with control characters made visible, one character for one.

    Terminal escape sequences (ESC …) show as ``␛[…``; C1 controls and bidi
    overrides as ``�``. Length is preserved so offsets still address the article.
    Only the characters to replace are visited: ``str.translate`` with a table
    costs ~200 ms on a 5 MB article, this ~15 ms, and the view calls it on open.
    """
    return _NEEDS_VISIBLE.sub(_show, text)


def _show(match: re.Match[str]) -> str:
    return _VISIBLE_CHAR[match.group()]
