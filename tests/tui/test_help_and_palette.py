"""The key help, the command palette, and the app's keys on every screen."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from conftest import fixed_analysis
from rich.console import Console
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input, Static

import reader.tui.app
from reader.article.loading import find_articles, load_article
from reader.keys.actions import ACTIONS, GLOBAL_CONTEXT, Action, actions_in
from reader.keys.loader import Keymap, load_keymap, user_keymap_path
from reader.keys.names import is_printable
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.bindings import default_keymap
from reader.tui.dialogs import ConfirmDialog, TagDialog
from reader.tui.help_screen import HelpBody, HelpScreen
from reader.tui.side_pane import SidePane

SAMPLES = Path(__file__).resolve().parents[2] / "sample_articles"
SAMPLE = SAMPLES / "livingstone-resigns.txt"


class RecordingApp(ReaderApp):
    """The real app, remembering what it told the user."""

    CSS_PATH = Path(reader.tui.app.__file__).with_name("reader.tcss")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.told: list[str] = []

    def notify(self, message: str, **kwargs: object) -> None:  # type: ignore[override]
        self.told.append(message)
        super().notify(message, **kwargs)  # type: ignore[arg-type]


def _spy(name: str):
    def record(self: SpyApp, *args: object) -> None:
        self.ran.append(name if not args else f"{name}:{args[0]}")

    return record


class SpyApp(RecordingApp):
    """The app with its ``[app]`` actions replaced by a record of which one ran."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.ran: list[str] = []

    action_quit = _spy("quit")
    action_help = _spy("help")
    action_command_palette = _spy("command_palette")
    action_focus_next = _spy("focus_next")
    action_focus_previous = _spy("focus_previous")
    action_screen_action = _spy("screen_action")
    action_library = _spy("library")


@asynccontextmanager
async def running(app: ReaderApp, size: tuple[int, int] = (100, 30)) -> AsyncIterator[Pilot]:
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        yield pilot


def reading(cls: type[ReaderApp] = RecordingApp, **kwargs: object) -> ReaderApp:
    kwargs.setdefault("analyzer", fixed_analysis)
    return cls(article=load_article(SAMPLE), **kwargs)  # type: ignore[arg-type]


def help_text(app: ReaderApp) -> str:
    """The help as the user reads it: its heading and its table, rendered as text."""
    console = Console(width=120, record=True, color_system=None)
    for static in app.screen.query(Static):
        console.print(static.content)
    return console.export_text()


# ------------------------------------------------------------------- the help


async def test_help_names_the_users_keymap_file_not_the_shipped_one() -> None:
    app = reading()
    async with running(app) as pilot:
        await pilot.press("?")
        heading = help_text(app).splitlines()[0]
        assert str(user_keymap_path()) in heading
        assert "change them in" in heading


async def test_help_names_the_keymap_option_file(tmp_path: Path) -> None:
    option = tmp_path / "my-keys.toml"
    option.write_text('[article]\nword_right = "e"\n', encoding="utf-8")
    app = reading(keymap=load_keymap(option, user_config=tmp_path))
    async with running(app) as pilot:
        await pilot.press("?")
        assert str(option) in help_text(app).splitlines()[0]


async def test_help_gives_every_context_a_human_title() -> None:
    app = reading()
    async with running(app) as pilot:
        await pilot.press("?")
        text = help_text(app)
        for title in ("Everywhere", "Export dialog", "Yes/no question", "Dialogs"):
            assert title in text
        for raw in ("export_dialog", "note_editor", "tag_input"):
            assert raw not in text
        everywhere = next(line for line in text.splitlines() if "Everywhere" in line)
        assert "every screen" in everywhere


@pytest.mark.parametrize(
    ("keys", "where"),
    [
        (("j", "j"), "moved"),
        (("down",), "moved"),
        (("space",), "moved"),
        (("pagedown",), "moved"),
        (("G",), "bottom"),
        (("end",), "bottom"),
        (("G", "k"), "above bottom"),
        (("G", "pageup"), "above bottom"),
        (("g",), "top"),
        (("home",), "top"),
    ],
)
async def test_help_scrolls_with_the_reading_keys(keys: tuple[str, ...], where: str) -> None:
    app = reading()
    async with running(app, size=(100, 20)) as pilot:
        await pilot.press("?")
        body = app.screen.query_one(HelpBody)
        assert body.max_scroll_y > 20
        if where == "top":
            body.scroll_end(animate=False)
            await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        position = {
            "moved": 0 < body.scroll_y < body.max_scroll_y,
            "bottom": body.scroll_y == body.max_scroll_y,
            "above bottom": 0 < body.scroll_y < body.max_scroll_y,
            "top": body.scroll_y == 0,
        }
        assert position[where], (keys, body.scroll_y, body.max_scroll_y)


