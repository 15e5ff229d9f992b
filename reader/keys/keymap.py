"""Key bindings: load the shipped ``keymap.toml``, merge the user's file over it, validate.

Every binding of the app comes from here, so that users can rebind anything and
``reader keys`` can show what is in effect and where it came from. A broken keymap
is reported completely, every problem on its own line with file and line, because
fixing one error per run is the complaint users have about other tools.

Key names are Textual's, normalised the way Textual matches ``events.Key.key``
(checked against Textual 8.2.8's ``_xterm_parser`` and ``binding.py``):

* A printable character is named by its lower-case Unicode name with ``_`` for
  spaces and dashes, with Textual's replacements (``/`` is ``slash``, ``\\`` is
  ``backslash``, ``@`` is ``at``, ``-`` is ``minus``, ``+`` is ``plus``, ``_`` is
  ``underscore``); letters and digits stay themselves. Textual converts a lone
  character in a ``Binding`` itself, but not inside a combination (``ctrl+?``
  never fires), so this module always converts.
* Shifted letters arrive as the upper-case letter: shift+g is the key ``G``, in
  legacy terminals and with the kitty protocol. ``shift+g`` is therefore written
  ``G``; ``shift+1`` never arrives (the terminal sends ``!``, ``exclamation_mark``)
  and is refused.
* With a ctrl/alt/meta/super/hyper modifier the letter's case is ignored
  (``Ctrl+S`` is ``ctrl+s``); write ``shift`` explicitly for ctrl+shift+s.
* Modifiers are sorted alphabetically (``ctrl+shift+left``), the order Textual
  builds them in; the lookup is an exact string match.

This module must not import Textual: the CLI and the core use it without a terminal.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import platformdirs

import reader
from reader.errors import ReaderError

ACTIONS: dict[str, dict[str, str]] = {
    "app": {
        "quit": "Quit reader",
        "help": "Show the key bindings",
        "command_palette": "Open the command palette",
        "focus_next": "Move focus to the next pane",
        "focus_previous": "Move focus to the previous pane",
        "toggle_sidebar": "Show or hide the sidebar",
        "sidebar_wider": "Make the sidebar wider",
        "sidebar_narrower": "Make the sidebar narrower",
        "export": "Export the annotations of this article",
        "library": "Open the library of articles",
    },
    "article": {
        "scroll_down": "Move down one line",
        "scroll_up": "Move up one line",
        "page_down": "Move down one page",
        "page_up": "Move up one page",
        "top": "Go to the start of the article",
        "bottom": "Go to the end of the article",
        "word_right": "Move to the next word",
        "word_left": "Move to the previous word",
        "cursor_left": "Move one character left",
        "cursor_right": "Move one character right",
        "line_start": "Go to the start of the line",
        "line_end": "Go to the end of the line",
        "next_paragraph": "Go to the next paragraph",
        "prev_paragraph": "Go to the previous paragraph",
        "search": "Search the article",
        "search_next": "Go to the next search match",
        "search_prev": "Go to the previous search match",
        "select": "Start or stop selecting from the cursor",
        "select_sentence": "Select the sentence at the cursor",
        "select_paragraph": "Select the paragraph at the cursor",
        "clear_selection": "Clear the selection",
        "tag": "Tag the selection or the annotation at the cursor",
        "note": "Write a note on the selection or the annotation at the cursor",
        "delete": "Delete the annotation at the cursor",
        "undo": "Undo the last annotation change",
        "next_quote": "Go to the next quote",
        "prev_quote": "Go to the previous quote",
        "next_mention": "Go to the next mention of a person, place or organisation",
        "prev_mention": "Go to the previous mention",
        "copy": "Copy the selection to the clipboard",
    },
    "sidebar": {
        "sidebar_down": "Move down the list",
        "sidebar_up": "Move up the list",
        "sidebar_open": "Jump to the item in the text",
        "sidebar_top": "Go to the first item",
        "sidebar_bottom": "Go to the last item",
        "delete": "Delete the selected annotation",
        "undo": "Undo the last annotation change",
        "tag": "Tag the selected annotation",
        "note": "Edit the note of the selected annotation",
    },
    "library": {
        "library_down": "Move down the list of articles",
        "library_up": "Move up the list of articles",
        "library_open": "Open the selected article",
        "library_top": "Go to the first article",
        "library_bottom": "Go to the last article",
        "library_page_down": "Move down one page of articles",
        "library_page_up": "Move up one page of articles",
        "library_filter": "Filter the articles by title or file name",
        "library_clear_filter": "Clear the filter and list every article",
    },
    "search": {
        "search_confirm": "Search for the text typed",
        "search_cancel": "Close the search without moving",
    },
    "note_editor": {
        "save": "Save the note",
        "cancel": "Close the editor without saving",
    },
    "tag_input": {
        "tag_confirm": "Add the tags typed",
        "tag_cancel": "Close without tagging",
    },
    "export_dialog": {
        "export_confirm": "Export to the file typed (its extension picks the format)",
        "export_cancel": "Close without exporting",
    },
    "confirm": {
        "confirm_yes": "Answer yes",
        "confirm_no": "Answer no",
    },
    "dialog": {
        "close": "Close the help or any other dialog",
    },
}

#: Contexts where the user types text: printable keys are typed, never bound, and the
#: app's keys are shadowed by focus, so only clashes inside the context count.
TEXT_ENTRY_CONTEXTS = frozenset({"search", "note_editor", "tag_input", "export_dialog"})

#: The context whose keys work everywhere else.
GLOBAL_CONTEXT = "app"

MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
_MODIFIER_ALIASES = {"control": "ctrl", "option": "alt", "cmd": "super", "command": "super"}

#: Keys Textual names that are not characters (``textual.keys.Keys`` and the kitty
#: functional keys it reports).
NAMED_KEYS = frozenset(
    {
        "escape",
        "enter",
        "tab",
        "backspace",
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "insert",
        "delete",
        "pageup",
        "pagedown",
        "caps_lock",
        "scroll_lock",
        "num_lock",
        "print_screen",
        "pause",
        "menu",
        *(f"f{n}" for n in range(1, 36)),
    }
)

#: Spellings people write that mean a Textual key name.
_KEY_ALIASES = {
    "esc": "escape",
    "return": "enter",
    "pgup": "pageup",
    "page_up": "pageup",
    "pgdn": "pagedown",
    "pgdown": "pagedown",
    "page_down": "pagedown",
    "del": "delete",
    "ins": "insert",
}

#: Textual's friendlier names for some characters (``textual.keys.KEY_NAME_REPLACEMENTS``).
_CHAR_NAME_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
_REPLACED_CHARS = {
    "slash": "/",
    "backslash": "\\",
    "at": "@",
    "minus": "-",
    "plus": "+",
    "underscore": "_",
}

_DISPLAY = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "backspace": "⌫",
    "escape": "esc",
    "enter": "⏎",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "delete": "del",
    "space": "space",
}


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


class KeyNameError(ValueError):
    """A key name Textual would never report; ``suggestion`` is a close valid name or None."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


