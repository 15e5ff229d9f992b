"""Keys a terminal cannot deliver as written are refused, with what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.keys.loader import KeymapError, load_keymap
from reader.keys.names import KeyNameError, normalize_key


def problems_of(tmp_path: Path, text: str) -> list[str]:
    option = tmp_path / "mine.toml"
    option.write_text(text, encoding="utf-8")
    with pytest.raises(KeymapError) as caught:
        load_keymap(option, user_config=tmp_path / "none")
    return caught.value.problems


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("ctrl+i", "tab"),
        ("ctrl+I", "tab"),
        ("ctrl+m", "enter"),
        ("ctrl+h", "backspace"),
        ("ctrl+[", "escape"),
        ("ctrl+left_square_bracket", "escape"),
    ],
)
def test_keys_a_terminal_sends_as_named_keys_are_refused(
    tmp_path: Path, written: str, same_as: str
) -> None:
    [problem] = problems_of(tmp_path, f'[article]\n\nword_right = "{written}"\n')
    assert problem == (
        f'{tmp_path / "mine.toml"}:3: [article] word_right: "{written}": terminals send the '
        f"same bytes as {same_as}, so reader cannot tell them apart; "
        f'write "{same_as}" or choose another key'
    )


def test_the_hint_keeps_the_other_modifiers() -> None:
    with pytest.raises(KeyNameError, match='write "alt\\+enter"'):
        normalize_key("alt+ctrl+m")


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("ctrl+?", "ctrl+question_mark"),
        ("ctrl++", "ctrl+plus"),
        ("alt+$", "alt+dollar_sign"),
        ("ctrl+/", "ctrl+slash"),
        ("ctrl+shift+{", "ctrl+shift+left_curly_bracket"),
    ],
)
def test_unnamed_punctuation_in_a_combination_is_refused(
    tmp_path: Path, written: str, named: str
) -> None:
    [problem] = problems_of(tmp_path, f'[note_editor]\nsave = ["ctrl+s", "{written}"]\n')
    assert problem == (
        f'{tmp_path / "mine.toml"}:2: [note_editor] save: "{written}": inside a combination '
        f'a character must be named; write "{named}"'
    )


@pytest.mark.parametrize(
    ("written", "textual"),
    [
        ("ctrl+question_mark", "ctrl+question_mark"),
        ("ctrl+plus", "ctrl+plus"),
        ("ctrl+j", "ctrl+j"),  # newline is not enter: Textual reports ctrl+j
        ("ctrl+shift+i", "ctrl+shift+i"),
        ("tab", "tab"),
        ("?", "question_mark"),  # alone, a character may be written as itself
    ],
)
def test_the_written_form_to_use_instead_is_accepted(written: str, textual: str) -> None:
    assert normalize_key(written) == textual


def test_all_refusals_of_one_file_come_together(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        '[article]\nword_right = "ctrl+i"\nword_left = "ctrl+?"\n[help]\nhelp_top = "ctrl+m"\n',
    )
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in problems] == ["2", "3", "5"]


def test_an_action_at_top_level_says_which_table_it_belongs_in(tmp_path: Path) -> None:
    # "help" is both an [app] action and the [help] context.
    [problem] = problems_of(tmp_path, 'help = "f1"\n')
    assert problem.endswith("help: an action must be inside a table (put it under [app])")
