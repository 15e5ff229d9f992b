"""The Textual application: screens, the keymap, and the command palette."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from pathlib import Path

from textual import events
from textual.actions import parse as parse_action
from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input, TextArea

from reader.article.model import Article
from reader.keys.actions import ACTIONS, GLOBAL_CONTEXT, actions_in
from reader.keys.loader import Keymap
from reader.store.writer import BackgroundWriter
from reader.tui.bindings import bindings_for, declared_binding, default_keymap
from reader.tui.dialogs import ConfirmDialog
from reader.tui.help_screen import HelpScreen
from reader.tui.key_gate import KEY_POLL_SECONDS, KeyGate
from reader.tui.library_screen import LibraryScreen
from reader.tui.reader_screen import ReaderScreen
from reader.tui.workers import Analyzer
from reader.view.pane_sizes import READING_WIDTH

SCREEN_ACTIONS = tuple(a.id for a in actions_in(GLOBAL_CONTEXT) if a.forwarded)
"""``[app]`` actions the reading screen performs; the app forwards them."""


NOTICES_KEPT = 100


class ReaderApp(App[None]):
    """reader: read and annotate articles in the terminal."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = bindings_for(
        GLOBAL_CONTEXT, targets={a: f"screen_action('{a}')" for a in SCREEN_ACTIONS}
    )

    def __init__(
        self,
        *,
        article: Article | None = None,
        paths: list[Path | str] | None = None,
        keymap: Keymap | None = None,
        backend: str = "rules",
        writer: BackgroundWriter | None = None,
        analyzer: Analyzer | None = None,
        reading_width: int = READING_WIDTH,
        user: str = "",
    ) -> None:
        super().__init__()
        self.reading_width = reading_width
        """Longest line of text on a wide terminal (0: no limit)."""
        self.user = user
        """The author recorded on notes made in this app ("" = unknown)."""
        self.analyzer = analyzer
        """Replaces the analysis backend (tests pass a fixed analysis)."""
        self.key_gate = KeyGate()
        self.notices: deque[str] = deque(maxlen=NOTICES_KEPT)
        self.writer = writer
        """Saves annotations in the background; None runs without a database."""
        self.article = article
        self.paths = paths or []
        self.keymap = keymap or default_keymap()
        self.backend = backend
        self._library: LibraryScreen | None = None
        self._app_keys: dict[str, str] = {}
        """Key → ``[app]`` action, from the effective keymap."""
        self._asking_to_quit = False

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.textual_keymap())
        self._app_keys = {
            key: entry.id
            for entry in actions_in(GLOBAL_CONTEXT)
            for key in self.keymap.keys(GLOBAL_CONTEXT, entry.id)
        }
        if self.article is not None:
            self.push_screen(self._reader_screen(self.article))
        else:
            self._library = LibraryScreen(self.paths)
            self.push_screen(self._library)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications quote tags, file names and article text: never read as markup.

        Each is also kept in ``notices`` (the recent ones), so a message that has
        faded can still be looked up.
        """
        self.notices.append(message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # ---------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide pane actions (footer, palette) where no reading screen is showing."""
        if action == "screen_action" and parameters:
            return self._pane_screen(str(parameters[0])) is not None
        return True  # the library key on a single article says why it does nothing

    def _pane_screen(self, action: str) -> Screen | None:
        """The screen that performs ``action``: the top one, or the one under dialogs."""
        for screen in reversed(self.screen_stack):
            if hasattr(screen, f"action_{action}"):
                return screen
            if not screen.is_modal:
                return None
        return None

    def action_screen_action(self, action: str) -> None:
        """Forward pane actions to the reading screen, also from the help or a dialog."""
        screen = self._pane_screen(action)
        if screen is not None:
            getattr(screen, f"action_{action}")()

    def action_help(self) -> None:
        """Open the key help (from any screen), or close it when it is on top."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.keymap))

    def action_library(self) -> None:
        """Back to the library (when reader was opened on several articles)."""
        if self._library is None:
            self.notify("Open reader on a folder or several files to use the library")
            return
        unsaved = self._unsaved()
        if unsaved:
            question = self._unsaved_question(unsaved, "Leave this article")

            def answered(leave: bool | None) -> None:
                self._asking_to_quit = False
                if leave:
                    self._back_to_library()

            self._asking_to_quit = True  # q on this question must not stack another
            self.push_screen(ConfirmDialog(question), answered)
            return
        self._back_to_library()

    def _back_to_library(self) -> None:
        while self.screen is not self._library and len(self.screen_stack) > 1:
            self.pop_screen()

    def _unsaved(self) -> dict[str, str]:
        """Notes of the open articles whose newest change failed to reach the disk."""
        return {
            note_id: reason
            for screen in self.screen_stack
            if isinstance(screen, ReaderScreen)
            for note_id, reason in screen.unsaved.items()
        }

    @staticmethod
    def _unsaved_question(unsaved: dict[str, str], what: str) -> str:
        count, reason = len(unsaved), next(iter(unsaved.values()))
        are = "s are" if count != 1 else " is"
        return f"{count} note{are} NOT SAVED ({reason}). {what} and lose them? (y/n)"

    def on_library_screen_open(self, message: LibraryScreen.Open) -> None:
        self.push_screen(self._reader_screen(message.article, start_at=message.at))

    def _reader_screen(self, article: Article, start_at: int | None = None) -> ReaderScreen:
        return ReaderScreen(
            article,
            backend=self.backend,
            writer=self.writer,
            analyzer=self.analyzer,
            reading_width=self.reading_width,
            user=self.user,
            start_at=start_at,
        )

    def action_quit(self) -> None:
        """Quit at once, unless notes failed to save: then ask first.

        Queued writes are not awaited here, on the event loop: ``launch`` closes
        the writer after the app has exited, which waits for each to be durable.
        """
        unsaved = self._unsaved()
        if not unsaved:
            self._exit_now()
            return
        if self._asking_to_quit:
            return  # the question is on screen already
        question = self._unsaved_question(unsaved, "Quit")

        def answered(quit_anyway: bool | None) -> None:
            self._asking_to_quit = False
            if quit_anyway:
                self._exit_now()

        self._asking_to_quit = True
        self.push_screen(ConfirmDialog(question), answered)

    def _exit_now(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.save_position()
                screen.cancel_analysis()
        self.exit()

    # ------------------------------------------------------------- key order
    async def on_event(self, event: events.Event) -> None:
        """Hold keys typed while a screen opens; replay them to it, in order, once mounted."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.key_gate.hold(event, ready=self._screen_ready()):
                self._release_timer()
                return
            await self._dispatch_key(event)
            return
        await super().on_event(event)

    def _screen_ready(self) -> bool:
        """The top screen can take keys: mounted, and its focus set (or it has none to set).

        A screen coming back after a dialog gets its focus back a moment later;
        keys read before that would go to the screen instead of its focused pane.
        """
        in_flight = self.key_gate.in_flight
        if in_flight is not None:
            if all(node.is_attached for node in in_flight):
                return False  # the last key is still on its way to the app
            self.key_gate.in_flight = None  # its widget went away with it
        if not self.app_focus:
            return True  # the terminal lost focus: Textual restores it with this key
        screen = self.screen
        if getattr(screen, "busy", False):
            self.key_gate.restart_clock()  # waiting on a busy dialog is never "too long"
            return False  # e.g. the export dialog writing: keys wait for what comes next
        return screen.is_mounted and (screen.focused is not None or not screen.focus_chain)

    async def _dispatch_key(self, event: events.Key) -> None:
        """Run an ``[app]`` key at once, as it is read; give any other key to Textual.

        Textual would first offer the key to the focused widget and reach the app's
        binding only after it bubbled up, by which time later keys had already gone
        to the old focus (``?`` then ``escape`` left the help open). In a text field
        the key goes the usual way: typed, or a dialog's own binding, or the app's.
        """
        action = self._app_keys.get(event.key)
        focus = self.focused or self.screen
        typing = isinstance(focus, (Input, TextArea))
        if action is not None and not typing:
            target = f"screen_action('{action}')" if action in SCREEN_ACTIONS else action
            if await self.run_action(target):
                return
        await super().on_event(event)
        if focus.is_attached:
            # Also after a binding ran: what it posted (a search bar's Closed) is
            # handled before the next key (``n``) acts.
            self._follow_key(focus)

    def _follow_key(self, target: DOMNode) -> None:
        """Hold the next key until this one has been handled by ``target`` and bubbled up.

        Each node handles its messages in order, so a callback queued behind the key
        at the focused widget, then at each parent in turn, runs once the key (and
        any binding it reached on the way) is done: a key that opens or closes
        something is finished before the next is routed.
        """
        nodes = list(target.ancestors_with_self)
        self.key_gate.in_flight = nodes

        def step(index: int) -> None:
            if self.key_gate.in_flight is not nodes:
                return
            if index == len(nodes):
                self.key_gate.in_flight = None
                self.call_later(self._release_keys)
                return
            nodes[index].call_later(step, index + 1)

        step(0)

    def _release_timer(self) -> None:
        if not self.key_gate.timer_running:
            self.key_gate.timer_running = True
            self.set_timer(KEY_POLL_SECONDS, self._release_keys)

    async def _release_keys(self) -> None:
        self.key_gate.timer_running = False
        while (event := self.key_gate.next(ready=self._screen_ready())) is not None:
            await self._dispatch_key(event)
            if self.key_gate.in_flight is not None:
                break  # the rest follow once this key is handled
        if self.key_gate.held:
            self._release_timer()

    # -------------------------------------------------------- command palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, then every palette action this screen's keys can run."""
        yield from super().get_system_commands(screen)
        for entry in ACTIONS:
            target = self._palette_target(screen, entry.binding_id) if entry.palette else None
            if target is None:
                continue
            node, action = target
            _namespace, name, parameters = parse_action(action)
            if node is self and self.check_action(name, parameters) is False:
                continue
            keys = self.keymap.display(entry.context, entry.id)
            yield SystemCommand(
                entry.description,
                f"{entry.binding_id} — {keys}",
                lambda binding_id=entry.binding_id: self._run_palette_action(binding_id),
            )

    def _palette_target(self, screen: Screen, binding_id: str) -> tuple[DOMNode, str] | None:
        """The node whose binding ``binding_id`` the key would fire, and its action."""
        for node in (*screen.walk_children(with_self=True), self):
            binding = declared_binding(node, binding_id)
            if binding is not None:
                return node, binding.action
        return None

    async def _run_palette_action(self, binding_id: str) -> None:
        """Run an entry exactly as its key would: same binding, same node."""
        target = self._palette_target(self.screen, binding_id)
        if target is not None:
            node, action = target
            await self.run_action(action, node)