@dataclass(frozen=True)
class Keymap:
    """The effective bindings: context -> action -> normalised key names."""

    bindings: dict[str, dict[str, tuple[str, ...]]]
    origins: dict[tuple[str, str], str]

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


# --- key names -----------------------------------------------------------------


def _quoted(key: str) -> str:
    """A key as a TOML string, so control characters and spaces show in messages."""
    return json.dumps(key, ensure_ascii=False)


def _char_key(char: str) -> str:
    """Textual's name for a printable character (``_character_to_key``)."""
    if char.isalnum():
        return char
    name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    return _CHAR_NAME_REPLACEMENTS.get(name, name)


def _char_from_name(name: str) -> str | None:
    """The printable character a lower-case, underscored Unicode name stands for."""
    if name in _REPLACED_CHARS:
        return _REPLACED_CHARS[name]
    words = name.split("_")
    if not all(words) or len(words) > 8:
        return None
    # Underscores stand for spaces or dashes ("less_than_sign" is LESS-THAN SIGN).
    for separators in itertools.product(" -", repeat=len(words) - 1):
        candidate = words[0] + "".join(s + w for s, w in zip(separators, words[1:], strict=True))
        try:
            char = unicodedata.lookup(candidate.upper())
        except KeyError:
            continue
        if len(char) == 1 and char.isprintable():
            return char
    return None


