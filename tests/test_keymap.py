"""The keymap: shipped defaults, user overrides, and errors a user can act on."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import ClassVar

import pytest

import reader
from reader import cli
from reader.keys.actions import ACTIONS, CONTEXT_IDS, TEXT_ENTRY_CONTEXTS, actions_in
from reader.keys.loader import KeymapError, default_keymap_path, describe_bindings, load_keymap
from reader.keys.names import KeyNameError, normalize_key


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path | None = None, *, user_config: Path | None = None) -> list[str]:
    with pytest.raises(KeymapError) as caught:
        load_keymap(path, user_config=user_config)
    return caught.value.problems


@pytest.fixture
def no_user(tmp_path: Path) -> Path:
    """An empty config directory, so the developer's own keymap never leaks in."""
    directory = tmp_path / "config"
    directory.mkdir()
    return directory


# --- the shipped file ------------------------------------------------------------


def test_shipped_keymap_loads_and_binds_every_action(no_user: Path) -> None:
    keymap = load_keymap(user_config=no_user)
    for entry in ACTIONS:
        assert keymap.keys(entry.context, entry.id), f"[{entry.context}] {entry.id} has no key"
        assert keymap.origins[(entry.context, entry.id)] == "default"


def test_shipped_file_has_exactly_the_catalogued_actions() -> None:
    data = tomllib.loads(default_keymap_path().read_text(encoding="utf-8"))
    assert set(data) == set(CONTEXT_IDS)
    for context in CONTEXT_IDS:
        assert set(data[context]) == {a.id for a in actions_in(context)}, context


