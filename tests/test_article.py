"""Loading articles: decoding, newline normalisation, titles, and one-line errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reader.article.display
import reader.article.loading
from reader.article.display import visible_text
from reader.article.loading import ArticleError, find_articles, load_article
from reader.errors import ArticleError as ErrorsArticleError

SAMPLES = Path(__file__).resolve().parents[1] / "sample_articles"


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def error_of(path: Path | str) -> str:
    with pytest.raises(ArticleError) as info:
        load_article(path)
    message = str(info.value)
    assert "\n" not in message, "errors are one line"
    assert str(path) in message, "errors name the file"
    return message


# ----------------------------------------------------------------- loading


def test_loads_a_plain_text_file(tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", "A headline\n\nThe body, with “curly” quotes.\n")
    article = load_article(path)
    assert article.text == "A headline\n\nThe body, with “curly” quotes.\n"
    assert article.title == "A headline"
    assert article.encoding == "utf-8"
    assert article.notice is None
    assert not article.is_markdown
    assert article.source == str(path)
    assert article.path == path.resolve()
    assert article.words == 7


def test_loads_the_sample_articles() -> None:
    txt = load_article(SAMPLES / "livingstone-resigns.txt")
    assert txt.title.startswith("KEN Livingstone has resigned")
    md = load_article(SAMPLES / "ghana-cocoa-payments.md")
    assert md.is_markdown
    assert md.title == "Ghana’s cocoa farmers ‘cannot wait any longer’ for delayed payments"
    assert md.size == (SAMPLES / "ghana-cocoa-payments.md").stat().st_size


def test_markdown_title_is_the_first_heading_not_the_first_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.md", "---\ntitle: x\n---\nSome intro line.\n\n## The Real Title ##\n"
    )
    assert load_article(path).title == "The Real Title"


def test_markdown_setext_heading_is_a_title(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "\nUnderlined Title\n================\n\nBody.\n")
    assert load_article(path).title == "Underlined Title"


def test_markdown_without_heading_falls_back_to_first_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "\n\n  First words here\nmore\n")
    assert load_article(path).title == "First words here"


def test_hash_line_in_a_text_file_is_not_treated_as_a_heading(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Plain first line\n# not a heading in .txt\n")
    assert load_article(path).title == "Plain first line"


def test_title_shows_control_characters_instead_of_running_them(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "\x1b[31mRed title\x1b[0m\nbody\n")
    title = load_article(path).title
    assert "\x1b" not in title
    assert title.startswith("␛[31mRed title")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"one\r\ntwo\r\n", "one\ntwo\n"),
        (b"one\rtwo\r", "one\ntwo\n"),
        (b"a\r\r\nb", "a\n\nb"),
        (b"mixed\r\nold mac\runix\n", "mixed\nold mac\nunix\n"),
    ],
)
def test_carriage_returns_become_newlines(tmp_path: Path, raw: bytes, expected: str) -> None:
    assert load_article(write(tmp_path / "a.txt", raw)).text == expected


def test_nothing_but_newlines_is_changed(tmp_path: Path) -> None:
    raw = "  Tabs\there,  trailing spaces   \n\n\n\u00a0nbsp, \ufeffzwnbsp, café  \n\n"
    article = load_article(write(tmp_path / "a.txt", raw.replace("\n", "\r\n")))
    assert article.text == raw


def test_cp1252_bytes_are_decoded_with_a_notice(tmp_path: Path) -> None:
    raw = "Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve\n".encode("cp1252")
    article = load_article(write(tmp_path / "a.txt", raw))
    assert article.text == "Café “quoted” — naïve\n"
    assert article.encoding == "cp1252"
    assert article.notice and "UTF-8" in article.notice and "1252" in article.notice


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252 but is a (C1) character in Latin-1.
    raw = b"Stra\xdfe \x81 end\n"
    article = load_article(write(tmp_path / "a.txt", raw))
    assert article.encoding == "latin-1"
    assert article.text == "Straße \x81 end\n"
    assert article.notice and "Latin-1" in article.notice


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = "\ufeff".encode(codec)
    raw = bom + "Żółw title\r\nbody text\r\n".encode(codec)
    article = load_article(write(tmp_path / "a.txt", raw))
    assert article.text == "Żółw title\nbody text\n"
    assert article.title == "Żółw title"
    assert article.encoding == "utf-16"
    assert article.notice


def test_fingerprint_follows_content_not_name(tmp_path: Path) -> None:
    a = load_article(write(tmp_path / "a.txt", "Same text\n"))
    b = load_article(write(tmp_path / "b.txt", "Same text\r\n"))
    c = load_article(write(tmp_path / "c.txt", "Other text\n"))
    assert a.fingerprint == b.fingerprint != c.fingerprint


# ------------------------------------------------------------------ errors


def test_error_is_the_reader_error_type() -> None:
    assert ArticleError is ErrorsArticleError


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in error_of(tmp_path / "nope.txt")


def test_folder_is_not_an_article(tmp_path: Path) -> None:
    assert "folder" in error_of(tmp_path)


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert "binary" in error_of(path)


def test_binary_file_without_nul_bytes_but_mostly_controls(tmp_path: Path) -> None:
    path = write(tmp_path / "blob.txt", bytes(range(1, 32)) * 40 + b"\xff")
    assert "binary" in error_of(path)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \r"])
def test_empty_or_whitespace_only(tmp_path: Path, content: bytes) -> None:
    assert "empty" in error_of(write(tmp_path / "empty.txt", content))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "text\n")
    path.chmod(0)
    try:
        assert "cannot read" in error_of(path)
    finally:
        path.chmod(0o600)


def test_path_through_a_file_is_not_found(tmp_path: Path) -> None:
    # Works as root too: a file cannot hold another file.
    parent = write(tmp_path / "a.txt", "text\n")
    message = error_of(parent / "b.txt")
    assert "no such file" in message


def test_unreadable_as_root_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A read that fails after the file was found (a FIFO's vanished writer, an
    # I/O error on a network disk): simulated, since root can read chmod 000 files.
    path = write(tmp_path / "flaky.txt", "text\n")

    def broken(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", broken)
    message = error_of(path)
    assert "cannot read" in message and "Permission denied" in message


def test_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.article.loading, "MAX_BYTES", 100)
    path = write(tmp_path / "big.txt", "word " * 100)
    assert "too large" in error_of(path)
    small = write(tmp_path / "small.txt", "word " * 10)
    assert load_article(small).words == 10


# ----------------------------------------------------------- find_articles


def test_find_articles_expands_folders_sorted_and_only_articles(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "c.TXT", "notes.pdf", "script.py", ".hidden.txt"):
        write(tmp_path / name, "x\n")
    (tmp_path / "sub.txt").mkdir()
    found = find_articles([str(tmp_path)])
    assert [p.name for p in found] == ["a.txt", "b.md", "c.TXT"]


def test_find_articles_keeps_files_as_given(tmp_path: Path) -> None:
    b = write(tmp_path / "b.txt", "x\n")
    a = write(tmp_path / "a.txt", "x\n")
    assert find_articles([str(b), str(a)]) == [b, a]


def test_find_articles_on_the_samples_folder() -> None:
    found = find_articles([str(SAMPLES)])
    assert [p.name for p in found] == sorted(
        p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md")
    )
    assert len(found) >= 3


def test_find_articles_folder_without_articles(tmp_path: Path) -> None:
    write(tmp_path / "photo.jpg", b"\xff\xd8")
    with pytest.raises(ArticleError) as info:
        find_articles([str(tmp_path)])
    assert str(tmp_path) in str(info.value)
    assert "no articles" in str(info.value)


def test_find_articles_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        find_articles([str(tmp_path / "gone")])


def test_find_articles_lists_the_same_file_once_as_first_spelled(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "x\n")
    b = write(tmp_path / "b.txt", "x\n")
    (tmp_path / "link.txt").symlink_to(a)
    folder = str(tmp_path)
    found = find_articles([str(b), folder, folder + "/", f"{folder}/./a.txt", str(b)])
    assert found == [b, a]  # b as given first; the folder's a; link.txt is a itself


def test_find_articles_reads_sub_folders_only_when_recursive(tmp_path: Path) -> None:
    write(tmp_path / "top.txt", "x\n")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    write(tmp_path / "sub" / "inner.md", "x\n")
    write(tmp_path / "sub" / "deeper" / "deep.txt", "x\n")
    write(tmp_path / ".git" / "hidden.txt", "x\n")
    shallow = find_articles([str(tmp_path)])
    deep = find_articles([str(tmp_path)], recursive=True)
    assert [p.relative_to(tmp_path).as_posix() for p in shallow] == ["top.txt"]
    assert [p.relative_to(tmp_path).as_posix() for p in deep] == [
        "sub/deeper/deep.txt",
        "sub/inner.md",
        "top.txt",
    ]


def test_a_folder_whose_articles_are_in_sub_folders_points_at_recursive(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    write(tmp_path / "2024" / "a.txt", "x\n")
    with pytest.raises(ArticleError, match="--recursive") as info:
        find_articles([str(tmp_path)])
    assert "\n" not in str(info.value)
    assert len(find_articles([str(tmp_path)], recursive=True)) == 1


# ------------------------------------------------------------ visible_text


def test_visible_text_keeps_length_and_shows_controls() -> None:
    text = "a\x1b[31mred\x1b[0m\x07\x9b\u202eevil\u2066x\u200fz\x7f\tb\nc"
    shown = visible_text(text)
    assert len(shown) == len(text)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown.startswith("a␛[31mred␛[0m")
    assert shown[text.index("\x07")] == "␇"
    for ch in ("\x9b", "\u202e", "\u2066", "\u200f"):
        assert shown[text.index(ch)] == "\ufffd"
    assert shown[text.index("\x7f")] == "␡"
    assert shown[text.index("\t")] == " "
    assert shown[text.index("\n")] == "\n"


@given(st.text())
def test_visible_text_replaces_exactly_the_listed_characters(text: str) -> None:
    shown = visible_text(text)
    assert len(shown) == len(text)
    assert shown == text.translate(reader.article.display._VISIBLE)


def test_visible_text_leaves_ordinary_text_alone() -> None:
    text = "Żółw — “quoted” 漢字 emoji 🙂 [bold]not markup[/]\n"
    assert visible_text(text) == text


def test_a_device_without_size_is_read_only_up_to_the_limit(monkeypatch) -> None:
    """/dev/zero reports size 0: reading must stop at the limit, then refuse it."""
    import reader.article.loading as article_module

    monkeypatch.setattr(article_module, "MAX_BYTES", 1024)
    with pytest.raises(ArticleError, match="/dev/zero: too large"):
        load_article("/dev/zero")


def test_a_pipe_can_be_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    writer = threading.Thread(target=lambda: fifo.write_text("Piped text.\n", encoding="utf-8"))
    writer.start()
    article = load_article(fifo)
    writer.join()
    assert article.text == "Piped text.\n"


def test_emoji_joined_by_zwj_are_shown_unjoined_so_rows_keep_their_width() -> None:
    from rich.cells import cell_len

    from reader.article.display import visible_text

    family = "Family \U0001f468\u200d\U0001f469\u200d\U0001f467 here"
    shown = visible_text(family)
    assert len(shown) == len(family)
    assert "\u200d" not in shown
    # Every terminal then draws each person (2 cells), as the layout counts them;
    # joined, some draw one glyph and some three, so no count could be right.
    parts = "Family " + "\U0001f468\U0001f469\U0001f467" + " here"
    assert cell_len(shown) == cell_len(parts)
    # A joiner in other scripts (Devanagari half forms) is left alone.
    assert visible_text("क्\u200dष") == "क्\u200dष"
