"""Key names: turn what users write in keymap.toml into the names Textual reports.

Key names are Textual's, normalised the way Textual matches ``events.Key.key``
(checked against Textual 8.2.8's ``_xterm_parser`` and ``binding.py``):

* A printable character is named by its lower-case Unicode name with ``_`` for
  spaces and dashes, with Textual's replacements (``/`` is ``slash``, ``\\`` is
  ``backslash``, ``@`` is ``at``, ``-`` is ``minus``, ``+`` is ``plus``, ``_`` is
  ``underscore``); letters and digits stay themselves. A lone character may be
  written as itself (``?``); inside a combination punctuation must be named
  (``ctrl+question_mark``): Textual never converts it there, so ``ctrl+?`` is
  refused with the name to write.
* Shifted letters arrive as the upper-case letter: shift+g is the key ``G``, in
  legacy terminals and with the kitty protocol. ``shift+g`` is therefore written
  ``G``; ``shift+1`` never arrives (the terminal sends ``!``, ``exclamation_mark``)
  and is refused.
* With a ctrl/alt/meta/super/hyper modifier the letter's case is ignored
  (``Ctrl+S`` is ``ctrl+s``); write ``shift`` explicitly for ctrl+shift+s.
* ``ctrl+i``, ``ctrl+m``, ``ctrl+h`` and ``ctrl+[`` send the same bytes as tab,
  enter, backspace and escape, so a terminal cannot tell them apart: refused.
* Modifiers are sorted alphabetically (``ctrl+shift+left``), the order Textual
  builds them in; the lookup is an exact string match.

This module must not import Textual: the CLI and the core use it without a terminal.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import unicodedata

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


class KeyNameError(ValueError):
    """A key name Textual would never report; ``suggestion`` is a close valid name or None."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


def quoted(key: str) -> str:
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


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
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
        raise KeyNameError(f"{quoted(key)}: no key after the modifiers")
    mods: set[str] = set()
    for raw in raw_mods:
        mod = _MODIFIER_ALIASES.get(raw.lower(), raw.lower())
        if mod not in MODIFIERS:
            guess = suggest(mod, MODIFIERS)
            fixed = None
            if guess:
                fixed = "+".join([*(guess if m == raw else m for m in raw_mods), base])
            raise KeyNameError(f"{quoted(key)}: unknown modifier {quoted(raw)}", fixed)
        mods.add(mod)
    name = _base_name(base)
    if name is None:
        raise KeyNameError(f"{quoted(key)}: unknown key name", _suggest_base(base, raw_mods))
    if len(name) == 1 and name.isalpha():
        if mods == {"shift"}:
            return name.upper()
        if mods:
            name = name.lower()
    elif mods == {"shift"} and name not in NAMED_KEYS and name != "space":
        raise KeyNameError(
            f"{quoted(key)}: the terminal sends the shifted character itself; bind that "
            'character instead (shift+1 is "!")'
        )
    _refuse_ambiguous(key, mods, name)
    normal = "+".join([*sorted(mods), name])
    if mods and len(base) == 1 and not base.isalnum():
        raise KeyNameError(
            f"{quoted(key)}: inside a combination a character must be named; write {quoted(normal)}"
        )
    return normal


#: ctrl+letter combinations that send the same byte as a named key.
_SAME_BYTES_AS = {"i": "tab", "m": "enter", "h": "backspace", "left_square_bracket": "escape"}


def _refuse_ambiguous(key: str, mods: set[str], name: str) -> None:
    """Refuse ctrl+i and the like: a terminal reports them as tab, enter, backspace, escape."""
    same = _SAME_BYTES_AS.get(name)
    if same is None or "ctrl" not in mods or "shift" in mods:
        return
    instead = "+".join([*sorted(mods - {"ctrl"}), same])
    raise KeyNameError(
        f"{quoted(key)}: terminals send the same bytes as {same}, so reader cannot tell "
        f"them apart; write {quoted(instead)} or choose another key"
    )


def _suggest_base(base: str, raw_mods: list[str]) -> str | None:
    lowered = base.lower()
    if "-" in lowered:  # "ctrl-s": the separator is "+"
        head, _, tail = lowered.partition("-")
        if _MODIFIER_ALIASES.get(head, head) in MODIFIERS:
            return "+".join([*raw_mods, head, tail])
    guess = suggest(lowered, _vocabulary())
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


def is_printable(key: str) -> bool:
    """Would this key be typed into a text field rather than reach a binding?"""
    return "+" not in key and key not in NAMED_KEYS
