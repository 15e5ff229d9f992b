"""Keys typed while a screen is still opening wait for it, then reach it in order.

Textual routes a key to the focused widget of the top screen at the moment the
key is read. Right after ``push_screen`` that screen is not mounted yet and
has no focus, so fast typists lost the keys that followed the one opening it
(``?`` then ``escape``; ``t`` then the tag). The app holds such keys here and
replays them once the screen is mounted (its ``on_mount`` sets the focus).

Keys typed in a burst are also taken one at a time: the next waits until the last
has been handled by the focused widget and each parent it bubbles to
(``in_flight``), so ``t tag ⏎ ]`` tags "tag" and then jumps, and a search
confirmed with ``⏎`` is in place before ``n`` steps through it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from time import monotonic

from textual import events
from textual.message_pump import MessagePump

KEY_POLL_SECONDS = 0.005
"""How often held keys are offered again while a screen mounts."""
MAX_HOLD_SECONDS = 2.0
"""Past this, keys held for a screen that never mounts (or a key whose handling never
reported back) are delivered anyway: never hold for ever. A busy dialog restarts it."""


@dataclass
class KeyGate:
    """A queue of held keys, released in arrival order."""

    held: deque[events.Key] = field(default_factory=deque)
    timer_running: bool = False
    in_flight: list[MessagePump] | None = None
    """The nodes the last key is travelling through, while it is handled."""
    _since: float | None = None

    def hold(self, event: events.Key, *, ready: bool) -> bool:
        """Keep ``event`` if the screen is not ready or earlier keys still wait."""
        if ready and not self.held:
            return False
        if not self.held:
            self._since = monotonic()
        self.held.append(event)
        return True

    def restart_clock(self) -> None:
        """Count the hold from now (a dialog said it is busy: that is no hang)."""
        if self.held:
            self._since = monotonic()

    def next(self, *, ready: bool) -> events.Key | None:
        """The next key to deliver now, or None while the screen still opens."""
        if not self.held:
            return None
        overdue = self._since is not None and monotonic() - self._since > MAX_HOLD_SECONDS
        if not ready and not overdue:
            return None
        event = self.held.popleft()
        self._since = monotonic() if self.held else None
        return event
