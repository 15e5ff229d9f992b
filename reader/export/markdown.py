"""Annotations as Markdown that reads well raw and renders as written.

Layout: one section per article (title, source, the dates it was annotated), then
each annotation as a blockquote of its text in context (``…prefix **exact**
suffix…``), the speaker when it is a quote, its tags as ``#tags`` followed by who
made it (``— alice``, when known) and the note as plain paragraphs. A single-article
export starts with YAML front matter (title, source, tags) so the file drops into an
Obsidian vault as a note about the article.

Everything the user or the article wrote is escaped: a note saying ``*not* <b>``
must show those characters, not bold text or an HTML tag, in CommonMark renderers
and in Obsidian (which adds ``#tags``, ``==highlights==``, ``$math$`` and ``%%``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import PurePath

from reader.notes.annotations import CONTEXT_CHARS, Annotation
from reader.store.records import ArticleRecord

# Characters that start formatting somewhere in CommonMark, GFM or Obsidian.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$^])")
# Only doubled: ``==highlight==`` and ``%%comment%%`` (Obsidian), so "50%" stays.
_DOUBLED = re.compile(r"==+|%%+")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START_MARKER = re.compile(r"^([-+=])")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_UNSAFE_TAG_CHARS = re.compile(r"[^\w/-]+")


def escape_inline(text: str) -> str:
    """Backslash-escape ``text`` so it renders literally inside a line."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _DOUBLED.sub(lambda m: "".join("\\" + ch for ch in m.group()), text)
    return _ENTITY.sub(r"\\&", text)


def escape_line(line: str) -> str:
    """Escape one line that may start a block (list item, heading, code block)."""
    stripped = line.lstrip(" \t")
    indent = line[: len(line) - len(stripped)]
    escaped = escape_inline(stripped)
    escaped = _LINE_START_MARKER.sub(r"\\\1", escaped)
    escaped = _ORDERED_MARKER.sub(r"\1\\\2", escaped)
    # Leading blanks would make an indented code block; keep them visible instead.
    return "&nbsp;" * len(indent.expandtabs(4)) + escaped


