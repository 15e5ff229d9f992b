"""Side pane and text widths across terminal sizes (the rules in reader.view.pane_sizes)."""

from __future__ import annotations

import pytest

from reader.view.pane_sizes import PANE_MIN, TEXT_MIN, PaneSizes, text_padding


@pytest.mark.parametrize("total", [40, 60, 64, 80, 100, 120, 200, 300])
def test_the_text_always_keeps_its_minimum_and_the_pane_its_bounds(total: int) -> None:
    pane = PaneSizes().pane_width(total)
    assert pane == 0 or pane >= PANE_MIN
    assert total - pane >= min(total, TEXT_MIN)


def test_a_narrow_terminal_hides_the_pane_and_a_wide_one_shows_a_share() -> None:
    sizes = PaneSizes()
    assert sizes.pane_width(60) == 0
    assert 24 <= sizes.pane_width(100) <= 40
    assert sizes.pane_width(200) > sizes.pane_width(100)


def test_showing_the_pane_on_a_narrow_terminal_still_leaves_text() -> None:
    sizes = PaneSizes()
    sizes.toggle(currently_visible=False)
    width = sizes.pane_width(60)
    assert width > 0 and 60 - width >= 20


def test_wider_and_narrower_change_the_share_within_bounds() -> None:
    sizes = PaneSizes()
    before = sizes.pane_width(120)
    sizes.wider()
    assert sizes.pane_width(120) > before
    for _ in range(30):
        sizes.narrower()
    assert sizes.pane_width(120) == PANE_MIN


def test_hidden_by_the_user_stays_hidden() -> None:
    sizes = PaneSizes()
    sizes.toggle(currently_visible=True)
    assert sizes.pane_width(300) == 0


def test_long_lines_are_centred_at_the_reading_width() -> None:
    assert text_padding(80, 100) == (0, 0)
    assert text_padding(150, 100) == (25, 25)
    assert text_padding(151, 100) == (25, 26)
    assert text_padding(150, 0) == (0, 0)
