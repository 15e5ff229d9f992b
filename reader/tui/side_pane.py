"""The side pane: Quotes, Entities and Notes as one keyboard-navigable list.

It is given typed spans and lists them; choosing an item posts ``SidePane.Chosen``
with the span, and the screen moves the article cursor there. Article text is
always wrapped in ``rich.text.Text`` so it is never read as markup.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.notes.session import ORPHAN_KIND
from reader.tui.bindings import bindings_for
from reader.view.spans import Span
from reader.view.speaker_view import UNCERTAIN_MARK

MAX_ITEMS_PER_SECTION = 500
"""Long articles list the first items; the jump keys reach the rest."""

ENTITY_TYPE_NAMES = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Places",
    "LOC": "Locations",
    "FAC": "Buildings & facilities",
    "NORP": "Groups & nationalities",
    "EVENT": "Events",
    "DATE": "Dates",
    "TIME": "Times",
    "WORK_OF_ART": "Works",
    "LAW": "Laws",
    "PRODUCT": "Products",
    "LANGUAGE": "Languages",
    "MONEY": "Money",
    "PERCENT": "Percentages",
    "QUANTITY": "Quantities",
    "CARDINAL": "Numbers",
    "ORDINAL": "Ordinals",
}


def _one_line(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class SidePane(OptionList, inherit_bindings=False):
    """Lists quotes with speakers, entities grouped by type, and the user's notes."""

    BINDINGS = bindings_for(
        "sidebar",
        targets={
            "sidebar_down": "cursor_down",
            "sidebar_up": "cursor_up",
            "sidebar_open": "select",
            "sidebar_top": "first",
            "sidebar_bottom": "last",
            "tag": "screen.tag",
            "note": "screen.note",
            "delete": "screen.delete",
            "undo": "screen.undo",
            "quote_details": "screen.quote_details",
            "set_speaker": "screen.set_speaker",
        },
        priority=True,
    )

    class Chosen(Message):
        """An item was chosen: jump to (and select) ``span``; ``mentions`` for entities."""

        def __init__(self, span: Span, mentions: list[Span] | None = None) -> None:
            super().__init__()
            self.span = span
            self.mentions = mentions or []

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._quotes: list[Span] = []
        self._entities: list[Span] = []
        self._notes: list[Span] = []
        self._analysing = True
        self._by_id: dict[str, tuple[Span, list[Span]]] = {}

    def set_analysing(self, analysing: bool) -> None:
        self._analysing = analysing
        self._rebuild()

    def show_analysis(self, quotes: Sequence[Span], entities: Sequence[Span]) -> None:
        self._quotes = list(quotes)
        self._entities = list(entities)
        self._analysing = False
        self._rebuild()

    def show_notes(self, notes: Sequence[Span]) -> None:
        self._notes = list(notes)
        self._rebuild()

    @property
    def current_span(self) -> Span | None:
        """The span of the highlighted item, if any."""
        option = self.highlighted_option
        if option is None or option.id is None:
            return None
        entry = self._by_id.get(option.id)
        return entry[0] if entry else None

    def _header(self, title: str, count: int | None = None) -> Option:
        text = Text(title, style="bold", no_wrap=True, overflow="ellipsis")
        if count is not None:
            text.append(f" ({count})", style="dim")
        return Option(text, disabled=True)

    def _rebuild(self) -> None:
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option] = []
        by_id: dict[str, tuple[Span, list[Span]]] = {}

        options.append(self._header("Notes", len(self._notes)))
        for span in self._notes[:MAX_ITEMS_PER_SECTION]:
            option_id = f"note:{span.key}"
            label = Text("  ", no_wrap=True, overflow="ellipsis")
            # Tags first: the text after them is what gets cut in a narrow pane.
            if span.kind == ORPHAN_KIND:
                label.append("orphaned ", style="bold red")
            if span.detail:
                label.append(_one_line(span.detail, 30), style="bold")
                label.append(" ")
            label.append(_one_line(span.label or "(highlight)", 60), style="italic")
            options.append(Option(label, id=option_id))
            by_id[option_id] = (span, [])
        if not self._notes:
            options.append(Option(Text("  none yet", style="dim"), disabled=True))

        if self._analysing:
            options.append(self._header("Quotes"))
            options.append(Option(Text("  analysing…", style="dim italic"), disabled=True))
        else:
            options.append(self._header("Quotes", len(self._quotes)))
            for index, span in enumerate(self._quotes[:MAX_ITEMS_PER_SECTION]):
                option_id = f"quote:{index}"
                label = Text("  ", no_wrap=True, overflow="ellipsis")
                guess = span.detail.startswith(UNCERTAIN_MARK)
                style = "dim italic" if guess else "bold" if span.detail else "dim"
                label.append(span.detail or "—", style=style)
                label.append(" ")
                label.append(_one_line(span.label, 50))
                options.append(Option(label, id=option_id))
                by_id[option_id] = (span, [])
            self._overflow(options, len(self._quotes))
            if not self._quotes:
                options.append(Option(Text("  none found", style="dim"), disabled=True))

            groups: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
            for span in self._entities:
                groups[span.detail][span.key].append(span)
            options.append(
                self._header("Entities", len({(s.detail, s.key) for s in self._entities}))
            )
            for label_type in sorted(groups, key=lambda t: (-sum(map(len, groups[t].values())), t)):
                members = groups[label_type]
                name = ENTITY_TYPE_NAMES.get(label_type, label_type.title())
                options.append(Option(Text(f" {name}", style="bold italic"), disabled=True))
                counts = Counter({key: len(spans) for key, spans in members.items()})
                for key, count in counts.most_common(MAX_ITEMS_PER_SECTION):
                    option_id = f"entity:{label_type}:{key}"
                    label = Text("  ", no_wrap=True, overflow="ellipsis")
                    label.append(_one_line(key, 40))
                    label.append(f" ×{count}", style="dim")
                    options.append(Option(label, id=option_id))
                    mentions = members[key]
                    by_id[option_id] = (mentions[0], mentions)
                self._overflow(options, len(counts))
            if not self._entities:
                options.append(Option(Text("  none found", style="dim"), disabled=True))

        self._by_id = by_id
        self.set_options(options)
        if highlighted and highlighted in by_id:
            self.highlighted = self.get_option_index(highlighted)

    def _overflow(self, options: list[Option], total: int) -> None:
        if total > MAX_ITEMS_PER_SECTION:
            more = total - MAX_ITEMS_PER_SECTION
            options.append(Option(Text(f"  … {more} more", style="dim"), disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id and option_id in self._by_id:
            span, mentions = self._by_id[option_id]
            self.post_message(self.Chosen(span, mentions))