@functools.cache
def _vocabulary() -> list[str]:
    printable = (chr(c) for c in range(0x21, 0x7F))
    names = {_char_key(c) for c in printable if not c.isalnum()}
    return sorted(names | NAMED_KEYS | set(_KEY_ALIASES) | {"space"})


def _suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.7)
    return matches[0] if matches else None


def _split(key: str) -> tuple[list[str], str]:
    if key == "+":
        return [], "+"
    if key.endswith("++"):
        return key[:-2].split("+"), "+"
    *mods, base = key.split("+")
    return mods, base


def _base_name(base: str) -> str | None:
    """Textual name of a base key written as a character, a key name or a character name."""
    if len(base) == 1:
        return _char_key(base) if base.isprintable() else None
    lowered = base.lower()
    lowered = _KEY_ALIASES.get(lowered, lowered)
    if lowered in NAMED_KEYS:
        return lowered
    char = _char_from_name(lowered)
    if char is None:
        return None
    return char if char.isalnum() else _char_key(char)


def normalize_key(key: str) -> str:
    """Textual's name for ``key`` (rules in the module docstring); KeyNameError if none."""
    if not isinstance(key, str):
        raise KeyNameError(f"expected a key name, got {type(key).__name__}")
    text = key if key == " " else key.strip()
    if not text:
        raise KeyNameError("empty key name")
    raw_mods, base = _split(text)
    if not base:
        raise KeyNameError(f"{_quoted(key)}: no key after the modifiers")
    mods: set[str] = set()
    for raw in raw_mods:
        mod = _MODIFIER_ALIASES.get(raw.lower(), raw.lower())
        if mod not in MODIFIERS:
            guess = _suggest(mod, MODIFIERS)
            fixed = None
            if guess:
                fixed = "+".join([*(guess if m == raw else m for m in raw_mods), base])
            raise KeyNameError(f"{_quoted(key)}: unknown modifier {_quoted(raw)}", fixed)
        mods.add(mod)
    name = _base_name(base)
    if name is None:
        raise KeyNameError(f"{_quoted(key)}: unknown key name", _suggest_base(base, raw_mods))
    if len(name) == 1 and name.isalpha():
        if mods == {"shift"}:
            return name.upper()
        if mods:
            name = name.lower()
    elif mods == {"shift"} and name not in NAMED_KEYS and name != "space":
        raise KeyNameError(
            f"{_quoted(key)}: the terminal sends the shifted character itself; bind that "
            'character instead (shift+1 is "!")'
        )
    return "+".join([*sorted(mods), name])


def _suggest_base(base: str, raw_mods: list[str]) -> str | None:
    lowered = base.lower()
    if "-" in lowered:  # "ctrl-s": the separator is "+"
        head, _, tail = lowered.partition("-")
        if _MODIFIER_ALIASES.get(head, head) in MODIFIERS:
            return "+".join([*raw_mods, head, tail])
    guess = _suggest(lowered, _vocabulary())
    if guess is None:
        return None
    return "+".join([*raw_mods, _KEY_ALIASES.get(guess, guess)])


def display_key(key: str) -> str:
    """Human form of one normalised key: ``question_mark`` -> ``?``, ``down`` -> ``↓``."""
    mods, base = _split(key)
    if base in _DISPLAY:
        shown = _DISPLAY[base]
    elif len(base) == 1 or base in NAMED_KEYS:
        shown = base
    else:
        char = _char_from_name(base)
        shown = char if char else base
    return "+".join([*mods, shown])


def toml_key(key: str) -> str:
    """The shortest spelling of a normalised key that keymap.toml accepts (``?``, ``ctrl+s``)."""
    mods, base = _split(key)
    if base not in NAMED_KEYS and base != "space" and len(base) > 1:
        char = _char_from_name(base)
        if char and not mods:
            return char
    return key


def _is_printable(key: str) -> bool:
    """Would this key be typed into a text field rather than reach a binding?"""
    return "+" not in key and key not in NAMED_KEYS


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


_TABLE_RE = re.compile(r"""^\s*\[\s*["']?([^\]"']+?)["']?\s*\]""")
_TOML_LINE_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


