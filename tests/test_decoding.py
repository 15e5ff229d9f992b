"""Decoding the files people actually have: BOMs, a few broken bytes, UTF-16 without a BOM."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.article.loading import ArticleError, load_article

SAMPLES = Path(__file__).resolve().parents[1] / "sample_articles"
SAMPLE = SAMPLES / "livingstone-resigns.txt"


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- UTF-8 BOM


def test_a_utf8_bom_is_not_part_of_the_text_title_or_fingerprint(tmp_path: Path) -> None:
    body = "Ken quits\r\n\r\nThe “former” mayor — said.\r\n".encode()
    plain = load_article(write(tmp_path / "plain.txt", body))
    marked = load_article(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + body))
    assert marked.title == "Ken quits"
    assert marked.text == plain.text
    assert marked.fingerprint == plain.fingerprint
    assert marked.notice is None


def test_a_bom_in_a_markdown_heading_file_keeps_the_heading_title(tmp_path: Path) -> None:
    article = load_article(write(tmp_path / "a.md", b"\xef\xbb\xbf# Heading\n\nBody.\n"))
    assert article.title == "Heading"
    assert article.text.startswith("# Heading")


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_bom(tmp_path: Path, codec: str) -> None:
    raw = "\ufeff".encode(codec) + "Żółw title\nbody\n".encode(codec)
    article = load_article(write(tmp_path / "a.txt", raw))
    assert article.text == "Żółw title\nbody\n"
    assert article.notice and "UTF-32" in article.notice


# ------------------------------------------------------ almost-valid UTF-8


def damaged_sample() -> tuple[bytes, list[int]]:
    """The sample article (UTF-8 with curly quotes) with three bytes broken."""
    data = bytearray(SAMPLE.read_bytes())
    spots = [len(data) // 4, len(data) // 2, 3 * len(data) // 4]
    for spot in spots:
        while data[spot] >= 0x80:  # break an ASCII byte, never half a character
            spot += 1
        data[spot] = 0xFF
    return bytes(data), spots


def test_three_bad_bytes_do_not_turn_a_utf8_file_into_mojibake(tmp_path: Path) -> None:
    data, _spots = damaged_sample()
    article = load_article(write(tmp_path / "damaged.txt", data))
    good = load_article(SAMPLE)
    assert article.encoding == "utf-8"
    assert article.text.count("\ufffd") == 3
    assert "â€" not in article.text  # no Windows-1252 reading of the curly quotes
    assert len(article.text) == len(good.text)
    differing = [i for i, (a, b) in enumerate(zip(article.text, good.text, strict=True)) if a != b]
    assert len(differing) == 3
    assert article.notice is not None
    assert "3" in article.notice and "UTF-8" in article.notice and "replaced" in article.notice


def test_the_notice_counts_bytes_not_characters(tmp_path: Path) -> None:
    # A truncated 3-byte sequence (2 bytes) and a stray continuation byte: 3 bytes.
    text = "“Quoted” — text, ‘more’ “and more” ‘and more’. "
    raw = text.encode() + b"\xe2\x80" + b" middle " + b"\x80" + text.encode()
    article = load_article(write(tmp_path / "a.txt", raw))
    assert article.encoding == "utf-8"
    assert article.text.count("\ufffd") == 2
    assert article.notice and "3 invalid UTF-8 bytes" in article.notice


def test_a_windows_1252_file_with_few_accents_is_still_read_as_1252(tmp_path: Path) -> None:
    # Few non-ASCII bytes, all invalid as UTF-8, no valid multi-byte sequence: 1252.
    text = "A long plain paragraph about nothing much. " * 50 + "Café, naïve, résumé.\n"
    article = load_article(write(tmp_path / "a.txt", text.encode("cp1252")))
    assert article.encoding == "cp1252"
    assert article.text == text
    assert article.notice and "1252" in article.notice


def test_a_file_mostly_broken_is_not_called_utf8(tmp_path: Path) -> None:
    # One valid UTF-8 character among many 1252 accents: the accents win.
    raw = "‘ok’ ".encode() + ("déjà vu à côté " * 40).encode("cp1252")
    article = load_article(write(tmp_path / "a.txt", raw))
    assert article.encoding == "cp1252"
    assert "déjà vu à côté" in article.text


# --------------------------------------------------------- UTF-16, no BOM


@pytest.mark.parametrize(("codec", "label"), [("utf-16-le", "LE"), ("utf-16-be", "BE")])
def test_utf16_without_a_bom_is_read_with_a_notice(tmp_path: Path, codec: str, label: str) -> None:
    text = "Żółw title\r\nThe body, with “quotes” and 漢字.\r\n"
    article = load_article(write(tmp_path / "a.txt", text.encode(codec)))
    assert article.text == text.replace("\r\n", "\n")
    assert article.title == "Żółw title"
    assert article.notice and "UTF-16" in article.notice and label in article.notice


def test_cyrillic_utf16_without_a_bom(tmp_path: Path) -> None:
    text = "Мэр Лондона подал в отставку после скандала. " * 20
    article = load_article(write(tmp_path / "a.txt", text.encode("utf-16-le")))
    assert article.text == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),  # zeros at both parities
        bytes(range(1, 20)).replace(b"", b"\x00")[1:] * 30,  # UTF-16 of control codes
        "odd length text".encode("utf-16-le") + b"x",
    ],
    ids=["png", "controls", "odd-length"],
)
def test_nul_bytes_that_are_not_utf16_stay_binary(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "blob.txt", data)
    with pytest.raises(ArticleError, match="binary"):
        load_article(path)