def escape_block(text: str) -> list[str]:
    """Lines of Markdown showing ``text`` as written, line breaks included.

    Single line breaks become hard breaks (a trailing backslash, which survives
    editors that strip trailing spaces); blank lines stay paragraph breaks.
    """
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    out: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            out.append("")
            continue
        escaped = escape_line(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        out.append(escaped + "\\" if following else escaped)
    return out


def safe_tag(tag: str) -> str:
    """``tag`` as an Obsidian/Markdown hashtag body: ``red ken`` → ``red-ken``.

    Letters (any script), digits, ``_``, ``-`` and ``/`` (Obsidian's nesting) are
    kept; every other run of characters becomes one ``-``. May return ``""``.
    """
    return _UNSAFE_TAG_CHARS.sub("-", tag).strip("-")


def yaml_quote(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``value``."""
    out = ['"']
    for ch in value:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif not ch.isprintable():
            code = ord(ch)
            if code <= 0xFF:
                out.append(f"\\x{code:02x}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def article_key(ann: Annotation) -> str:
    """What groups annotations into one article: the file, else the content."""
    return ann.source or ann.fingerprint


def article_title(anns: Sequence[Annotation]) -> str:
    """The article's title: the most recently stored one, else the file name."""
    for ann in sorted(anns, key=lambda a: a.modified, reverse=True):
        if ann.title.strip():
            return ann.title.strip()
    for ann in anns:
        if ann.source:
            return PurePath(ann.source).name
    return "Untitled article"


def group_by_article(anns: Sequence[Annotation]) -> list[list[Annotation]]:
    """Annotations grouped by article, in order of first appearance."""
    groups: dict[str, list[Annotation]] = {}
    for ann in anns:
        groups.setdefault(article_key(ann), []).append(ann)
    return list(groups.values())


def _date(stamp: str) -> str:
    return stamp[:10]


def _annotated_span(anns: Sequence[Annotation]) -> str:
    first = _date(min(a.created for a in anns))
    last = _date(max(max(a.created, a.modified) for a in anns))
    return f"Annotated {first}" if first == last else f"Annotated {first} to {last}"


def _fold(text: str) -> str:
    """One line: hard-wrapped text files break lines inside paragraphs."""
    return _LINE_BREAK.sub(" ", text)


def _context_before(prefix: str) -> str:
    """The stored prefix cut to its paragraph and to whole words, ``…`` if cut."""
    parts = _PARAGRAPH_BREAK.split(prefix)
    text = _fold(parts[-1]).lstrip()
    if len(parts) == 1 and len(prefix) >= CONTEXT_CHARS:
        head, sep, rest = text.partition(" ")
        text = rest if sep and head else text
        return "…" + text if text.strip() else ""
    return text


def _context_after(suffix: str) -> str:
    """The stored suffix cut to its paragraph and to whole words, ``…`` if cut."""
    parts = _PARAGRAPH_BREAK.split(suffix)
    text = _fold(parts[0]).rstrip()
    if len(parts) == 1 and len(suffix) >= CONTEXT_CHARS:
        rest, sep, tail = text.rpartition(" ")
        text = rest if sep and tail else text
        return text + "…" if text.strip() else ""
    return text


def _bold(text: str) -> str:
    """``**text**`` with surrounding blanks moved outside, where they must be."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}**{escape_inline(core)}**{trail}"


def quote_lines(ann: Annotation) -> list[str]:
    """The blockquote: the exact text in bold inside its context."""
    paragraphs = [_fold(p) for p in _PARAGRAPH_BREAK.split(ann.exact)]
    paragraphs = [p for p in paragraphs if p.strip()] or [ann.exact.strip()]
    lines: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        line = _bold(paragraph)
        if i == 0:
            line = escape_inline(_context_before(ann.prefix)) + line
        if i == len(paragraphs) - 1:
            line = line + escape_inline(_context_after(ann.suffix))
        if i:
            lines.append(">")
        lines.append("> " + _escape_block_start(line.strip()))
    if ann.corrected_speaker:
        who = escape_inline(ann.corrected_speaker.strip())
        lines += [">", f"> — {who} (speaker corrected)"]
    elif ann.speaker:
        lines += [">", "> — " + escape_inline(ann.speaker.strip())]
    return lines


def _escape_block_start(line: str) -> str:
    """Context may start a line with ``-`` or ``1.``; keep it from making a list."""
    line = _LINE_START_MARKER.sub(r"\\\1", line)
    return _ORDERED_MARKER.sub(r"\1\\\2", line)


def annotation_lines(ann: Annotation) -> list[str]:
    """One annotation: orphan notice, quote, tags and author, note; blank-line separated."""
    blocks: list[list[str]] = []
    if ann.orphaned:
        blocks.append(["*Orphaned: this passage is no longer found in the article.*"])
    blocks.append(quote_lines(ann))
    meta = [f"#{t}" for t in (safe_tag(t) for t in ann.tags) if t]
    author = " ".join(ann.author.split())
    if author:
        meta.append("— " + escape_inline(author))
    if meta:
        blocks.append([" ".join(meta)])
    if ann.note.strip():
        blocks.append(escape_block(ann.note))
    out: list[str] = []
    for block in blocks:
        if out:
            out.append("")
        out.extend(block)
    return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _union_tags(anns: Sequence[Annotation]) -> list[str]:
    seen: dict[str, None] = {}
    for ann in anns:
        for tag in ann.tags:
            safe = safe_tag(tag)
            if safe:
                seen.setdefault(safe, None)
    return list(seen)


def _cited(anns: Sequence[Annotation], record: ArticleRecord | None) -> str:
    """Where the article is: its URL for a fetched page, else the file it was read from."""
    return (record.url if record is not None else None) or anns[0].source


def front_matter(anns: Sequence[Annotation], record: ArticleRecord | None = None) -> list[str]:
    """YAML front matter for a one-article export (Obsidian properties)."""
    lines = ["---", f"title: {yaml_quote(article_title(anns))}"]
    lines.append(f"source: {yaml_quote(_cited(anns, record))}")
    if record is not None:
        for key in ("author", "published", "site"):
            value = getattr(record, key)
            if value:
                lines.append(f"{key}: {yaml_quote(value)}")
    tags = _union_tags(anns)
    if tags:
        lines.append("tags:")
        lines += [f"  - {yaml_quote(t)}" for t in tags]
    else:
        lines.append("tags: []")
    lines.append(f"annotations: {len(anns)}")
    lines.append("---")
    return lines


def article_section(
    anns: Sequence[Annotation], *, level: int, record: ArticleRecord | None = None
) -> list[str]:
    """Heading, source, byline and dates, then the article's annotations in order."""
    title = article_title(anns)
    lines = [f"{'#' * level} {escape_inline(title)}", ""]
    cited = _cited(anns, record)
    if cited:
        lines.append(f"Source: {escape_inline(cited)}\\")
    if record is not None:
        byline = [record.author, record.site, record.published]
        if any(byline):
            lines.append(" · ".join(escape_inline(v) for v in byline if v) + "\\")
    lines.append(f"{_annotated_span(anns)} · {_count(len(anns), 'annotation')}")
    orphans = sum(1 for a in anns if a.orphaned)
    if orphans:
        lines[-1] += f" ({orphans} orphaned)"
    for i, ann in enumerate(anns):
        lines.append("")
        if i:
            lines += ["---", ""]
        lines += annotation_lines(ann)
    return lines


def to_markdown(
    anns: Sequence[Annotation], *, now: str, articles: Mapping[str, ArticleRecord] | None = None
) -> str:
    """The Markdown document for ``anns`` (kept in the order given); ``articles`` (by
    fingerprint) give each article's URL, author, site and date."""
    articles = articles or {}
    groups = group_by_article(anns)
    if len(groups) == 1:
        record = articles.get(groups[0][0].fingerprint)
        lines = [
            *front_matter(groups[0], record),
            "",
            *article_section(groups[0], level=1, record=record),
        ]
        return "\n".join(lines) + "\n"
    lines = ["# Annotations", ""]
    if not groups:
        lines.append(f"Exported {_date(now)} · no annotations")
        return "\n".join(lines) + "\n"
    lines.append(
        f"Exported {_date(now)} · {_count(len(anns), 'annotation')} "
        f"from {_count(len(groups), 'article')}"
    )
    for group in groups:
        lines.append("")
        lines += article_section(group, level=2, record=articles.get(group[0].fingerprint))
    return "\n".join(lines) + "\n"
