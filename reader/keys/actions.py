"""The catalog of every action reader can bind: one ``Action`` row per action.

This table is the only place action metadata lives. Keymap validation checks user
files against it, the footer takes its short labels and flags, the help screen its
context titles and descriptions, and the command palette its entries. Adding an
action means adding one row here and its default key in ``keymap.toml``.

This module must not import Textual: the CLI and the core use it without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """Where a group of actions applies: a table of ``keymap.toml``."""

    id: str
    title: str
    """Heading in the key help."""
    typing: bool = False
    """The user types text here: printable keys are typed, never bound."""


@dataclass(frozen=True)
class Action:
    """One bindable action; ``context.id`` is its binding id and keymap entry."""

    context: str
    id: str
    description: str
    """What it does, in the help, ``reader keys`` and the command palette."""
    label: str = ""
    """Short footer label; the description when empty."""
    footer: bool = False
    """Shown in the footer."""
    palette: bool = False
    """Offered in the command palette."""
    forwarded: bool = False
    """An ``app`` action the reading screen performs: the app forwards it there."""

    @property
    def binding_id(self) -> str:
        """The id Textual's keymap uses: ``context.action``."""
        return f"{self.context}.{self.id}"

    @property
    def footer_label(self) -> str:
        return self.label or self.description


#: The context whose keys work everywhere else.
GLOBAL_CONTEXT = "app"

CONTEXTS: tuple[Context, ...] = (
    Context("app", "Everywhere"),
    Context("article", "Article"),
    Context("sidebar", "Side pane"),
    Context("library", "Library"),
    Context("corpus", "Speakers, entities and notes"),
    Context("search", "Search input", typing=True),
    Context("note_editor", "Note editor", typing=True),
    Context("tag_input", "Tag input", typing=True),
    Context("speaker_input", "Speaker input", typing=True),
    Context("export_dialog", "Export dialog", typing=True),
    Context("confirm", "Yes/no question"),
    Context("dialog", "Dialogs"),
    Context("help", "This key help"),
)


def _rows(
    context: str,
    *rows: tuple[str, str] | tuple[str, str, str],
    palette: bool = False,
    forwarded: tuple[str, ...] = (),
    not_in_palette: tuple[str, ...] = (),
) -> tuple[Action, ...]:
    """One context's rows, each ``(id, description)`` or ``(id, description, footer label)``.

    A footer label puts the action in the footer; ``palette`` offers every action of
    the context (but ``not_in_palette``) in the command palette.
    """
    result = []
    for action, description, *label in rows:
        result.append(
            Action(
                context,
                action,
                description,
                label=label[0] if label else "",
                footer=bool(label),
                palette=palette and action not in not_in_palette,
                forwarded=action in forwarded,
            )
        )
    return tuple(result)


