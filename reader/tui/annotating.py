"""The reading screen's annotation keys: tag, note, delete, undo, export.

A mixin of ``ReaderScreen``: it finds the target with ``reader.view.targeting``,
asks in a dialog, and hands the answer to the session and the writer through
the screen's ``annotate``/``save``. Kept apart so the screen stays one job.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.notes.annotations import parse_tags
from reader.notes.session import describe
from reader.tui.dialogs import NoteDialog, TagDialog
from reader.tui.export_dialog import ExportDialog
from reader.view.status import plural
from reader.view.targeting import Target, find_target

if TYPE_CHECKING:
    from reader.tui.reader_screen import ReaderScreen

    _Base = ReaderScreen
else:
    _Base = object


class AnnotationCommands(_Base):
    """Actions that make, change, delete or export the user's notes."""

    def target(self) -> Target | None:
        """What tag/note/delete apply to (see ``reader.view.targeting``)."""
        view, side = self.view, self.side
        return find_target(
            self.session,
            cursor=view.cursor,
            selection=view.selection,
            layers={kind: view.highlight_layer(kind) for kind in ("quote", "entity")},
            pane_span=side.current_span if side.has_focus else None,
            sticky_cursor=self._current_cursor,
        )

    def _target_or_explain(self) -> Target | None:
        found = self.target()
        if found is None:
            self.notify("Select some text first (v), or move onto a quote, name or note")
        return found

    def _apply(self, target: Target, **change: object) -> object:
        span = target.span
        start, end, speaker = (span.start, span.end, span.speaker) if span else (0, 0, None)
        return self.annotate(target.annotation, start, end, speaker, **change)  # type: ignore[arg-type]

    def action_tag(self) -> None:
        if (target := self._target_or_explain()) is None:
            return

        def apply(raw: str | None) -> None:
            if raw is None:
                return
            tags = parse_tags(raw)
            changed = self._apply(target, tags=tags)
            self.known_tags = list(dict.fromkeys([*tags, *self.known_tags]))
            self.notify(f"Tagged: {', '.join(changed.tags) or '(highlight)'}")  # type: ignore[attr-defined]

        annotation = target.annotation
        current = ", ".join(annotation.tags) if annotation else ""
        subject = target.subject(self.article.text)
        self.app.push_screen(
            TagDialog(current=current, known_tags=self.known_tags, subject=subject), apply
        )

    def action_note(self) -> None:
        if (target := self._target_or_explain()) is None:
            return

        def apply(note: str | None) -> None:
            if note is not None:
                self._apply(target, note=note)
                self.notify("Note saved" if note else "Highlight saved")

        annotation = target.annotation
        current = annotation.note if annotation else ""
        subject = target.subject(self.article.text)
        self.app.push_screen(NoteDialog(current=current, subject=subject), apply)

    def action_delete(self) -> None:
        found = self.target()
        annotation = found.annotation if found else None
        if annotation is None:
            self.notify("No note here to delete")
            return
        deleted, op = self.session.delete(annotation.id)
        self.save(op, deleted.id, "delete")
        self.refresh_notes()
        undo_key = self.app.keymap.display("article", "undo")  # type: ignore[attr-defined]
        self.notify(f"Deleted note on “{describe(deleted)[:40]}” — {undo_key} brings it back")

    def action_undo(self) -> None:
        restored = self.session.undo_delete()
        if restored is None:
            self.notify("Nothing to undo")
            return
        annotation, op = restored
        self.save(op, annotation.id, "undo")
        self.refresh_notes()
        if not annotation.orphaned:
            self.view.move_cursor(annotation.start, keep_selection=False, center=True)
        self.notify("Restored the deleted note")

    # ----------------------------------------------------------------- export
    def action_export(self) -> None:
        annotations = self.session.sorted()
        if not annotations:
            self.notify("No notes to export in this article yet")
            return
        stem = self.article.path.stem or "notes"
        article = self.article

        def write(fmt: str, target: Path) -> int:  # on the dialog's worker thread
            from reader.export import export_to_file
            from reader.notes.relocation import article_metadata
            from reader.store.records import ArticleRecord

            record = ArticleRecord(
                fingerprint=article.fingerprint, path=str(article.path), title=article.title
            ).with_metadata(article_metadata(article))
            articles = {a.fingerprint: record for a in annotations}
            return export_to_file(annotations, fmt, target, articles=articles)

        def written(result: tuple[int, Path] | None) -> None:
            if result is not None:
                count, target = result
                self.notify(f"Wrote {plural(count, 'note')} to {target}", timeout=10)

        dialog = ExportDialog(default_path=f"{stem}-notes.md", count=len(annotations), write=write)
        self.app.push_screen(dialog, written)
