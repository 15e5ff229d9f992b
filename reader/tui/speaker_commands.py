"""The reading screen's speaker keys: a quote's details, and correcting its speaker.

A mixin of ``ReaderScreen``, like ``annotating``: it finds the quote (under the cursor,
or selected in the side pane), asks in a dialog and saves the correction as an
annotation on the quote through the session and the writer — the same anchoring and
the same durability as a note. The layers are then rebuilt so the correction shows
at once, in the Quotes list and in the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.analysis.model import Quote
from reader.tui.speaker_dialogs import QuoteDetails, SpeakerDialog
from reader.view.analysis_spans import analysis_layers, first_words
from reader.view.speaker_view import candidate_names, correction_on, corrections, details, quote_at

if TYPE_CHECKING:
    from reader.tui.reader_screen import ReaderScreen

    _Base = ReaderScreen
else:
    _Base = object


class SpeakerCommands(_Base):
    """Actions that show and correct who said a quote."""

    _shown_corrections: dict[int, str] | None = None

    def _quote_here(self) -> int | None:
        """The quote selected in the side pane, else the one under the cursor."""
        analysis = self.analysis
        if analysis is None or not analysis.quotes:
            self.notify("No quotes found in this article (yet)")
            return None
        span = self.side.current_span if self.side.has_focus else None
        if span is not None and span.kind == "quote":
            return int(span.key)
        k = quote_at(analysis.quotes, self.view.cursor)
        if k is None:
            self.notify("Move onto a quote first (] goes to the next one)")
        return k

    def _corrections(self) -> dict[int, str]:
        quotes = self.analysis.quotes if self.analysis is not None else ()
        return corrections(self.session.annotations.values(), quotes)

    def refresh_speakers(self) -> None:
        """Show the user's corrections over the analysis (only when they changed)."""
        if self.analysis is None:
            return
        fixed = self._corrections()
        if fixed == (self._shown_corrections or {}):
            return
        self._shown_corrections = fixed
        layers = analysis_layers(self.analysis, fixed)
        for kind in ("quote", "speaker", "guess"):
            self.view.set_layer(kind, layers[kind])
        self.side.show_analysis(layers["quote"], layers["entity"])

    def action_quote_details(self) -> None:
        if (k := self._quote_here()) is None:
            return
        quote = self.analysis.quotes[k]  # type: ignore[union-attr]
        self.app.push_screen(QuoteDetails(details(quote, self._corrections().get(k))))

    def action_set_speaker(self) -> None:
        if (k := self._quote_here()) is None:
            return
        quote: Quote = self.analysis.quotes[k]  # type: ignore[union-attr]
        annotation = correction_on(self.session.annotations.values(), quote)
        current = annotation.corrected_speaker if annotation else ""

        def apply(name: str | None) -> None:
            if name is None or name == current:
                return
            if annotation is not None:
                changed, op = self.session.update(
                    annotation.id, corrected_speaker=name, base=annotation
                )
                self.save(op, changed.id, "speaker", whole=False)
            elif name:
                changed, op = self.session.create(
                    quote.start, quote.end, speaker=quote.speaker, corrected_speaker=name
                )
                self.save(op, changed.id, "speaker")
            self.refresh_notes()
            self.notify(f"Speaker set: {name}" if name else "Speaker back to the analysis's")

        self.app.push_screen(
            SpeakerDialog(
                current=current or quote.speaker or "",
                candidates=candidate_names(quote),
                subject=first_words(quote.text),
            ),
            apply,
        )
