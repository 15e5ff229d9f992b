"""Key bindings: load the shipped ``keymap.toml``, merge the user's file over it, validate.

Every binding of the app comes from here, so that users can rebind anything and
``reader keys`` can show what is in effect and where it came from. A broken keymap
is reported completely (see ``reader.keys.sources``); the actions and contexts a
file may name are those of ``reader.keys.actions``, the key names those of
``reader.keys.names``.

This module must not import Textual: the CLI and the core use it without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

import reader
from reader.errors import ReaderError
from reader.keys.actions import (
    ACTIONS,
    CONTEXT_IDS,
    GLOBAL_CONTEXT,
    TEXT_ENTRY_CONTEXTS,
    actions_in,
    contexts_of,
    find_action,
)
from reader.keys.names import (
    KeyNameError,
    display_key,
    is_printable,
    normalize_key,
    quoted,
    suggest,
    toml_key,
)
from reader.keys.sources import Problems, Source, read_toml, toml_type

Bindings = dict[str, dict[str, tuple[str, ...]]]
"""Context -> action -> normalised key names."""


class KeymapError(ReaderError):
    """A keymap that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            lines = [f"keymap has {len(self.problems)} problems:"]
            lines += [f"  {problem}" for problem in self.problems]
            message = "\n".join(lines)
        super().__init__(message)


@dataclass(frozen=True)
class Keymap:
    """The effective bindings: context -> action -> normalised key names."""

    bindings: Bindings
    origins: dict[tuple[str, str], str]
    user_file: Path | None = None
    """The file the user edits to change keys: ``--keymap`` or the config file."""

    def keys(self, context: str, action: str) -> tuple[str, ...]:
        """Keys bound to ``action`` in ``context`` (KeyError for an unknown pair)."""
        return self.bindings[context][action]

    def textual_keymap(self) -> dict[str, str]:
        """Binding id ``context.action`` -> ``"k1,k2"``, the form ``App.set_keymap`` takes."""
        return {
            f"{context}.{action}": ",".join(keys)
            for context, actions in self.bindings.items()
            for action, keys in actions.items()
        }

    def display(self, context: str, action: str) -> str:
        """Human form of the keys for footers and help, e.g. ``j / ↓``."""
        return " / ".join(display_key(key) for key in self.keys(context, action))


# --- files -----------------------------------------------------------------------


def default_keymap_path() -> Path:
    """The shipped keymap: inside the package in a wheel, at the repo root in a checkout."""
    package_dir = Path(reader.__file__).parent
    installed = package_dir / "keymap.toml"
    if installed.is_file():
        return installed
    return package_dir.parent / "keymap.toml"


def user_keymap_path(config_dir: Path | None = None) -> Path:
    """Where the user's overrides live: ``keymap.toml`` in the config directory."""
    base = config_dir if config_dir is not None else Path(platformdirs.user_config_dir("reader"))
    return base / "keymap.toml"


# --- validation ------------------------------------------------------------------


def _parse_keys(
    value: object, source: Source, context: str, action: str, problems: Problems
) -> tuple[str, ...] | None:
    """The normalised keys of one action, or None after recording what is wrong."""
    line = source.line_of(context, action)
    subject = f"[{context}] {action}"

    def report(text: str) -> None:
        problems.add(source.label, line, f"{subject}: {text}")

    if isinstance(value, str):
        raw_keys: list[object] = [value]
    elif isinstance(value, list):
        raw_keys = list(value)
        if not raw_keys:
            report("needs at least one key")
            return None
    else:
        report(f"expected a key name or a list of key names, got {toml_type(value)}")
        return None
    keys: list[str] = []
    ok = True
    for raw in raw_keys:
        if not isinstance(raw, str):
            report(f"expected a key name (a string), got {toml_type(raw)}: {raw!r}")
            ok = False
            continue
        try:
            key = normalize_key(raw)
        except KeyNameError as exc:
            report(f"{exc}" + (f" (did you mean {exc.suggestion}?)" if exc.suggestion else ""))
            ok = False
            continue
        if context in TEXT_ENTRY_CONTEXTS and is_printable(key):
            report(
                f"{quoted(toml_key(key))} would be typed into the text, not run the action; "
                "use a named key (enter, escape, f2…) or a ctrl/alt combination"
            )
            ok = False
            continue
        if key not in keys:
            keys.append(key)
    return tuple(keys) if ok else None


def _parse_file(source: Source, problems: Problems) -> Bindings:
    """Context -> action -> keys of the valid entries of one file; problems for the rest."""
    data = read_toml(source, problems)
    result: Bindings = {}
    for context, table in (data or {}).items():
        if context not in CONTEXT_IDS or (not isinstance(table, dict) and contexts_of(context)):
            _unknown_context(source, context, table, problems)
            continue
        if not isinstance(table, dict):
            problems.add(
                source.label,
                source.top_level_line(context),
                f"{context}: expected a table [{context}] of actions, got {toml_type(table)}",
            )
            continue
        actions = result.setdefault(context, {})
        for action, value in table.items():
            if find_action(context, action) is None:
                _unknown_action(source, context, action, problems)
                continue
            keys = _parse_keys(value, source, context, action, problems)
            if keys is not None:
                actions[action] = keys
    return result


def _unknown_context(source: Source, context: str, table: object, problems: Problems) -> None:
    homes = contexts_of(context)
    if not isinstance(table, dict) and homes:
        where = " or ".join(f"[{c}]" for c in homes)
        text = f"{context}: an action must be inside a table (put it under {where})"
        problems.add(source.label, source.top_level_line(context), text)
        return
    guess = suggest(context, CONTEXT_IDS)
    hint = f" (did you mean [{guess}]?)" if guess else ""
    known = ", ".join(f"[{c}]" for c in CONTEXT_IDS)
    text = f"[{context}]: unknown table{hint}; the tables are {known}"
    problems.add(source.label, source.line_of(context), text)


