"""Make article text safe to put on a terminal without changing its offsets.

Article files are untrusted: an escape sequence in a title or body must show as
characters, never run. Every replacement is one character for one, so offsets into
``Article.text`` address the displayed text too.
"""

from __future__ import annotations

import re

_VISIBLE = {i: 0x2400 + i for i in range(32)}
_VISIBLE[0x7F] = 0x2421
_VISIBLE[ord("\n")] = ord("\n")
_VISIBLE[ord("\t")] = ord(" ")
for _code in range(0x80, 0xA0):
    _VISIBLE[_code] = 0xFFFD
for _code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C):
    _VISIBLE[_code] = 0xFFFD


_VISIBLE_CHAR = {chr(code): chr(shown) for code, shown in _VISIBLE.items() if code != shown}
_NEEDS_VISIBLE = re.compile("[" + "".join(map(re.escape, _VISIBLE_CHAR)) + "]")


ZERO_WIDTH_NON_JOINER = "\u200c"
_EMOJI_JOINER = re.compile(
    "(?<=[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\U0001f3fb-\U0001f3ff])\u200d"
)
"""A zero-width joiner after an emoji: terminals draw the joined sequence (👨‍👩‍👧) as
one 2-cell glyph while every width table counts each part, so the row came out
short and the pane border moved. Not joining shows the parts, at the width counted."""


def visible_text(text: str) -> str:
    """The same text with control characters made visible, one character for one.

    Terminal escape sequences (ESC …) show as ``␛[…``; C1 controls and bidi
    overrides as ``�``; a joiner between emoji is dropped from the join (see
    ``_EMOJI_JOINER``). Length is preserved so offsets still address the article.
    Only the characters to replace are visited: ``str.translate`` with a table
    costs ~200 ms on a 5 MB article, this ~15 ms, and the view calls it on open.
    """
    shown = _NEEDS_VISIBLE.sub(_show, text)
    return _EMOJI_JOINER.sub(ZERO_WIDTH_NON_JOINER, shown) if "\u200d" in shown else shown


def _show(match: re.Match[str]) -> str:
    return _VISIBLE_CHAR[match.group()]
