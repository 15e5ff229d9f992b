"""How wide the side pane and the text are, from the terminal's width.

A fixed 36-column pane left 22 columns of text in a 60-column terminal. The pane
now takes a share of the width with bounds, the text never gets fewer than
``TEXT_MIN`` columns (the pane hides first), and on a wide terminal lines stop
at a readable length instead of running across the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

SHARE_DEFAULT = 0.32
SHARE_STEP = 0.04
SHARE_MIN, SHARE_MAX = 0.16, 0.6
PANE_MIN = 24
"""Narrower than this the pane shows too little to be useful: it hides."""
PANE_MAX = 90
TEXT_MIN = 40
"""The pane hides rather than squeeze the text below this many columns."""
READING_WIDTH = 100
"""Default longest line, in columns; 0 means as wide as the pane."""


@dataclass
class PaneSizes:
    """The user's choices (shown or hidden, wider or narrower) and the rules above."""

    share: float = SHARE_DEFAULT
    shown: bool | None = None
    """None: shown when it fits; True/False: the user toggled it."""

    def wider(self) -> None:
        self.share = min(SHARE_MAX, round(self.share + SHARE_STEP, 2))
        self.shown = True

    def narrower(self) -> None:
        self.share = max(SHARE_MIN, round(self.share - SHARE_STEP, 2))

    def toggle(self, currently_visible: bool) -> None:
        self.shown = not currently_visible

    def pane_width(self, total: int) -> int:
        """Columns for the side pane (0 = hidden) in a terminal ``total`` columns wide."""
        if self.shown is False:
            return 0
        width = min(PANE_MAX, max(PANE_MIN, round(total * self.share)))
        if total - width < TEXT_MIN:
            if self.shown is None:
                return 0  # auto: hide rather than squeeze the text
            width = max(0, total - TEXT_MIN) if total - TEXT_MIN >= PANE_MIN else total // 2
        return width


def text_padding(available: int, reading_width: int) -> tuple[int, int]:
    """Left and right padding that centre lines of at most ``reading_width`` columns."""
    if reading_width <= 0 or available <= reading_width:
        return 0, 0
    spare = available - reading_width
    return spare // 2, spare - spare // 2
