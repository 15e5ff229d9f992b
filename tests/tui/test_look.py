"""What the user must be able to tell apart: cursor, notes, search matches, in any theme.

Each case renders real article rows and reads the style of one character; the
styles are then reduced to what a 256- or 16-colour terminal can show.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_reader, reader_screen
from rich.color import ColorSystem
from rich.style import Style

SYSTEMS = {
    "truecolor": ColorSystem.TRUECOLOR,
    "256": ColorSystem.EIGHT_BIT,
    "16": ColorSystem.STANDARD,
}


def style_at(screen: object, offset: int) -> Style:
    """The style the article view draws the character at ``offset`` with."""
    view = screen.view  # type: ignore[attr-defined]
    layout = view.layout_model
    row = layout.row_of_offset(offset)
    start, _ = layout.row_span(row)
    strip = view.render_line(row - int(view.scroll_y))
    column = 0
    for segment in strip:
        if column <= offset - start < column + len(segment.text):
            return segment.style or Style()
        column += len(segment.text)
    raise AssertionError("offset not on its row")


def seen(style: Style, system: ColorSystem) -> tuple[object, ...]:
    """What a terminal with ``system`` colours shows of ``style``."""

    def reduce(color: object) -> object:
        return None if color is None else color.downgrade(system).name  # type: ignore[attr-defined]

    return (reduce(style.bgcolor), reduce(style.color), bool(style.bold), bool(style.underline))


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_cursor_notes_and_matches_look_different_in_every_colour_depth(
    tmp_path: Path, theme: str
) -> None:
    async with open_reader(db=tmp_path / "n.json", size=(100, 30)) as (app, pilot):
        app.theme = theme
        screen = reader_screen(app)
        view = screen.view
        text = view.display_text
        note_at = text.index("In a statement")
        view.select_range(note_at, note_at + len("In a statement"))
        await pilot.press("t", *"look", "enter")
        await pilot.press("/", *"former", "enter")
        current = view.cursor  # on the current match
        other_match = text.index("former", current + 1)
        quote_at = view.highlight_layer("quote").spans[0].start + 1
        plain = text.index("He stressed")
        await pilot.pause()

        def at(offset: int, cursor: int) -> Style:
            view.move_cursor(cursor)
            return style_at(screen, offset)

        far = len(text) - 1
        cases = {
            "plain": at(plain, far),
            "note": at(note_at + 3, far),
            "match": at(other_match + 1, far),
            "current match": at(current + 1, current),
            "quote": at(quote_at, far),
            "cursor": at(plain, plain),
            "cursor on note": at(note_at + 3, note_at + 3),
            "cursor on match": at(other_match + 1, other_match + 1),
            "cursor on quote": at(quote_at, quote_at),
        }
        must_differ = [
            ("note", "match"),
            ("note", "current match"),
            ("match", "current match"),
            ("note", "plain"),
            ("match", "plain"),
            ("cursor", "plain"),
            ("cursor on note", "note"),
            ("cursor on match", "match"),
            ("cursor on match", "current match"),
            ("cursor on quote", "quote"),
            ("cursor on note", "current match"),
        ]
        distinct_backgrounds = ["cursor", "note", "match", "current match"]
        for name, system in SYSTEMS.items():
            for a, b in must_differ:
                assert seen(cases[a], system) != seen(cases[b], system), (theme, name, a, b)
            backgrounds = [seen(cases[c], system)[0] for c in distinct_backgrounds]
            assert len(set(backgrounds)) == len(backgrounds), (theme, name, backgrounds)


async def test_boilerplate_is_dimmer_than_the_text() -> None:
    async with open_reader() as (app, _pilot):
        screen = reader_screen(app)
        text = screen.view.display_text
        boiler = style_at(screen, text.index("READ MORE") + 2)
        body = style_at(screen, text.index("He stressed") + 2)
        assert boiler.italic
        assert (boiler.color is not None and body.color is not None) or boiler.color is not None

        def brightness(style: Style) -> float:
            r, g, b = (style.color or screen.view.rich_style.color).get_truecolor()  # type: ignore[union-attr]
            return 0.299 * r + 0.587 * g + 0.114 * b

        base = Style(color=screen.view.rich_style.color)
        assert brightness(boiler) < brightness(body if body.color else base)
