"""The Textual application: screens, the keymap, and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.actions import parse as parse_action
from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.article.loading import Article
from reader.keys.actions import ACTIONS, GLOBAL_CONTEXT, actions_in
from reader.keys.loader import Keymap
from reader.store.writer import BackgroundWriter
from reader.tui.bindings import bindings_for, declared_binding, default_keymap
from reader.tui.help_screen import HelpScreen
from reader.tui.library_screen import LibraryScreen
from reader.tui.reader_screen import ReaderScreen

SCREEN_ACTIONS = tuple(a.id for a in actions_in(GLOBAL_CONTEXT) if a.forwarded)
"""``[app]`` actions the reading screen performs; the app forwards them."""


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
        paths: list[Path] | None = None,
        keymap: Keymap | None = None,
        backend: str = "rules",
        writer: BackgroundWriter | None = None,
    ) -> None:
        super().__init__()
        self.writer = writer
        """Saves annotations in the background; None runs without a database."""
        self.article = article
        self.paths = paths or []
        self.keymap = keymap or default_keymap()
        self.backend = backend
        self._library: LibraryScreen | None = None

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.textual_keymap())
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
        """Notifications quote tags, file names and article text: never read as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # ---------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide pane actions (footer, palette) where no reading screen is showing."""
        if action == "screen_action" and parameters:
            return self._pane_screen(str(parameters[0])) is not None
        return not (action == "library" and self._library is None)

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
        while self.screen is not self._library and len(self.screen_stack) > 1:
            self.pop_screen()

    def on_library_screen_open(self, message: LibraryScreen.Open) -> None:
        self.push_screen(self._reader_screen(message.article))

    def _reader_screen(self, article: Article) -> ReaderScreen:
        return ReaderScreen(article, backend=self.backend, writer=self.writer)

    async def action_quit(self) -> None:
        """Remember the reading position, finish every queued write, then exit."""
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.save_position()
                screen.cancel_analysis()
        if self.writer is not None:
            self.writer.flush()
        self.exit()

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