class _Problems:
    """Collects problems so that all of them are reported at once, in file and line order."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int, str, int | None, str]] = []
        self._files: dict[str, int] = {}

    def add(self, label: str, line: int | None, text: str) -> None:
        order = self._files.setdefault(label, len(self._files))
        self._items.append((order, line or 0, label, line, text))

    def __bool__(self) -> bool:
        return bool(self._items)

    def lines(self) -> list[str]:
        return [
            f"{label}:{line}: {text}" if line else f"{label}: {text}"
            for _, _, label, line, text in sorted(self._items, key=lambda item: item[:2])
        ]


class _Source:
    """One keymap file being read: its label for messages and its text for line numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = str(path)
        self.text = ""

    def line_of(self, context: str, action: str | None = None) -> int | None:
        """Best-effort line of ``[context]``, or of ``action`` inside it, by scanning the text."""
        current: str | None = None
        header_line: int | None = None
        ctx, act = re.escape(context), re.escape(action or "")
        in_table = re.compile(rf"""^\s*["']?{act}["']?\s*=""")
        dotted = re.compile(rf"""^\s*["']?{ctx}["']?\s*\.\s*["']?{act}["']?\s*=""")
        for number, line in enumerate(self.text.splitlines(), start=1):
            table = _TABLE_RE.match(line)
            if table:
                current = table.group(1).strip()
                if current == context and header_line is None:
                    header_line = number
                    if action is None:
                        return number
            elif action is not None:
                if current == context and in_table.match(line):
                    return number
                if current is None and dotted.match(line):
                    return number
        return header_line

    def top_level_line(self, name: str) -> int | None:
        """Line of ``name = …`` before the first table header."""
        pattern = re.compile(rf"""^\s*["']?{re.escape(name)}["']?\s*=""")
        for number, line in enumerate(self.text.splitlines(), start=1):
            if _TABLE_RE.match(line):
                return None
            if pattern.match(line):
                return number
        return None


