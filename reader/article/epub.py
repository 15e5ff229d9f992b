"""EPUB books as one text: chapters in spine order, each with its heading; title and author.

An EPUB is a zip of XHTML chapters listed by a package file (OPF). The standard
library reads all of it: ``zipfile`` for the container, ``xml.etree`` for the
package, ``html.parser`` for the chapters (whose markup is often not well-formed
XML in practice). Block elements become paragraphs; headings keep a ``#`` so the
view styles them and the first names the book when the metadata does not.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree

from reader.errors import ArticleError

CONTAINER = "META-INF/container.xml"
CHAPTER_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml"})
MAX_UNPACKED = 200 * 1024 * 1024
"""A book that inflates past this is refused (a zip bomb is not a book)."""

_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_BLOCKS = frozenset(
    {"p", "div", "li", "blockquote", "pre", "tr", "dd", "dt", "figcaption", "section", "br"}
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIPPED = frozenset({"script", "style", "head", "title", "nav"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


@dataclass(frozen=True, slots=True)
class Book:
    """What an EPUB holds for reading: its text, as Markdown-ish paragraphs."""

    text: str
    title: str | None
    author: str | None


class _Chapter(HTMLParser):
    """Collects paragraphs from one XHTML chapter; headings as ``#`` lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._words: list[str] = []
        self._heading = 0
        self._skip = 0

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._words)).strip()
        self._words = []
        if text:
            self.paragraphs.append(("#" * self._heading + " " if self._heading else "") + text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag in _HEADINGS:
            self._flush()
            self._heading = _HEADINGS[tag]
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _HEADINGS:
            self._flush()
            self._heading = 0
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._words.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def chapter_paragraphs(markup: str) -> list[str]:
    """The paragraphs of one chapter's XHTML, in order, markup and scripts dropped."""
    parser = _Chapter()
    parser.feed(markup)
    parser.close()
    return parser.paragraphs


def read_epub(data: bytes, source: str) -> Book:
    """The book's chapters joined in spine order; ``ArticleError`` if it is no EPUB."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            if sum(info.file_size for info in book.infolist()) > MAX_UNPACKED:
                raise ArticleError(f"{source}: EPUB unpacks to over 200 MB, refused")
            package_path = _package_path(book, source)
            package = _xml(book, package_path, source)
            chapters = _spine(package, posixpath.dirname(package_path))
            paragraphs: list[str] = []
            for href in chapters:
                try:
                    raw = book.read(href)
                except KeyError:
                    continue  # a spine entry missing from the zip: skip it, keep the rest
                paragraphs.extend(chapter_paragraphs(raw.decode("utf-8", "replace")))
    except zipfile.BadZipFile:
        raise ArticleError(f"{source}: not a readable EPUB (not a zip file)") from None
    if not paragraphs:
        raise ArticleError(f"{source}: EPUB holds no text")
    return Book(
        text="\n\n".join(paragraphs) + "\n",
        title=_metadata(package, "title"),
        author=_metadata(package, "creator"),
    )


def _package_path(book: zipfile.ZipFile, source: str) -> str:
    container = _xml(book, CONTAINER, source)
    rootfile = container.find(".//c:rootfile", _NS)
    path = rootfile.get("full-path") if rootfile is not None else None
    if not path:
        raise ArticleError(f"{source}: not a readable EPUB (no package file named)")
    return path


def _xml(book: zipfile.ZipFile, name: str, source: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(book.read(name))
    except KeyError:
        raise ArticleError(f"{source}: not a readable EPUB ({name} is missing)") from None
    except ElementTree.ParseError as exc:
        raise ArticleError(f"{source}: not a readable EPUB ({name}: {exc})") from None


def _spine(package: ElementTree.Element, base: str) -> list[str]:
    """Chapter paths in reading order (spine), resolved against the package's folder."""
    manifest = {
        item.get("id"): item
        for item in package.iterfind("opf:manifest/opf:item", _NS)
        if item.get("id")
    }
    hrefs: list[str] = []
    for ref in package.iterfind("opf:spine/opf:itemref", _NS):
        item = manifest.get(ref.get("idref"))
        if item is None or item.get("media-type") not in CHAPTER_TYPES:
            continue
        href = (item.get("href") or "").split("#", 1)[0]
        if href:
            hrefs.append(posixpath.normpath(posixpath.join(base, href)))
    return hrefs


def _metadata(package: ElementTree.Element, name: str) -> str | None:
    element = package.find(f"opf:metadata/dc:{name}", _NS)
    text = _SPACES.sub(" ", element.text or "").strip() if element is not None else ""
    return text or None