async def test_help_scroll_keys_are_rebindable(tmp_path: Path) -> None:
    option = tmp_path / "k.toml"
    option.write_text('[help]\nhelp_down = "ctrl+n"\n', encoding="utf-8")
    app = reading(keymap=load_keymap(option, user_config=tmp_path))
    async with running(app, size=(100, 20)) as pilot:
        await pilot.press("?")
        body = app.screen.query_one(HelpBody)
        await pilot.press("j")
        assert body.scroll_y == 0
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert body.scroll_y == 1


# ------------------------------------------------------------ the app's keys


async def test_q_in_the_help_quits() -> None:
    app = reading()
    async with running(app) as pilot:
        await pilot.press("?")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_in_a_yes_no_question_quits() -> None:
    app = reading()
    async with running(app) as pilot:
        app.push_screen(ConfirmDialog("Discard the changes to this note? (y/n)"))
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_while_typing_tags_is_typed() -> None:
    app = reading()
    async with running(app) as pilot:
        app.push_screen(TagDialog(current="", known_tags=[], subject="x"))
        await pilot.pause()
        await pilot.press("q", "?", "s")
        assert app.is_running
        assert app.screen.query_one(Input).value == "q?s"


def _app_keys(keymap: Keymap) -> list[tuple[Action, str]]:
    return [(a, key) for a in actions_in(GLOBAL_CONTEXT) for key in keymap.keys(a.context, a.id)]


def _expected(entry: Action) -> str:
    return f"screen_action:{entry.id}" if entry.forwarded else entry.id


async def _open_screen(app: SpyApp, pilot: Pilot, screen: str) -> None:
    if screen == "help":
        app.push_screen(HelpScreen(app.keymap))
    elif screen == "confirm":
        app.push_screen(ConfirmDialog("Really? (y/n)"))
    elif screen == "tags":
        app.push_screen(TagDialog(current="", known_tags=[], subject="x"))
    await pilot.pause()


@pytest.mark.parametrize("screen", ["reader", "library", "help", "confirm", "tags"])
async def test_every_app_key_runs_its_action_on_every_screen(screen: str) -> None:
    library = screen == "library"
    app = SpyApp(paths=find_articles([str(SAMPLES)])) if library else reading(SpyApp)
    async with running(app) as pilot:
        assert isinstance(app, SpyApp)
        await _open_screen(app, pilot, screen)
        shown = app.screen
        for entry, key in _app_keys(app.keymap):
            if screen == "help" and entry.id == "help":
                continue  # the help key closes the help (tested with the reader)
            app.ran.clear()
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is shown, key
            if screen == "tags" and is_printable(key):
                expected = []  # typed into the tags field
            elif entry.forwarded and library:
                expected = []  # no article to act on: hidden and inert
            else:
                expected = [_expected(entry)]
            assert app.ran == expected, f"{screen}: {key}"


async def test_pane_keys_in_the_help_act_on_the_article_beneath() -> None:
    app = reading()
    async with running(app) as pilot:
        side = app.screen.query_one(SidePane)
        await pilot.press("?", "s")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert not side.display


# -------------------------------------------------------- the command palette

PALETTE = [entry for entry in ACTIONS if entry.palette]


def _app_for(entry: Action) -> RecordingApp:
    """The library needs reader opened on several articles; the rest, one article."""
    if entry.binding_id == "app.library":
        return RecordingApp(paths=find_articles([str(SAMPLES)]))
    return reading()  # type: ignore[return-value]


async def _prepare(app: RecordingApp, pilot: Pilot, entry: Action) -> None:
    """A cursor mid-article and a selection (and a search for n/N), so the action shows."""
    if app.article is None:
        await pilot.press("enter")  # open the first article of the library
        await app.workers.wait_for_complete()
        await pilot.pause()
    if entry.id in ("search_next", "search_prev"):
        await pilot.press("slash", *"the", "enter")
    await pilot.press("}", "}", "v", "w")
    await pilot.pause()
    app.told.clear()


