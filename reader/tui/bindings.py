"""Textual ``Binding``s generated from the keymap catalog, one id per action.

Widgets declare ``BINDINGS = bindings_for("article")``; every binding gets the id
``"<context>.<action>"`` and its default keys from the shipped ``keymap.toml``.
The app then applies the user's effective keymap with ``App.set_keymap``, so no
key is written anywhere in the UI code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from textual.binding import Binding

from reader.keys.keymap import ACTIONS, Keymap, load_keymap

SHOWN_IN_FOOTER = {
    ("app", "quit"),
    ("app", "help"),
    ("app", "toggle_sidebar"),
    ("article", "search"),
    ("article", "select"),
    ("article", "tag"),
    ("article", "note"),
    ("article", "next_quote"),
    ("sidebar", "sidebar_open"),
    ("library", "library_open"),
    ("library", "library_filter"),
    ("search", "search_cancel"),
    ("note_editor", "save"),
    ("note_editor", "cancel"),
    ("tag_input", "tag_confirm"),
    ("tag_input", "tag_cancel"),
    ("export_dialog", "export_confirm"),
    ("export_dialog", "export_cancel"),
    ("confirm", "confirm_yes"),
    ("confirm", "confirm_no"),
    ("dialog", "close"),
}

SHORT_LABELS = {
    "quit": "Quit",
    "help": "Keys",
    "toggle_sidebar": "Pane",
    "search": "Search",
    "select": "Select",
    "tag": "Tag",
    "note": "Note",
    "next_quote": "Quote",
    "sidebar_open": "Go to",
    "library_open": "Open",
    "library_filter": "Filter",
    "search_cancel": "Close",
    "save": "Save",
    "cancel": "Cancel",
    "tag_confirm": "Apply",
    "tag_cancel": "Cancel",
    "export_confirm": "Export",
    "export_cancel": "Cancel",
    "confirm_yes": "Yes",
    "confirm_no": "No",
    "close": "Close",
}


_NO_USER_CONFIG = Path(__file__).parent / "no-user-config"
"""A directory that holds no keymap.toml: loading from it yields the defaults alone."""


@cache
def default_keymap() -> Keymap:
    """The shipped defaults, which give every binding its initial keys."""
    return load_keymap(user_config=_NO_USER_CONFIG)


def binding_id(context: str, action: str) -> str:
    return f"{context}.{action}"


def bindings_for(
    context: str,
    *,
    targets: dict[str, str] | None = None,
    priority: bool = False,
    only: tuple[str, ...] | None = None,
) -> list[Binding]:
    """One ``Binding`` per action of ``context``; ``targets`` renames action methods.

    ``priority`` bindings run as soon as the app reads the key, before later keys
    are routed: a pane whose keys open an input (search, tag, note) needs that so
    text typed right after the key lands in the input, not in the pane.
    """
    keymap = default_keymap()
    targets = targets or {}
    result: list[Binding] = []
    for action, description in ACTIONS[context].items():
        if only is not None and action not in only:
            continue
        keys = keymap.keys(context, action)
        if not keys:
            continue
        result.append(
            Binding(
                ",".join(keys),
                targets.get(action, action),
                SHORT_LABELS.get(action, description),
                show=(context, action) in SHOWN_IN_FOOTER,
                tooltip=description,
                priority=priority,
                id=binding_id(context, action),
            )
        )
    return result
