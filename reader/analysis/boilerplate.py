"""Recognise boilerplate lines ("READ MORE: …") that carry no article content.

Pages pasted or scraped into a file bring along links to other stories, sign-up and
share prompts, advert markers and photo credits. They are whole lines with a
recognisable opening, so a line-level pattern is both fast and safe: a line is
boilerplate only when its start says so and it is short, never because of a word
in the middle of a paragraph.
"""

from __future__ import annotations

import re

MAX_LINE = 300
"""Longer lines are article paragraphs, whatever they start with."""

_SPACE = r"[ \t\u00a0]"
_PREFIXED = (  # a label and a colon/dash, then the link text
    rf"(?:read|see|watch|listen)(?:{_SPACE}+(?:more|also|next|now|again))+"
    rf"|also{_SPACE}+read|more{_SPACE}+on{_SPACE}+this{_SPACE}+story|more{_SPACE}+from{_SPACE}+\w+|related(?:{_SPACE}+\w+)?"
    rf"|recommended|trending|most{_SPACE}+read|latest|advertisement|sponsored|promoted"
    rf"|(?:photo|picture|image|photograph|video|graphic|illustration)s?(?:{_SPACE}+credit)?"
    rf"|credit|source{_SPACE}+image"
)
_OPENING = (  # prompts recognised by how they start
    rf"sign{_SPACE}*up\b|subscribe\b|follow{_SPACE}+(?:us|@)|like{_SPACE}+us{_SPACE}+on|join{_SPACE}+us{_SPACE}+on"
    rf"|click{_SPACE}+here|tap{_SPACE}+here|share{_SPACE}+(?:this|on|via)\b|download{_SPACE}+(?:the|our)\b"
    rf"|get{_SPACE}+(?:the|our){_SPACE}.*\bnewsletter|(?:our|the|free){_SPACE}+newsletter"
    rf"|(?:story|article){_SPACE}+continues{_SPACE}+below|continue{_SPACE}+reading|scroll{_SPACE}+down{_SPACE}+for"
    rf"|(?:©|\(c\)|copyright\b)|all{_SPACE}+rights{_SPACE}+reserved|we{_SPACE}+use{_SPACE}+cookies"
    rf"|this{_SPACE}+article{_SPACE}+(?:was|has{_SPACE}+been){_SPACE}+(?:amended|updated|corrected)"
    rf"|(?:\(|\[){_SPACE}*(?:photo|picture|image|pic){_SPACE}*:"
)
_ALONE = (  # lines that are nothing but a marker or a row of share buttons
    rf"(?:advertisement|advert|ad|sponsored(?:{_SPACE}+content)?|promoted"
    r"|(?:share|tweet|email|e-mail|print|comments?|whatsapp|facebook|twitter|pinterest"
    rf"|linkedin|reddit|copy{_SPACE}+link|save)(?:{_SPACE}*[|·•/,]?{_SPACE}*(?:share|tweet|email|e-mail|print"
    rf"|comments?|whatsapp|facebook|twitter|pinterest|linkedin|reddit|copy{_SPACE}+link|save))*)"
    rf"{_SPACE}*[.!:]?"
)

_LINE = re.compile(
    rf"^{_SPACE}*(?:"
    rf"(?:{_PREFIXED}){_SPACE}*[:|>»\-–—]"
    rf"|(?:{_OPENING})"
    rf"|(?:{_ALONE})$"
    rf").*$",
    re.IGNORECASE | re.MULTILINE,
)


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of boilerplate lines, without their newline, sorted."""
    spans: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        line = text[start:end]
        if not line.strip() or end - start > MAX_LINE:
            continue
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        spans.append((start + lead, end - trail))
    return spans