def _state(app: RecordingApp) -> tuple[object, ...]:
    """What the user can see: screen, focus, cursor, selection, pane, messages, clipboard."""
    if not app.is_running:
        return ("exited", app.return_code)
    seen: list[object] = [type(app.screen).__name__]
    seen.append(app.focused.id if app.focused is not None else None)
    for screen in app.screen_stack:
        for view in screen.query(ArticleView):
            side = screen.query_one(SidePane)
            seen += [view.cursor, view.selection, side.display, side.size.width]
    return (*seen, tuple(app.told), app.clipboard)


async def _run_through_palette(app: ReaderApp, pilot: Pilot, entry: Action) -> None:
    await pilot.press(*app.keymap.keys("app", "command_palette"))
    await pilot.pause()
    app.screen.query_one(Input).value = entry.description  # as if typed, at once
    commands = app.screen.query_one(CommandList)
    seen: list[str] = []
    for _ in range(100):
        await pilot.pause(0.02)
        prompts = [
            str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
        ]
        ours = [i for i, prompt in enumerate(prompts) if f"{entry.binding_id} " in prompt]
        if ours and prompts == seen:  # the search has settled
            commands.highlighted = ours[0]
            break
        seen = prompts
    else:
        pytest.fail(f"{entry.binding_id} is not in the palette")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def _run_palette_command(app: ReaderApp, pilot: Pilot, entry: Action) -> None:
    """Run the entry's command as the palette does once it closes: its callback."""
    [command] = [
        c for c in app.get_system_commands(app.screen) if c.help.startswith(f"{entry.binding_id} ")
    ]
    result = command.callback()
    if inspect.isawaitable(result):
        await result
    await pilot.pause()
    await pilot.pause()


THROUGH_THE_PALETTE = ("app.help", "app.toggle_sidebar", "article.next_paragraph")
"""Entries also run by typing into the real palette (slow: its search is asynchronous)."""


COMPARED = [
    entry
    for entry in PALETTE
    if entry.context == GLOBAL_CONTEXT
    or entry.id
    in (
        "scroll_down",
        "bottom",
        "word_left",
        "search",
        "search_next",
        "select_paragraph",
        "tag",
        "note",
        "next_quote",
        "next_mention",
        "copy",
    )
]
"""Every app entry and article entries of each kind (motion, search, selection, dialog,
jump, clipboard): the article entries all run through the same binding lookup, and two
apps per entry make this the suite's slowest test, so the rest of the motions are left
to the key tests."""


@pytest.mark.parametrize("entry", COMPARED, ids=[entry.binding_id for entry in COMPARED])
async def test_each_palette_entry_does_what_its_key_does(entry: Action) -> None:
    await _compare_key_and_palette(entry, _run_palette_command)


@pytest.mark.parametrize("binding_id", THROUGH_THE_PALETTE)
async def test_entries_typed_into_the_palette_do_what_their_key_does(binding_id: str) -> None:
    [entry] = [e for e in PALETTE if e.binding_id == binding_id]
    await _compare_key_and_palette(entry, _run_through_palette)


async def _compare_key_and_palette(entry: Action, run: object) -> None:
    keymap = default_keymap()
    by_key = _app_for(entry)
    async with running(by_key) as pilot:
        await _prepare(by_key, pilot, entry)
        before = _state(by_key)
        await pilot.press(keymap.keys(entry.context, entry.id)[0])
        await pilot.pause()
        await pilot.pause()
        after_key = _state(by_key)
    assert after_key != before, "the key itself has no visible effect here"

    by_palette = _app_for(entry)
    async with running(by_palette) as pilot:
        await _prepare(by_palette, pilot, entry)
        assert _state(by_palette) == before
        await run(by_palette, pilot, entry)  # type: ignore[operator]
        assert _state(by_palette) == after_key


async def test_the_palette_offers_only_what_the_library_can_do() -> None:
    app = ReaderApp(paths=find_articles([str(SAMPLES)]))
    async with running(app):
        titles = {command.title for command in app.get_system_commands(app.screen)}
    assert "Quit reader" in titles
    assert "Show the key bindings" in titles
    assert "Move down one line" not in titles
    assert "Show or hide the sidebar" not in titles
