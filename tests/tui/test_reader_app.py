"""The reader as a user drives it: keys, search, panes, library, keymap, mouse."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from conftest import SAMPLES, notices, open_reader, reader_screen, screen_lines, screen_text
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from reader.article.loading import find_articles, load_article
from reader.article.model import Article
from reader.keys.loader import load_keymap
from reader.tui.app import ReaderApp
from reader.tui.help_screen import HelpScreen
from reader.tui.library_screen import LibraryScreen
from reader.tui.reader_screen import ReaderScreen
from reader.tui.search_bar import SearchBar
from reader.view.pane_sizes import PANE_MIN


@asynccontextmanager
async def reading(
    article: Article | None = None, *, size: tuple[int, int] = (80, 24), **kwargs: object
) -> AsyncIterator[tuple[ReaderApp, Pilot, ReaderScreen]]:
    """The app on one article with the fixed analysis shown, no database."""
    async with open_reader(article, size=size, **kwargs) as (app, pilot):
        yield app, pilot, reader_screen(app)  # type: ignore[misc]


def status(screen: ReaderScreen) -> str:
    return str(screen.query_one("#status", Static).render())


def char_at_cursor(screen: ReaderScreen) -> str:
    view = screen.view
    return view.display_text[view.cursor : view.cursor + 1]


def row_col(screen: ReaderScreen) -> tuple[int, int]:
    view = screen.view
    layout = view.layout_model
    return layout.row_of_offset(view.cursor), layout.column_of_offset(view.cursor)


# ------------------------------------------------------------------ opening


async def test_opening_shows_the_title_in_the_header_and_the_text() -> None:
    async with reading() as (app, _pilot, screen):
        lines = screen_lines(app)
        assert "KEN Livingstone has resigned" in lines[0]  # the header
        body = "\n".join(lines[1:])
        assert "In a statement, the former London Mayor" in body
        assert screen.view.has_focus
        assert screen.view.cursor == 0
        assert "0%" in status(screen)
        assert "quotes" in status(screen) and "mentions" in status(screen)


# --------------------------------------------------------------- navigation


async def test_scroll_down_and_up_keep_the_column() -> None:
    async with reading() as (_app, pilot, screen):
        await pilot.press("l", "l", "l")
        assert row_col(screen) == (0, 3)
        await pilot.press("j")
        assert row_col(screen) == (1, 3)
        await pilot.press("down", "down")
        assert row_col(screen) == (3, 3)
        await pilot.press("k")
        assert row_col(screen) == (2, 3)
        # A short row (the paragraph's last) clamps the column, the next row regains it.
        await pilot.press("j", "j")
        assert row_col(screen)[0] == 4
        await pilot.press("j", "j")
        assert row_col(screen) == (6, 3)
        await pilot.press("up", "up", "up", "up", "up", "up", "up")
        assert row_col(screen) == (0, 3)


async def test_page_down_and_up_move_a_page_and_scroll_with_the_cursor() -> None:
    async with reading() as (_app, pilot, screen):
        view = screen.view
        page = view.scrollable_content_region.height - 1
        await pilot.press("pagedown")
        assert row_col(screen)[0] == page
        assert int(view.scroll_y) == page
        await pilot.press("space")
        assert row_col(screen)[0] == 2 * page
        await pilot.press("pageup")
        assert row_col(screen)[0] == page
        await pilot.press("pageup", "pageup")
        assert view.cursor == 0 and int(view.scroll_y) == 0


async def test_bottom_and_top() -> None:
    async with reading() as (app, pilot, screen):
        view = screen.view
        await pilot.press("G")
        assert view.cursor == len(view.display_text)
        assert view.scroll_y > 0
        assert "100%" in status(screen)
        await pilot.pause()
        assert "Good riddance Ken." in "\n".join(screen_lines(app))  # the last line
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_y == 0
        await pilot.press("end")
        assert view.cursor == len(view.display_text)
        await pilot.press("home")
        assert view.cursor == 0


async def test_word_right_and_left() -> None:
    async with reading() as (_app, pilot, screen):
        await pilot.press("w")
        assert screen.view.cursor == 4 and char_at_cursor(screen) == "L"
        await pilot.press("w", "w")
        assert screen.view.display_text[screen.view.cursor :].startswith("resigned")
        await pilot.press("b")
        assert screen.view.display_text[screen.view.cursor :].startswith("has")
        await pilot.press("b", "b", "b")
        assert screen.view.cursor == 0


async def test_cursor_left_and_right() -> None:
    async with reading() as (_app, pilot, screen):
        await pilot.press("l", "right")
        assert screen.view.cursor == 2
        await pilot.press("h")
        assert screen.view.cursor == 1
        await pilot.press("left", "left", "left")
        assert screen.view.cursor == 0  # stops at the start


async def test_line_start_and_end_follow_the_wrapped_row() -> None:
    async with reading() as (_app, pilot, screen):
        view = screen.view
        await pilot.press("j", "w")
        row, _ = row_col(screen)
        start, end = view.layout_model.row_span(row)  # type: ignore[misc]
        await pilot.press("$")
        assert view.cursor == start + len(view.display_text[start:end].rstrip()) - 1
        assert row_col(screen)[0] == row
        await pilot.press("0")
        assert view.cursor == start


async def test_next_and_previous_paragraph() -> None:
    async with reading() as (_app, pilot, screen):
        view = screen.view
        await pilot.press("}")
        assert view.display_text[view.cursor :].startswith("In a statement")
        await pilot.press("}")
        assert view.display_text[view.cursor :].startswith("He stressed")
        await pilot.press("w", "{")
        assert view.display_text[view.cursor :].startswith("He stressed")
        await pilot.press("{")
        assert view.display_text[view.cursor :].startswith("In a statement")


async def test_moving_off_screen_scrolls_the_cursor_into_view() -> None:
    async with reading() as (_app, pilot, screen):
        view = screen.view
        height = view.scrollable_content_region.height
        for _ in range(height + 5):
            await pilot.press("j")
        row, _ = row_col(screen)
        assert int(view.scroll_y) <= row < int(view.scroll_y) + height


# ------------------------------------------------------------------- search


async def test_search_highlights_counts_and_confirms() -> None:
    async with reading() as (_app, pilot, screen):
        view = screen.view
        text = view.display_text.lower()
        expected = [i for i in range(len(text)) if text.startswith("labour", i)]
        await pilot.press("j", "j")
        origin = view.cursor
        await pilot.press("/", *"labour")
        matches = view.highlight_layer("search").spans
        assert [m.start for m in matches] == expected
        first_after = next(i for i, m in enumerate(expected) if m >= origin)
        assert f"match {first_after + 1}/{len(expected)}" in status(screen)
        await pilot.press("enter")
        assert view.has_focus
        assert view.cursor == expected[first_after]
        assert not screen.query_one(SearchBar).display


async def test_next_and_previous_match_wrap_around() -> None:
    async with reading() as (_app, pilot, screen):
        view = screen.view
        await pilot.press("/", *"Jeremy", "enter")
        starts = [m.start for m in view.highlight_layer("search").spans]
        assert len(starts) >= 3
        assert view.cursor == starts[0]
        await pilot.press("n")
        assert view.cursor == starts[1]
        assert f"match 2/{len(starts)}" in status(screen)
        for _ in range(len(starts) - 1):
            await pilot.press("n")
        assert view.cursor == starts[0]  # wrapped past the last
        await pilot.press("N")
        assert view.cursor == starts[-1]  # and back before the first
        assert f"match {len(starts)}/{len(starts)}" in status(screen)


async def test_smart_case_search() -> None:
    async with reading() as (_app, pilot, screen):
        await pilot.press("/", *"ken")
        lower = len(screen.view.highlight_layer("search"))
        await pilot.press("backspace", "backspace", "backspace", *"KEN")
        assert len(screen.view.highlight_layer("search")) == 1 < lower


async def test_search_without_matches_says_so() -> None:
    async with reading() as (_app, pilot, screen):
        await pilot.press("/", *"zzqx")
        assert "no matches" in status(screen)
        assert len(screen.view.highlight_layer("search")) == 0


async def test_escape_cancels_the_search_and_restores_the_cursor() -> None:
    async with reading() as (_app, pilot, screen):
        view = screen.view
        await pilot.press("}", "w")
        origin = view.cursor
        await pilot.press("/", *"Shadow")
        assert int(view.scroll_y) > 0  # the view followed the match
        await pilot.press("escape")
        assert view.cursor == origin
        assert len(view.highlight_layer("search")) == 0
        assert view.has_focus
        assert "match" not in status(screen)
        await pilot.press("n")  # nothing to step through now
        assert view.cursor == origin


async def test_cancelling_a_new_search_keeps_the_previous_one() -> None:
    async with reading() as (_app, pilot, screen):
        view = screen.view
        await pilot.press("/", *"Labour", "enter")
        found = len(view.highlight_layer("search"))
        assert found > 1
        await pilot.press("/", *"zzz", "escape")
        assert len(view.highlight_layer("search")) == found
        before = view.cursor
        await pilot.press("n")
        assert view.cursor != before
        assert view.display_text[view.cursor : view.cursor + 6] == "Labour"


async def test_keys_typed_fast_after_the_search_key_go_into_the_bar() -> None:
    async with reading() as (app, pilot, screen):
        # All the key events arrive at once, before the app has drawn anything;
        # unread, "l" would move the cursor, "a" open the note editor, "b" go back.
        for key in ("slash", "l", "a", "b"):
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await pilot.pause()
        bar = screen.query_one(SearchBar)
        assert bar.value == "lab"
        assert app.screen is screen and screen.view.cursor == 0
        expected = screen.view.display_text.lower().count("lab")
        assert expected > 1
        assert len(screen.view.highlight_layer("search")) == expected


# ------------------------------------------------------------ panes & focus


async def test_focus_moves_to_the_side_pane_and_back() -> None:
    async with reading() as (app, pilot, screen):
        await pilot.press("tab")
        assert app.focused is screen.side
        await pilot.press("tab")
        assert app.focused is screen.view
        await pilot.press("shift+tab")
        assert app.focused is screen.side
        await pilot.press("shift+tab")
        assert app.focused is screen.view


async def test_toggle_sidebar_hides_and_shows_it_and_the_text_reflows() -> None:
    async with reading() as (app, pilot, screen):
        narrow = screen.view.layout_model.width
        await pilot.press("s")
        await pilot.pause()
        assert not screen.side.display
        assert screen.view.layout_model.width > narrow
        assert "Notes (" not in "\n".join(screen_lines(app))
        await pilot.press("s")
        await pilot.pause()
        assert screen.side.display
        assert screen.view.layout_model.width == narrow
        assert "Quotes (" in "\n".join(screen_lines(app))


async def test_hiding_the_focused_side_pane_gives_focus_back_to_the_text() -> None:
    async with reading() as (app, pilot, screen):
        await pilot.press("tab", "s")
        assert app.focused is screen.view


async def test_sidebar_wider_and_narrower() -> None:
    async with reading() as (_app, pilot, screen):
        side, view = screen.side, screen.view
        width, text_width = side.outer_size.width, view.layout_model.width
        await pilot.press(">")
        await pilot.pause()
        grown = side.outer_size.width - width
        assert grown > 0
        assert view.layout_model.width == text_width - grown
        await pilot.press("<", "<")
        await pilot.pause()
        assert side.outer_size.width < width
        assert view.layout_model.width > text_width
        for _ in range(20):
            await pilot.press("<")
        await pilot.pause()
        assert side.outer_size.width == PANE_MIN  # never narrower than the minimum


async def test_a_narrow_terminal_hides_the_pane_and_keeps_the_text_readable() -> None:
    async with reading(size=(60, 20)) as (_app, pilot, screen):
        assert not screen.side.display
        assert screen.view.layout_model.width >= 50
        await pilot.press("s")  # asked for: shown, the text still keeps most of the width
        await pilot.pause()
        assert screen.side.display
        assert screen.view.layout_model.width >= 20


async def test_a_wide_terminal_centres_lines_at_the_reading_width() -> None:
    async with reading(size=(220, 20)) as (_app, _pilot, screen):
        assert screen.view.layout_model.width == screen.view.reading_width == 100


async def test_side_pane_lists_quotes_and_entities_after_analysis() -> None:
    async with reading() as (app, _pilot, screen):
        quotes = screen.view.highlight_layer("quote").spans
        assert len(quotes) >= 5
        assert screen.analysis is not None
        text = "\n".join(screen_lines(app))
        assert f"Quotes ({len(quotes)})" in text
        assert "Entities (" in text
        assert "Ken Livingstone ×" in text
        assert f"{len(quotes)} quotes" in status(screen)
        assert "analysing" not in status(screen)


def chosen(screen: ReaderScreen) -> tuple[int, int] | None:
    spans = screen.view.highlight_layer("chosen").spans
    return (spans[0].start, spans[0].end) if spans else None


async def test_choosing_a_quote_jumps_and_highlights_it_without_a_selection() -> None:
    async with reading() as (app, pilot, screen):
        first = screen.view.highlight_layer("quote").spans[0]
        await pilot.press("tab", "j", "enter")
        assert chosen(screen) == (first.start, first.end)
        assert screen.view.cursor == first.start
        assert screen.view.selection is None
        assert app.focused is screen.side
        # The second quote, further down.
        second = screen.view.highlight_layer("quote").spans[1]
        await pilot.press("j", "enter")
        assert chosen(screen) == (second.start, second.end)
        # Back in the text, motions move the cursor; they do not grow a selection.
        await pilot.press("tab", "w", "w")
        assert screen.view.selection is None
        assert "selected" not in status(screen)


async def test_choosing_an_entity_jumps_to_its_first_mention() -> None:
    async with reading() as (_app, pilot, screen):
        side = screen.side
        index = side.get_option_index("entity:PERSON:Jeremy Corbyn")
        await pilot.press("tab")
        while side.highlighted != index:
            await pilot.press("j")
        await pilot.press("enter")
        start, end = chosen(screen)  # type: ignore[misc]
        assert screen.view.display_text[start:end] == "Jeremy Corbyn"
        assert screen.view.selection is None


async def test_next_and_previous_quote() -> None:
    async with reading() as (app, pilot, screen):
        view = screen.view
        quotes = view.highlight_layer("quote").spans
        await pilot.press("]")
        assert view.cursor == quotes[0].start
        await pilot.press("]", "]")
        assert view.cursor == quotes[2].start
        await pilot.press("[")
        assert view.cursor == quotes[1].start
        await pilot.press("G", "[")
        assert view.cursor == quotes[-1].start
        await pilot.press("]")  # past the last quote: round to the first, told so
        assert view.cursor == quotes[0].start
        assert "Wrapped round to the first quote" in notices(app)
        await pilot.press("[")
        assert view.cursor == quotes[-1].start
        assert "Wrapped round to the last quote" in notices(app)


# ------------------------------------------------------------------ library


async def test_library_lists_articles_opens_one_and_comes_back() -> None:
    paths = find_articles([str(SAMPLES)])
    app = ReaderApp(paths=paths)
    async with app.run_test(size=(100, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(paths)
        text = "\n".join(screen_lines(app))
        for path in paths:
            article = load_article(path)
            assert article.title[:30] in text
            assert path.name in text
            assert f"{article.words:,}" in text
        assert "KB" in text
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.path == paths[1].resolve()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.path == paths[1].resolve()  # the row stayed selected


async def test_library_key_on_a_single_article_stays_put_and_says_why() -> None:
    async with reading() as (app, pilot, screen):
        await pilot.press("o")
        assert app.screen is screen
        assert any("folder or several files" in n for n in notices(app))


# ------------------------------------------------------------- keys & help


async def test_a_custom_keymap_binds_the_new_key_and_frees_the_old(tmp_path: Path) -> None:
    keymap_file = tmp_path / "keymap.toml"
    keymap_file.write_text('[article]\nword_right = "e"\nnext_paragraph = "ctrl+j"\n')
    keymap = load_keymap(keymap_file)
    async with reading(keymap=keymap) as (_app, pilot, screen):
        view = screen.view
        await pilot.press("w", "}")
        assert view.cursor == 0  # the old keys do nothing
        await pilot.press("e")
        assert view.cursor == 4
        await pilot.press("ctrl+j")
        assert view.display_text[view.cursor :].startswith("In a statement")


async def test_help_shows_the_keys_table_and_closes() -> None:
    async with reading(size=(120, 120)) as (app, pilot, screen):
        await pilot.press("?")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_lines(app))
        assert "Keys" in text and "What it does" in text
        assert "scroll_down" in text and "j / ↓" in text
        await pilot.press("?")
        assert app.screen is screen
        await pilot.press("?", "escape")
        assert app.screen is screen


async def test_help_shows_the_users_keys(tmp_path: Path) -> None:
    keymap_file = tmp_path / "keymap.toml"
    keymap_file.write_text('[app]\nhelp = "f1"\n')
    async with reading(keymap=load_keymap(keymap_file)) as (app, pilot, screen):
        await pilot.press("?")
        assert app.screen is screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "F1" in "\n".join(screen_lines(app)) or "f1" in "\n".join(screen_lines(app))
        await pilot.press("f1")
        assert app.screen is screen


# ------------------------------------------------------------- hostile text


async def test_control_sequences_and_markup_in_the_text_render_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(
        "Title \x1b[31mred\x1b[0m [b]x[/b]\n\n"
        "\x1b[31mred\x1b[0m\n"
        "[bold red]not markup[/]\n"
        "bell\x07 end.\n"
        "\x1b]0;pwned\x07 \x9b2J \u202eevil\n",
        encoding="utf-8",
    )
    async with reading(load_article(path)) as (app, pilot, _screen):
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]not markup[/]" in text
        assert "␛[31mred␛[0m" in text
        assert "bell␇ end" in text
        assert "␛]0;pwned␇" in text
        assert "Title ␛[31mred␛[0m [b]x[/b]" in text.splitlines()[0]  # the header
        assert not any(ch in text for ch in "\x1b\x07\x9b\u202e")
        assert "\x1b" not in app.export_screenshot()


# -------------------------------------------------------------------- mouse


async def test_click_places_the_cursor_on_the_character_clicked() -> None:
    async with reading() as (app, pilot, screen):
        view = screen.view
        row = screen_lines(app)[view.region.y]
        x = row.index("Livingstone")
        await pilot.click(view, offset=(x - view.region.x, 0))
        assert view.cursor == view.display_text.index("Livingstone")
        assert view.selection is None
        start, end = view.layout_model.row_span(1)  # type: ignore[misc]
        word = view.display_text[start:end].split()[1]
        second = screen_lines(app)[view.region.y + 1]
        x = second.index(word)
        await pilot.click(view, offset=(x - view.region.x, 1))
        assert view.display_text[view.cursor :].startswith(word)


async def test_drag_selects_text() -> None:
    async with reading() as (app, pilot, screen):
        view = screen.view
        row = screen_lines(app)[view.region.y]
        start_x, end_x = row.index("Livingstone"), row.index(" has")
        await pilot.mouse_down(view, offset=(start_x - view.region.x, 0))
        await pilot.hover(view, offset=(end_x - view.region.x, 0))
        await pilot.mouse_up(view, offset=(end_x - view.region.x, 0))
        await pilot.pause()
        start, end = view.selection  # type: ignore[misc]
        assert view.display_text[start:end] == "Livingstone"
        assert "selected 11 chars" in status(screen)
        await pilot.click(view, offset=(1, 2))
        assert view.selection is None
