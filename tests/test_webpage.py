"""Saved web pages: only the article's text, as paragraphs, with the page's metadata.

``fixtures/news-page.html`` is a page written for these tests with the usual clutter:
navigation, a cookie banner, a share row, a "most read" list, comments, a footer,
a script and a style sheet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.article.loading import find_articles, load_article
from reader.cli.main import main
from reader.errors import ArticleError

PAGE = Path(__file__).parent / "fixtures" / "news-page.html"
CLUTTER = (
    "Home",
    "cookies",
    "Share on",
    "Most read",
    "Ten best beaches",
    "First!",
    "All rights reserved",
    "font:",
    "NewsArticle",
)


def test_a_saved_page_gives_its_article_as_paragraphs_with_its_metadata() -> None:
    article = load_article(PAGE)
    assert article.title == "Harbour council approves tidal barrier"
    assert article.author == "Priya Lenhart"
    assert article.published == "2024-03-14"
    assert article.site == "The Coastal Courier"
    paragraphs = article.text.strip().split("\n\n")
    assert paragraphs[1].startswith("The harbour council voted on Thursday")
    assert '"We cannot keep sandbagging the high street every February,"' in paragraphs[2]
    assert paragraphs[-1].startswith("Residents' groups welcomed")
    for junk in CLUTTER:
        assert junk not in article.text, junk


def test_html_is_recognised_by_its_content_too(tmp_path: Path) -> None:
    saved = tmp_path / "page.txt"
    saved.write_bytes(PAGE.read_bytes())
    assert load_article(saved).title == "Harbour council approves tidal barrier"


def test_a_page_with_no_article_is_one_line(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Menu</title></head><body><nav>"
        '<a href="/">Home</a> <a href="/a">About</a></nav></body></html>',
        encoding="utf-8",
    )
    with pytest.raises(ArticleError) as caught:
        load_article(page)
    assert str(caught.value) == f"{page}: no article text found in this page"


def test_the_page_charset_is_honoured(tmp_path: Path) -> None:
    page = tmp_path / "latin.html"
    body = "<p>" + "Le café du coin a rouvert ses portes après des travaux longs. " * 4 + "</p>"
    html = (
        '<!DOCTYPE html><html><head><meta charset="iso-8859-1"><title>Café</title></head>'
        f"<body><article><h1>Le café rouvre</h1>{body}</article></body></html>"
    )
    page.write_bytes(html.encode("iso-8859-1"))
    assert "Le café du coin" in load_article(page).text


def test_folders_list_pages_and_analyze_reads_them(tmp_path: Path, capsys) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(PAGE.read_bytes())
    assert find_articles([str(tmp_path)]) == [saved]
    assert main(["analyze", "--format", "jsonl", str(saved)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["title"] == "Harbour council approves tidal barrier"
    assert [q["text"] for q in doc["quotes"]] == [
        '"We cannot keep sandbagging the high street every February,"'
    ]
    for quote in doc["quotes"]:
        assert doc["text"][quote["start"] : quote["end"]] == quote["text"]


async def test_the_reader_opens_a_saved_page() -> None:
    from conftest import open_reader, screen_text

    async with open_reader(PAGE) as (app, _pilot):
        shown = screen_text(app)
        assert "Harbour council approves tidal barrier" in shown.splitlines()[0]
        assert "The harbour council voted" in shown
        assert "Most read" not in shown


def test_a_page_of_bare_divs_still_gives_its_article() -> None:
    from reader.article.webpage import read_page

    story = [
        "The tram line through the old town will close for six weeks from Monday while "
        "engineers replace the worn rails near the cathedral.",
        "Buses will run every ten minutes along the same route, the operator said, and "
        "tickets bought for the tram will be accepted on them.",
        "Shop owners on the high street said they feared the works would keep visitors away "
        "during the busiest weeks of the spring.",
    ]
    body = "".join(f'<div class="x9f">{line}</div>' for line in story)
    page = (
        "<html><head><title>Tram line to close</title></head><body>"
        '<div class="nav"><div>Home</div><div>News</div><div>Sport</div></div>'
        f'<div class="c1"><div class="h">Tram line to close</div>{body}</div>'
        '<div class="foot"><div>Contact</div><div>Privacy</div></div></body></html>'
    ).encode()
    text = read_page(page, "tram.html").text
    assert all(line in text for line in story)
    assert "Privacy" not in text