def test_checkout_uses_the_repo_root_file(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "checkout" / "reader"
    package.mkdir(parents=True)
    write(package.parent / "keymap.toml", "")
    monkeypatch.setattr(reader, "__file__", str(package / "__init__.py"))
    assert default_keymap_path() == package.parent / "keymap.toml"


def test_the_keymap_in_use_is_the_one_at_the_repo_root() -> None:
    """Installed or not, reader reads the same defaults as the repo's keymap.toml."""
    repo_file = Path(__file__).resolve().parents[1] / "keymap.toml"
    assert default_keymap_path().read_bytes() == repo_file.read_bytes()


def test_installed_file_inside_the_package_wins(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "site" / "reader"
    package.mkdir(parents=True)
    write(package / "keymap.toml", "")
    monkeypatch.setattr(reader, "__file__", str(package / "__init__.py"))
    assert default_keymap_path() == package / "keymap.toml"


def test_defaults_are_vim_like(no_user: Path) -> None:
    keymap = load_keymap(user_config=no_user)
    assert keymap.keys("article", "scroll_down") == ("j", "down")
    assert keymap.keys("article", "bottom") == ("G", "end")
    assert keymap.keys("article", "search") == ("slash",)
    assert keymap.keys("sidebar", "sidebar_up") == ("k", "up")
    assert keymap.keys("app", "help") == ("question_mark",)


def test_tmux_prefix_is_never_the_only_key(no_user: Path) -> None:
    keymap = load_keymap(user_config=no_user)
    for context, actions in keymap.bindings.items():
        for action, keys in actions.items():
            assert keys != ("ctrl+b",), f"[{context}] {action}"


# --- overrides ---------------------------------------------------------------------


def test_user_config_dir_overrides_one_action(no_user: Path) -> None:
    user_file = write(no_user / "keymap.toml", '[article]\nscroll_down = "ctrl+n"\n')
    keymap = load_keymap(user_config=no_user)
    assert keymap.keys("article", "scroll_down") == ("ctrl+n",)
    assert keymap.origins[("article", "scroll_down")] == str(user_file)
    assert keymap.keys("article", "scroll_up") == ("k", "up")
    assert keymap.origins[("article", "scroll_up")] == "default"


def test_keymap_option_replaces_the_user_file(tmp_path: Path, no_user: Path) -> None:
    write(no_user / "keymap.toml", '[article]\nscroll_down = "ctrl+n"\n')
    option = write(tmp_path / "mine.toml", '[article]\nscroll_up = "ctrl+u"\n')
    keymap = load_keymap(option, user_config=no_user)
    assert keymap.keys("article", "scroll_up") == ("ctrl+u",)
    assert keymap.keys("article", "scroll_down") == ("j", "down")
    assert keymap.origins[("article", "scroll_up")] == str(option)


def test_an_override_replaces_all_keys_and_frees_the_old_ones(tmp_path: Path) -> None:
    # "j" leaves scroll_down, so word_right may take it without a clash.
    option = write(tmp_path / "k.toml", '[article]\nscroll_down = "J"\nword_right = "j"\n')
    keymap = load_keymap(option)
    assert keymap.keys("article", "scroll_down") == ("J",)
    assert keymap.keys("article", "word_right") == ("j",)
    assert keymap.keys("sidebar", "sidebar_down") == ("j", "down")


def test_keys_are_normalised_and_deduplicated(tmp_path: Path) -> None:
    option = write(tmp_path / "k.toml", '[app]\nhelp = ["?", "question_mark", "F1"]\n')
    assert load_keymap(option).keys("app", "help") == ("question_mark", "f1")


def test_textual_keymap_and_display(tmp_path: Path) -> None:
    option = write(tmp_path / "k.toml", '[article]\nline_end = ["$", "ctrl+e"]\n')
    keymap = load_keymap(option)
    textual = keymap.textual_keymap()
    assert textual["article.line_end"] == "dollar_sign,ctrl+e"
    assert textual["article.scroll_down"] == "j,down"
    assert len(textual) == len(ACTIONS)
    assert keymap.display("article", "scroll_down") == "j / ↓"
    assert keymap.display("article", "line_end") == "$ / ctrl+e"
    assert keymap.display("sidebar", "sidebar_open") == "⏎"


def test_text_entry_contexts_ignore_app_keys(tmp_path: Path) -> None:
    # While typing a note the focused editor shadows the app's ctrl+p.
    option = write(tmp_path / "k.toml", '[note_editor]\nsave = "ctrl+p"\n')
    assert load_keymap(option).keys("note_editor", "save") == ("ctrl+p",)


# --- errors --------------------------------------------------------------------------


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    option = write(tmp_path / "k.toml", '[article]\nscroll_down = "j"\nscroll_up = [k\n')
    [problem] = problems_of(option)
    assert problem.startswith(f"{option}:3: TOML syntax error")


def test_unknown_action_suggests_the_close_one(tmp_path: Path) -> None:
    option = write(tmp_path / "k.toml", '[article]\n\nscroll_dwn = "j"\n')
    assert problems_of(option) == [
        f"{option}:3: [article] scroll_dwn: unknown action (did you mean scroll_down?)"
    ]


def test_action_in_the_wrong_table_says_where_it_belongs(tmp_path: Path) -> None:
    option = write(tmp_path / "k.toml", '[search]\nsidebar_open = "ctrl+o"\n')
    [problem] = problems_of(option)
    assert "sidebar_open: unknown action (it belongs in [sidebar])" in problem


def test_unknown_table_suggests_the_close_one(tmp_path: Path) -> None:
    option = write(tmp_path / "k.toml", '[sidbar]\nsidebar_up = "k"\n')
    [problem] = problems_of(option)
    assert problem.startswith(f"{option}:1: [sidbar]: unknown table (did you mean [sidebar]?)")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ('"ctlr+s"', '"ctlr+s": unknown modifier "ctlr" (did you mean ctrl+s?)'),
        ('"ctrl+"', '"ctrl+": no key after the modifiers'),
        ('"bogus_key"', '"bogus_key": unknown key name'),
        ('"escpae"', '"escpae": unknown key name (did you mean escape?)'),
        ('"ctrl-s"', '"ctrl-s": unknown key name (did you mean ctrl+s?)'),
        ('"shift+1"', '"shift+1": the terminal sends the shifted character itself'),
    ],
)
def test_bad_key_names(tmp_path: Path, written: str, expected: str) -> None:
    option = write(tmp_path / "k.toml", f"[note_editor]\nsave = {written}\n")
    [problem] = problems_of(option)
    assert problem.startswith(f"{option}:2: [note_editor] save: {expected}")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("5", "expected a key name or a list of key names, got an integer"),
        ("{ key = 'j' }", "expected a key name or a list of key names, got a table"),
        ('["j", 3]', "expected a key name (a string), got an integer: 3"),
        ("[]", "needs at least one key"),
    ],
)
def test_wrong_value_types(tmp_path: Path, written: str, expected: str) -> None:
    option = write(tmp_path / "k.toml", f"[article]\nscroll_down = {written}\n")
    assert problems_of(option) == [f"{option}:2: [article] scroll_down: {expected}"]