def _toml_type(value: object) -> str:
    """A TOML user's word for a value's type."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a date or time"


def _read_toml(source: _Source, problems: _Problems) -> dict | None:
    try:
        source.text = source.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(source.label, None, "keymap file not found")
        return None
    except UnicodeDecodeError:
        problems.add(source.label, None, "not UTF-8 text")
        return None
    except OSError as exc:
        problems.add(source.label, None, f"cannot read the keymap ({exc.strerror or exc})")
        return None
    try:
        return tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_LINE_RE.search(message)
        if found is None:
            problems.add(source.label, None, f"TOML syntax error: {message}")
        else:
            detail = _TOML_LINE_RE.sub("", message)
            text = f"TOML syntax error: {detail} (column {found.group(2)})"
            problems.add(source.label, int(found.group(1)), text)
        return None


def _contexts_of(action: str) -> list[str]:
    return [context for context, actions in ACTIONS.items() if action in actions]


def _parse_keys(
    value: object, source: _Source, context: str, action: str, problems: _Problems
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
        report(f"expected a key name or a list of key names, got {_toml_type(value)}")
        return None
    keys: list[str] = []
    ok = True
    for raw in raw_keys:
        if not isinstance(raw, str):
            report(f"expected a key name (a string), got {_toml_type(raw)}: {raw!r}")
            ok = False
            continue
        try:
            key = normalize_key(raw)
        except KeyNameError as exc:
            report(f"{exc}" + (f" (did you mean {exc.suggestion}?)" if exc.suggestion else ""))
            ok = False
            continue
        if context in TEXT_ENTRY_CONTEXTS and _is_printable(key):
            report(
                f"{_quoted(toml_key(key))} would be typed into the text, not run the action; "
                "use a named key (enter, escape, f2…) or a ctrl/alt combination"
            )
            ok = False
            continue
        if key not in keys:
            keys.append(key)
    return tuple(keys) if ok else None


def _parse_file(source: _Source, problems: _Problems) -> dict[str, dict[str, tuple[str, ...]]]:
    """Context -> action -> keys of the valid entries of one file; problems for the rest."""
    data = _read_toml(source, problems)
    result: dict[str, dict[str, tuple[str, ...]]] = {}
    for context, table in (data or {}).items():
        if context not in ACTIONS:
            _unknown_context(source, context, table, problems)
            continue
        if not isinstance(table, dict):
            problems.add(
                source.label,
                source.top_level_line(context),
                f"{context}: expected a table [{context}] of actions, got {_toml_type(table)}",
            )
            continue
        actions = result.setdefault(context, {})
        for action, value in table.items():
            if action not in ACTIONS[context]:
                _unknown_action(source, context, action, problems)
                continue
            keys = _parse_keys(value, source, context, action, problems)
            if keys is not None:
                actions[action] = keys
    return result


def _unknown_context(source: _Source, context: str, table: object, problems: _Problems) -> None:
    homes = _contexts_of(context)
    if not isinstance(table, dict) and homes:
        where = " or ".join(f"[{c}]" for c in homes)
        text = f"{context}: an action must be inside a table (put it under {where})"
        problems.add(source.label, source.top_level_line(context), text)
        return
    guess = _suggest(context, tuple(ACTIONS))
    hint = f" (did you mean [{guess}]?)" if guess else ""
    known = ", ".join(f"[{c}]" for c in ACTIONS)
    text = f"[{context}]: unknown table{hint}; the tables are {known}"
    problems.add(source.label, source.line_of(context), text)


def _unknown_action(source: _Source, context: str, action: str, problems: _Problems) -> None:
    guess = _suggest(action, tuple(ACTIONS[context]))
    elsewhere = [c for c in _contexts_of(action) if c != context]
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
    problems = _Problems()
    default_source = _Source(default_keymap_path())
    defaults = _parse_file(default_source, problems)
    if default_source.text:
        for context, actions in ACTIONS.items():
            for action in actions:
                if action not in defaults.get(context, {}):
                    text = f"[{context}] {action}: missing from the default keymap"
                    problems.add(default_source.label, default_source.line_of(context), text)

    override_source: _Source | None = None
    if path is not None:
        override_source = _Source(Path(path))
    elif user_keymap_path(user_config).exists():
        override_source = _Source(user_keymap_path(user_config))
    overrides = _parse_file(override_source, problems) if override_source else {}

    bindings: dict[str, dict[str, tuple[str, ...]]] = {}
    origins: dict[tuple[str, str], str] = {}
    sources = {"default": default_source}
    for context, actions in ACTIONS.items():
        bindings[context] = {}
        for action in actions:
            if override_source and action in overrides.get(context, {}):
                bindings[context][action] = overrides[context][action]
                origins[(context, action)] = override_source.label
                sources[override_source.label] = override_source
            elif action in defaults.get(context, {}):
                bindings[context][action] = defaults[context][action]
                origins[(context, action)] = "default"

    _find_clashes(bindings, origins, sources, problems)
    if problems:
        raise KeymapError(problems.lines())
    return Keymap(bindings=bindings, origins=origins)


def _find_clashes(
    bindings: dict[str, dict[str, tuple[str, ...]]],
    origins: dict[tuple[str, str], str],
    sources: dict[str, _Source],
    problems: _Problems,
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
    sources: dict[str, _Source],
    problems: _Problems,
) -> None:
    # Blame the user's binding: that is the line to change.
    subject, other = second, first
    if origins.get(second) == "default" and origins.get(first) != "default":
        subject, other = first, second
    source = sources[origins.get(subject, "default")]
    also = other[1] if other[0] == subject[0] else f"[{other[0]}] {other[1]}"
    crosses = GLOBAL_CONTEXT in (other[0], subject[0]) and other[0] != subject[0]
    note = " (app keys work in every pane)" if crosses else ""
    text = (
        f"[{subject[0]}] {subject[1]}: key {_quoted(toml_key(key))} is also bound to {also}{note}"
    )
    problems.add(source.label, source.line_of(*subject), text)


def describe_bindings(keymap: Keymap) -> str:
    """The table ``reader keys`` prints: per context, action, keys, description, origin."""
    rows: list[tuple[str, str, str, str]] = []
    for context, actions in ACTIONS.items():
        for action, description in actions.items():
            keys = ", ".join(toml_key(k) for k in keymap.bindings.get(context, {}).get(action, ()))
            rows.append((context, action, keys, description))
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
