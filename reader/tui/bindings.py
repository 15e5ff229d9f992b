"""Textual ``Binding``s generated from the action catalog, one id per action.

Widgets declare ``BINDINGS = bindings_for("article")``; every binding gets the id
``"<context>.<action>"``, its default keys from the shipped ``keymap.toml`` and its
footer label and flag from ``reader.keys.actions``. The app then applies the
user's effective keymap with ``App.set_keymap``, so no key is written anywhere in
the UI code.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

from textual.binding import Binding

from reader.keys.actions import GLOBAL_CONTEXT, actions_in
from reader.keys.loader import Keymap, load_keymap

_NO_USER_CONFIG = Path(__file__).parent / "no-user-config"
"""A directory that holds no keymap.toml: loading from it yields the defaults alone."""


@cache
def default_keymap() -> Keymap:
    """The shipped defaults, which give every binding its initial keys."""
    keymap = load_keymap(user_config=_NO_USER_CONFIG)
    # Not the empty stand-in above: the help then names the user's own file.
    return dataclasses.replace(keymap, user_file=None)


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
    for entry in actions_in(context):
        if only is not None and entry.id not in only:
            continue
        keys = keymap.keys(context, entry.id)
        if not keys:
            continue
        result.append(
            Binding(
                ",".join(keys),
                targets.get(entry.id, entry.id),
                entry.footer_label,
                show=entry.footer,
                tooltip=entry.description,
                priority=priority,
                id=entry.binding_id,
            )
        )
    return result


def app_action(action: str) -> str:
    """The action string that runs an ``[app]`` action on the app from any node."""
    entry = next(a for a in actions_in(GLOBAL_CONTEXT) if a.id == action)
    return f"app.screen_action('{action}')" if entry.forwarded else f"app.{action}"


def everywhere_bindings(*, targets: dict[str, str] | None = None) -> list[Binding]:
    """The ``[app]`` bindings for a modal screen, which hides the app's own bindings.

    Textual stops looking for bindings at a modal screen, so each dialog repeats the
    app's keys, running the app's actions. List them after the dialog's own bindings:
    a typing dialog may reuse an app key (its key wins), and a focused text field
    still takes printable keys. ``targets`` replaces an action (the help key closes
    the help).
    """
    overrides = targets or {}
    actions = {a.id: overrides.get(a.id, app_action(a.id)) for a in actions_in(GLOBAL_CONTEXT)}
    return [
        dataclasses.replace(binding, show=False)
        for binding in bindings_for(GLOBAL_CONTEXT, targets=actions)
    ]


def declared_binding(node: object, binding_id: str) -> Binding | None:
    """The binding with this id that ``node``'s class declares (or inherits), if any.

    The command palette runs an action through the binding its key would fire, so
    each entry does exactly what the key does, with the same target.
    """
    for cls in type(node).__mro__:
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id == binding_id:
                return binding
    return None