def test_clash_in_one_context_names_both_actions_and_the_key(tmp_path: Path) -> None:
    option = write(tmp_path / "k.toml", '[article]\nword_right = "k"\n')
    assert problems_of(option) == [
        f'{option}:2: [article] word_right: key "k" is also bound to scroll_up'
    ]


def test_app_key_clashes_with_every_pane_using_it(tmp_path: Path) -> None:
    option = write(tmp_path / "k.toml", '[app]\nquit = ["q", "g"]\n')
    problems = problems_of(option)
    assert problems == [
        f'{option}:2: [app] quit: key "g" is also bound to [article] top '
        "(app keys work in every pane)",
        f'{option}:2: [app] quit: key "g" is also bound to [sidebar] sidebar_top '
        "(app keys work in every pane)",
        f'{option}:2: [app] quit: key "g" is also bound to [library] library_top '
        "(app keys work in every pane)",
        f'{option}:2: [app] quit: key "g" is also bound to [corpus] corpus_top '
        "(app keys work in every pane)",
        f'{option}:2: [app] quit: key "g" is also bound to [help] help_top '
        "(app keys work in every pane)",
    ]


@pytest.mark.parametrize("context", sorted(TEXT_ENTRY_CONTEXTS))
def test_printable_keys_cannot_be_bound_where_the_user_types(tmp_path: Path, context) -> None:
    action = actions_in(context)[0].id
    option = write(tmp_path / "k.toml", f'[{context}]\n{action} = "space"\n')
    [problem] = problems_of(option)
    assert f'[{context}] {action}: "space" would be typed into the text' in problem


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    option = write(
        tmp_path / "k.toml",
        "[article]\n"
        'scroll_dwn = "j"\n'  # 2: unknown action
        "page_down = 5\n"  # 3: wrong type
        'search = "ctlr+f"\n'  # 4: bad key
        'word_right = "k"\n'  # 5: clash with scroll_up
        "[sidbar]\n",  # 6: unknown table
    )
    with pytest.raises(KeymapError) as caught:
        load_keymap(option)
    problems = caught.value.problems
    assert [p.split(": ")[0] for p in problems] == [f"{option}:{n}" for n in (2, 3, 4, 5, 6)]
    message = str(caught.value)
    assert message.splitlines()[0] == "keymap has 5 problems:"
    assert all(problem in message for problem in problems)


def test_a_missing_keymap_option_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    assert problems_of(missing) == [f"{missing}: keymap file not found"]


def test_action_missing_from_the_shipped_file_is_reported(tmp_path: Path, monkeypatch) -> None:
    shipped = default_keymap_path().read_text(encoding="utf-8")
    broken = write(tmp_path / "keymap.toml", shipped.replace('copy = "y"', ""))
    monkeypatch.setattr("reader.keys.loader.default_keymap_path", lambda: broken)
    problems = problems_of(user_config=tmp_path / "empty")
    assert any(
        p.startswith(str(broken)) and "[article] copy: missing from the default keymap" in p
        for p in problems
    )


# --- key names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "textual"),
    [
        ("?", "question_mark"),
        ("question_mark", "question_mark"),
        ("Ctrl+S", "ctrl+s"),
        ("G", "G"),
        ("g", "g"),
        ("shift+g", "G"),
        ("ctrl+shift+G", "ctrl+shift+g"),
        ("shift+ctrl+left", "ctrl+shift+left"),
        ("ctrl+question_mark", "ctrl+question_mark"),
        ("ctrl+plus", "ctrl+plus"),
        ("ctrl+j", "ctrl+j"),
        ("ctrl+shift+i", "ctrl+shift+i"),
        ("/", "slash"),
        ("solidus", "slash"),
        ("\\", "backslash"),
        ("-", "minus"),
        ("_", "underscore"),
        ("@", "at"),
        (">", "greater_than_sign"),
        ("less_than_sign", "less_than_sign"),
        ("{", "left_curly_bracket"),
        ("]", "right_square_bracket"),
        ("$", "dollar_sign"),
        ("0", "0"),
        (" ", "space"),
        ("PageDown", "pagedown"),
        ("esc", "escape"),
        ("return", "enter"),
        ("F12", "f12"),
        ("shift+tab", "shift+tab"),
        ("é", "é"),
    ],
)
def test_normalize_key(written: str, textual: str) -> None:
    assert normalize_key(written) == textual


