"""The action table drives the keymap, the footer, the help and the palette."""

from __future__ import annotations

import tomllib

from reader.keys.actions import (
    ACTIONS,
    CONTEXT_IDS,
    CONTEXTS,
    GLOBAL_CONTEXT,
    TEXT_ENTRY_CONTEXTS,
    actions_in,
    context_title,
    find_action,
)
from reader.keys.loader import default_keymap_path


def test_every_context_has_a_human_title() -> None:
    for context in CONTEXTS:
        assert context.title and "_" not in context.title, context.id
    assert context_title("export_dialog") == "Export dialog"
    assert context_title("confirm") == "Yes/no question"
    assert context_title("dialog") == "Dialogs"


def test_action_ids_are_unique_within_a_context() -> None:
    pairs = [(a.context, a.id) for a in ACTIONS]
    assert len(pairs) == len(set(pairs))
    assert {a.context for a in ACTIONS} == set(CONTEXT_IDS)


def test_the_shipped_tables_come_in_the_table_order() -> None:
    data = tomllib.loads(default_keymap_path().read_text(encoding="utf-8"))
    assert list(data) == list(CONTEXT_IDS)
    for context in CONTEXT_IDS:
        assert list(data[context]) == [a.id for a in actions_in(context)], context


def test_footer_entries_have_short_labels() -> None:
    shown = [a for a in ACTIONS if a.footer]
    assert {a.binding_id for a in shown} >= {"app.quit", "app.help", "article.search"}
    assert all(len(a.footer_label) <= 8 for a in shown)
    assert find_action("app", "help").footer_label == "Keys"


def test_forwarded_and_palette_actions() -> None:
    forwarded = {a.id for a in ACTIONS if a.forwarded}
    assert forwarded == {"toggle_sidebar", "sidebar_wider", "sidebar_narrower", "export"}
    assert all(a.context == GLOBAL_CONTEXT for a in ACTIONS if a.forwarded)
    in_palette = {a.binding_id for a in ACTIONS if a.palette}
    assert "app.command_palette" not in in_palette
    assert {"app.quit", "article.scroll_down", "article.copy"} <= in_palette


def test_typing_contexts() -> None:
    assert {
        "search",
        "note_editor",
        "tag_input",
        "speaker_input",
        "export_dialog",
    } == TEXT_ENTRY_CONTEXTS
