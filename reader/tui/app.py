"""The Textual application: screens, the keymap, and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.article.loading import Article
from reader.keys.keymap import ACTIONS, Keymap
from reader.store.writer import BackgroundWriter
from reader.tui.bindings import bindings_for, default_keymap
from reader.tui.help_screen import HelpScreen
from reader.tui.library_screen import LibraryScreen
from reader.tui.reader_screen import ReaderScreen

SCREEN_ACTIONS = ("toggle_sidebar", "sidebar_wider", "sidebar_narrower", "export")


class ReaderApp(App[None]):
    """reader: read and annotate articles in the terminal."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = bindings_for(
        "app", targets={action: f"screen_action('{action}')" for action in SCREEN_ACTIONS}
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
        """Hide pane actions (footer, palette) where the screen has no panes."""
        if action == "screen_action" and parameters:
            return hasattr(self.screen, f"action_{parameters[0]}")
        return not (action == "library" and self._library is None)

    def action_screen_action(self, action: str) -> None:
        """Forward pane actions to the reading screen when one is showing."""
        method = getattr(self.screen, f"action_{action}", None)
        if method is not None:
            method()

    def action_help(self) -> None:
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
        yield from super().get_system_commands(screen)
        for context in ("app", "article"):
            for action, description in ACTIONS[context].items():
                if action in ("command_palette",):
                    continue
                keys = self.keymap.display(context, action)
                yield SystemCommand(
                    f"{description}",
                    f"{context}.{action} — {keys}",
                    lambda c=context, a=action: self._run_palette_action(c, a),
                )

    def _run_palette_action(self, context: str, action: str) -> None:
        if context == "app":
            target = f"screen_action('{action}')" if action in SCREEN_ACTIONS else action
            self.run_action(target)
            return
        screen = self.screen
        if isinstance(screen, ReaderScreen):
            if hasattr(screen, f"action_{action}"):
                self.run_action(action, screen)
            else:
                self.run_action(action, screen.view)