@pytest.mark.parametrize("written", ["", "ctrl+", "bogus_key", "ctlr+s", "shift+1", "\x01"])
def test_normalize_key_refuses(written: str) -> None:
    with pytest.raises(KeyNameError):
        normalize_key(written)


# --- the command line ----------------------------------------------------------------


def test_reader_keys_shows_bindings_and_origin(tmp_path: Path, capsys) -> None:
    option = write(tmp_path / "k.toml", '[article]\nscroll_down = ["J", "down"]\n')
    assert cli.main(["keys", "--keymap", str(option)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    scroll_down = next(line for line in lines if line.strip().startswith("scroll_down"))
    assert "J, down" in scroll_down
    assert scroll_down.endswith(str(option))
    help_line = next(line for line in lines if line.strip().startswith("help "))
    assert "?" in help_line and help_line.endswith("default")
    assert "[note_editor]" in out


def test_reader_keys_error_exits_2_without_traceback(tmp_path: Path, capsys) -> None:
    option = write(tmp_path / "k.toml", '[article]\nscroll_dwn = "j"\ncopy = "ctlr+c"\n')
    assert cli.main(["keys", "--keymap", str(option)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    assert captured.err.startswith("reader: keymap has 2 problems:")
    assert f"{option}:2: [article] scroll_dwn: unknown action" in captured.err
    assert f"{option}:3: [article] copy:" in captured.err


def test_describe_lists_every_action(no_user: Path) -> None:
    text = describe_bindings(load_keymap(user_config=no_user))
    for entry in ACTIONS:
        assert any(entry.id in line and entry.description in line for line in text.splitlines())


# --- agreement with Textual -------------------------------------------------------------


def test_every_shipped_key_is_one_textual_reports(no_user: Path) -> None:
    """Each key must be the name Textual gives the key press, or it would never fire."""
    from textual import events
    from textual._xterm_parser import XTermParser
    from textual.keys import Keys

    named = {key.value for key in Keys}
    keymap = load_keymap(user_config=no_user)
    for context, actions in keymap.bindings.items():
        for action, keys in actions.items():
            for key in keys:
                character = _character_of(key)
                if character is None:
                    assert key in named, f"[{context}] {action}: {key}"
                    continue
                pressed = [
                    event.key
                    for event in XTermParser().feed(character)
                    if isinstance(event, events.Key)
                ]
                assert pressed == [key], f"[{context}] {action}: {key}"


def _character_of(key: str) -> str | None:
    """The character a terminal sends for ``key``, or None for a named key."""
    from textual.keys import REPLACED_KEYS, key_to_character

    character = key_to_character(REPLACED_KEYS.get(key, key))
    return character if character and character.isprintable() else None


class _Probe:
    """Builds a focusable widget whose bindings carry the ids of one context's actions."""

    @staticmethod
    def app_for(context: str):
        from textual.app import App, ComposeResult
        from textual.binding import Binding
        from textual.widget import Widget

        class Probe(Widget, can_focus=True):
            BINDINGS: ClassVar = [
                Binding(f"f{n}", f"hit('{action}')", id=f"{context}.{action}")
                for n, action in enumerate((a.id for a in actions_in(context)), start=1)
            ]

            def __init__(self) -> None:
                super().__init__()
                self.fired: list[str] = []

            def action_hit(self, action: str) -> None:
                self.fired.append(action)

        class ProbeApp(App):
            # Textual binds ctrl+p to its palette with priority; reader's own
            # command_palette binding replaces it.
            ENABLE_COMMAND_PALETTE = False

            def compose(self) -> ComposeResult:
                yield Probe()

        return ProbeApp(), Probe


async def test_textual_fires_each_shipped_binding(no_user: Path) -> None:
    """Bind every action by id, apply textual_keymap() and press its keys."""
    keymap = load_keymap(user_config=no_user)
    for context in CONTEXT_IDS:
        actions = [a.id for a in actions_in(context)]
        app, probe_class = _Probe.app_for(context)
        async with app.run_test() as pilot:
            app.set_keymap(keymap.textual_keymap())
            probe = app.query_one(probe_class)
            probe.focus()
            for action in actions:
                for key in keymap.keys(context, action):
                    probe.fired.clear()
                    await pilot.press(key)
                    assert probe.fired == [action], f"[{context}] {action}: {key}"
