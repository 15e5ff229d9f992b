"""How highlights are drawn: which style each entity type takes, and blending tints.

Kept apart from the article view so the rule for colours (translucent tints made
solid against the pane, never dropped) is one small thing to read and test.
"""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.css.styles import RenderStyles

ENTITY_STYLE_GROUP = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
"""Entity labels grouped into the few styles the stylesheet defines."""


def blended_style(styles: RenderStyles, base: Color) -> Style:
    """A rich ``Style`` for one component, its colours composited over ``base``."""
    bgcolor = None
    if styles.has_rule("background") and styles.background.a > 0:
        bgcolor = (base + styles.background).rich_color
    color = None
    if styles.has_rule("color"):
        fg = styles.color
        under = base + styles.background if bgcolor is not None else base
        color = (under.get_contrast_text(fg.a) if fg.auto else under + fg).rich_color
    return Style(color=color, bgcolor=bgcolor) + styles.text_style
