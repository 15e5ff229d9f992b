"""``reader PATH``: every file that cannot be opened is one line on stderr and exit 2.

The UI must never start for these: ``ReaderApp.run`` is replaced by a tripwire.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import reader.article.loading
from reader.cli.main import main
from reader.tui.app import ReaderApp

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles" / "livingstone-resigns.txt"


@pytest.fixture(autouse=True)
def no_ui_and_no_user_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def tripwire(self: ReaderApp, *args: object, **kwargs: object) -> None:
        raise AssertionError("the UI started")

    monkeypatch.setattr(ReaderApp, "run", tripwire)
    monkeypatch.setenv("READER_DB", str(tmp_path / "db" / "reader.json"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def _missing(tmp: Path) -> Path:
    return tmp / "missing.txt"


def _folder_without_articles(tmp: Path) -> Path:
    folder = tmp / "pictures"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    return folder


def _binary(tmp: Path) -> Path:
    path = tmp / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.txt"
    path.write_bytes(b"")
    return path


def _blank(tmp: Path) -> Path:
    path = tmp / "blank.md"
    path.write_bytes(b" \r\n\t\n")
    return path


def _through_a_file(tmp: Path) -> Path:
    parent = tmp / "a.txt"
    parent.write_text("text\n", encoding="utf-8")
    return parent / "b.txt"


def _bad_utf16(tmp: Path) -> Path:
    path = tmp / "odd.txt"
    path.write_bytes(b"\xff\xfeA\x00\x00\xd8")  # BOM, 'A', then a lone surrogate
    return path


CASES: dict[str, Callable[[Path], Path]] = {
    "missing": _missing,
    "folder-without-articles": _folder_without_articles,
    "binary": _binary,
    "empty": _empty,
    "whitespace-only": _blank,
    "path-through-a-file": _through_a_file,
    "bad-utf16": _bad_utf16,
}


def assert_one_line_error(capsys: pytest.CaptureFixture[str], name: str) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("reader: ")
    assert name in lines[0]
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_loading_error_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], Path]
) -> None:
    path = make(tmp_path)
    assert main([str(path)]) == 2
    assert_one_line_error(capsys, str(path))


def test_explicit_open_command_reports_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _binary(tmp_path)
    assert main(["open", str(path)]) == 2
    assert "binary" in assert_one_line_error(capsys, str(path))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text\n", encoding="utf-8")
    path.chmod(0)
    try:
        assert main([str(path)]) == 2
    finally:
        path.chmod(0o600)
    assert "cannot read" in assert_one_line_error(capsys, str(path))


def test_over_the_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader.article.loading, "MAX_BYTES", 1024)
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    assert main([str(path)]) == 2
    assert "too large" in assert_one_line_error(capsys, str(path))


def test_first_bad_file_among_several_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = _missing(tmp_path)
    assert main([str(SAMPLE), str(missing)]) == 2
    assert_one_line_error(capsys, str(missing))


def test_invalid_keymap_exits_2_before_any_ui(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[article]\nscroll_down = "ctlr+n"\n', encoding="utf-8")
    assert main([str(SAMPLE), "--keymap", str(keymap)]) == 2
    line = assert_one_line_error(capsys, str(keymap))
    assert "scroll_down" in line


def test_keymap_with_several_problems_lists_them_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[article]\nscroll_dwn = "j"\ncopy = "ctlr+c"\n', encoding="utf-8")
    assert main(["--keymap", str(keymap), str(SAMPLE)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    assert captured.err.startswith("reader: keymap has 2 problems:")


def test_missing_keymap_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keymap = tmp_path / "nowhere.toml"
    assert main([str(SAMPLE), "--keymap", str(keymap)]) == 2
    assert_one_line_error(capsys, str(keymap))


def test_a_good_article_reaches_the_ui(tmp_path: Path) -> None:
    # The tripwire itself works: a readable article does start the UI.
    with pytest.raises(AssertionError, match="the UI started"):
        main([str(SAMPLE)])


# ------------------------------------------------- folders and duplicates


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[ReaderApp]:
    """The apps ``main`` would start, recorded instead of run."""
    apps: list[ReaderApp] = []

    def record(self: ReaderApp, *args: object, **kwargs: object) -> None:
        apps.append(self)

    monkeypatch.setattr(ReaderApp, "run", record)
    return apps


def _shelf(tmp: Path) -> Path:
    shelf = tmp / "shelf"
    (shelf / "2024").mkdir(parents=True)
    (shelf / "a.txt").write_text("A\n", encoding="utf-8")
    (shelf / "b.md").write_text("# B\n", encoding="utf-8")
    (shelf / "2024" / "c.txt").write_text("C\n", encoding="utf-8")
    return shelf


def test_the_same_folder_twice_opens_one_library_row_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[ReaderApp]
) -> None:
    shelf = _shelf(tmp_path)
    assert main([str(shelf), f"{shelf}/", str(shelf / "a.txt")]) == 0
    (app,) = opened
    assert app.article is None
    assert [p.name for p in app.paths] == ["a.txt", "b.md"]
    assert capsys.readouterr().err == ""


def test_the_same_file_twice_opens_it_in_the_reader(
    tmp_path: Path, opened: list[ReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    shelf = _shelf(tmp_path)
    monkeypatch.chdir(shelf)
    assert main(["a.txt", "./a.txt", str(shelf / "a.txt")]) == 0
    (app,) = opened
    assert app.article is not None and app.article.source == "a.txt"


@pytest.mark.parametrize("flag", ["-r", "--recursive"])
def test_recursive_reads_sub_folders(tmp_path: Path, opened: list[ReaderApp], flag: str) -> None:
    shelf = _shelf(tmp_path)
    assert main([flag, str(shelf)]) == 0
    assert main(["open", str(shelf), flag]) == 0
    for app in opened:
        assert [p.relative_to(shelf).as_posix() for p in app.paths] == [
            "2024/c.txt",
            "a.txt",
            "b.md",
        ]


def test_without_recursive_a_folder_of_folders_says_to_use_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shelf = tmp_path / "shelf"
    (shelf / "2024").mkdir(parents=True)
    (shelf / "2024" / "c.txt").write_text("C\n", encoding="utf-8")
    assert main([str(shelf)]) == 2
    assert "--recursive" in assert_one_line_error(capsys, str(shelf))


def test_a_ui_that_died_of_an_error_does_not_exit_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(self: ReaderApp, *args: object, **kwargs: object) -> None:
        self.exit(return_code=1)  # what Textual does after printing a traceback

    monkeypatch.setattr(ReaderApp, "run", crash)
    assert main([str(SAMPLE)]) == 1
