"""EPUB books: chapters in spine order with their headings, title and author; bad books."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from reader.article.epub import chapter_paragraphs
from reader.article.loading import find_articles, load_article
from reader.cli.main import main
from reader.errors import ArticleError

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf"
    media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

PACKAGE = """<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>The Lighthouse Keeper's Ledger</dc:title>
    <dc:creator>Marta Quill</dc:creator>
  </metadata>
  <manifest>
    <item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>
    <item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine><itemref idref="c1"/><itemref idref="css"/><itemref idref="c2"/></spine>
</package>"""

ONE = """<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title>
<style>p { color: red }</style></head><body>
<h1>Chapter One</h1>
<p>The lamp was lit at dusk, as it had been for forty years.</p>
<p>"Who keeps the ledger now?" asked the boy. <script>alert(1)</script></p>
</body></html>"""

TWO = """<html xmlns="http://www.w3.org/1999/xhtml"><body>
<h2>Chapter Two</h2><p>Storms came &amp; went;
the entries stayed.</p></body></html>"""


def make_epub(path: Path, *, package: str = PACKAGE, chapters: bool = True) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", package)
        if chapters:
            book.writestr("OEBPS/text/one.xhtml", ONE)
            book.writestr("OEBPS/text/two.xhtml", TWO)
        book.writestr("OEBPS/style.css", "p {}")
    return path


def test_chapters_come_in_spine_order_with_headings_title_and_author(tmp_path: Path) -> None:
    article = load_article(make_epub(tmp_path / "book.epub"))
    assert article.title == "The Lighthouse Keeper's Ledger"
    assert article.author == "Marta Quill"
    paragraphs = article.text.strip().split("\n\n")
    assert paragraphs == [
        "# Chapter One",
        "The lamp was lit at dusk, as it had been for forty years.",
        '"Who keeps the ledger now?" asked the boy.',
        "## Chapter Two",
        "Storms came & went; the entries stayed.",
    ]
    assert "alert" not in article.text and "color" not in article.text
    assert article.is_markdown


def test_a_book_without_a_title_is_named_by_its_first_heading(tmp_path: Path) -> None:
    package = PACKAGE.replace("<dc:title>The Lighthouse Keeper's Ledger</dc:title>", "")
    article = load_article(make_epub(tmp_path / "book.epub", package=package))
    assert article.title == "Chapter One"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 not really a zip", "not a readable EPUB (not a zip file)"),
        (None, "EPUB holds no text"),
    ],
)
def test_a_broken_book_is_one_line(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "bad.epub"
    if content is None:
        make_epub(path, chapters=False)
    else:
        path.write_bytes(content)
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert str(caught.value) == f"{path}: {reason}"


def test_a_book_without_a_package_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "nopkg.epub"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
    with pytest.raises(ArticleError, match=re.escape("(META-INF/container.xml is missing)")):
        load_article(path)


def test_an_epub_named_otherwise_is_still_read_as_one(tmp_path: Path) -> None:
    path = make_epub(tmp_path / "book.bin")
    assert load_article(path).author == "Marta Quill"


def test_folders_list_books_and_analyze_reads_them(tmp_path: Path, capsys) -> None:
    book = make_epub(tmp_path / "book.epub")
    assert find_articles([str(tmp_path)]) == [book]
    assert main(["analyze", "--format", "jsonl", str(book)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    doc = json.loads(line)
    assert doc["title"] == "The Lighthouse Keeper's Ledger"
    assert [q["text"] for q in doc["quotes"]] == ['"Who keeps the ledger now?"']


def test_nested_blocks_and_line_breaks_make_paragraphs() -> None:
    assert chapter_paragraphs("<div><p>one</p>two<br/>three</div>") == ["one", "two", "three"]


async def test_the_reader_opens_a_book_with_its_chapter_headings(tmp_path: Path) -> None:
    from conftest import open_reader, reader_screen, screen_text

    async with open_reader(make_epub(tmp_path / "book.epub")) as (app, pilot):
        screen = reader_screen(app)
        assert "The Lighthouse Keeper's Ledger" in screen_text(app).splitlines()[0]
        assert len(screen.view.highlight_layer("heading")) == 2
        await pilot.press("}")
        assert screen.view.display_text[screen.view.cursor :].startswith("The lamp")
