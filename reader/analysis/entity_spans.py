"""Where names can be: runs of capitalised words, and the layout around them.

Names in English are capitalised, so the recogniser starts from maximal runs of
capitalised words (joined by "of", "de", "van" …) and lets later rules cut and
label them. This module also knows the line layout that changes how a run is read:
sentence starts, shouted or Title Case headings, and newswire datelines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_UPPER = "".join(chr(c) for c in range(0x41, 0x2000) if chr(c).isupper() and chr(c).isalpha())
_UP = f"[{re.escape(_UPPER)}]"
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Ltd|Co|Corp|Gen|Col|Lt|Sgt|Capt|Rev|Prof|Gov|Sen|Rep|Mt|Ft|Bros"
)
_WORD = (
    rf"(?:(?:{_UP}\.){{2,}}(?:{_UP}\b)?"  # U.S. / U.K.
    rf"|(?:{_ABBREVIATIONS})\."  # Mr. / Inc.
    rf"|{_UP}\.(?=[ ]{_UP})"  # an initial: P. Simmons
    rf"|{_UP}(?:\w|['’](?=\w))*(?:-\w+)*)"  # Livingstone, O'Brien, Chester-le-Street
)
_CONNECTOR = (
    r"(?:of[ ]the|of|de[ ]la|de|du|da|del|della|der|den|di|van|von|le|la|bin|ibn|al|y"
    r"|and|&|for|upon)"
)
# An elided article joins too: Côte d'Ivoire, Jeanne d'Arc.
RUN = re.compile(rf"(?<![\w'’.-]){_WORD}(?:[ ](?:{_CONNECTOR}[ ]|[dl]['’])?{_WORD})*")
TOKEN = re.compile(r"\S+")

_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)\]]*$|^[-–—•*#>|]+$")
_OPENERS = "\"'‘“«([{-–—•*"
_DATELINE = re.compile(
    rf"^[ \t]*({_UP}[{re.escape(_UPPER)}.'’-]*(?:[ ]{_UP}[{re.escape(_UPPER)}.'’-]*)*)"
    r"(?:,[ ][A-Za-z.]+(?:[ ][A-Za-z.]+)*)?[ ]+(?:\d{4}-\d\d-\d\d|\([A-Z][A-Za-z]+\)[ ]*[-–—])",
    re.MULTILINE,
)
_HEADING_FUNCTION_WORDS = frozenset(
    {"the", "of", "in", "on", "at", "to", "for", "by", "and", "with", "from", "as", "is"}
    | {"after", "over", "into", "a", "an"}
)
_NON_LETTER = re.compile(r"[\W\d_]+")
_LINE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z][\w'’-]*")


@dataclass(frozen=True, slots=True)
class LineInfo:
    """What kind of line a run sits on."""

    heading: bool
    """Shouted or Title Case: capitals say nothing about names there."""
    dateline: tuple[int, int] | None
    """Span of a newswire dateline place ("LONDON 1996-08-30") on this line."""


class Layout:
    """Line and sentence facts about one text, computed once, queried per run."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._lines: dict[int, LineInfo] = {}
        self.lower_words = frozenset(w.casefold() for w in set(_LOWER_WORD.findall(text)))
        """Words the text writes in lower case somewhere: evidence against a name."""

    def line_span(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self._line_starts, offset) - 1
        start = self._line_starts[index]
        end = (
            self._line_starts[index + 1] - 1
            if index + 1 < len(self._line_starts)
            else len(self.text)
        )
        return start, end

    def line(self, offset: int) -> LineInfo:
        start, end = self.line_span(offset)
        info = self._lines.get(start)
        if info is None:
            info = self._describe(start, end)
            self._lines[start] = info
        return info

    def _describe(self, start: int, end: int) -> LineInfo:
        line = self.text[start:end]
        letters = _NON_LETTER.sub("", line)
        shouted = len(letters) >= 4 and sum(map(str.isupper, letters)) >= 0.8 * len(letters)
        words = _LINE_WORD.findall(line)
        title_case = False
        if len(words) >= 3:
            function = [w for w in words[1:] if w.casefold() in _HEADING_FUNCTION_WORDS]
            title_case = bool(function) and all(w[0].isupper() for w in function)
            title_case = title_case and not re.search(r"[.!?][ ]+\S", line.rstrip(".!? "))
        dateline = None
        match = _DATELINE.match(line)
        if match and match.group(1).strip():
            place_end = match.start(1) + len(match.group(1).rstrip())
            dateline = (start + match.start(1), start + place_end)
        return LineInfo(heading=shouted or title_case, dateline=dateline)

    def starts_sentence(self, offset: int) -> bool:
        """True if the word at ``offset`` opens a sentence, a line or a quotation."""
        line_start, _ = self.line_span(offset)
        before = self.text[max(line_start, offset - 40) : offset].rstrip()
        before = before.rstrip(_OPENERS).rstrip()
        if not before:
            return True
        return bool(_SENTENCE_END.search(before))