ACTIONS: tuple[Action, ...] = (
    *_rows(
        "app",
        ("quit", "Quit reader", "Quit"),
        ("help", "Show the key bindings", "Keys"),
        ("command_palette", "Open the command palette"),
        ("focus_next", "Move focus to the next pane"),
        ("focus_previous", "Move focus to the previous pane"),
        ("toggle_sidebar", "Show or hide the sidebar", "Pane"),
        ("sidebar_wider", "Make the sidebar wider"),
        ("sidebar_narrower", "Make the sidebar narrower"),
        ("export", "Export the annotations of this article"),
        ("library", "Open the library of articles"),
        palette=True,
        not_in_palette=("command_palette",),
        forwarded=("toggle_sidebar", "sidebar_wider", "sidebar_narrower", "export"),
    ),
    *_rows(
        "article",
        ("scroll_down", "Move down one line"),
        ("scroll_up", "Move up one line"),
        ("page_down", "Move down one page"),
        ("page_up", "Move up one page"),
        ("top", "Go to the start of the article"),
        ("bottom", "Go to the end of the article"),
        ("word_right", "Move to the next word"),
        ("word_left", "Move to the previous word"),
        ("cursor_left", "Move one character left"),
        ("cursor_right", "Move one character right"),
        ("line_start", "Go to the start of the line"),
        ("line_end", "Go to the end of the line"),
        ("next_paragraph", "Go to the next paragraph"),
        ("prev_paragraph", "Go to the previous paragraph"),
        ("search", "Search the article", "Search"),
        ("search_next", "Go to the next search match"),
        ("search_prev", "Go to the previous search match"),
        ("select", "Start or stop selecting from the cursor", "Select"),
        ("select_sentence", "Select the sentence at the cursor"),
        ("select_paragraph", "Select the paragraph at the cursor"),
        ("clear_selection", "Clear the selection"),
        ("tag", "Tag the selection or the annotation at the cursor", "Tag"),
        ("note", "Write a note on the selection or the annotation at the cursor", "Note"),
        ("delete", "Delete the annotation at the cursor"),
        ("undo", "Undo the last annotation change"),
        ("next_quote", "Go to the next quote", "Quote"),
        ("prev_quote", "Go to the previous quote"),
        ("next_mention", "Go to the next mention of a person, place or organisation"),
        ("prev_mention", "Go to the previous mention"),
        ("copy", "Copy the selection to the clipboard"),
        ("quote_details", "Show who said the quote at the cursor, how sure, and why"),
        ("set_speaker", "Set who said the quote at the cursor"),
        palette=True,
    ),
    *_rows(
        "sidebar",
        ("sidebar_down", "Move down the list"),
        ("sidebar_up", "Move up the list"),
        ("sidebar_open", "Jump to the item in the text", "Go to"),
        ("sidebar_top", "Go to the first item"),
        ("sidebar_bottom", "Go to the last item"),
        ("delete", "Delete the selected annotation"),
        ("undo", "Undo the last annotation change"),
        ("tag", "Tag the selected annotation"),
        ("note", "Edit the note of the selected annotation"),
        ("quote_details", "Show who said the selected quote, how sure, and why"),
        ("set_speaker", "Set who said the selected quote"),
    ),
    *_rows(
        "library",
        ("library_down", "Move down the list of articles"),
        ("library_up", "Move up the list of articles"),
        ("library_open", "Open the selected article", "Open"),
        ("library_top", "Go to the first article"),
        ("library_bottom", "Go to the last article"),
        ("library_page_down", "Move down one page of articles"),
        ("library_page_up", "Move up one page of articles"),
        ("library_filter", "Filter the articles by title or file name", "Filter"),
        ("library_clear_filter", "Clear the filter and list every article"),
        ("library_speakers", "List every speaker across the library", "Speakers"),
        ("library_entities", "List the people, organisations and places mentioned", "Entities"),
        ("library_notes", "List every note across the library", "Notes"),
    ),
    *_rows(
        "corpus",
        ("corpus_down", "Move down the list"),
        ("corpus_up", "Move up the list"),
        ("corpus_open", "List what was said or mentioned; open the article there", "Open"),
        ("corpus_top", "Go to the first row"),
        ("corpus_bottom", "Go to the last row"),
        ("corpus_filter", "Filter the list by the words typed", "Filter"),
        ("corpus_back", "Clear the filter, else go back to the previous list", "Back"),
    ),
    *_rows(
        "search",
        ("search_confirm", "Search for the text typed"),
        ("search_cancel", "Close the search without moving", "Close"),
    ),
    *_rows(
        "note_editor",
        ("save", "Save the note", "Save"),
        ("cancel", "Close the editor without saving", "Cancel"),
    ),
    *_rows(
        "tag_input",
        ("tag_confirm", "Add the tags typed", "Apply"),
        ("tag_cancel", "Close without tagging", "Cancel"),
    ),
    *_rows(
        "speaker_input",
        ("speaker_confirm", "Set the speaker typed or picked", "Set"),
        ("speaker_cancel", "Close without changing the speaker", "Cancel"),
        ("speaker_next", "Put the next candidate speaker in the field"),
        ("speaker_previous", "Put the previous candidate speaker in the field"),
    ),
    *_rows(
        "export_dialog",
        ("export_confirm", "Export to the file typed (its extension picks the format)", "Export"),
        ("export_cancel", "Close without exporting", "Cancel"),
    ),
    *_rows(
        "confirm",
        ("confirm_yes", "Answer yes", "Yes"),
        ("confirm_no", "Answer no", "No"),
    ),
    *_rows(
        "dialog",
        ("close", "Close the help or any other dialog", "Close"),
    ),
    *_rows(
        "help",
        ("help_down", "Scroll the key help down a line"),
        ("help_up", "Scroll the key help up a line"),
        ("help_page_down", "Scroll the key help down a page"),
        ("help_page_up", "Scroll the key help up a page"),
        ("help_top", "Go to the top of the key help"),
        ("help_bottom", "Go to the bottom of the key help"),
    ),
)

CONTEXT_IDS: tuple[str, ...] = tuple(context.id for context in CONTEXTS)

#: Contexts where the user types text: printable keys are typed, never bound, and the
#: app's keys are shadowed by focus, so only clashes inside the context count.
TEXT_ENTRY_CONTEXTS = frozenset(context.id for context in CONTEXTS if context.typing)

_BY_CONTEXT: dict[str, tuple[Action, ...]] = {
    context: tuple(a for a in ACTIONS if a.context == context) for context in CONTEXT_IDS
}
_BY_ID: dict[tuple[str, str], Action] = {(a.context, a.id): a for a in ACTIONS}
_TITLES = {context.id: context.title for context in CONTEXTS}


def actions_in(context: str) -> tuple[Action, ...]:
    """The actions of one context in catalog order (KeyError for an unknown context)."""
    return _BY_CONTEXT[context]


def find_action(context: str, action: str) -> Action | None:
    """The catalog row of ``action`` in ``context``, or None."""
    return _BY_ID.get((context, action))


def context_title(context: str) -> str:
    """The human heading of a context (KeyError for an unknown context)."""
    return _TITLES[context]


def contexts_of(action: str) -> list[str]:
    """Every context with an action of this id (``tag`` is in article and sidebar)."""
    return [a.context for a in ACTIONS if a.id == action]
