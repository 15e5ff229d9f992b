"""Speakers in the app: a guess is marked, its details open, and a correction the
user makes is shown at once, survives quitting and reopening, and is exported."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from conftest import fixed_analysis, open_reader, reader_screen, screen_text, settle

from reader.analysis.model import Analysis
from reader.export import export_to_file
from reader.store.database import Store
from reader.tui.speaker_dialogs import QuoteDetails, SpeakerDialog

EVIDENCE = {
    "mention": None,
    "offered_by": ["salient"],
    "rule": None,
    "decided_by": [{"feature": "name:b:d3", "weight": 0.8}],
    "score": 0.41,
    "alternatives": [{"speaker": "Ruth Smeeth", "score": 0.3}, {"speaker": None, "score": 0.2}],
}


def unsure_analysis(text: str) -> Analysis:
    """The fixed analysis, with Jim Murphy's quotes a guess (confidence 0.4)."""
    base = fixed_analysis(text)
    quotes = tuple(
        replace(q, speaker_confidence=0.4, speaker_evidence=EVIDENCE)
        if q.speaker == "Jim Murphy"
        else replace(q, speaker_confidence=0.95)
        for q in base.quotes
    )
    return replace(base, quotes=quotes)


def first_guess(app: object):
    screen = reader_screen(app)
    return next(q for q in screen.analysis.quotes if q.speaker == "Jim Murphy")


async def test_an_uncertain_speaker_is_marked_in_the_list_and_the_text() -> None:
    async with open_reader(analyzer=unsure_analysis, size=(120, 40)) as (app, _pilot):
        assert "? Jim Murphy" in screen_text(app)
        assert "? Ken Livingstone" not in screen_text(app)
        screen = reader_screen(app)
        guesses = screen.view.highlight_layer("guess").spans
        sure = screen.view.highlight_layer("speaker").spans
        assert all(s.key == "Jim Murphy" for s in guesses)
        assert all(s.key != "Jim Murphy" for s in sure)


async def test_details_show_how_sure_and_the_alternatives() -> None:
    async with open_reader(analyzer=unsure_analysis, size=(120, 40)) as (app, pilot):
        quote = first_guess(app)
        reader_screen(app).view.move_cursor(quote.start + 1)
        await pilot.press("i")
        assert isinstance(app.screen, QuoteDetails)
        shown = screen_text(app)
        assert "40%" in shown and "Ruth Smeeth" in shown and "name:b:d3" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, QuoteDetails)


async def test_a_correction_is_shown_saved_reopened_and_exported(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with open_reader(db=db, analyzer=unsure_analysis, size=(120, 40)) as (app, pilot):
        quote = first_guess(app)
        reader_screen(app).view.move_cursor(quote.start + 1)
        await pilot.press("W")
        assert isinstance(app.screen, SpeakerDialog)
        await pilot.press("down")  # the first other candidate the analysis considered
        await pilot.press("enter")
        await settle(pilot)
        assert "✓ Ruth Smeeth" in screen_text(app)
    store = Store.open(str(db))
    try:
        [saved] = store.annotations()
    finally:
        store.close()
    assert saved.corrected_speaker == "Ruth Smeeth" and saved.speaker == "Jim Murphy"
    assert (saved.start, saved.end) == (quote.start, quote.end)
    async with open_reader(db=db, analyzer=unsure_analysis, size=(120, 40)) as (app, _pilot):
        assert "✓ Ruth Smeeth" in screen_text(app)
    out = tmp_path / "notes.json.jsonld"
    export_to_file([saved], "json", out)
    [annotation] = json.loads(out.read_text())["first"]["items"]
    assert {"type": "TextualBody", "purpose": "identifying", "value": "Ruth Smeeth"} in annotation[
        "body"
    ]
    csv_out = tmp_path / "notes.csv"
    export_to_file([saved], "csv", csv_out)
    header, row = csv_out.read_text().splitlines()[:2]
    # then the note's author (this app was opened without a user, so it is empty) and
    # the article's metadata (a plain file: none)
    assert header.endswith(",speaker,corrected_speaker,author,article_author,published,site,url")
    assert row.endswith(",Jim Murphy,Ruth Smeeth,,,,,")
    md = tmp_path / "notes.md"
    export_to_file([saved], "markdown", md)
    assert "— Ruth Smeeth (speaker corrected)" in md.read_text()


async def test_an_empty_name_gives_the_quote_back_to_the_analysis(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with open_reader(db=db, analyzer=unsure_analysis, size=(120, 40)) as (app, pilot):
        quote = first_guess(app)
        reader_screen(app).view.move_cursor(quote.start + 1)
        await pilot.press("W", *"Someone Else", "enter")
        await settle(pilot)
        assert "✓ Someone Else" in screen_text(app)
        await pilot.press("W", "ctrl+a", "ctrl+k", "enter")
        await settle(pilot)
        assert "✓ Someone Else" not in screen_text(app)
        assert "? Jim Murphy" in screen_text(app)
