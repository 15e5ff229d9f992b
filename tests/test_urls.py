"""Articles by URL, against a local server on 127.0.0.1: fetched, kept, refreshed, refused."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import reader.article.fetching as fetching
from reader.article.loading import load_article
from reader.cli.main import main
from reader.errors import ArticleError

PAGE = (Path(__file__).parent / "fixtures" / "news-page.html").read_bytes()
served: dict[str, int] = {}
"""How often each path was requested (to see the cache work)."""


class Handler(BaseHTTPRequestHandler):
    """A few routes a news site (or a broken one) might answer with."""

    def do_GET(self) -> None:
        served[self.path] = served.get(self.path, 0) + 1
        routes = {
            "/article": (200, "text/html; charset=utf-8", PAGE),
            "/plain": (200, "text/plain; charset=utf-8", b"Plain title\n\nA plain text story.\n"),
            "/missing": (404, "text/html", b"<html><body>gone</body></html>"),
            "/broken": (500, "text/html", b"oops"),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.4"),
        }
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.0)
        status, kind, body = routes.get(self.path, routes["/article"])
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass  # quiet


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_url_opens_as_its_article_and_is_kept_for_next_time(site: str) -> None:
    url = f"{site}/article?kept"
    article = load_article(url)
    assert article.title == "Harbour council approves tidal barrier"
    assert article.source == url and article.url == url
    assert "Most read" not in article.text
    again = load_article(url)  # from the cache: the server is not asked
    assert again.fingerprint == article.fingerprint
    assert served["/article?kept"] == 1
    load_article(url, refresh=True)
    assert served["/article?kept"] == 2


def test_redirects_are_followed(site: str) -> None:
    assert load_article(f"{site}/old").url == f"{site}/article"


def test_a_plain_text_page_is_read_as_text(site: str) -> None:
    article = load_article(f"{site}/plain")
    assert article.title == "Plain title"
    assert article.text == "Plain title\n\nA plain text story.\n"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/broken", "HTTP 500 Internal Server Error"),
        ("/report.pdf", "not an article (application/pdf)"),
    ],
)
def test_http_errors_and_other_content_are_one_line(site: str, path: str, reason: str) -> None:
    with pytest.raises(ArticleError) as caught:
        load_article(f"{site}{path}")
    assert str(caught.value) == f"{site}{path}: {reason}"


def test_a_silent_server_times_out(site: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetching, "TIMEOUT_SECONDS", 0.2)
    with pytest.raises(ArticleError, match=r"/slow: no answer within 0\.2 s$"):
        load_article(f"{site}/slow")


def test_a_refused_connection_is_one_line() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    with pytest.raises(ArticleError, match=r"cannot connect \(.*refused.*\)"):
        load_article(f"http://127.0.0.1:{port}/x")


def test_a_page_over_the_limit_is_refused(site: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetching, "MAX_PAGE_BYTES", 100)
    with pytest.raises(ArticleError, match="too large"):
        load_article(f"{site}/article?big")


def test_analyze_and_annotate_take_urls(site: str, capsys, tmp_path: Path) -> None:
    url = f"{site}/article?cli"
    assert main(["analyze", "--format", "jsonl", url, f"{site}/missing"]) == 1
    out, err = capsys.readouterr()
    [doc] = [json.loads(line) for line in out.splitlines()]
    assert doc["source"] == url
    assert doc["url"] == url and doc["author"] == "Priya Lenhart"
    assert doc["published"] == "2024-03-14"
    assert "HTTP 404" in err
    db = tmp_path / "n.json"
    code = main(["annotate", url, "--match", "tidal barrier", "--tag", "web", "--db", str(db)])
    assert code == 0


async def test_the_library_lists_urls_with_their_metadata_and_opens_them(
    site: str, tmp_path: Path
) -> None:
    from textual.widgets import DataTable

    from reader.article.loading import find_articles
    from reader.tui.app import ReaderApp
    from reader.tui.library_screen import LibraryScreen
    from reader.tui.reader_screen import ReaderScreen

    (tmp_path / "local.txt").write_text("A local story\n\nBody.\n", encoding="utf-8")
    good, gone = f"{site}/article?library", f"{site}/missing"
    paths = find_articles([str(tmp_path), good, gone, good])
    assert paths == [tmp_path / "local.txt", good, gone]  # URLs kept, once each
    app = ReaderApp(paths=paths)
    async with app.run_test(size=(160, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_row_at(i)[-1]): table.get_row_at(i) for i in range(table.row_count)}
        title, author, date, site_name = (str(c) for c in rows[good][:4])
        assert title == "Harbour council approves tidal barrier"
        assert (author, date) == ("Priya Lenhart", "2024-03-14")
        assert site_name  # the page's OpenGraph site name
        assert "HTTP 404" in str(rows[gone][0])
        table.move_cursor(row=list(rows).index(good))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.url == good


def test_exports_cite_a_web_articles_url_author_date_and_site(
    site: str, tmp_path: Path, capsysbinary
) -> None:
    from reader.export.csv_format import read_rows
    from reader.export.importer import read_annotation_file
    from reader.store.opening import open_store

    url, db = f"{site}/article?export", str(tmp_path / "n.json")
    assert main(["annotate", url, "--match", "tidal barrier", "--tag", "web", "--db", db]) == 0
    capsysbinary.readouterr()
    assert main(["export", "--db", db]) == 0
    markdown = capsysbinary.readouterr().out.decode()
    front = markdown.split("---")[1]
    assert f'source: "{url}"' in front or f"source: {url}" in front
    assert "Priya Lenhart" in front and "2024-03-14" in front
    assert main(["export", "--db", db, "--format", "csv"]) == 0
    [row] = read_rows(capsysbinary.readouterr().out.decode())
    assert (row["article_author"], row["published"], row["url"]) == (
        "Priya Lenhart",
        "2024-03-14",
        url,
    )
    assert row["site"]
    out = tmp_path / "notes.json"
    assert main(["export", "--db", db, "-o", str(out)]) == 0
    [item] = json.loads(out.read_text())["first"]["items"]
    assert item["target"]["source"] == url  # the page, not the cached copy
    with open_store(db) as store:
        [stored] = store.annotations()
    [back] = read_annotation_file(out)
    assert back == stored  # our import restores the note exactly