def _unknown_action(source: Source, context: str, action: str, problems: Problems) -> None:
    guess = suggest(action, tuple(a.id for a in actions_in(context)))
    elsewhere = [c for c in contexts_of(action) if c != context]
    if guess:
        hint = f" (did you mean {guess}?)"
    elif elsewhere:
        hint = f" (it belongs in [{elsewhere[0]}])"
    else:
        hint = ""
    text = f"[{context}] {action}: unknown action{hint}"
    problems.add(source.label, source.line_of(context, action), text)


# --- loading ---------------------------------------------------------------------


def load_keymap(path: str | Path | None = None, *, user_config: Path | None = None) -> Keymap:
    """Defaults merged with the user's overrides, or KeymapError listing every problem.

    ``path`` is ``--keymap`` and replaces the user's file; ``user_config`` is the
    config directory to look in instead of the platform's (tests use it). The user's
    file is optional; a ``--keymap`` file must exist.
    """
    problems = Problems()
    default_source = Source(default_keymap_path())
    defaults = _parse_file(default_source, problems)
    if default_source.text:
        for entry in ACTIONS:
            if entry.id not in defaults.get(entry.context, {}):
                text = f"[{entry.context}] {entry.id}: missing from the default keymap"
                problems.add(default_source.label, default_source.line_of(entry.context), text)

    user_file = Path(path) if path is not None else user_keymap_path(user_config)
    override_source: Source | None = None
    if path is not None or user_file.exists():
        override_source = Source(user_file)
    overrides = _parse_file(override_source, problems) if override_source else {}

    bindings: Bindings = {context: {} for context in CONTEXT_IDS}
    origins: dict[tuple[str, str], str] = {}
    sources = {"default": default_source}
    for entry in ACTIONS:
        pair = (entry.context, entry.id)
        if override_source and entry.id in overrides.get(entry.context, {}):
            bindings[entry.context][entry.id] = overrides[entry.context][entry.id]
            origins[pair] = override_source.label
            sources[override_source.label] = override_source
        elif entry.id in defaults.get(entry.context, {}):
            bindings[entry.context][entry.id] = defaults[entry.context][entry.id]
            origins[pair] = "default"

    _find_clashes(bindings, origins, sources, problems)
    if problems:
        raise KeymapError(problems.lines())
    return Keymap(bindings=bindings, origins=origins, user_file=user_file)


def _find_clashes(
    bindings: Bindings,
    origins: dict[tuple[str, str], str],
    sources: dict[str, Source],
    problems: Problems,
) -> None:
    """Record every key bound twice in one context; app keys count in every pane."""
    for context, actions in bindings.items():
        holders: dict[str, tuple[str, str]] = {}
        if context not in TEXT_ENTRY_CONTEXTS and context != GLOBAL_CONTEXT:
            for action, keys in bindings[GLOBAL_CONTEXT].items():
                for key in keys:
                    holders.setdefault(key, (GLOBAL_CONTEXT, action))
        for action, keys in actions.items():
            for key in keys:
                first = holders.setdefault(key, (context, action))
                if first != (context, action):
                    _report_clash(first, (context, action), key, origins, sources, problems)


def _report_clash(
    first: tuple[str, str],
    second: tuple[str, str],
    key: str,
    origins: dict[tuple[str, str], str],
    sources: dict[str, Source],
    problems: Problems,
) -> None:
    # Blame the user's binding: that is the line to change.
    subject, other = second, first
    if origins.get(second) == "default" and origins.get(first) != "default":
        subject, other = first, second
    source = sources[origins.get(subject, "default")]
    also = other[1] if other[0] == subject[0] else f"[{other[0]}] {other[1]}"
    crosses = GLOBAL_CONTEXT in (other[0], subject[0]) and other[0] != subject[0]
    note = " (app keys work in every pane)" if crosses else ""
    text = f"[{subject[0]}] {subject[1]}: key {quoted(toml_key(key))} is also bound to {also}{note}"
    problems.add(source.label, source.line_of(*subject), text)


def describe_bindings(keymap: Keymap) -> str:
    """The table ``reader keys`` prints: per context, action, keys, description, origin."""
    rows: list[tuple[str, str, str, str]] = []
    for entry in ACTIONS:
        bound = keymap.bindings.get(entry.context, {}).get(entry.id, ())
        keys = ", ".join(toml_key(k) for k in bound)
        rows.append((entry.context, entry.id, keys, entry.description))
    action_width = max(len(row[1]) for row in rows)
    keys_width = max(len(row[2]) for row in rows)
    desc_width = max(len(row[3]) for row in rows)
    scopes = {GLOBAL_CONTEXT: "  (everywhere)", **dict.fromkeys(TEXT_ENTRY_CONTEXTS, "  (typing)")}
    lines: list[str] = []
    current = None
    for context, action, keys, description in rows:
        if context != current:
            if current is not None:
                lines.append("")
            lines.append(f"[{context}]{scopes.get(context, '')}")
            current = context
        origin = keymap.origins.get((context, action), "unbound")
        lines.append(
            f"  {action:<{action_width}}  {keys:<{keys_width}}  "
            f"{description:<{desc_width}}  {origin}".rstrip()
        )
    lines += ["", f"Change any of these in {user_keymap_path()} or with --keymap FILE."]
    return "\n".join(lines) + "\n"
