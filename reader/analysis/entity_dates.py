"""Dates, ages, percentages and sums of money: entities found by their shape.

They are found before names so that "March" or "Friday" is never taken for a
name, and so a reader sees "three years ago" as one time expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)
TIME_WORDS = frozenset(m.casefold() for m in (*MONTHS, *WEEKDAYS))

_NUMBER_WORDS = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|a few|several|many)"
)
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_MONTH_ABBR = "(?:" + "|".join(MONTH_ABBREVIATIONS) + r")\.?"
_DAY = r"(?:[0-3]?\d(?:st|nd|rd|th)?)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_UNIT = r"(?:years?|months?|weeks?|days?|decades?|centuries|century)"

_DATE = re.compile(  # shapes that open with a capital or a digit
    rf"""
    (?=[A-Z\d])\b(?:
        {_DAY}[ ](?:{_MONTH}|{_MONTH_ABBR})(?:,?[ ]{_YEAR})?      # 13 May 1996
      | (?:{_MONTH}|{_MONTH_ABBR})[ ]{_DAY}(?:-{_DAY})?(?:,?[ ]{_YEAR})?\b  # May 13, 1996
      | (?:{_MONTH}|{_MONTH_ABBR})[ ]{_YEAR}                    # February 1995
      | (?:(?<=in[ ])|(?<=since[ ])|(?<=until[ ])|(?<=by[ ])|(?<=of[ ])|(?<=last[ ]))May
      | (?!May\b){_MONTH}
      | (?:{"|".join(WEEKDAYS)})
      | {_YEAR}-[01]\d-[0-3]\d                                  # 1996-08-30
      | \d+-(?:year|month|week|day)-old                         # 72-year-old
    )\b
    """,
    re.VERBOSE,
)
_RELATIVE = re.compile(  # found from their last word, which is rare, then extended back
    rf"""
    \b(?:
        (?:the[ ])?(?:1[5-9]|20)\d0s                            # the 1930s
      | {_NUMBER_WORDS}[ ]{_UNIT}[ ](?:ago|earlier|later)       # three years ago
      | (?:last|next|this)[ ](?:year|month|week|weekend|season|summer|winter|spring|autumn)
    )\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
_RELATIVE_END = re.compile(
    r"\d0s\b|\b(?:ago|earlier|later|year|month|week|weekend|season|summer|winter|spring|autumn)\b"
)
_YEAR_ALONE = re.compile(rf"(?<![\w.,$£€-]){_YEAR}(?![\w.,-]\d|\w)")
_PERCENT = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?:[ ]?%|[ ](?:percent|per[ ]cent))")
_MONEY = re.compile(
    r"(?:[$£€][ ]?\d[\d,]*(?:\.\d+)?(?:[ ](?:million|billion|trillion|m|bn))?)"
    r"|(?<![\w.])\d[\d,]*(?:\.\d+)?(?:[ ](?:million|billion|trillion))?[ ]"
    r"(?:dollars|pounds(?:[ ]sterling)?|euros|yen|francs|marks|rupees|roubles|rubles)\b"
)


def find_time_and_amounts(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, label) for DATE, PERCENT and MONEY expressions, possibly overlapping."""
    for match in _DATE.finditer(text):
        yield match.start(), match.end(), "DATE"
    for end_match in _RELATIVE_END.finditer(text):
        begin = max(0, end_match.start() - 24)
        for match in _RELATIVE.finditer(text, begin, end_match.end()):
            if match.end() == end_match.end():
                yield match.start(), match.end(), "DATE"
                break
    for match in _YEAR_ALONE.finditer(text):
        yield match.start(), match.end(), "DATE"
    for match in _PERCENT.finditer(text):
        yield match.start(), match.end(), "PERCENT"
    for match in _MONEY.finditer(text):
        yield match.start(), match.end(), "MONEY"
